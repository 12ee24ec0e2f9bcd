"""A reviewer's review of one assignment: saved part by part as a draft (each criterion on its
own, then the overall part: comments for staff, feedback for the applicant, recommendation),
then submitted, which stores the total computed by scoring.py.

Every save keeps what was typed, valid or not, and returns the problems by field; submitting
refuses while anything is missing, listing each item, and leaves the draft as it was. The
Review row is made by the first save, under the assignment's row lock, so two first saves make
one review; submitting locks the review, so two submits make one submission."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from grants.models import RFP

from ..errors import ReviewError
from ..models import Assignment, Criterion, Review, Score
from ..permissions import can_read_application
from ..scoring import Mark, review_total

CRITERION_COMMENT_MAX = Score._meta.get_field("comment").max_length
REVIEW_TEXT_MAX = Review._meta.get_field("comment").max_length


class ReviewSubmitted(ReviewError):
    """The review is submitted: only staff reopening it makes it a draft again."""


@dataclass(frozen=True)
class Missing:
    """One thing still to do before submitting: the part it is in (a criterion's key, or None
    for the overall part), the field, and what to do."""

    part: str | None
    field: str
    message: str


class IncompleteReview(ReviewError):
    def __init__(self, missing: list[Missing]):
        super().__init__(_("The review cannot be submitted yet: complete what is listed below."))
        self.missing = missing

    @property
    def messages(self) -> list[str]:
        return [self.message, *(item.message for item in self.missing)]


def parse_value(criterion: Criterion, value) -> tuple[int | None, str]:
    """A score as sent (a radio button's value, or nothing) and its problem, if any."""
    if value in (None, ""):
        return None, ""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not criterion.scale_min <= number <= criterion.scale_max:
        return None, _("Choose a score from %(low)s to %(high)s.") % {
            "low": criterion.scale_min,
            "high": criterion.scale_max,
        }
    return number, ""


def _too_long(text: str, limit: int) -> str:
    if len(text) > limit:
        return _("At most %(limit)s characters: this has %(count)s.") % {"limit": limit, "count": len(text)}
    return ""


def _draft(assignment: Assignment, by, now) -> Review:
    """The assignment's review, made on its first save; refused once submitted or when the
    reviewer may no longer read the application."""
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    can_read_application(by, locked, now).enforce()
    review = Review.objects.select_for_update().filter(assignment=locked).first()
    if review is None:
        review = Review.objects.create(
            assignment=locked,
            rfp_id=locked.rfp_id,
            application_id=locked.application_id,
            reviewer_id=locked.reviewer_id,
            created_at=now,
            updated_at=now,
        )
        audit.record(by, "review.started", review, detail={"assignment": locked.pk})
    if review.is_submitted:
        raise ReviewSubmitted(_("This review has been submitted: it can no longer be changed."))
    return review


@transaction.atomic
def save_criterion(assignment: Assignment, criterion: Criterion, *, value, comment: str, by, now=None) -> dict:
    """Keep one criterion's score and comment; returns {field: problem}. A score outside the
    scale is not kept (there is no such score), the comment always is."""
    now = now or timezone.now()
    if criterion.rfp_id != assignment.rfp_id:
        raise TypeError("The criterion is not of this assignment's call")
    review = _draft(assignment, by, now)
    number, value_problem = parse_value(criterion, value)
    comment = comment or ""
    Score.objects.update_or_create(review=review, criterion=criterion, defaults={"value": number, "comment": comment})
    review.updated_at = now
    review.save(update_fields=["updated_at"])
    audit.record(by, "review.criterion_saved", review, detail={"criterion": criterion.pk})
    problems = {"value": value_problem, "comment": _too_long(comment, CRITERION_COMMENT_MAX)}
    return {field: message for field, message in problems.items() if message}


@transaction.atomic
def save_overall(assignment: Assignment, *, comment: str, feedback: str, recommendation: str, by, now=None) -> dict:
    """Keep the comments for staff, the feedback for the applicant and the recommendation;
    returns {field: problem}. A recommendation that is not one of the three is not kept."""
    now = now or timezone.now()
    review = _draft(assignment, by, now)
    problems = {}
    if recommendation and recommendation not in Review.Recommendation.values:
        problems["recommendation"] = _("Choose fund, maybe or decline.")
        recommendation = ""
    review.comment, review.feedback = comment or "", feedback or ""
    review.recommendation = recommendation or ""
    review.updated_at = now
    review.save(update_fields=["comment", "feedback", "recommendation", "updated_at"])
    audit.record(by, "review.overall_saved", review)
    for field in ("comment", "feedback"):
        if message := _too_long(getattr(review, field), REVIEW_TEXT_MAX):
            problems[field] = message
    return problems


def what_is_missing(
    criteria: list[Criterion], review: Review | None, scores: dict[int, Score], language: str, default_language: str
) -> list[Missing]:
    """Everything still to do before the review can be submitted, in the rubric's order."""
    missing = []
    if not criteria:
        no_rubric = _("The call has no rubric yet: its staff must set its criteria first.")
        missing.append(Missing(None, "criteria", no_rubric))
    for criterion in criteria:
        name = criterion.text(language, default_language).get("name") or criterion.key
        score = scores.get(criterion.pk)
        if score is None or score.value is None:
            missing.append(Missing(criterion.key, "value", _("Score “%(name)s”.") % {"name": name}))
        comment = score.comment if score else ""
        if criterion.comment_required and not comment.strip():
            missing.append(Missing(criterion.key, "comment", _("Comment on “%(name)s”.") % {"name": name}))
        if len(comment) > CRITERION_COMMENT_MAX:
            missing.append(Missing(criterion.key, "comment", _("Shorten the comment on “%(name)s”.") % {"name": name}))
    if review is None or not review.recommendation:
        missing.append(Missing(None, "recommendation", _("Give your recommendation.")))
    for field, message in (
        ("comment", _("Shorten your comments for staff.")),
        ("feedback", _("Shorten your feedback for the applicant.")),
    ):
        if review is not None and len(getattr(review, field)) > REVIEW_TEXT_MAX:
            missing.append(Missing(None, field, message))
    return missing


@transaction.atomic
def submit_review(assignment: Assignment, *, by, language: str = "", now=None) -> Review:
    """Submit the review and store its total. Raises IncompleteReview (listing what is missing)
    or ReviewSubmitted; either way nothing changes."""
    now = now or timezone.now()
    # The call's row first, as the rubric's services take it, then its criteria: a criterion
    # added or re-weighted at the same instant waits, and then finds the rubric frozen.
    RFP.objects.select_for_update(no_key=True).filter(pk=assignment.rfp_id).exists()
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    can_read_application(by, locked, now).enforce()
    review = Review.objects.select_for_update().filter(assignment=locked).select_related("rfp").first()
    if review is not None and review.is_submitted:
        raise ReviewSubmitted(_("This review has already been submitted."))
    criteria = list(Criterion.objects.select_for_update().filter(rfp_id=locked.rfp_id).order_by("position", "pk"))
    scores = {score.criterion_id: score for score in Score.objects.filter(review=review)} if review else {}
    default_language = locked.rfp.default_language
    missing = what_is_missing(criteria, review, scores, language or default_language, default_language)
    if missing:
        raise IncompleteReview(missing)
    review.total = review_total(
        Mark(weight=criterion.weight, scale_max=criterion.scale_max, value=scores[criterion.pk].value)
        for criterion in criteria
    )
    review.status, review.submitted_at, review.updated_at = Review.Status.SUBMITTED, now, now
    review.save(update_fields=["total", "status", "submitted_at", "updated_at"])
    audit.record(by, "review.submitted", review, detail={"assignment": locked.pk, "criteria": len(criteria)})
    return review
