"""The demo programmatic call's deadline, extended once by the admin, so its history and the
"Deadline extended to … (was …)" notice can be seen."""

from datetime import timedelta

from accounts.models import User
from grants import services
from grants.models import RFP, DeadlineExtension


def seed_extension(rfp: RFP, *, by: User) -> None:
    """Two weeks more, once: a call extended already is left as it is."""
    if rfp.deadline is None or DeadlineExtension.objects.filter(rfp=rfp, scope=DeadlineExtension.Scope.CALL).exists():
        return
    services.extend_call_deadline(rfp, rfp.deadline + timedelta(days=14), "An internet shutdown in the region", by=by)
