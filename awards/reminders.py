"""When a reporting duty's next reminder falls due: 14 days before its due date, 3 days
before, then once overdue (the day after the due date), each once; none once its report is
submitted or accepted, and armed again when staff send it back. Pure: the services that change
a report or a due date store `next_reminder_at(...)` in ReportRequirement.next_reminder_at, and
the reminder job asks `step_due(...)` which reminder a due row is for.

A day's instant is its start in the project's time zone (settings.TIME_ZONE)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

# A report in these states needs no reminder.
DONE_STATUSES = frozenset({"submitted", "accepted"})


@dataclass(frozen=True)
class Step:
    name: str  # in the dedupe key
    offset: timedelta  # from the due date


FOURTEEN_DAYS = Step("14d", timedelta(days=-14))
THREE_DAYS = Step("3d", timedelta(days=-3))
OVERDUE = Step("overdue", timedelta(days=1))
STEPS = (FOURTEEN_DAYS, THREE_DAYS, OVERDUE)  # earliest first


def instant(due_on: date, step: Step) -> datetime:
    """When `step`'s reminder of a duty due on `due_on` falls due."""
    return timezone.make_aware(datetime.combine(due_on + step.offset, time.min), timezone.get_default_timezone())


def next_reminder_at(due_on: date, report_status: str | None, now: datetime) -> datetime | None:
    """The first reminder instant after `now`, or None (the report is in, or every reminder's
    instant has passed). `report_status`: the duty's report's status, None when none is saved."""
    if report_status in DONE_STATUSES:
        return None
    return next((at for at in (instant(due_on, step) for step in STEPS) if at > now), None)


def step_due(due_on: date, now: datetime) -> Step | None:
    """The reminder a run at `now` sends: the latest whose instant has come (a job that was down
    sends only the most urgent), None before the first."""
    due = [step for step in STEPS if instant(due_on, step) <= now]
    return due[-1] if due else None
