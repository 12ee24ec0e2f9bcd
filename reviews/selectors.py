"""Reads of reviewing, already scoped to who asks. A reviewer reaches an application only
through one of their own live assignments, until their access ends; everything else is a 404."""

from django.contrib.auth import get_user_model
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import Organisation
from accounts.roles import Role
from grants.models import RFP, Application, Question
from grants.selectors import applications_of, rfps_run_by

from .models import Assignment, CallReviewer, ConflictDeclaration, Criterion, Review, ReviewRound, Score
from .permissions import can_manage_reviews

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
