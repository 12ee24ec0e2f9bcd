"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from grants.models import RFP, Application
from grants.selectors import rfps_run_by

from .models import Assignment, CallReviewer, Criterion, Review, ReviewRound
from .scoring import SubmittedTotal

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


# --- The reviewer's queue, the dashboards' review sections, the staff's panel of one application,
# --- the rapid-response waiting list and the reminders' question.

# What the queue reads of each assignment: never the applicant, their organisation or the
# application's title (in a blind call they identify; elsewhere the queue has no need of them).
QUEUE_FIELDS = ("public_id", "due_at", "no_conflict_confirmed_at", "rfp_id", "application__reference", "review__status")


def queue_of(user, now=None) -> tuple[list[dict], dict[int, RFP]]:
    """The reviewer's live assignments (values: their call, the application's reference, their
    review's status, in due order) and the calls they belong to, by id: two queries, however
    many. Plain values, not instances: a queue of hundreds is read on every visit."""
    rows = list(live_assignments_of(user, now).order_by("due_at", "pk").values(*QUEUE_FIELDS))
    if not rows:
        return [], {}
    calls = RFP.objects.filter(pk__in={row["rfp_id"] for row in rows}).only("texts", "languages", "default_language")
    return rows, {rfp.pk: rfp for rfp in calls}


def review_progress_of_calls_run_by(user, limit: int = 20) -> list[RFP]:
    """The calls a member of staff runs (admins: every call) that have live assignments, newest
    first, each with `live` (its live assignments) and `submitted` (those whose review was
    submitted): one query."""
    live = Assignment.objects.filter(rfp=OuterRef("pk"), status=Assignment.Status.ACTIVE)
    submitted = live.filter(review__status=Review.Status.SUBMITTED)
    return list(
        rfps_run_by(user)
        .annotate(live=_count(live), submitted=_count(submitted))
        .filter(live__gt=0)
        .only("texts", "default_language", "languages")
        .order_by("-created_at", "-pk")[:limit]
    )


def _count(assignments: QuerySet[Assignment]) -> Subquery:
    counted = assignments.order_by().values("rfp").annotate(count=Count("pk")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def assignments_of_application(application: Application) -> QuerySet[Assignment]:
    """Every assignment of one application, ended ones too, with its reviewer and review: for
    the staff who run its call (the caller has asked can_manage_reviews)."""
    return (
        Assignment.objects.filter(application=application)
        .select_related("reviewer", "review")
        .order_by("created_at", "pk")
    )


def submitted_totals_of(rfp: RFP) -> list[SubmittedTotal]:
    """Every submitted review total of the call, as scoring.standings() takes them: one query."""
    rows = Review.objects.filter(rfp=rfp, status=Review.Status.SUBMITTED).values_list(
        "application_id", "reviewer_id", "total"
    )
    return [SubmittedTotal(application=a, reviewer=r, total=total) for a, r, total in rows]


def rapid_call_run_by(user, pk: int) -> RFP | None:
    """A rapid-response call the user runs (admins: any), else None."""
    return rfps_run_by(user).filter(pk=pk, mechanism=RFP.Mechanism.RAPID_RESPONSE).first()


WAITING_STATUSES = (Application.Status.SUBMITTED, Application.Status.IN_REVIEW)


def waiting_for_review(rfp: RFP) -> QuerySet:
    """The call's submitted applications that no review has been submitted for yet, oldest
    submission first, each with whether someone is assigned to it now (values)."""
    submitted_review = Review.objects.filter(application=OuterRef("pk"), status=Review.Status.SUBMITTED)
    live = Assignment.objects.filter(application=OuterRef("pk"), status=Assignment.Status.ACTIVE)
    return (
        Application.objects.filter(rfp=rfp, status__in=WAITING_STATUSES, submitted_at__isnull=False)
        .exclude(Exists(submitted_review))
        .annotate(has_reviewer=Exists(live))
        .order_by("submitted_at", "pk")
        .values("public_id", "reference", "title", "submitted_at", "has_reviewer")
    )
