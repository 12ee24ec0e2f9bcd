"""An application as it was submitted: its questions in the wording of `form_snapshot` (never
the call's form as it is now), each with the answer as typed, sensitive ones included, and its
files by a neutral description ("Attachment 2 (PDF, 3 pages)"). The applicant's PDF copy and
the staff page read the same shaping, so they cannot disagree.

No query but the application's files (one); the caller has checked who may read it."""

from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from .models import Application, Attachment, Question
from .protected import answers_of
from .texts import text_in

T = Question.Type
# Answers drawn in their own direction (a <bdi>): inside Arabic text, "2026-03-31" would
# otherwise be drawn as "31-03-2026".
FIGURES = (T.NUMBER, T.AMOUNT, T.DATE)


@dataclass(frozen=True)
class NumberedAttachment:
    number: int  # in the order the copy lists them: by question, then by upload
    attachment: Attachment
    description: SafeString  # "Attachment 2 (PDF, 3 pages)", the numbers in <bdi>
    size: str  # "1.2 MB", in the reader's language

    @property
    def download_name(self) -> str:
        """A neutral file name: "attachment-2.pdf", never what the applicant called it."""
        name = self.attachment.file.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else "bin"
        return f"attachment-{self.number}.{extension}"


@dataclass(frozen=True)
class CopyAnswer:
    key: str
    label: str  # the question's wording as submitted
    text: str  # the answer as typed (a choice by its label); "" when not answered
    lines: tuple[str, ...]  # the labels of a multiple choice
    files: tuple[NumberedAttachment, ...]
    figure: bool  # a number, amount or date
    sensitive: bool
    identifying: bool

    @property
    def answered(self) -> bool:
        return bool(self.text or self.lines or self.files)

    @property
    def answer_text(self) -> str:
        """The answer as one plain text, a line per choice or file."""
        if self.files:
            return "\n".join(str(numbered.description) for numbered in self.files)
        if self.lines:
            return "\n".join(self.lines)
        return self.text


@dataclass(frozen=True)
class CopySection:
    number: int
    title: str
    intro: str
    answers: tuple[CopyAnswer, ...]


def copy_language(application: Application, wanted: str | None) -> str:
    """`wanted` when the submitted form has it, else the form's default language."""
    snapshot = application.form_snapshot or {}
    default = snapshot.get("default_language") or application.rfp.default_language
    return wanted if wanted in (snapshot.get("languages") or [default]) else default


def _figure(value) -> str:
    return format_html("<bdi>{}</bdi>", value)


def describe(number: int, attachment: Attachment) -> SafeString:
    """ "Attachment 2 (PDF, 3 pages)": what the file is, never what the applicant called it."""
    kind = conditional_escape(attachment.kind.upper())  # core.uploads' kinds: PDF, JPEG, DOCX, TXT...
    if attachment.pages:
        pages = ngettext("%(count)s page", "%(count)s pages", attachment.pages) % {"count": _figure(attachment.pages)}
        text = _("Attachment %(number)s (%(kind)s, %(pages)s)") % {
            "number": _figure(number),
            "kind": kind,
            "pages": pages,
        }
    else:
        text = _("Attachment %(number)s (%(kind)s)") % {"number": _figure(number), "kind": kind}
    return mark_safe(text)  # noqa: S308 - our own words around escaped parts


def numbered_attachments(application: Application, attachments=None) -> list[NumberedAttachment]:
    """The application's files numbered as its copy lists them: by the order of their questions
    in the submitted form, then by upload; a file of no question in it comes last."""
    if attachments is None:
        attachments = list(application.attachments.order_by("uploaded_at", "pk"))
    order = {key: index for index, key in enumerate(_question_keys(application))}
    last = len(order)
    ordered = sorted(attachments, key=lambda item: (order.get(item.question_key, last), item.uploaded_at, item.pk))
    return [
        NumberedAttachment(number, attachment, describe(number, attachment), filesizeformat(attachment.size))
        for number, attachment in enumerate(ordered, start=1)
    ]


def _question_keys(application: Application) -> list[str]:
    snapshot = application.form_snapshot or {}
    return [question["key"] for section in snapshot.get("sections", []) for question in section["questions"]]


def submitted_copy(application: Application, language: str | None = None, attachments=None) -> list[CopySection]:
    """The sections of the submitted form, in `language` (falling back, text by text, to the
    form's default language), each question with its answer. Our own words (yes, no, country
    names, the files' descriptions) are in that language too. `attachments`: the application's
    files, when the caller has them already."""
    snapshot = application.form_snapshot
    if not snapshot:
        raise TypeError("Only a submitted application has a submitted copy")
    language = copy_language(application, language)
    default = snapshot.get("default_language") or language
    reading = _Reading(language, default, snapshot.get("currency") or application.currency)
    answers = answers_of(application)
    files: dict[str, list[NumberedAttachment]] = {}
    with translation.override(language):
        for numbered in numbered_attachments(application, attachments):
            files.setdefault(numbered.attachment.question_key, []).append(numbered)
        return [
            CopySection(
                number=number,
                title=text_in(section.get("texts") or {}, language, default).get("title", ""),
                intro=text_in(section.get("texts") or {}, language, default).get("intro", ""),
                answers=tuple(
                    _answer(question, answers.get(question["key"]), files.get(question["key"], []), reading)
                    for question in section["questions"]
                ),
            )
            for number, section in enumerate(snapshot.get("sections", []), start=1)
        ]


def answer_as_read(question: Question, value, language: str, rfp) -> CopyAnswer:
    """One answer to a question of the call's form as it is now, read as the copy reads answers
    (the section pages show a colleague's that way, beside one's own)."""
    as_in_a_snapshot = {"key": question.key, "type": question.type, "texts": question.texts}
    with translation.override(language):
        return _answer(as_in_a_snapshot, value, [], _Reading(language, rfp.default_language, rfp.currency))


@dataclass(frozen=True)
class _Reading:
    language: str
    default: str
    currency: str


def _answer(question: dict, value, files: list, reading: _Reading) -> CopyAnswer:
    texts = question.get("texts") or {}
    kind = question["type"]
    text, lines = "", ()
    if kind == T.MULTIPLE_CHOICE:
        lines = tuple(_choice_label(texts, key, reading) for key in _as_list(value))
    elif kind != T.FILE and value not in (None, "", []):
        text = _shown(kind, value, texts, reading)
    return CopyAnswer(
        key=question["key"],
        label=text_in(texts, reading.language, reading.default).get("label", "") or question["key"],
        text=text,
        lines=lines,
        files=tuple(files) if kind == T.FILE else (),
        figure=kind in FIGURES,
        sensitive=bool(question.get("sensitive")),
        identifying=bool(question.get("identifying")),
    )


def _as_list(value) -> list:
    if value in (None, ""):
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def _choice_label(texts: dict, key: str, reading: _Reading) -> str:
    """The choice's label as the form said it; a key that no language labels, as typed."""
    for code in (reading.language, reading.default):
        label = ((texts.get(code) or {}).get("choices") or {}).get(key)
        if label:
            return label
    return key


def _shown(kind: str, value, texts: dict, reading: _Reading) -> str:
    value = value if isinstance(value, str) else str(value)
    if kind == T.SINGLE_CHOICE:
        return _choice_label(texts, value, reading)
    if kind == T.YES_NO:
        return {"yes": _("Yes"), "no": _("No")}.get(value, value)
    if kind == T.COUNTRY:
        return str(countries.name(value)) if value in countries else value
    if kind == T.AMOUNT and reading.currency:
        return f"{value} {reading.currency}"
    return value
