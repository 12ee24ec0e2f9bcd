"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.db.models import QuerySet
from django.utils import timezone

from grants.models import RFP, Application, Question

from .models import Assignment, CallReviewer, Criterion, Review, ReviewRound

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


def identifying_question_keys(rfp: RFP) -> QuerySet:
    """The keys of the call's questions marked identifying today, removed ones included (their
    answers are still in the copies submitted before)."""
    return Question.objects.filter(rfp=rfp, identifying=True).values_list("key", flat=True)
