"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from grants.models import RFP, Application, Question
from grants.selectors import applications_of, rfps_run_by

from .models import Assignment, CallReviewer, ConflictDeclaration, Criterion, Review, ReviewRound, Score
from .permissions import can_manage_reviews
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


def applications_with_released_feedback_of(user) -> QuerySet[Application]:
    """The user's applications on which staff released some feedback, newest submitted first,
    with their call: one query, for the applicant's dashboard."""
    released = Review.objects.filter(application=OuterRef("pk"), feedback_released_at__isnull=False)
    return applications_of(user).filter(Exists(released)).select_related("rfp").order_by("-submitted_at", "-pk")


def identifying_question_keys(rfp: RFP) -> QuerySet:
    """The keys of the call's questions marked identifying today, removed ones included (their
    answers are still in the copies submitted before)."""
    return Question.objects.filter(rfp=rfp, identifying=True).values_list("key", flat=True)


# --- Staff: a call's reviewers, assignments and conflicts -------------------------------------

# Applications staff assign reviewers to: submitted, and not yet decided or withdrawn.
ASSIGNABLE_STATUSES = (Application.Status.SUBMITTED, Application.Status.IN_REVIEW)


def call_managed_by(user, pk: int) -> RFP | None:
    """A call whose reviews the user manages (permissions.can_manage_reviews), else None."""
    rfp = rfps_run_by(user).filter(pk=pk).first()
    if rfp is None or not can_manage_reviews(user, rfp):
        return None
    return rfp


def live_assignments_to(rfp: RFP) -> QuerySet[Assignment]:
    return Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE)


def call_reviewers_of(rfp: RFP) -> QuerySet[CallReviewer]:
    """The call's reviewers, each with `live` (their live assignments in it) and the
    organisations they are excluded from."""
    live = Count(
        "reviewer__assignments", filter=Q(reviewer__assignments__rfp=rfp, reviewer__assignments__status="active")
    )
    return reviewers_of(rfp).annotate(live=live).prefetch_related("excluded_organisations")


def call_reviewer_of(rfp: RFP, pk: int) -> CallReviewer | None:
    return reviewers_of(rfp).filter(pk=pk).first()


def accounts_to_attach(rfp: RFP) -> QuerySet:
    """Active accounts that may review the call (permissions.can_review_for) and are not one
    of its reviewers yet."""
    roles = [Role.REVIEWER]
    if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE:
        roles += [Role.PROGRAM_STAFF, Role.ADMIN]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .exclude(reviewing_calls__rfp=rfp)
        .distinct()
        .order_by("name", "email", "pk")
    )


def assignable_applications_of(rfp: RFP) -> QuerySet[Application]:
    """The call's submitted applications, oldest first, each with `live`: its live
    assignments (their reviewers selected)."""
    live = Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(status=Assignment.Status.ACTIVE).select_related("reviewer"),
        to_attr="live",
    )
    return (
        Application.objects.filter(rfp=rfp, status__in=ASSIGNABLE_STATUSES)
        .defer("answers", "sensitive_answers", "search_vector", "form_snapshot", "section_versions")
        .select_related("organisation")
        .prefetch_related(live)
        .order_by("submitted_at", "pk")
    )


def assignable_application_of(rfp: RFP, public_id) -> Application | None:
    return assignable_applications_of(rfp).filter(public_id=public_id).first()


def assignment_to(rfp: RFP, public_id) -> Assignment | None:
    """One of the call's live assignments, by its public id."""
    return (
        live_assignments_to(rfp)
        .select_related("application__organisation", "reviewer")
        .filter(public_id=public_id, application__status__in=ASSIGNABLE_STATUSES)
        .first()
    )


def conflicts_declared_in(rfp: RFP) -> QuerySet[ConflictDeclaration]:
    """The call's declared conflicts, newest first, those still to replace first."""
    return (
        ConflictDeclaration.objects.filter(rfp=rfp)
        .select_related("application", "reviewer", "assignment")
        .order_by(F("replaced_at").asc(nulls_first=True), "-declared_at", "-pk")
    )


def conflict_in(rfp: RFP, pk: int) -> ConflictDeclaration | None:
    return conflicts_declared_in(rfp).filter(pk=pk, application__status__in=ASSIGNABLE_STATUSES).first()


def organisations_to_exclude(rfp: RFP, call_reviewer: CallReviewer) -> QuerySet[Organisation]:
    """The organisations of the call's submitted applications, and those the reviewer is
    already excluded from: the choices of their exclusions."""
    applied = Q(applications__rfp=rfp, applications__submitted_at__isnull=False)
    excluded = Q(pk__in=call_reviewer.excluded_organisations.values("pk"))
    return Organisation.objects.filter(applied | excluded).distinct().order_by("name", "pk")


def reviewer_accounts_of(rfp: RFP) -> QuerySet:
    """The accounts of the call's reviewers, by name."""
    return get_user_model().objects.filter(reviewing_calls__rfp=rfp).order_by("name", "email", "pk")


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
