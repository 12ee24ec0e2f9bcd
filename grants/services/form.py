"""A call's form: sections and questions, their texts per language and their order."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import services as audit
from core.changes import apply_changes, changed_texts

from .. import rules
from ..errors import BuilderError
from ..models import RFP, Question, Section
from ..selectors import call_state, live_questions_of, sections_of
from ..texts import check_choice_lengths, check_lengths
from ._common import check_language, locked, next_position, swap
from .choices import add_choice_labels, new_choice_keys, set_choice_labels

SECTION_TEXT_FIELDS = ("title", "intro")
QUESTION_TEXT_FIELDS = ("label", "help")
QUESTION_FIELDS = ("type", "required", "word_limit", "min_value", "max_value", "identifying", "sensitive")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


# Sections ------------------------------------------------------------------------------------


@transaction.atomic
def add_section(rfp: RFP, *, by: User, language: str, **texts) -> Section:
    check_language(language)
    check_lengths(texts)
    rfp = locked(rfp, by)
    section_texts, _changed = changed_texts({}, language, texts, SECTION_TEXT_FIELDS)
    section = Section.objects.create(rfp=rfp, position=next_position(sections_of(rfp)), texts=section_texts)
    audit.record(by, "rfp.section_added", rfp, detail={"section": section.pk})
    return section


@transaction.atomic
def update_section(section: Section, *, by: User, language: str, **texts) -> list[str]:
    check_language(language)
    check_lengths(texts)
    rfp = locked(section.rfp, by)
    stored = sections_of(rfp).get(pk=section.pk)
    stored.texts, changed = changed_texts(stored.texts, language, texts, SECTION_TEXT_FIELDS)
    if changed:
        stored.save(update_fields=["texts"])
        detail = {"section": stored.pk, "language": language, "fields": changed}
        audit.record(by, "rfp.section_updated", rfp, detail=detail)
    section.texts = stored.texts
    return changed


@transaction.atomic
def move_section(section: Section, direction: str, *, by: User) -> bool:
    rfp = locked(section.rfp, by)
    moved = swap(list(sections_of(rfp).order_by("position", "pk")), section, direction)
    if moved:
        audit.record(by, "rfp.section_moved", rfp, detail={"section": section.pk, "direction": direction})
    return moved


# Questions -----------------------------------------------------------------------------------


def _unused_key(rfp: RFP) -> str:
    taken = set(Question.objects.filter(rfp=rfp).values_list("key", flat=True))
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


def _checked_key(rfp: RFP, key: str) -> str:
    if not key:
        return _unused_key(rfp)
    if not KEY.match(key):
        raise BuilderError(
            _("A key starts with a small letter and has only small letters, digits and underscores."), field="key"
        )
    if Question.objects.filter(rfp=rfp, key=key).exists():
        raise BuilderError(
            _("This key is already used in this call, perhaps by a removed question: keys are never reused."),
            field="key",
        )
    return key


@transaction.atomic
def add_question(
    section: Section, *, by: User, language: str, texts: dict, key: str = "", choices: list[str] = (), **values
) -> Question:
    """A new question at the end of `section`, with its texts (and, for a choice question, the
    labels of its `choices`) in `language`. Its key names the answer in every application for
    good: a key already used in the call, even by a removed question, is refused."""
    check_language(language)
    check_lengths(texts)
    check_choice_lengths(choices, field="choices")
    rfp = locked(section.rfp, by)
    unknown = set(values) - set(QUESTION_FIELDS)
    if unknown:
        raise TypeError(f"Question has no settings {sorted(unknown)}")
    question = Question(
        rfp=rfp,
        section=section,
        key=_checked_key(rfp, key),
        position=next_position(section.questions.filter(retired_at__isnull=True)),
        **values,
    )
    question.texts, _changed = changed_texts({}, language, texts, QUESTION_TEXT_FIELDS)
    if question.has_choices:
        add_choice_labels(question, language, choices)
    _only_long_text_has_a_word_limit(question)
    question.full_clean(validate_constraints=False)
    question.save()
    detail = {"question": question.pk, "section": section.pk, "type": question.type, "choices": len(question.choices)}
    audit.record(by, "rfp.question_added", rfp, detail=detail)
    return question


def _only_long_text_has_a_word_limit(question: Question) -> None:
    if question.type != Question.Type.LONG_TEXT:
        question.word_limit = None


@transaction.atomic
def update_question(
    question: Question,
    *,
    by: User,
    language: str,
    texts: dict | None = None,
    choice_labels: dict | None = None,
    new_choices: list[str] = (),
    **values,
) -> list[str]:
    """Change a question's settings (as far as the call's state allows: rules.py), its label and
    help in `language`, its choices' labels there (`choice_labels`, {key: label}), and add
    `new_choices` (labels in `language`). The key never changes. Returns what changed."""
    check_language(language)
    check_lengths(texts or {})
    check_lengths({f"choice_{key}": label for key, label in (choice_labels or {}).items()}, limit_name="choice")
    check_choice_lengths(new_choices, field="new_choices")
    rfp = locked(question.rfp, by)
    stored = live_questions_of(rfp).filter(pk=question.pk).first()
    if stored is None:
        raise BuilderError(_("This question was removed."))
    if "key" in values:
        raise TypeError("A question's key never changes: applications name their answers by it.")
    rules.check_question_change(stored, values, call_state(rfp))
    if values.get("type", stored.type) != Question.Type.LONG_TEXT:
        values = {**values, "word_limit": None}
    changed = apply_changes(stored, values, QUESTION_FIELDS, validate_constraints=False)
    text_changes = []
    if texts is not None:
        stored.texts, text_changes = changed_texts(stored.texts, language, texts, QUESTION_TEXT_FIELDS)
    if choice_labels:
        text_changes += set_choice_labels(stored, language, choice_labels)
    added = new_choice_keys(stored, len(new_choices))
    if added:
        add_choice_labels(stored, language, new_choices, keys=added)
    if text_changes or added:
        stored.save(update_fields=["texts", "choices"])
        changed += ["texts"] if text_changes else []
        changed += ["choices"] if added else []
    if changed:
        detail = {"question": stored.pk, "language": language, "fields": changed}
        audit.record(by, "rfp.question_updated", rfp, detail=detail)
    question.refresh_from_db()
    return changed


@transaction.atomic
def move_question(question: Question, direction: str, *, by: User) -> bool:
    rfp = locked(question.rfp, by)
    siblings = list(live_questions_of(rfp).filter(section_id=question.section_id).order_by("position", "pk"))
    moved = swap(siblings, question, direction)
    if moved:
        audit.record(by, "rfp.question_moved", rfp, detail={"question": question.pk, "direction": direction})
    return moved


@transaction.atomic
def retire_question(question: Question, *, by: User) -> None:
    """Remove a question from the form. The row stays, so its key stays taken for good and the
    answers already given to it can still be read."""
    rfp = locked(question.rfp, by)
    updated = live_questions_of(rfp).filter(pk=question.pk).update(retired_at=timezone.now())
    if updated:
        audit.record(by, "rfp.question_retired", rfp, detail={"question": question.pk})
    question.refresh_from_db()
