"""Answers as the applicant typed them, and what is wrong with them.

An answer is kept as typed (a string, or a list of choice keys), valid or not: a problem is
shown beside the field, never a reason to drop what was typed. The same checks run when a
section is saved and when the application is submitted, from the question alone, so a page
and the submit check cannot disagree."""

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django_countries import countries

from core.numbers import format_number

from .models import RFP, Question

SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 20_000
T = Question.Type
WORDS = re.compile(r"\S+")


def is_empty(value) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def word_count(text: str) -> int:
    return len(WORDS.findall(text))


def decimal_of(value: str) -> Decimal | None:
    """A number as people type it: spaces or a thin space between thousands, a comma or a point
    before the decimals (never both kinds of separator)."""
    text = re.sub(r"[\s\u00a0\u202f]", "", str(value))
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def problem(question: Question, value, rfp: RFP, *, attachments: int = 0, complete: bool = False) -> str | None:
    """What is wrong with `value` as an answer to `question`, or None. A missing required answer
    is a problem only when the whole application must be complete (at submission)."""
    if question.type == T.FILE:
        if complete and question.required and attachments == 0:
            return _("Attach a file.")
        return None
    if is_empty(value):
        return _("This answer is required.") if complete and question.required else None
    check = _CHECKS[question.type]
    return check(question, value, rfp)


def _short_text(question, value, rfp):
    if not isinstance(value, str):
        return _("Type your answer.")
    if len(value) > SHORT_TEXT_MAX:
        return _("At most %(limit)d characters (this has %(count)d).") % {"limit": SHORT_TEXT_MAX, "count": len(value)}
    return None


def _long_text(question, value, rfp):
    if not isinstance(value, str):
        return _("Type your answer.")
    if len(value) > LONG_TEXT_MAX:
        return _("At most %(limit)d characters (this has %(count)d).") % {"limit": LONG_TEXT_MAX, "count": len(value)}
    words = word_count(value)
    if question.word_limit and words > question.word_limit:
        return _("At most %(limit)d words (this has %(count)d).") % {"limit": question.word_limit, "count": words}
    return None


def _bounds(question: Question, rfp: RFP) -> tuple[Decimal | None, Decimal | None]:
    low, high = question.min_value, question.max_value
    if question.type == T.AMOUNT:
        low = rfp.min_amount if low is None else max(low, rfp.min_amount)
        high = rfp.max_amount if high is None else min(high, rfp.max_amount)
    return low, high


def _number(question, value, rfp):
    number = decimal_of(value) if isinstance(value, str) else None
    if number is None:
        return _("Enter a number, such as 1200 or 1200.50.")
    if question.type == T.AMOUNT and number.as_tuple().exponent < -3:
        return _("Enter the amount with at most three decimals.")
    low, high = _bounds(question, rfp)
    suffix = f" {rfp.currency}" if question.type == T.AMOUNT else ""
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return _("Enter an amount between %(low)s and %(high)s.") % {
                "low": format_number(low) + suffix,
                "high": format_number(high) + suffix,
            }
        if low is not None:
            return _("Enter at least %(low)s.") % {"low": format_number(low) + suffix}
        return _("Enter at most %(high)s.") % {"high": format_number(high) + suffix}
    return None


def _date(question, value, rfp):
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return _("Enter a date as year-month-day, such as 2027-03-31.")
    return None


def _single_choice(question, value, rfp):
    if value in question.choices:
        return None
    if value in question.retired_choices:
        return _("This choice is no longer offered: choose another.")
    return _("Choose one of the options.")


def _multiple_choice(question, value, rfp):
    values = value if isinstance(value, list) else [value]
    if any(item in question.retired_choices for item in values):
        return _("A choice you made is no longer offered: untick it and choose again.")
    if not all(item in question.choices for item in values):
        return _("Choose among the options.")
    return None


def _yes_no(question, value, rfp):
    return None if value in ("yes", "no") else _("Choose yes or no.")


def _country(question, value, rfp):
    return None if value in countries else _("Choose a country from the list.")


_CHECKS = {
    T.SHORT_TEXT: _short_text,
    T.LONG_TEXT: _long_text,
    T.NUMBER: _number,
    T.AMOUNT: _number,
    T.DATE: _date,
    T.SINGLE_CHOICE: _single_choice,
    T.MULTIPLE_CHOICE: _multiple_choice,
    T.YES_NO: _yes_no,
    T.COUNTRY: _country,
}


@dataclass(frozen=True)
class SectionProgress:
    section: object
    required: int  # required questions
    answered: int  # of those, answered validly
    missing: tuple[str, ...]  # keys of required questions not answered validly
    invalid: tuple[str, ...]  # keys of answers (required or not) with a problem

    @property
    def complete(self) -> bool:
        return not self.missing and not self.invalid


@dataclass(frozen=True)
class Progress:
    sections: tuple[SectionProgress, ...]

    @property
    def required(self) -> int:
        return sum(section.required for section in self.sections)

    @property
    def answered(self) -> int:
        return sum(section.answered for section in self.sections)

    @property
    def complete(self) -> bool:
        return all(section.complete for section in self.sections)


def progress_of(form: list, answers: dict, rfp: RFP, files_by_question: dict[str, int]) -> Progress:
    """How far an application is: per section (each with its questions prefetched), the required
    answers given and the keys of what is missing or wrong. No query."""
    sections = []
    for section in form:
        required = answered = 0
        missing, invalid = [], []
        for question in section.questions.all():
            value = answers.get(question.key)
            files = files_by_question.get(question.key, 0)
            wrong = problem(question, value, rfp, attachments=files)
            if wrong:
                invalid.append(question.key)
            if question.required:
                required += 1
                given = files > 0 if question.type == T.FILE else not is_empty(value)
                if given and not wrong:
                    answered += 1
                else:
                    missing.append(question.key)
        sections.append(SectionProgress(section, required, answered, tuple(missing), tuple(invalid)))
    return Progress(tuple(sections))
