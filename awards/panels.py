"""What awards puts on the dashboards (a grantee's awards; an applicant's declined applications,
each with the message staff wrote) and on the staff page of one application (its decision and
award), for the staff who run its call."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from core.panels import Panel
from grants.presentation import Instant, Reading, instant, reading_language

from .forms.decisions import ReverseForm
from .models import Award, Decision, Letter
from .permissions import can_hold_awards, can_manage_awards
from .selectors import dashboard_awards_of, declines_of

DECIDABLE = ("submitted", "in_review")


@dataclass(frozen=True)
class AwardRow:
    award: Award
    call_title: str
    reading: Reading


def _row(award: Award) -> AwardRow:
    reading = reading_language(award.rfp)
    return AwardRow(award, award.rfp.text(reading.language).get("title", ""), reading)


@dataclass(frozen=True)
class DeclineRow:
    public_id: object
    reference: str
    call_title: str
    reading: Reading
    decided: Instant
    message: str


def _decline_row(decision: Decision) -> DeclineRow:
    application = decision.application
    reading = reading_language(application.rfp)
    title = application.rfp.text(reading.language).get("title", "")
    return DeclineRow(
        application.public_id,
        application.reference or "",
        title,
        reading,
        instant(decision.decided_at),
        decision.message,
    )


def dashboard_panels(user) -> list[Panel]:
    """ "Your awards" for a grantee who has one, and the applications declined with what staff
    wrote: one query each however many."""
    if not can_hold_awards(user):
        return []
    panels = []
    awards = [_row(award) for award in dashboard_awards_of(user)]
    if awards:
        panels.append(Panel("awards/panels/awards.html", {"awards": awards}))
    declines = [_decline_row(decision) for decision in declines_of(user)]
    if declines:
        panels.append(Panel("awards/panels/declines.html", {"declines": declines}))
    return panels


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
