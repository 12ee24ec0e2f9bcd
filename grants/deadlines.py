"""The effective deadline of an application: the one function every page, the submit check,
reminders and tables ask, so they never disagree.

It is the latest instant that applies: the call's closing instant (moved only by a call-wide
extension) or the deadline granted to this application alone, whichever is later. Rapid-response
calls never close (None). A request for more time made before the deadline keeps the draft open
past it until staff decide (`is_open`).

Reminders fall due 7 days, 48 hours and 6 hours before the effective deadline; the application
keeps when the next one is due (`next_reminder_at`), so the job asks one indexed question."""

from datetime import datetime, timedelta

from .models import RFP, Application


def effective_deadline(application: Application) -> datetime | None:
    """When the application's call stops taking it (None: never). Reads only loaded rows."""
    deadline = call_deadline(application.rfp)
    if deadline is None or application.extended_until is None:
        return deadline
    return max(deadline, application.extended_until)


def call_deadline(rfp: RFP) -> datetime | None:
    if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE:
        return None
    return rfp.deadline


def is_past(deadline: datetime | None, now: datetime) -> bool:
    """The deadline is the instant the call closes: at it and after, nothing more is taken."""
    return deadline is not None and now >= deadline


def is_open(application: Application, now: datetime) -> bool:
    """Whether the draft still takes changes and its submission: before its effective deadline,
    or after it while a request for more time made in time awaits a decision."""
    return application.extension_requested_at is not None or not is_past(effective_deadline(application), now)


REMINDER_LEADS = (timedelta(days=7), timedelta(hours=48), timedelta(hours=6))


def reminder_due(deadline: datetime | None, now: datetime) -> timedelta | None:
    """The reminder to send now: the most urgent whose time has come (a job that was down sends
    one, not three), none once the deadline has passed."""
    if deadline is None or now >= deadline:
        return None
    due = [lead for lead in REMINDER_LEADS if deadline - lead <= now]
    return min(due) if due else None


def next_reminder_at(deadline: datetime | None, now: datetime) -> datetime | None:
    """When the next reminder after `now` falls due (None: no more). A new deadline re-arms all
    whose time is still ahead."""
    if deadline is None:
        return None
    ahead = [deadline - lead for lead in REMINDER_LEADS if deadline - lead > now]
    return min(ahead) if ahead else None
