"""The more-information thread as its readers read it: each message opened
(protected.message_text), with the files sent with it, and the sections staff reopened.
A fixed number of queries however long the thread: its messages with their authors, and its
files."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .copies import NumberedAttachment, numbered_thread_files
from .models import Application, ApplicationMessage
from .protected import message_text
from .selectors import thread_of


@dataclass(frozen=True)
class ThreadEntry:
    message: ApplicationMessage
    is_question: bool
    author: str
    text: str
    files: tuple[NumberedAttachment, ...]


def thread_entries(application: Application, *, for_staff: bool) -> list[ThreadEntry]:
    """Oldest first. Staff read who wrote each message; the applicant reads a question as the
    staff's, without the name of the person who asked it."""
    files: dict[int, list[NumberedAttachment]] = {}
    for numbered in numbered_thread_files(application):
        files.setdefault(numbered.attachment.message_id, []).append(numbered)
    entries = []
    for message in thread_of(application):
        is_question = message.kind == ApplicationMessage.Kind.QUESTION
        author = _("Staff of the call") if is_question and not for_staff else message.author.get_full_name()
        entries.append(
            ThreadEntry(message, is_question, author, message_text(message), tuple(files.get(message.pk, [])))
        )
    return entries


@dataclass(frozen=True)
class ReopenedSection:
    pk: int
    number: int
    title: str


def reopened_sections_of(application: Application, form: list, language: str) -> list[ReopenedSection]:
    """The sections staff reopened, in the form's order, titled in `language`. `form`:
    selectors.form_of(application.rfp)."""
    reopened = set(application.reopened_sections or [])
    default = application.rfp.default_language
    return [
        ReopenedSection(section.pk, number, section.text(language, default).get("title", ""))
        for number, section in enumerate(form, start=1)
        if section.pk in reopened
    ]
