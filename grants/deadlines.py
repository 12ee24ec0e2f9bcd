"""The effective deadline of an application: the one function every page, the submit check,
reminders and tables ask, so they never disagree.

It is the latest instant that applies: the call's closing instant (moved only by a call-wide
extension) or the deadline granted to this application alone, whichever is later. Rapid-response
calls never close (None)."""

from datetime import datetime

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
