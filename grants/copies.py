"""An application as it was submitted: its questions in the wording of `form_snapshot` (never
the call's form as it is now), each with the answer as typed, sensitive ones included, and its
files by a neutral description ("Attachment 2 (PDF, 3 pages)"). The applicant's PDF copy and
the staff page read the same shaping, so they cannot disagree.

No query but the application's files (one); the caller has checked who may read it."""

from dataclasses import dataclass
from html import unescape

from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .answer_text import answer_lines, choice_labels_in
from .models import Application, Attachment, Question
from .protected import answers_of
from .selectors import attachments_of, form_of, thread_files_of
from .snapshot import snapshot_of
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
    prefix: str = "attachment"  # of the download's name: "reply-file" for the thread's files

    @property
    def download_name(self) -> str:
        """A neutral file name: "attachment-2.pdf", never what the applicant called it."""
        name = self.attachment.file.name or ""
        extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else "bin"
        return f"{self.prefix}-{self.number}.{extension}"


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
            # The descriptions are HTML (numbers isolated in <bdi>): their text only.
            return "\n".join(unescape(strip_tags(numbered.description)) for numbered in self.files)
        if self.lines:
            return "\n".join(self.lines)
        return self.text


@dataclass(frozen=True)
class CopySection:
    number: int
    title: str
    intro: str
    answers: tuple[CopyAnswer, ...]


def snapshot_for(application: Application) -> dict:
    """The form as submitted; a draft withdrawn before it was submitted has none, and is read
    with the call's questions as they are now."""
    return application.form_snapshot or snapshot_of(application.rfp, form_of(application.rfp))


def copy_language(application: Application, wanted: str | None) -> str:
    """`wanted` when the submitted form has it, else the form's default language."""
    snapshot = snapshot_for(application)
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


def describe_reply_file(number: int, attachment: Attachment) -> SafeString:
    """ "File 2 sent with an answer (PDF)": the thread's files, numbered apart from the copy's."""
    kind = conditional_escape(attachment.kind.upper())
    text = _("File %(number)s sent with an answer (%(kind)s)") % {"number": _figure(number), "kind": kind}
    return mark_safe(text)  # noqa: S308 - our own words around escaped parts


def numbered_attachments(application: Application, attachments=None) -> list[NumberedAttachment]:
    """The application's files numbered as its copy lists them: by the order of their questions
    in the submitted form, then by upload; a file of no question in it comes last."""
    if attachments is None:
        attachments = list(attachments_of(application))
    order = {key: index for index, key in enumerate(_question_keys(application))}
    last = len(order)
    ordered = sorted(attachments, key=lambda item: (order.get(item.question_key, last), item.uploaded_at, item.pk))
    return [
        NumberedAttachment(number, attachment, describe(number, attachment), filesizeformat(attachment.size))
        for number, attachment in enumerate(ordered, start=1)
    ]


def numbered_thread_files(application: Application, attachments=None) -> list[NumberedAttachment]:
    """The files sent with answers in the thread, in the order they came: "reply-file-1.pdf"."""
    if attachments is None:
        attachments = list(thread_files_of(application))
    return [
        NumberedAttachment(number, item, describe_reply_file(number, item), filesizeformat(item.size), "reply-file")
        for number, item in enumerate(attachments, start=1)
    ]


def _question_keys(application: Application) -> list[str]:
    snapshot = snapshot_for(application)
    return [question["key"] for section in snapshot.get("sections", []) for question in section["questions"]]


def submitted_copy(application: Application, language: str | None = None, attachments=None) -> list[CopySection]:
    """The sections of the submitted form, in `language` (falling back, text by text, to the
    form's default language), each question with its answer. Our own words (yes, no, country
    names, the files' descriptions) are in that language too. `attachments`: the application's
    files, when the caller has them already."""
    snapshot = snapshot_for(application)
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
        labels = choice_labels_in(texts, reading.language, reading.default)
        lines = tuple(answer_lines(kind, _as_list(value), labels))
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


def _shown(kind: str, value, texts: dict, reading: _Reading) -> str:
    text = "; ".join(answer_lines(kind, value, choice_labels_in(texts, reading.language, reading.default)))
    if kind == T.AMOUNT and reading.currency:
        return f"{text} {reading.currency}"
    return text
