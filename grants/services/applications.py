"""Applying: starting an application, saving it section by section, submitting and withdrawing
it. One transaction each, with its audit event (ids and counts only, never an answer) and its
messages. The status changes only through `move`."""

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Value, When, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.times import utc_to_local
from notifications.services import notify_many

from .. import rules
from ..answers import decimal_of, problem, progress_of
from ..deadlines import effective_deadline, is_open, next_reminder_at
from ..errors import ApplyError, SectionConflict, SubmissionError
from ..models import RFP, Application, ExtensionRequest, Question, ReferenceCounter, Section
from ..permissions import can_apply
from ..protected import answers_of, store_answers
from ..search import refresh_search_vector
from ..selectors import applications_of, form_of, live_questions_of, open_rfps, same_holder_applications
from ..snapshot import snapshot_of
from .versions import record_version

S = Application.Status
# Who is told, and with which message, when an application moves.
MOVE_MESSAGES = {S.SUBMITTED: "grants/submitted", S.WITHDRAWN: "grants/withdrawn"}


def move(application: Application, to: str, *, by, now=None) -> Application:
    """The one way an application's status changes (rules.MOVES): the row is saved, the move
    audited and the owners told, in the caller's transaction."""
    move_all([application], to, by=by, now=now)
    return application


def move_all(applications, to: str, *, by, now=None) -> list[Application]:
    """`move` for many applications at once, writing what as many moves would: one statement
    per table however many. Refused as a whole, nothing changed, when any one may not move."""
    applications = list(applications)
    if len({application.pk for application in applications}) < len(applications):
        raise TypeError("An application is given twice")
    for application in applications:
        rules.can_move(application, to).enforce()
    if not applications:
        return applications
    now = now or timezone.now()
    was = {application.pk: application.status for application in applications}
    # A request for more time is moot once the draft is submitted or withdrawn.
    moot = {
        application.pk
        for application in applications
        if application.status == S.DRAFT and application.extension_requested_at is not None
    }
    changes = {"status": to, "next_reminder_at": None}
    if to == S.SUBMITTED:
        changes["submitted_at"] = now
    if to == S.WITHDRAWN:
        changes["withdrawn_at"] = now
    for application in applications:
        for field, value in changes.items():
            setattr(application, field, value)
        if application.pk in moot:
            application.extension_requested_at = None
    if moot:
        changes["extension_requested_at"] = Case(
            When(pk__in=list(moot), then=Value(None)), default=F("extension_requested_at")
        )
        ExtensionRequest.objects.filter(application_id__in=list(moot), status=ExtensionRequest.Status.PENDING).update(
            status=ExtensionRequest.Status.CLOSED, decided_at=now
        )
    Application.objects.filter(pk__in=list(was)).update(**changes)
    audit.record_many(
        by, [(f"application.{to}", application, {"from": was[application.pk]}) for application in applications]
    )
    template = MOVE_MESSAGES.get(to)
    if template:
        prefetch_related_objects(applications, "applicant", "rfp")
        notify_many(
            (
                recipient,
                template,
                {"application": application, "call_title": _call_title(application, recipient)},
                f"{template}:{application.pk}:{recipient.pk}",
            )
            for application in applications
            for recipient in _told_of(application, by)
        )
    return applications


def _told_of(application: Application, by) -> list:
    people = {application.applicant_id: application.applicant}
    if by is not None and getattr(by, "pk", None):
        people[by.pk] = by
    return list(people.values())


def _call_title(application: Application, recipient) -> str:
    return application.rfp.text(recipient.language).get("title", "")


def check_still_open(application: Application, by, now, section_pk: int | None = None) -> None:
    """A draft takes changes until its effective deadline; after it, nothing changes. A
    submitted application takes them only in the sections staff reopened, until their instant."""
    rules.can_edit_answers(application, section_pk, now).enforce()
    if application.is_draft and not is_open(application, now):
        raise ApplyError(deadline_passed_message(effective_deadline(application), by))


def owned_for_change(application: Application, by) -> Application:
    """The application's row, locked, if `by` may act on it (its owners only)."""
    stored = applications_of(by).select_for_update(of=("self",)).filter(pk=application.pk).first()
    if stored is None:
        raise ApplyError(_("This application is not yours."))
    return stored


@transaction.atomic
def start_application(rfp: RFP, *, by, organisation=None, now=None) -> Application:
    """A new draft to an open call, as `by` alone or for one of their organisations."""
    now = now or timezone.now()
    can_apply(by).enforce()
    if not open_rfps(now).filter(pk=rfp.pk).exists():
        raise ApplyError(_("This call is not open for applications."))
    if organisation is not None and not by.memberships.filter(organisation=organisation).exists():
        raise ApplyError(_("You can apply only for an organisation you belong to."), field="organisation")
    # Serialise the starts of one holder on the call's row, so the limit holds under double clicks;
    # the locked row's deadline is the current one, which the caller's copy may predate (the
    # reminders are set from it).
    rfp.deadline = RFP.objects.select_for_update().values_list("deadline", flat=True).get(pk=rfp.pk)
    if same_holder_applications(rfp, by, organisation).count() >= rfp.applications_per_applicant:
        limit = rfp.applications_per_applicant
        if limit > 1:
            message = _("This call takes at most %(count)d applications from one applicant or organisation.") % {
                "count": limit
            }
        elif organisation is not None:
            message = _("Your organisation already has an application to this call.")
        else:
            message = _("You already have an application to this call.")
        raise ApplyError(message, field="organisation")
    application = Application.objects.create(
        rfp=rfp,
        applicant=by,
        organisation=organisation,
        language=by.language if by.language in rfp.languages else rfp.default_language,
        currency=rfp.currency,
        country=organisation.country if organisation else "",
        created_at=now,
        updated_at=now,
        last_saved_by=by,
    )
    application.next_reminder_at = next_reminder_at(effective_deadline(application), now)
    if application.next_reminder_at:
        application.save(update_fields=["next_reminder_at"])
    audit.record(by, "application.started", application, detail={"rfp": rfp.pk})
    return application


def _section_values(stored: dict, questions: list[Question]) -> dict:
    return {question.key: stored.get(question.key) for question in questions if question.type != Question.Type.FILE}


@transaction.atomic
def save_section(
    application: Application, section: Section, values: dict, *, by, seen_version: int | None = None, now=None
) -> dict[str, str]:
    """Keep what was typed in one section, valid or not, and return the problems by question
    key (shown beside the fields). Only this section's answers change, under the row lock, so
    colleagues saving other sections lose nothing. Raises SectionConflict when a colleague
    saved this section since `seen_version` and their answers differ from these."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    check_still_open(stored, by, now, section.pk)
    if section.rfp_id != stored.rfp_id:
        raise TypeError("The section is not of this application's call")
    questions = [question for question in section.questions.all() if question.retired_at is None]
    typed = {question.key: values.get(question.key) for question in questions if question.type != Question.Type.FILE}
    current = answers_of(stored)
    version = stored.section_versions.get(str(section.pk), 0)
    if seen_version is not None and seen_version != version:
        theirs = _section_values(current, questions)
        if theirs != typed:
            raise SectionConflict(
                _(
                    "Someone else saved this section after you opened it. Their answers are shown "
                    "beside yours: choose what to keep and save again."
                ),
                theirs=theirs,
                version=version,
                saved_by=stored.last_saved_by.get_full_name() if stored.last_saved_by else "",
            )
    store_answers(stored, typed, questions)
    stored.section_versions = {**stored.section_versions, str(section.pk): version + 1}
    stored.updated_at, stored.last_saved_by = now, by
    _copy_columns(stored, {**current, **typed})
    stored.save(
        update_fields=[
            "answers",
            "sensitive_answers",
            "section_versions",
            "updated_at",
            "last_saved_by",
            "title",
            "requested_amount",
            "country",
        ]
    )
    audit.record(by, "application.section_saved", stored, detail={"section": section.pk})
    application.section_versions = stored.section_versions
    application.updated_at = now
    rfp = stored.rfp
    return {
        question.key: message for question in questions if (message := problem(question, typed.get(question.key), rfp))
    }


def _copy_columns(application: Application, answers: dict) -> None:
    """The columns staff tables sort and filter on: the first short text answer that neither
    names the applicant nor is sensitive is the title; the first amount, the amount asked."""
    questions = live_questions_of(application.rfp).order_by("section__position", "section__pk", "position", "pk")
    plain = [question for question in questions if not question.sensitive and not question.identifying]
    title = next((answers.get(q.key) for q in plain if q.type == Question.Type.SHORT_TEXT), None)
    application.title = (title or "")[:500] if isinstance(title, str) else ""
    amount = next((answers.get(q.key) for q in plain if q.type == Question.Type.AMOUNT), None)
    application.requested_amount = decimal_of(amount) if isinstance(amount, str) and amount else None
    if application.organisation_id is None:
        country = next((answers.get(q.key) for q in plain if q.type == Question.Type.COUNTRY), None)
        application.country = country if isinstance(country, str) else ""


def next_reference(now) -> str:
    """The next reference of the year, e.g. A-2026-42: the counter row stays locked until the
    submission commits, so two submissions never share a number."""
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=now.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{settings.APPLICATION_REFERENCE_PREFIX}-{now.year}-{counter.last}"


def deadline_passed_message(deadline, user) -> str:
    local = utc_to_local(deadline, user.time_zone)
    return _("The deadline has passed: it was %(local)s (%(zone)s), %(utc)s UTC. Your draft is kept as it was.") % {
        "local": local.strftime("%Y-%m-%d %H:%M"),
        "zone": user.time_zone,
        "utc": deadline.strftime("%Y-%m-%d %H:%M"),
    }


def check_complete(application: Application, form: list[Section]) -> None:
    """Raise SubmissionError, listing each problem, unless every answer is given and valid."""
    answers = answers_of(application)
    files = _files_by_question(application)
    problems = []
    for section in form:
        for question in section.questions.all():
            value = answers.get(question.key)
            message = problem(question, value, application.rfp, attachments=files.get(question.key, 0), complete=True)
            if message:
                problems.append((section, question.key, message))
    if problems:
        progress = progress_of(form, answers, application.rfp, files)
        raise SubmissionError(
            _("This application cannot be submitted yet: %(answered)d of %(required)d required answers are given.")
            % {"answered": progress.answered, "required": progress.required},
            problems,
        )


@transaction.atomic
def submit_application(application: Application, *, by, now=None) -> Application:
    """Check every answer and the deadline, freeze the form into the application, give it its
    reference and send the receipt. Raises SubmissionError, and then changes nothing."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    if stored.status != S.DRAFT:
        raise SubmissionError(_("This application has already been submitted."))
    if not is_open(stored, now):
        raise SubmissionError(deadline_passed_message(effective_deadline(stored), by))
    form = form_of(stored.rfp)
    check_complete(stored, form)
    stored.form_snapshot = snapshot_of(stored.rfp, form)
    stored.reference = next_reference(now)
    stored.save(update_fields=["form_snapshot", "reference"])
    refresh_search_vector(stored)
    move(stored, S.SUBMITTED, by=by, now=now)
    record_version(stored, by=by, now=now)
    return stored


def _files_by_question(application: Application) -> dict[str, int]:
    counts: dict[str, int] = {}
    # Files sent in the more-information thread answer no question.
    for key in application.attachments.filter(message__isnull=True).values_list("question_key", flat=True):
        counts[key] = counts.get(key, 0) + 1
    return counts


@transaction.atomic
def withdraw_application(application: Application, *, by, now=None) -> Application:
    stored = owned_for_change(application, by)
    rules.can_withdraw(stored).enforce()
    return move(stored, S.WITHDRAWN, by=by, now=now)
