"""What awards puts on the dashboards (a grantee's awards) and on the staff page of one
application (its decision and award), for the staff who run its call."""

from django.db.models import Exists, OuterRef

from core.panels import Panel

from .forms.decisions import ReverseForm
from .models import Decision, Letter
from .permissions import can_manage_awards

DECIDABLE = ("submitted", "in_review")


def dashboard_panels(user) -> list[Panel]:
    return []


def application_panels(application, user) -> list[Panel]:
    """The standing decision (with its award and, until a letter is accepted, a form to reverse
    it), or a link to decide: two queries, who runs the call and the decision with its award."""
    if not can_manage_awards(user, application.rfp):
        return []
    accepted = Letter.objects.filter(award__decision=OuterRef("pk"), accepted_at__isnull=False)
    standing = (
        Decision.objects.filter(application=application, reversed_at__isnull=True)
        .select_related("award", "decided_by")
        .annotate(accepted=Exists(accepted))
        .first()
    )
    context = {
        "application": application,
        "standing": standing,
        "award": getattr(standing, "award", None) if standing and standing.outcome == Decision.Outcome.AWARD else None,
        "decidable": standing is None and application.status in DECIDABLE,
        "reversible": standing is not None and not standing.accepted,
        "form": ReverseForm(),
    }
    return [Panel("awards/panels/application_decision.html", context)]
