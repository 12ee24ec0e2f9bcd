"""One application's submitted reviews side by side, for the staff who run its call: criteria
as rows, reviewers as columns (staff may know who reviewed), with each review's total,
recommendation and comments, and the application's standing from scoring.py."""

from dataclasses import dataclass

from django.utils import translation

from grants.models import RFP, Application

from .models import Criterion, PanelRecommendation, Review, Score
from .ranking import RANKED_STATUSES, call_standings
from .scoring import NO_REVIEWS, Standing
from .selectors import criteria_of


def ranked_application(rfp: RFP, public_id) -> Application | None:
    """An application of the call that the ranking lists, by its public id."""
    return (
        Application.objects.filter(rfp=rfp, status__in=RANKED_STATUSES, public_id=public_id)
        .select_related("organisation")
        .first()
    )


def panel_recommendation_of(application: Application) -> PanelRecommendation | None:
    return PanelRecommendation.objects.filter(application=application).select_related("recorded_by").first()


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    name: str  # in the reader's language, else the call's
    scores: list[Score | None]  # one per review, in the reviews' order


@dataclass(frozen=True)
class Comparison:
    reviews: list[Review]
    lines: list[CriterionLine]
    standing: Standing


def comparison_of(application: Application) -> Comparison:
    """Four queries: the reviews (with their reviewers), their scores, the criteria, and the
    call's totals for the standing."""
    rfp = application.rfp
    language = translation.get_language()
    reviews = list(
        Review.objects.filter(application=application, status=Review.Status.SUBMITTED)
        .select_related("reviewer")
        .order_by("submitted_at", "pk")
    )
    scores = {(score.review_id, score.criterion_id): score for score in Score.objects.filter(review__in=reviews)}
    lines = [
        CriterionLine(
            criterion,
            criterion.text(language, rfp.default_language).get("name") or criterion.key,
            [scores.get((review.pk, criterion.pk)) for review in reviews],
        )
        for criterion in criteria_of(rfp)
    ]
    standing = call_standings(rfp).get(application.pk, NO_REVIEWS) if reviews else NO_REVIEWS
    return Comparison(reviews=reviews, lines=lines, standing=standing)
