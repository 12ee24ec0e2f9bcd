"""Moving deadlines, only ever later and with a reason: a whole call's (admins), or one
application's (the staff who run its call: an applicant cut off by detention, illness or a
shutdown). Each move is kept as a DeadlineExtension, audited, and told to whoever holds a
draft it concerns, in their language; the dedupe key holds the new instant, so a second
extension is told again."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from notifications.services import notify

from ..deadlines import call_deadline, effective_deadline, next_reminder_at
from ..errors import ApplyError
from ..models import RFP, Application, DeadlineExtension
from ..permissions import can_extend_calls
from ..selectors import rfps_run_by

REASON_MAX = 2000


def _check(new_deadline, current, reason: str, now) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplyError(_("Say why the deadline is extended: it is kept with the history."), field="reason")
    if len(reason) > REASON_MAX:
        raise ApplyError(_("At most %(limit)d characters.") % {"limit": REASON_MAX}, field="reason")
    if new_deadline <= current:
        raise ApplyError(_("A deadline can only be extended: choose a later instant."), field="new_deadline")
    if new_deadline <= now:
        raise ApplyError(_("Choose an instant in the future."), field="new_deadline")
    return reason


def _record(rfp: RFP, application, previous, new_deadline, reason: str, *, by, now) -> DeadlineExtension:
    """The extension kept as history, and audited (ids only): the call's, or one application's."""
    scope = DeadlineExtension.Scope.APPLICATION if application else DeadlineExtension.Scope.CALL
    extension = DeadlineExtension.objects.create(
        rfp=rfp,
        application=application,
        scope=scope,
        previous_deadline=previous,
        new_deadline=new_deadline,
        reason=reason,
        by=by,
        created_at=now,
    )
    audit.record(
        by,
        f"{'application' if application else 'rfp'}.deadline_extended",
        application or rfp,
        detail={"extension": extension.pk},
    )
    return extension


def _holders_of(application: Application) -> list:
    members = list(application.organisation.members.all()) if application.organisation_id else []
    people = {person.pk: person for person in [application.applicant, *members]}
    return list(people.values())


def _tell(application: Application, deadline) -> None:
    for person in _holders_of(application):
        notify(
            person,
            "grants/deadline_extended",
            {
                "deadline": deadline,
                "zone": person.time_zone,
                "call_title": application.rfp.text(person.language).get("title", ""),
            },
            dedupe_key=f"grants/deadline_extended:{application.pk}:{deadline.isoformat()}:{person.pk}",
        )


@transaction.atomic
def extend_call_deadline(rfp: RFP, new_deadline, reason: str, *, by, now=None) -> DeadlineExtension:
    now = now or timezone.now()
    can_extend_calls(by).enforce()
    # FOR NO KEY UPDATE still serialises two extensions, but lets a submission commit meanwhile:
    # its foreign-key check takes FOR KEY SHARE on the call's row, which FOR UPDATE would block
    # while this waits for that submission's draft (a deadlock, seen under bench/rush.py).
    stored = RFP.objects.select_for_update(no_key=True).get(pk=rfp.pk)
    current = call_deadline(stored)
    if current is None or not stored.is_published:
        raise ApplyError(_("Only a published call with a closing time has a deadline to extend."))
    reason = _check(new_deadline, current, reason, now)
    stored.deadline = new_deadline
    stored.save(update_fields=["deadline"])
    extension = _record(stored, None, current, new_deadline, reason, by=by, now=now)
    drafts = Application.objects.filter(rfp=stored, status=Application.Status.DRAFT).select_related(
        "rfp", "applicant", "organisation"
    )
    rearmed = []
    for application in drafts:
        application.rfp = stored
        deadline = effective_deadline(application)
        application.next_reminder_at = next_reminder_at(deadline, now)
        rearmed.append(application)
        _tell(application, deadline)
    Application.objects.bulk_update(rearmed, ["next_reminder_at"])
    rfp.deadline = new_deadline
    return extension


@transaction.atomic
def extend_application_deadline(application: Application, new_deadline, reason: str, *, by, now=None):
    now = now or timezone.now()
    stored = (
        Application.objects.select_for_update(of=("self",))
        .select_related("rfp", "applicant", "organisation")
        .filter(pk=application.pk, rfp__in=rfps_run_by(by))
        .first()
    )
    if stored is None:
        raise ApplyError(_("You do not run this call."))
    if not stored.is_draft:
        raise ApplyError(_("Only a draft has a deadline to extend."))
    current = effective_deadline(stored)
    if current is None:
        raise ApplyError(_("Only a published call with a closing time has a deadline to extend."))
    reason = _check(new_deadline, current, reason, now)
    stored.extended_until = new_deadline
    stored.next_reminder_at = next_reminder_at(new_deadline, now)
    stored.save(update_fields=["extended_until", "next_reminder_at"])
    extension = _record(stored.rfp, stored, current, new_deadline, reason, by=by, now=now)
    _tell(stored, new_deadline)
    application.extended_until = new_deadline
    return extension
