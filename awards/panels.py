"""What awards puts on the dashboards (a grantee's awards) and on the staff page of one
application (its decision and award), for the staff who run its call."""

from dataclasses import dataclass

from core.panels import Panel
from grants.presentation import Reading, reading_language

from .models import Award
from .permissions import can_hold_awards
from .selectors import dashboard_awards_of


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
    return []
