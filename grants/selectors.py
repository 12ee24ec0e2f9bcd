"""Reads of calls, already scoped to who asks: staff see the calls they run (admins all), and
everyone else only what is published. A wrong id is a 404 in the views."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.models import Membership

from .deadlines import call_deadline
from .models import (
    RFP,
    Application,
    ApplicationMessage,
    ApplicationVersion,
    Attachment,
    DeadlineExtension,
    ExtensionRequest,
    Question,
    Section,
    StaffNote,
)
from .permissions import can_build_calls, can_run_every_call
from .rules import CallState


def rfps_run_by(user) -> QuerySet[RFP]:
    """The calls a user may build and edit: those they run, or every one for admins."""
    if not can_build_calls(user):
        return RFP.objects.none()
    if can_run_every_call(user):
        return RFP.objects.all()
    return RFP.objects.filter(staff=user)


def rfp_list_of(user) -> QuerySet[RFP]:
    """The builder's list: the calls a user runs, newest first, with their live question count."""
    live = Count("questions", filter=Q(questions__retired_at__isnull=True))
    return rfps_run_by(user).annotate(question_count=live).order_by("-created_at", "-pk")


def rfps_for_dashboard(user, limit: int = 20) -> list[RFP]:
    """The latest calls a user runs, each with `title` in its default language: one query."""
    rfps = list(rfps_run_by(user).order_by("-created_at", "-pk")[:limit])
    for rfp in rfps:
        rfp.title = rfp.text(rfp.default_language).get("title", "")
    return rfps


def open_rfps(now=None) -> QuerySet[RFP]:
    """What visitors and applicants see listed: published calls that are open now."""
    return with_last_move(RFP.objects.open_at(now or timezone.now()).order_by("deadline", "pk"))


def published_rfps() -> QuerySet[RFP]:
    """Any published call, open or closed: its page stays readable after it closes."""
    return with_last_move(RFP.objects.published())


def with_last_move(rfps: QuerySet[RFP]) -> QuerySet[RFP]:
    """Each call with `deadline_was` and `closed_early` from its latest call-wide extension
    (None when it has none), in the same query, for "Deadline extended to … (was …)"."""
    latest = DeadlineExtension.objects.filter(rfp=OuterRef("pk"), scope=DeadlineExtension.Scope.CALL).order_by(
        "-created_at", "-pk"
    )
    return rfps.annotate(
        deadline_was=Subquery(latest.values("previous_deadline")[:1]),
        closed_early=Subquery(latest.values("closes_early")[:1]),
    )


def staff_of(rfp: RFP):
    """The program staff who run the call, by address."""
    return rfp.staff.order_by("email", "pk")


def sections_of(rfp: RFP) -> QuerySet[Section]:
    return Section.objects.filter(rfp=rfp)


def live_questions_of(rfp: RFP) -> QuerySet[Question]:
    """The call's questions not removed from its form."""
    return Question.objects.filter(rfp=rfp, retired_at__isnull=True)


def form_of(rfp: RFP) -> list[Section]:
    """The call's sections in order, each with its live questions prefetched: one query for the
    sections and one for all their questions."""
    questions = Question.objects.filter(retired_at__isnull=True).order_by("position", "pk")
    sections = sections_of(rfp).order_by("position", "pk").prefetch_related(Prefetch("questions", queryset=questions))
    return list(sections)


def call_state(rfp: RFP) -> CallState:
    """What rules.py needs to know of a call beyond its row: one query."""
    counts = Application.objects.filter(rfp=rfp).aggregate(
        total=Count("pk"),
        drafts=Count("pk", filter=Q(status=Application.Status.DRAFT)),
        submitted=Count("pk", filter=Q(submitted_at__isnull=False)),
    )
    return CallState(
        published=rfp.published_at is not None,
        has_applications=counts["total"] > 0,
        has_drafts=counts["drafts"] > 0,
        has_submitted=counts["submitted"] > 0,
    )


def applications_of(user) -> QuerySet[Application]:
    """The applications a user may read and, while drafts, edit: their own as an individual, and
    every application of the organisations they belong to (leaving one leaves its applications)."""
    if not user.is_authenticated:
        return Application.objects.none()
    member = Membership.objects.filter(organisation=OuterRef("organisation"), user=user)
    return Application.objects.filter(Q(applicant=user, organisation__isnull=True) | Q(Exists(member)))


def submitted_applications_run_by(user) -> QuerySet[Application]:
    """What staff may open: applications once submitted (never a draft) to the calls they run.
    A withdrawn draft was never submitted, so it stays out too."""
    return Application.objects.filter(submitted_at__isnull=False, rfp__in=rfps_run_by(user))


def dashboard_applications_of(user) -> list[Application]:
    """The applicant's dashboard list, newest first, call and organisation loaded: one query."""
    return list(applications_of(user).select_related("rfp", "organisation").order_by("-updated_at", "-pk"))


def application_pages_of(user) -> QuerySet[Application]:
    """What an application's own pages read: the user's applications with their call, their
    organisation and who saved last, in the same query."""
    return applications_of(user).select_related("rfp", "organisation", "last_saved_by")


def applications_to(rfp: RFP, user) -> QuerySet[Application]:
    """The user's applications (their own and their organisations') to one call, newest first."""
    return applications_of(user).filter(rfp=rfp).select_related("organisation").order_by("-created_at", "-pk")


def forms_of(rfps) -> dict[int, list[Section]]:
    """`form_of` for several calls at once, by call id: two queries whatever their number."""
    questions = Question.objects.filter(retired_at__isnull=True).order_by("position", "pk")
    sections = (
        Section.objects.filter(rfp__in=[rfp.pk for rfp in rfps])
        .order_by("position", "pk")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )
    forms: dict[int, list[Section]] = {rfp.pk: [] for rfp in rfps}
    for section in sections:
        forms[section.rfp_id].append(section)
    return forms


def file_counts_of(applications) -> dict[int, dict[str, int]]:
    """How many files answer each question, by application id then question key: one query."""
    counts: dict[int, dict[str, int]] = {application.pk: {} for application in applications}
    rows = (
        Attachment.objects.filter(
            application__in=[application.pk for application in applications], message__isnull=True
        )
        .order_by()
        .values_list("application_id", "question_key")
        .annotate(count=Count("pk"))
    )
    for application_id, key, count in rows:
        counts[application_id][key] = count
    return counts


def attachments_of(application: Application) -> QuerySet:
    """The files answering the application's questions (not those sent in its thread)."""
    return application.attachments.filter(message__isnull=True).order_by("uploaded_at", "pk")


def thread_files_of(application: Application) -> QuerySet:
    """The files sent with answers in the application's more-information thread."""
    return application.attachments.filter(message__isnull=False).order_by("uploaded_at", "pk")


def thread_of(application: Application) -> QuerySet[ApplicationMessage]:
    """The more-information thread, oldest first, with its authors: one query (the caller
    matches the files, thread_files_of, to their messages)."""
    return application.thread.select_related("author").order_by("created_at", "pk")


def versions_of(application: Application) -> QuerySet[ApplicationVersion]:
    return application.versions.select_related("submitted_by").order_by("number")


def staff_notes_of(application: Application, user) -> QuerySet[StaffNote]:
    """The staff's notes on an application, for the staff who run its call (admins: every
    call) and no one else, applicants least of all: one query."""
    run = submitted_applications_run_by(user).filter(pk=application.pk)
    return StaffNote.objects.filter(application__in=run).select_related("author").order_by("created_at", "pk")


# What staff see of a draft: who holds it and its own deadline, never its answers.
HOLDER_FIELDS = (
    "public_id",
    "applicant__name",
    "organisation__name",
    "organisation__country",
    "country",
    "extended_until",
    "extension_requested_at",
)


def draft_holders_of(rfp: RFP, country: str = "") -> QuerySet[Application]:
    """What staff may know of the drafts of a call they run: who holds each, when it was last
    saved and its own deadline, never an answer (the values are read, not the rows). `country`
    keeps the drafts from one country (the organisation's, or the one the applicant gave)."""
    drafts = Application.objects.filter(rfp=rfp, status=Application.Status.DRAFT)
    if country:
        drafts = drafts.filter(country=country)
    return drafts.order_by("-updated_at", "pk").values(*HOLDER_FIELDS, "updated_at")


def draft_countries_of(rfp: RFP) -> list[tuple[str, int]]:
    """The countries the call's drafts are from, each with how many: one query."""
    rows = (
        Application.objects.filter(rfp=rfp, status=Application.Status.DRAFT)
        .exclude(country="")
        .order_by("country")
        .values_list("country")
        .annotate(count=Count("pk"))
    )
    return list(rows)


def drafts_moved_by(rfp: RFP, country: str, new_deadline) -> QuerySet[Application]:
    """The drafts from `country` whose effective deadline (grants/deadlines.py: the later of the
    call's and their own) is earlier than `new_deadline`: those an extension by country moves."""
    deadline = call_deadline(rfp)
    if deadline is None or deadline >= new_deadline:
        return Application.objects.none()
    return Application.objects.filter(rfp=rfp, status=Application.Status.DRAFT, country=country).filter(
        Q(extended_until__isnull=True) | Q(extended_until__lt=new_deadline)
    )


def draft_run_by(user, rfp: RFP, public_id) -> Application | None:
    """A draft of a call the user runs, with who holds it, its answers left unread."""
    return (
        Application.objects.filter(rfp__in=rfps_run_by(user), rfp=rfp, status=Application.Status.DRAFT)
        .filter(public_id=public_id)
        .select_related("rfp", "applicant", "organisation")
        .defer("answers", "sensitive_answers", "section_versions")
        .first()
    )


def pending_requests_of(rfp: RFP) -> QuerySet[ExtensionRequest]:
    """The applicants' requests for more time awaiting a decision on the call's drafts, oldest
    first, with who holds each draft (values only: never a draft's answers)."""
    return (
        ExtensionRequest.objects.filter(
            status=ExtensionRequest.Status.PENDING,
            application__rfp=rfp,
            application__status=Application.Status.DRAFT,
        )
        .order_by("created_at", "pk")
        .values(
            "requested_until",
            "reason",
            "created_at",
            *(f"application__{field}" for field in HOLDER_FIELDS),
            "application__updated_at",
        )
    )


def pending_request_of(application: Application) -> ExtensionRequest | None:
    return application.extension_requests.filter(status=ExtensionRequest.Status.PENDING).first()


def extension_requests_by(application: Application, limit: int = 5) -> list[ExtensionRequest]:
    """An application's requests for more time, newest first, as its owners follow them."""
    return list(application.extension_requests.order_by("-created_at", "-pk")[:limit])


def submitted_to(rfp: RFP) -> QuerySet[Application]:
    return Application.objects.filter(rfp=rfp, submitted_at__isnull=False).order_by("-submitted_at", "-pk")


def submitted_copies_of(user) -> QuerySet[Application]:
    """The applications whose submitted copy a user may read: their own once submitted (a draft
    withdrawn before it was submitted has no submitted copy)."""
    return applications_of(user).filter(submitted_at__isnull=False)


def same_holder_applications(rfp: RFP, applicant, organisation) -> QuerySet[Application]:
    """The applications one applicant (as an individual) or one organisation has to a call that
    count against its limit: all but the withdrawn."""
    holder = Q(organisation=organisation) if organisation else Q(applicant=applicant, organisation__isnull=True)
    return Application.objects.filter(holder, rfp=rfp).exclude(status=Application.Status.WITHDRAWN)


def call_extensions_of(rfp: RFP) -> QuerySet[DeadlineExtension]:
    """The history of a call's own deadline (extensions and early closes), newest first."""
    return rfp.extensions.filter(scope=DeadlineExtension.Scope.CALL).select_related("by").order_by("-created_at", "-pk")


def extension_counts_of(rfp: RFP) -> dict[str, int]:
    """How many extensions of each scope the call has had, e.g. {"application": 3}."""
    rows = rfp.extensions.values("scope").annotate(count=Count("pk")).order_by()
    return {row["scope"]: row["count"] for row in rows}


def extensions_concerning(application: Application) -> QuerySet[DeadlineExtension]:
    """The moves of its call's deadline and of its own, newest first."""
    return (
        DeadlineExtension.objects.filter(
            Q(rfp_id=application.rfp_id, scope=DeadlineExtension.Scope.CALL) | Q(application=application)
        )
        .select_related("by")
        .order_by("-created_at", "-pk")
    )


def latest_call_extension(rfp: RFP) -> DeadlineExtension | None:
    return rfp.extensions.filter(scope=DeadlineExtension.Scope.CALL).order_by("-created_at", "-pk").first()
