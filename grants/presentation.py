"""How a call reads to applicants and visitors: its texts in their language, its amounts in
their locale's number format, and its deadline in their time zone with a countdown in words.
Computed on the server, so the page needs no JavaScript."""

import zoneinfo
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.numbers import format_number

from .deadlines import call_deadline, effective_deadline
from .models import RFP, Application, Question, Section

UTC = zoneinfo.ZoneInfo("UTC")


def format_amount(value: Decimal, currency: str) -> str:
    """`25,000 USD`: the number in the reader's format, with its currency beside it."""
    return _("%(amount)s %(currency)s") % {"amount": format_number(value), "currency": currency}


def countdown(deadline: datetime, now: datetime) -> str:
    """The time left, rounded down (never promising more time than there is)."""
    # In UTC: Python subtracts two times of the same zone on the wall clock, which is an hour
    # off across a daylight-saving change.
    left = deadline.astimezone(UTC) - now.astimezone(UTC)
    if left <= timedelta(0):
        return _("Closed")
    if left >= timedelta(days=1):
        days = left.days
        return ngettext("Closes in %(count)d day", "Closes in %(count)d days", days) % {"count": days}
    if left >= timedelta(hours=1):
        hours = left.seconds // 3600
        return ngettext("Closes in %(count)d hour", "Closes in %(count)d hours", hours) % {"count": hours}
    if left >= timedelta(minutes=1):
        minutes = left.seconds // 60
        return ngettext("Closes in %(count)d minute", "Closes in %(count)d minutes", minutes) % {"count": minutes}
    return _("Closes in less than a minute")


@dataclass(frozen=True)
class Instant:
    """One instant as the reader sees it: in their time zone and in UTC."""

    value: datetime
    zone: str  # the reader's time zone, e.g. "Europe/Paris"
    local: str  # formatted in the reader's zone and language
    utc: str  # formatted in UTC

    @property
    def in_utc(self) -> bool:
        return self.zone == "UTC"

    @property
    def iso(self) -> str:
        return self.value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def instant(value: datetime, zone: zoneinfo.ZoneInfo | None = None) -> Instant:
    """`value` shown in `zone` (by default the reader's: a signed-in user's own time zone, UTC
    for visitors) and in UTC, in the active language's date format."""
    zone = zone or timezone.get_current_timezone()
    name = getattr(zone, "key", str(zone))
    return Instant(
        value=value,
        zone=name,
        local=formats.date_format(value.astimezone(zone), "DATETIME_FORMAT"),
        utc=formats.date_format(value.astimezone(UTC), "DATETIME_FORMAT"),
    )


@dataclass(frozen=True)
class Reading:
    """The language a call is shown in to one reader, and whether it is not the reader's own."""

    language: str
    name: str  # the language's own name, e.g. "العربيّة"
    bidi: bool
    is_fallback: bool


def reading_language(rfp: RFP, wanted: str | None = None) -> Reading:
    """The reader's language when the call is published in it, else the call's default one."""
    wanted = wanted or translation.get_language()
    published = rfp.languages or [rfp.default_language]
    language = wanted if wanted in published else rfp.default_language
    info = translation.get_language_info(language)
    return Reading(language=language, name=info["name_local"], bidi=info["bidi"], is_fallback=language != wanted)


@dataclass(frozen=True)
class DeadlineMove:
    """The call's last deadline move, as its pages tell it: "Deadline extended to 30 April (was
    15 April)", or brought forward by an early close."""

    deadline: Instant
    was: Instant
    early: bool


@dataclass(frozen=True)
class CallFacts:
    """What a reader needs to decide whether to apply, in their language, zone and locale."""

    rfp: RFP
    reading: Reading
    text: dict
    minimum: str
    maximum: str
    rolling: bool
    deadline: Instant | None
    opens: Instant | None  # only while it has not opened yet
    countdown: str
    is_open: bool  # takes applications now (as selectors.open_rfps says)
    extended: DeadlineMove | None = None


def last_move(rfp: RFP) -> DeadlineMove | None:
    """From the previous instant of the call's latest call-wide extension, which the public
    selectors (selectors.with_last_move) annotate: a call read otherwise tells no move."""
    was = getattr(rfp, "deadline_was", None)
    if was is None or call_deadline(rfp) is None:
        return None
    return DeadlineMove(deadline=instant(rfp.deadline), was=instant(was), early=bool(rfp.closed_early))


def facts_of(rfp: RFP, now: datetime | None = None) -> CallFacts:
    now = now or timezone.now()
    reading = reading_language(rfp)
    rolling = rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE or rfp.deadline is None
    opened = rfp.opens_at is None or rfp.opens_at <= now
    return CallFacts(
        rfp=rfp,
        reading=reading,
        text=rfp.text(reading.language),
        minimum=format_amount(rfp.min_amount, rfp.currency),
        maximum=format_amount(rfp.max_amount, rfp.currency),
        rolling=rolling,
        deadline=None if rolling else instant(rfp.deadline),
        opens=None if opened else instant(rfp.opens_at),
        countdown=_("Rolling: apply at any time") if rolling else countdown(rfp.deadline, now),
        is_open=rfp.is_published and opened and (rfp.deadline is None or rfp.deadline > now),
        extended=None if rolling else last_move(rfp),
    )


@dataclass(frozen=True)
class DeadlineFacts:
    """An application's effective deadline as its reader sees it (grants/public/_dates.html
    shows it as it shows a call's)."""

    rolling: bool
    deadline: Instant | None
    countdown: str
    opens: None = None
    extended: None = None
    # The call's own deadline, when the applicant's own extension runs past it.
    call_deadline: Instant | None = None


def deadline_facts(application: Application, now: datetime | None = None) -> DeadlineFacts:
    deadline = effective_deadline(application)
    if deadline is None:
        return DeadlineFacts(rolling=True, deadline=None, countdown=_("Rolling: apply at any time"))
    closes = call_deadline(application.rfp)
    return DeadlineFacts(
        rolling=False,
        deadline=instant(deadline),
        countdown=countdown(deadline, now or timezone.now()),
        call_deadline=instant(closes) if deadline != closes else None,
    )


def time_of_day(value: datetime) -> str:
    """`14:02` (or `2:02 p.m.`): the time in the reader's zone, as their language writes it."""
    return formats.time_format(timezone.localtime(value), "TIME_FORMAT")


@dataclass(frozen=True)
class PrintedQuestion:
    number: int  # across the whole call, so "question 7" means one question offline too
    question: Question
    text: dict
    choices: list[tuple[str, str]]  # (key, label)
    minimum: str | None
    maximum: str | None


@dataclass(frozen=True)
class PrintedSection:
    number: int
    section: Section
    text: dict
    questions: list[PrintedQuestion]


def limits_of(question: Question, currency: str) -> tuple[str | None, str | None]:
    """A question's minimum and maximum as the reader reads numbers (amounts in the currency)."""

    def shown(value):
        if value is None:
            return None
        if question.type == Question.Type.AMOUNT:
            return format_amount(value, currency)
        return format_number(value)

    return shown(question.min_value), shown(question.max_value)


def printable_form(rfp: RFP, sections: list[Section], language: str) -> list[PrintedSection]:
    """The call's form to read or print in `language`, questions numbered across the call.
    `sections` is `selectors.form_of(rfp)`: no query here."""
    default = rfp.default_language
    printed, number = [], 0
    for section_number, section in enumerate(sections, start=1):
        questions = []
        for question in section.questions.all():
            number += 1
            choices = question.choice_labels(language, default) if question.has_choices else []
            minimum, maximum = limits_of(question, rfp.currency)
            questions.append(
                PrintedQuestion(number, question, question.text(language, default), choices, minimum, maximum)
            )
        printed.append(PrintedSection(section_number, section, section.text(language, default), questions))
    return printed


@dataclass(frozen=True)
class DeadlineChange:
    """One row of a deadline's history, for staff: each instant in their zone and in UTC."""

    what: str
    previous: Instant
    new: Instant
    reason: str
    who: str
    when: Instant


def deadline_history(extensions) -> list[DeadlineChange]:
    """`extensions` loaded with their `by` (selectors.call_extensions_of, extensions_concerning)."""
    rows = []
    for extension in extensions:
        if extension.closes_early:
            what = _("Closed early")
        elif extension.scope == extension.Scope.CALL:
            what = _("Call extended")
        else:
            what = extension.get_scope_display()
        by = extension.by
        rows.append(
            DeadlineChange(
                what=what,
                previous=instant(extension.previous_deadline),
                new=instant(extension.new_deadline),
                reason=extension.reason,
                who=by.get_full_name() or by.email or str(by.pk),
                when=instant(extension.created_at),
            )
        )
    return rows
