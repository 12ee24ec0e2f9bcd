"""The effective deadline of an application: the one function every page, the submit check,
reminders and tables ask, so they never disagree.

Today it is the call's closing instant (None for rapid-response calls, which never close);
extensions will make it the latest instant that applies."""

from datetime import datetime

from .models import RFP, Application


def effective_deadline(application: Application) -> datetime | None:
    """When the application's call stops taking it (None: never). Reads only loaded rows."""
    return call_deadline(application.rfp)


def call_deadline(rfp: RFP) -> datetime | None:
    if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE:
        return None
    return rfp.deadline


def is_past(deadline: datetime | None, now: datetime) -> bool:
    """The deadline is the instant the call closes: at it and after, nothing more is taken."""
    return deadline is not None and now >= deadline
