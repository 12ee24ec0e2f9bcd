"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from grants.models import RFP, Application, Question
from grants.selectors import applications_of, rfps_run_by

from .models import Assignment, CallReviewer, Criterion, Review, ReviewRound, Score

# A reviewer's assignments stay readable while the application is under consideration.
READABLE_STATUSES = (
    Application.Status.SUBMITTED,
    Application.Status.IN_REVIEW,
    Application.Status.AWARDED,
    Application.Status.DECLINED,
)


def live_assignments_of(user, now=None) -> QuerySet[Assignment]:
    """The assignments a reviewer may open now: theirs, live, access not ended, on an
    application not withdrawn."""
    if not user.is_authenticated:
        return Assignment.objects.none()
    now = now or timezone.now()
    return Assignment.objects.filter(
        reviewer=user,
        status=Assignment.Status.ACTIVE,
        access_ends_at__gt=now,
        application__status__in=READABLE_STATUSES,
    )


def assignment_of(user, public_id, now=None) -> Assignment | None:
    """One of the reviewer's live assignments by its public id, with its call and application."""
    return live_assignments_of(user, now).select_related("rfp", "application").filter(public_id=public_id).first()


def criteria_of(rfp: RFP) -> QuerySet[Criterion]:
    return Criterion.objects.filter(rfp=rfp).order_by("position", "pk")


def round_of(rfp: RFP) -> ReviewRound:
    """The call's review round, its defaults when staff have not set one yet (unsaved)."""
    return ReviewRound.objects.filter(rfp=rfp).first() or ReviewRound(rfp=rfp)


def reviewers_of(rfp: RFP) -> QuerySet[CallReviewer]:
    return CallReviewer.objects.filter(rfp=rfp).select_related("reviewer").order_by("added_at", "pk")


def has_submitted_review(rfp: RFP) -> bool:
    return Review.objects.filter(rfp=rfp, status=Review.Status.SUBMITTED).exists()


def review_of(assignment: Assignment) -> Review | None:
    """The reviewer's review of their assignment (None before its first save)."""
    return Review.objects.filter(assignment=assignment).first()


def scores_of(review: Review | None) -> dict[int, Score]:
    """A review's scores by criterion id."""
    if review is None:
        return {}
    return {score.criterion_id: score for score in Score.objects.filter(review=review)}


def _with_scores(reviews: QuerySet[Review]) -> QuerySet[Review]:
    return reviews.prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("criterion__position", "pk")))


def other_submitted_reviews(assignment: Assignment) -> QuerySet[Review]:
    """The other reviewers' submitted reviews of the assignment's application, scores loaded,
    in a fixed order that says nothing of who wrote them. Permissions decide who may see them."""
    reviews = Review.objects.filter(application_id=assignment.application_id, status=Review.Status.SUBMITTED)
    return _with_scores(reviews.exclude(reviewer_id=assignment.reviewer_id).order_by("pk"))


def review_for_staff(user, rfp_pk: int, review_pk: int) -> Review | None:
    """One review of a call the user runs (admins: every call), with what its page shows."""
    reviews = Review.objects.filter(rfp__in=rfps_run_by(user), rfp_id=rfp_pk, pk=review_pk)
    return _with_scores(reviews.select_related("rfp", "application", "reviewer", "assignment")).first()


def released_feedback_of(user, public_id) -> tuple[Application | None, list[Review]]:
    """An application of the user's own (or their organisations') and the feedback staff
    released on it, oldest release first."""
    application = applications_of(user).select_related("rfp").filter(public_id=public_id).first()
    if application is None:
        return None, []
    released = Review.objects.filter(application=application, feedback_released_at__isnull=False)
    released = released.order_by("feedback_released_at", "pk").only("pk", "feedback", "feedback_released_at")
    return application, list(released)


def identifying_question_keys(rfp: RFP) -> QuerySet:
    """The keys of the call's questions marked identifying today, removed ones included (their
    answers are still in the copies submitted before)."""
    return Question.objects.filter(rfp=rfp, identifying=True).values_list("key", flat=True)
