"""Asking an applicant for more information about a submitted application: the thread (staff
ask, the applicant answers, optionally with a file), sections reopened for the applicant to
change until an instant, the resubmission that keeps a new version, and the staff's own notes.
One transaction each, audited with ids and counts only; the thread's texts are stored
encrypted (protected.sealed) and never put in a message of the outbox, which says only that
there is something to read in the portal."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from notifications.services import notify

from .. import rules
from ..errors import ApplyError
from ..models import Application, ApplicationMessage, StaffNote
from ..protected import sealed
from ..search import refresh_search_vector
from ..selectors import form_of, staff_of, submitted_applications_run_by
from ..snapshot import snapshot_of
from .applications import check_complete, owned_for_change
from .attachments import keep_clean_file
from .versions import ensure_first_version, record_version

TEXT_MAX = 5000
K = ApplicationMessage.Kind


def run_for_change(application: Application, by) -> Application:
    """The application's row, locked, if `by` runs its call (admins: every call)."""
    stored = submitted_applications_run_by(by).select_for_update(of=("self",)).filter(pk=application.pk).first()
    if stored is None:
        raise ApplyError(_("You do not run the call of this application."))
    return stored


def _text(text: str, field: str, missing: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ApplyError(missing, field=field)
    if len(text) > TEXT_MAX:
        raise ApplyError(_("At most %(limit)d characters.") % {"limit": TEXT_MAX}, field=field)
    return text


def owners_of(application: Application) -> list:
    """The applicant and, for an organisation's application, every member of it."""
    members = list(application.organisation.members.all()) if application.organisation_id else []
    people = {person.pk: person for person in [application.applicant, *members]}
    return list(people.values())


def staff_told_of(application: Application) -> list:
    """The staff who run the call and whoever asked in the thread (an admin may ask too)."""
    people = {person.pk: person for person in staff_of(application.rfp)}
    for message in application.thread.filter(kind=K.QUESTION).select_related("author"):
        people.setdefault(message.author_id, message.author)
    return list(people.values())


def _tell(people, template: str, application: Application, key: str, **context) -> None:
    for person in people:
        notify(
            person,
            template,
            {"reference": application.reference, "zone": person.time_zone, **context},
            dedupe_key=f"{template}:{application.pk}:{key}:{person.pk}",
        )


def _post(application: Application, kind: str, text: str, *, by, now) -> ApplicationMessage:
    return ApplicationMessage.objects.create(
        application=application, kind=kind, author=by, body_encrypted=sealed(text), created_at=now
    )


@transaction.atomic
def ask_question(application: Application, text: str, *, by, now=None) -> ApplicationMessage:
    """Staff who run the call ask the applicant something; its owners are told."""
    now = now or timezone.now()
    stored = run_for_change(application, by)
    rules.can_discuss(stored).enforce()
    message = _post(stored, K.QUESTION, _text(text, "text", _("Write the question.")), by=by, now=now)
    audit.record(by, "application.question_asked", stored, detail={"message": message.pk})
    _tell(owners_of(stored), "grants/question_asked", stored, str(message.pk))
    return message


@transaction.atomic
def answer_question(application: Application, text: str, uploaded=None, *, by, now=None) -> ApplicationMessage:
    """The applicant (or a member of its organisation) answers in the thread, optionally with
    one file, checked and cleaned as every upload is; the staff are told."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    rules.can_discuss(stored).enforce()
    if not stored.thread.filter(kind=K.QUESTION).exists():
        raise ApplyError(_("Staff have asked nothing about this application yet."))
    message = _post(stored, K.ANSWER, _text(text, "text", _("Write your answer.")), by=by, now=now)
    files = 0
    if uploaded is not None:
        keep_clean_file(stored, uploaded, by=by, now=now, field="file", message=message)
        files = 1
    audit.record(by, "application.question_answered", stored, detail={"message": message.pk, "files": files})
    _tell(staff_told_of(stored), "grants/question_answered", stored, str(message.pk))
    return message


@transaction.atomic
def reopen_sections(application: Application, section_pks, until, text: str, *, by, now=None) -> ApplicationMessage:
    """Staff reopen some sections for the applicant to change until `until` (the deadline no
    longer counts for them); `text`, saying what to change, is posted to the thread."""
    now = now or timezone.now()
    stored = run_for_change(application, by)
    rules.can_discuss(stored).enforce()
    known = {section.pk for section in form_of(stored.rfp)}
    chosen = sorted({int(pk) for pk in section_pks})
    if not chosen or not set(chosen) <= known:
        raise ApplyError(_("Tick at least one section of this application's form."), field="sections")
    if until is None or until <= now:
        raise ApplyError(_("Choose an instant in the future."), field="until")
    message_text = _text(text, "text", _("Say what the applicant should change: it is posted to the thread."))
    ensure_first_version(stored)
    stored.reopened_sections, stored.reopened_until = chosen, until
    stored.save(update_fields=["reopened_sections", "reopened_until"])
    message = _post(stored, K.QUESTION, message_text, by=by, now=now)
    audit.record(by, "application.sections_reopened", stored, detail={"sections": chosen, "message": message.pk})
    _tell(
        owners_of(stored),
        "grants/sections_reopened",
        stored,
        str(message.pk),
        until=until,
        count=len(chosen),
    )
    return message


@transaction.atomic
def resubmit_application(application: Application, *, by, now=None):
    """Check every answer as a submission does, freeze the form again and keep what is
    submitted now as the next version; the reference stays, the reopened sections close and
    the staff are told. Raises SubmissionError (then nothing changes)."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    rules.can_resubmit(stored, now).enforce()
    form = form_of(stored.rfp)
    check_complete(stored, form)
    stored.form_snapshot = snapshot_of(stored.rfp, form)
    stored.reopened_sections, stored.reopened_until = [], None
    stored.save(update_fields=["form_snapshot", "reopened_sections", "reopened_until"])
    refresh_search_vector(stored)  # the reopened sections' answers changed
    version = record_version(stored, by=by, now=now)
    audit.record(by, "application.resubmitted", stored, detail={"version": version.number})
    _tell(staff_told_of(stored), "grants/resubmitted", stored, str(version.number), number=version.number)
    return version


@transaction.atomic
def add_staff_note(application: Application, text: str, *, by, now=None) -> StaffNote:
    """A note only the staff who run the call (and admins) read."""
    now = now or timezone.now()
    stored = run_for_change(application, by)
    note = StaffNote.objects.create(
        application=stored, author=by, body=_text(text, "text", _("Write the note.")), created_at=now
    )
    audit.record(by, "application.note_added", stored, detail={"note": note.pk})
    return note
