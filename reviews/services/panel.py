"""The panel's recommendation for an application (fund, reserve or decline, with a note): one
row per application, which a later recording replaces. The award decision starts from it."""

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from grants.models import Application

from ..errors import ReviewError
from ..models import PanelRecommendation, Review
from ..permissions import can_manage_reviews
from ..rules import can_record_panel_recommendation


@transaction.atomic
def record_panel_recommendation(
    application: Application, recommendation: str, note: str = "", *, by, now=None
) -> PanelRecommendation:
    """Record (or replace) what the panel recommends. Raises ReviewError when the application
    is decided already or has no submitted review to recommend from."""
    now = now or timezone.now()
    can_manage_reviews(by, application.rfp).enforce()
    if recommendation not in PanelRecommendation.Recommendation.values:
        raise TypeError(f"Unknown panel recommendation {recommendation!r}")
    application = Application.objects.select_for_update().get(pk=application.pk)
    submitted = Review.objects.filter(application=application, status=Review.Status.SUBMITTED).count()
    verdict = can_record_panel_recommendation(application.status, submitted)
    if not verdict:
        raise ReviewError(verdict.reason, field="recommendation")
    previous = PanelRecommendation.objects.filter(application=application).first()
    stored, _created = PanelRecommendation.objects.update_or_create(
        application=application,
        defaults={"recommendation": recommendation, "note": note, "recorded_by": by, "recorded_at": now},
    )
    audit.record(
        by,
        "review.panel_recommended",
        application,
        detail={
            "recommendation": recommendation,
            "previous": previous.recommendation if previous else None,
            "note": bool(note),
        },
    )
    return stored
