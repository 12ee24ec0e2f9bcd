"""What awards puts on the dashboards (a grantee's awards) and on the staff page of one
application (its decision and award), for the staff who run its call."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from core.panels import Panel
from grants.presentation import Reading, reading_language

from .forms.decisions import ReverseForm
from .models import Award, Decision, Letter
from .permissions import can_hold_awards, can_manage_awards
from .selectors import dashboard_awards_of

DECIDABLE = ("submitted", "in_review")


@dataclass(frozen=True)
class AwardRow:
    award: Award
    call_title: str
    reading: Reading


def _row(award: Award) -> AwardRow:
    reading = reading_language(award.rfp)
    return AwardRow(award, award.rfp.text(reading.language).get("title", ""), reading)


def dashboard_panels(user) -> list[Panel]:
    """ "Your awards" for a grantee who has one: one query however many."""
    if not can_hold_awards(user):
        return []
    awards = [_row(award) for award in dashboard_awards_of(user)]
    return [Panel("awards/panels/awards.html", {"awards": awards})] if awards else []


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
