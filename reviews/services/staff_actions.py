"""What staff do with a submitted review: give it back to its reviewer (reopen), or release its
feedback to the applicant. Each asks the same permission the page shows its button by."""

from django.db import transaction
from django.utils import timezone

from audit import services as audit
from notifications.services import notify

from ..models import Review
from ..permissions import can_release_feedback, can_reopen_review


def _locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update()
        .select_related("rfp", "assignment", "reviewer", "application")
        .get(pk=review.pk)
    )


@transaction.atomic
def reopen_review(review: Review, *, by, now=None) -> Review:
    """Back to a draft its reviewer may change and submit again: the stored total is cleared (it
    no longer stands for a submitted review) and so is a feedback release (the feedback may
    change; staff release it again). The reviewer is told."""
    now = now or timezone.now()
    review = _locked(review)
    can_reopen_review(by, review, now).enforce()
    review.status, review.total = Review.Status.DRAFT, None
    review.reopened_at, review.feedback_released_at = now, None
    review.save(update_fields=["status", "total", "reopened_at", "feedback_released_at"])
    audit.record(by, "review.reopened", review, detail={"assignment": review.assignment_id})
    notify(
        review.reviewer,
        "reviews/review_reopened",
        {"reference": review.application.reference, "assignment": review.assignment.public_id},
        dedupe_key=f"reviews/reopened:{review.pk}:{now.isoformat()}",
    )
    return review


@transaction.atomic
def release_feedback(review: Review, *, by, now=None) -> Review:
    """The applicant may read this review's feedback from now on, and is told so."""
    now = now or timezone.now()
    review = _locked(review)
    can_release_feedback(by, review).enforce()
    review.feedback_released_at = now
    review.save(update_fields=["feedback_released_at"])
    audit.record(by, "review.feedback_released", review, detail={"application": review.application_id})
    application = review.application
    notify(
        application.applicant,
        "reviews/feedback_released",
        {"reference": application.reference, "application": application.public_id},
        dedupe_key=f"reviews/feedback-released:{review.pk}:{now.isoformat()}",
    )
    return review
