"""An application as one of its reviewers may read it: grants' submitted copy (the questions as
worded when it was submitted, the answers as typed, sensitive ones included, since they are
scored), filtered for a blind call. The reading page, its files and the reviewer's PDF all read
this one shaping, so none of them can show what another hides.

In a blind call (RFP.blind_review) a reviewer never sees:
- the applicant's or the organisation's name;
- an answer to a question marked identifying, by the stricter of the submitted form's flag and
  the question's flag today (staff may mark one identifying after submission, never unmark it
  for what was submitted as such), nor the files answering it;
- what the applicant called a file: each one is "Attachment 2 (PDF, 3 pages)", numbered as
  the copy numbers it, so staff and reviewers speak of the same file;
- the application's title when it is the text of a withheld answer, or of no answer shown.

The more-information thread between staff and applicant is not part of a reviewer's reading.

Queries: the files (one) and today's identifying questions (one); a reopened application's
latest submitted version (one); in a call that is not blind, the applicant and organisation
(two)."""

from dataclasses import dataclass, replace

from django.utils import translation

from grants.copies import CopyAnswer, CopySection, NumberedAttachment, copy_language, submitted_copy
from grants.models import Application, Question
from grants.selectors import attachments_of
from grants.versions import latest_submitted

from .models import Assignment
from .selectors import identifying_question_keys


@dataclass(frozen=True)
class ReaderFile:
    numbered: NumberedAttachment
    name: str  # what the applicant called it; "" in a blind call

    @property
    def public_id(self):
        return self.numbered.attachment.public_id

    @property
    def description(self):
        return self.numbered.description

    @property
    def size(self) -> str:
        return self.numbered.size

    @property
    def download_name(self) -> str:
        return self.numbered.download_name


@dataclass(frozen=True)
class ReaderAnswer:
    answer: CopyAnswer
    withheld: bool  # identifying, in a blind call: its label is shown, never its answer
    files: tuple[ReaderFile, ...]


@dataclass(frozen=True)
class ReaderSection:
    number: int
    title: str
    answers: tuple[ReaderAnswer, ...]


@dataclass(frozen=True)
class Reading:
    assignment: Assignment
    application: Application
    blind: bool
    language: str
    title: str
    applicant_name: str  # "" in a blind call
    organisation_name: str  # "" in a blind call, or for an individual
    sections: tuple[ReaderSection, ...]
    files: tuple[ReaderFile, ...]  # every file the reviewer may download, in the copy's order
    withheld: int  # how many answers a blind call keeps from the reviewer

    def file(self, public_id) -> ReaderFile | None:
        return next((item for item in self.files if item.public_id == public_id), None)


def identifying_keys(application: Application) -> set[str]:
    """The questions whose answers identify the applicant: marked so in the submitted form, or
    today. A call that is not blind withholds nothing."""
    if not application.rfp.blind_review:
        return set()
    snapshot = application.form_snapshot or {}
    submitted = {
        question["key"]
        for section in snapshot.get("sections", [])
        for question in section["questions"]
        if question.get("identifying")
    }
    return submitted | set(identifying_question_keys(application.rfp))


def reading_of(assignment: Assignment, language: str | None = None) -> Reading:
    """What the assignment's reviewer reads, in `language` when the submitted form has it."""
    application = assignment.application
    application.rfp = assignment.rfp  # already fetched with the assignment
    blind = bool(assignment.rfp.blind_review)
    submitted = latest_submitted(application)
    language = copy_language(submitted, language or translation.get_language())
    attachments = list(attachments_of(application))
    withheld_keys = identifying_keys(submitted)
    sections = tuple(
        _section(section, withheld_keys, blind) for section in submitted_copy(submitted, language, attachments)
    )
    files = tuple(item for section in sections for answer in section.answers for item in answer.files)
    return Reading(
        assignment=assignment,
        application=application,
        blind=blind,
        language=language,
        title=_title(application, submitted, sections, blind),
        applicant_name="" if blind else application.applicant.get_full_name(),
        organisation_name="" if blind or application.organisation_id is None else application.organisation.name,
        sections=sections,
        files=files,
        withheld=sum(1 for section in sections for answer in section.answers if answer.withheld),
    )


def _section(section: CopySection, withheld_keys: set[str], blind: bool) -> ReaderSection:
    answers = []
    for answer in section.answers:
        withheld = answer.key in withheld_keys
        if withheld:
            # Nothing of it goes further than this line: not its text, choices or files.
            answer = replace(answer, text="", lines=(), files=(), identifying=True)
        files = tuple(ReaderFile(numbered, "" if blind else numbered.attachment.name) for numbered in answer.files)
        answers.append(ReaderAnswer(answer=answer, withheld=withheld, files=files))
    return ReaderSection(number=section.number, title=section.title, answers=tuple(answers))


def _title(application: Application, submitted: Application, sections: tuple[ReaderSection, ...], blind: bool) -> str:
    """The application's title (grants copies it from the first short text answer that was
    neither identifying nor sensitive when it was saved). In a blind call, only when it is the
    text of a short answer shown here: a question marked identifying since, or a reopened
    answer not resubmitted yet, keeps it back."""
    title = application.title
    if not blind or not title:
        return title
    short = _short_text_keys(submitted)
    shown = {
        answer.answer.text
        for section in sections
        for answer in section.answers
        if not answer.withheld and answer.answer.key in short
    }
    return title if title in shown else ""


def _short_text_keys(submitted: Application) -> set[str]:
    snapshot = submitted.form_snapshot or {}
    return {
        question["key"]
        for section in snapshot.get("sections", [])
        for question in section["questions"]
        if question["type"] == Question.Type.SHORT_TEXT
    }
