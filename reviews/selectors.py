"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from grants.models import RFP, Application
from grants.selectors import rfps_run_by

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


# Staff ---------------------------------------------------------------------------------------


def calls_managed_by(user) -> QuerySet[RFP]:
    """The calls whose reviews a user manages: those they run, every one for admins; newest
    first, each with its number of criteria."""
    return rfps_run_by(user).annotate(criterion_count=Count("criteria")).order_by("-created_at", "-pk")


def criterion_of(rfp: RFP, pk: int) -> Criterion | None:
    return criteria_of(rfp).filter(pk=pk).first()


def rubric_summary_of(rfp: RFP) -> dict:
    """How many criteria the call's rubric has, and their total weight: one query."""
    return criteria_of(rfp).aggregate(count=Count("pk"), total_weight=Sum("weight"))
