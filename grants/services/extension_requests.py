"""An applicant's request for more time on a draft, and the decision of the staff who run its
call. A request made before the deadline keeps the draft open past it until they decide
(grants/deadlines.is_open): granting moves the draft's own deadline (kept as an extension),
refusing after the deadline closes the draft."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from notifications.services import notify

from .. import rules
from ..deadlines import effective_deadline, is_past, next_reminder_at
from ..errors import ApplyError
from ..models import Application, DeadlineExtension, ExtensionRequest
from ..selectors import rfps_run_by, staff_of
from .applications import owned_for_change
from .deadlines import REASON_MAX, checked_reason, holders_of

Decision = ExtensionRequest.Status
DECISIONS = (Decision.GRANTED, Decision.SHORTENED, Decision.REFUSED)


@transaction.atomic
def request_extension(application: Application, until, reason: str, *, by, now=None) -> ExtensionRequest:
    """Ask the staff who run the call for more time, until `until`, saying why."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    verdict = rules.can_request_extension(stored, now)
    if not verdict:
        raise ApplyError(verdict.reason)
    reason = checked_reason(reason, _("Say why you need more time: staff decide on it."))
    if until <= effective_deadline(stored):
        raise ApplyError(_("Ask for an instant later than your deadline."), field="until")
    request = ExtensionRequest.objects.create(
        application=stored, requested_by=by, requested_until=until, reason=reason, created_at=now
    )
    stored.extension_requested_at = now
    stored.save(update_fields=["extension_requested_at"])
    application.extension_requested_at = now
    audit.record(by, "application.extension_requested", stored, detail={"request": request.pk})
    for person in staff_of(stored.rfp):
        notify(
            person,
            "grants/extension_requested",
            {
                "until": until,
                "zone": person.time_zone,
                "call_number": stored.rfp_id,
                "call_title": stored.rfp.text(person.language).get("title", ""),
            },
            dedupe_key=f"grants/extension_requested:{request.pk}:{person.pk}",
        )
    return request


def _granted_until(request: ExtensionRequest, decision: str, until, current, now):
    """The instant a grant moves the deadline to, checked against the request and the clock."""
    if decision == Decision.GRANTED:
        until = request.requested_until
        if until <= now:
            raise ApplyError(_("The instant asked for has passed: grant a later one, or refuse."), field="decision")
        return until
    if until is None:
        raise ApplyError(_("Choose the instant the shorter extension ends."), field="until")
    if until <= current:
        raise ApplyError(_("Choose an instant later than the current deadline."), field="until")
    if until >= request.requested_until:
        raise ApplyError(_("A shorter extension ends before the instant asked for."), field="until")
    if until <= now:
        raise ApplyError(_("Choose an instant in the future."), field="until")
    return until


@transaction.atomic
def decide_extension_request(
    request: ExtensionRequest, decision: str, until, message: str, *, by, now=None
) -> ExtensionRequest:
    """Grant the request (to the instant asked for), grant a shorter one (`until`, between the
    current deadline and the instant asked for), or refuse it with a message to the applicant."""
    now = now or timezone.now()
    if decision not in DECISIONS:
        raise TypeError(f"No such decision: {decision!r}")
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("rfp", "applicant", "organisation")
        .filter(pk=request.application_id, rfp__in=rfps_run_by(by))
        .first()
    )
    if application is None:
        raise ApplyError(_("You do not run this call."))
    stored = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if stored.status != Decision.PENDING or not application.is_draft:
        raise ApplyError(_("This request has already been decided."))
    message = (message or "").strip()
    if len(message) > REASON_MAX:
        raise ApplyError(_("At most %(limit)d characters.") % {"limit": REASON_MAX}, field="message")
    current = effective_deadline(application)
    if decision == Decision.REFUSED:
        if not message:
            raise ApplyError(_("Tell the applicant why: they read this message."), field="message")
    else:
        until = _granted_until(stored, decision, until, current, now)
        stored.granted_until = until
        # A call-wide extension since the request may already reach past what was asked.
        if until > current:
            DeadlineExtension.objects.create(
                rfp=application.rfp,
                application=application,
                scope=DeadlineExtension.Scope.REQUEST,
                request=stored,
                previous_deadline=current,
                new_deadline=until,
                reason=stored.reason,
                by=by,
                created_at=now,
            )
            application.extended_until = until
    stored.status, stored.message, stored.decided_by, stored.decided_at = decision, message, by, now
    stored.save(update_fields=["status", "granted_until", "message", "decided_by", "decided_at"])
    deadline = effective_deadline(application)
    application.extension_requested_at = None
    application.next_reminder_at = next_reminder_at(deadline, now)
    application.save(update_fields=["extended_until", "extension_requested_at", "next_reminder_at"])
    audit.record(by, "application.extension_decided", application, detail={"request": stored.pk, "decision": decision})
    _tell_decision(application, stored, deadline, closed=is_past(deadline, now))
    request.status, request.granted_until = stored.status, stored.granted_until
    return stored


def _tell_decision(application: Application, request: ExtensionRequest, deadline, *, closed: bool) -> None:
    for person in holders_of(application):
        notify(
            person,
            "grants/extension_decided",
            {
                "decision": request.status,
                "deadline": deadline,
                "zone": person.time_zone,
                "message": request.message,
                "closed": closed,
                "call_title": application.rfp.text(person.language).get("title", ""),
            },
            dedupe_key=f"grants/extension_decided:{request.pk}:{person.pk}",
        )
