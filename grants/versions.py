"""The submitted versions of an application, and two of them side by side: each answer as the
copy reads it (copies.py, the protected answers opened by protected.answers_of), the words taken
out marked <del> and those put in marked <ins>, each mark with a text alternative for screen
readers and a line through or under it besides its colour. Every text is escaped."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .copies import CopySection, submitted_copy
from .models import Application, ApplicationVersion
from .selectors import versions_of
from .services.versions import unsaved_first_version

# Words and the spaces between them, so a change is marked word by word and spaces are kept.
_TOKENS = re.compile(r"\s+|\S+")


def submitted_versions(application: Application) -> list[ApplicationVersion]:
    """Every submitted version, oldest first: one query. An application submitted before
    versions were kept reads as its own version 1 until something is reopened."""
    versions = list(versions_of(application))
    if not versions and application.submitted_at:
        versions = [unsaved_first_version(application)]
    return versions


def as_submitted(version: ApplicationVersion, application: Application) -> Application:
    """The application as this version holds it, for the copy's shaping; never saved."""
    return Application(
        pk=application.pk,
        public_id=application.public_id,
        rfp=application.rfp,
        currency=application.currency,
        language=application.language,
        answers=version.answers,
        sensitive_answers=version.sensitive_answers,
        form_snapshot=version.form_snapshot,
        submitted_at=version.submitted_at,
    )


def latest_submitted(application: Application) -> Application:
    """What was submitted last: while reopened sections are being changed, the latest version
    (the changes are the applicant's until they resubmit), else the application itself."""
    if not application.reopened_sections:
        return application
    version = versions_of(application).last()
    return as_submitted(version, application) if version else application


def _text(part: str) -> str:
    return escape(part).replace("\n", "<br>")


def _mark(tag: str, label: str, words: str) -> str:
    return f'<{tag}><span class="visually-hidden">{escape(label)} </span>{_text(words)}</{tag}>'


def marked(before: str, after: str) -> tuple[SafeString, SafeString]:
    """`before` with the words taken out marked, and `after` with the words put in marked."""
    old, new = _TOKENS.findall(before), _TOKENS.findall(after)
    removed_label, added_label = _("Removed:"), _("Added:")
    left, right = [], []
    for operation, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        taken, put = "".join(old[i1:i2]), "".join(new[j1:j2])
        if operation == "equal":
            left.append(_text(taken))
            right.append(_text(put))
            continue
        if taken:
            left.append(_mark("del", removed_label, taken))
        if put:
            right.append(_mark("ins", added_label, put))
    return mark_safe("".join(left)), mark_safe("".join(right))  # noqa: S308 - every part escaped above


@dataclass(frozen=True)
class ComparedAnswer:
    label: str
    before: SafeString
    after: SafeString
    changed: bool
    sensitive: bool


@dataclass(frozen=True)
class ComparedSection:
    title: str
    answers: tuple[ComparedAnswer, ...]

    @property
    def changed(self) -> int:
        return sum(answer.changed for answer in self.answers)


def _by_key(sections: list[CopySection]) -> dict:
    return {answer.key: answer for section in sections for answer in section.answers}


def compare(
    application: Application, older: ApplicationVersion, newer: ApplicationVersion, language: str, attachments
) -> list[ComparedSection]:
    """The sections of the newer version's form, each answer beside the older one's; a question
    only the older one asked comes last. `attachments`: the application's files (not versioned)."""
    before_sections = submitted_copy(as_submitted(older, application), language, attachments)
    after_sections = submitted_copy(as_submitted(newer, application), language, attachments)
    before = _by_key(before_sections)
    compared = []
    for section in after_sections:
        answers = []
        for answer in section.answers:
            earlier = before.pop(answer.key, None)
            answers.append(
                _compared(answer.label, earlier.answer_text if earlier else "", answer.answer_text, answer.sensitive)
            )
        compared.append(ComparedSection(section.title, tuple(answers)))
    if before:
        gone = tuple(_compared(answer.label, answer.answer_text, "", answer.sensitive) for answer in before.values())
        compared.append(ComparedSection(_("Questions no longer asked"), gone))
    return compared


def _compared(label: str, before: str, after: str, sensitive: bool) -> ComparedAnswer:
    left, right = marked(before, after)
    return ComparedAnswer(label, left, right, before != after, sensitive)
