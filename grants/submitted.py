"""Answers as a reader reads them: a choice by its label, a country by its name, yes or no in
words, everything typed exactly as it was typed.

The submitted copy reads the questions from the application's `form_snapshot`, in the wording
they had when it was submitted, in the reader's language when the snapshot has it (else its
default language), so a later edit of the call changes no copy. The section pages use the same
reading to show a colleague's answers beside one's own."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django_countries import countries

from .models import Question
from .texts import text_in

T = Question.Type


def choice_labels_in(texts: dict, language: str, default_language: str) -> dict[str, str]:
    """A question's choice labels by key (retired ones included), in `language`, each missing
    one taken from the default language. `texts` as questions and snapshots keep them."""
    default = (texts.get(default_language) or {}).get("choices") or {}
    wanted = (texts.get(language) or {}).get("choices") or {}
    return {**default, **{key: label for key, label in wanted.items() if label}}


def answer_lines(kind: str, value, labels: dict[str, str]) -> list[str]:
    """What an answer says, one line per chosen option (else a single line, as typed); nothing
    for an answer not given."""
    if value is None or value == "" or value == []:
        return []
    if kind == T.MULTIPLE_CHOICE:
        return [labels.get(item) or str(item) for item in (value if isinstance(value, list) else [value])]
    if isinstance(value, list):  # a list where one value belongs: shown as it is, never dropped
        return [str(item) for item in value]
    if kind == T.SINGLE_CHOICE:
        return [labels.get(value) or str(value)]
    if kind == T.YES_NO:
        return [{"yes": _("Yes"), "no": _("No")}.get(value, str(value))]
    if kind == T.COUNTRY:
        return [countries.name(value) or str(value)]
    return [str(value)]


def label_of(kind: str, text: dict, currency: str) -> str:
    label = text.get("label", "")
    if kind == T.AMOUNT:
        return _("%(label)s (%(currency)s)") % {"label": label, "currency": currency}
    return label


@dataclass(frozen=True)
class ShownAnswer:
    key: str
    type: str
    label: str
    lines: list[str]
    files: list = field(default_factory=list)  # the attachments answering a file question

    @property
    def is_file(self) -> bool:
        return self.type == T.FILE

    @property
    def is_list(self) -> bool:
        return self.type == T.MULTIPLE_CHOICE

    @property
    def is_choice(self) -> bool:
        """Its lines are the call's choice labels, in the copy's language."""
        return self.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE)

    @property
    def answered(self) -> bool:
        return bool(self.files if self.is_file else self.lines)


@dataclass(frozen=True)
class ShownSection:
    number: int
    title: str
    answers: list[ShownAnswer]


@dataclass(frozen=True)
class SubmittedCopy:
    language: str  # the language the questions are shown in
    sections: list[ShownSection]


def copy_language(snapshot: dict, wanted: str) -> str:
    languages = snapshot.get("languages") or [snapshot["default_language"]]
    return wanted if wanted in languages else snapshot["default_language"]


def submitted_copy(snapshot: dict, answers: dict, attachments, wanted_language: str) -> SubmittedCopy:
    """The application as submitted: `answers` from protected.answers_of, `attachments` its
    files (attachments_of), the questions from `snapshot` in `wanted_language` if it has it."""
    language = copy_language(snapshot, wanted_language)
    default = snapshot["default_language"]
    currency = snapshot.get("currency", "")
    files: dict[str, list] = {}
    for attachment in attachments:
        files.setdefault(attachment.question_key, []).append(attachment)
    sections = []
    for number, section in enumerate(snapshot["sections"], start=1):
        shown = []
        for question in section["questions"]:
            kind, key = question["type"], question["key"]
            text = text_in(question["texts"], language, default)
            labels = choice_labels_in(question["texts"], language, default)
            lines = [] if kind == T.FILE else answer_lines(kind, answers.get(key), labels)
            shown.append(ShownAnswer(key, kind, label_of(kind, text, currency), lines, files.get(key, [])))
        title = text_in(section["texts"], language, default).get("title", "")
        sections.append(ShownSection(number, title, shown))
    return SubmittedCopy(language, sections)
