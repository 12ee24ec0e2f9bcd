"""What a CSV export of the staff table can hold: the table's own columns, who applied (the
identifying columns) and one column per answer. Identifying and sensitive columns are left out
unless staff tick them; sensitive answers are decrypted (grants/protected.py) only then.

Rows are read in chunks from a server-side cursor, so memory stays flat however many there are."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.times import machine_readable

from .answer_text import answer_lines, choice_labels_in
from .models import RFP, Application, Question
from .protected import sensitive_answers_of
from .selectors import live_questions_of

CHUNK = 500
T = Question.Type


@dataclass(frozen=True)
class Column:
    key: str  # "reference", or "question:<pk>" (what the audit keeps: never a label)
    label: str
    identifying: bool = False
    sensitive: bool = False
    question: Question | None = None

    @property
    def by_default(self) -> bool:
        return not (self.identifying or self.sensitive)


def _amount(application):
    return "" if application.requested_amount is None else f"{application.requested_amount:f}"


TABLE_COLUMNS = {
    "reference": (_("Reference"), lambda a: a.reference),
    "title": (_("Title"), lambda a: a.title),
    "status": (_("Status"), lambda a: str(Application.Status(a.status).label)),  # get_status_display is slow
    "requested_amount": (_("Requested amount"), _amount),
    "currency": (_("Currency"), lambda a: a.currency),
    "country": (_("Country (ISO code)"), lambda a: a.country.code if a.country else ""),
    "language": (_("Language"), lambda a: a.language),
    "submitted_at": (_("Submitted (UTC)"), lambda a: machine_readable(a.submitted_at)),
}
IDENTIFYING_COLUMNS = {
    "applicant": (_("Applicant"), lambda a: a.applicant.name),
    "organisation": (_("Organisation"), lambda a: a.organisation.name if a.organisation_id else ""),
}
ROW_FIELDS = ("pk", "rfp_id", "answers", "organisation_id", "applicant_id", *TABLE_COLUMNS)


def columns_of(rfp: RFP) -> list[Column]:
    """Every column an export of the call may hold, in order: one query for its questions."""
    columns = [Column(key, str(label)) for key, (label, _value) in TABLE_COLUMNS.items()]
    columns += [Column(key, str(label), identifying=True) for key, (label, _value) in IDENTIFYING_COLUMNS.items()]
    questions = (
        live_questions_of(rfp).exclude(type=T.FILE).order_by("section__position", "section__pk", "position", "pk")
    )
    language = translation.get_language()
    for question in questions:
        label = question.text(language, rfp.default_language).get("label") or question.key
        columns.append(
            Column(
                f"question:{question.pk}",
                label,
                identifying=question.identifying,
                sensitive=question.sensitive,
                question=question,
            )
        )
    return columns


def _answer(question: Question, value, labels: dict) -> str:
    return "; ".join(answer_lines(question.type, value, labels))


def export_rows(rfp: RFP, rows: QuerySet[Application], columns: list[Column]) -> Iterator[list[str]]:
    """The cells of each row, in the columns' order, labels in the reader's language (taken now:
    the rows are read while the response streams, after the request's language is gone)."""
    language = translation.get_language()
    wants_sensitive = any(column.sensitive for column in columns)
    fields = ROW_FIELDS + (("sensitive_answers",) if wants_sensitive else ())
    if any(column.key in IDENTIFYING_COLUMNS for column in columns):
        rows = rows.select_related("applicant", "organisation").only(*fields, "applicant__name", "organisation__name")
    else:
        rows = rows.only(*fields)
    labels = {
        column.key: choice_labels_in(column.question.texts, language, rfp.default_language)
        for column in columns
        if column.question is not None
    }
    return _cells(rows, columns, labels, language, wants_sensitive)


def _cells(rows, columns: list[Column], labels: dict, language: str, wants_sensitive: bool):
    with translation.override(language):
        for application in rows.iterator(chunk_size=CHUNK):
            protected = sensitive_answers_of(application) if wants_sensitive else {}
            cells = []
            for column in columns:
                if column.question is not None:
                    store = protected if column.sensitive else application.answers
                    cells.append(_answer(column.question, store.get(column.question.key), labels[column.key]))
                else:
                    _label, value_of = TABLE_COLUMNS.get(column.key) or IDENTIFYING_COLUMNS[column.key]
                    cells.append(value_of(application))
            yield cells
