"""The demo programmatic call's deadline, extended once by the admin, so its history and the
"Deadline extended to … (was …)" notice can be seen; and the demo applicant's request for more
time on their draft, waiting for staff to decide."""

from datetime import timedelta

from accounts.models import User
from grants import services
from grants.deadlines import effective_deadline
from grants.models import RFP, Application, DeadlineExtension, ExtensionRequest


def seed_extension(rfp: RFP, *, by: User) -> None:
    """Two weeks more, once: a call extended already is left as it is."""
    if rfp.deadline is None or DeadlineExtension.objects.filter(rfp=rfp, scope=DeadlineExtension.Scope.CALL).exists():
        return
    services.extend_call_deadline(rfp, rfp.deadline + timedelta(days=14), "An internet shutdown in the region", by=by)


def seed_extension_request(application: Application, *, by: User) -> None:
    """A week more asked for, once: a draft that has had a request is left as it is."""
    if not application.is_draft or ExtensionRequest.objects.filter(application=application).exists():
        return
    deadline = effective_deadline(application)
    if deadline is None:
        return
    services.request_extension(
        application, deadline + timedelta(days=7), "Our treasurer is detained; the budget needs her signature.", by=by
    )
