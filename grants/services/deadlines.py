"""Moving deadlines, later and with a reason: a whole call's (admins), one application's (the
staff who run its call: an applicant cut off by detention, illness or a shutdown), or every draft
from one country at once (a shutdown hits a whole country). The one move to an earlier instant is
an admin closing a call early: at once or at a set instant when it has no drafts, else only after
a notice period, its draft holders told at once. Each move is kept as a DeadlineExtension,
audited, and told to whoever holds a draft it concerns, in their language; the dedupe key holds
the new instant, so a second move is told again."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import services as audit
from notifications.services import notify_many

from ..deadlines import call_deadline, effective_deadline, next_reminder_at
from ..errors import ApplyError
from ..models import RFP, Application, DeadlineExtension
from ..permissions import can_extend_calls
from ..selectors import drafts_moved_by, rfps_run_by

REASON_MAX = 2000
# Closing a call that has drafts: the least notice its draft holders get.
NOTICE_MIN = timedelta(hours=1)


def checked_reason(reason: str, message: str | None = None, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplyError(message or _("Say why the deadline is extended: it is kept with the history."), field=field)
    if len(reason) > REASON_MAX:
        raise ApplyError(_("At most %(limit)d characters.") % {"limit": REASON_MAX}, field=field)
    return reason


def _check(new_deadline, current, reason: str, now) -> str:
    reason = checked_reason(reason)
    if new_deadline <= current:
        raise ApplyError(_("A deadline can only be extended: choose a later instant."), field="new_deadline")
    if new_deadline <= now:
        raise ApplyError(_("Choose an instant in the future."), field="new_deadline")
    return reason


def _record(
    rfp: RFP, application, previous, new_deadline, reason: str, *, by, now, closes_early=False
) -> DeadlineExtension:
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
        closes_early=closes_early,
    )
    verb = "rfp.closed_early" if closes_early else f"{'application' if application else 'rfp'}.deadline_extended"
    audit.record(by, verb, application or rfp, detail={"extension": extension.pk})
    return extension


def holders_of(application: Application) -> list:
    members = list(application.organisation.members.all()) if application.organisation_id else []
    people = {person.pk: person for person in [application.applicant, *members]}
    return list(people.values())


def _tell(moved: list[tuple[Application, datetime]], template="grants/deadline_extended") -> None:
    """Each holder of each moved draft told its new deadline: one insert however many (the
    organisations' members prefetched by the caller)."""
    notify_many(
        (
            person,
            template,
            {
                "deadline": deadline,
                "zone": person.time_zone,
                "call_title": application.rfp.text(person.language).get("title", ""),
            },
            f"{template}:{application.pk}:{deadline.isoformat()}:{person.pk}",
        )
        for application, deadline in moved
        for person in holders_of(application)
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
    _rearm_and_tell(stored, now, "grants/deadline_extended")
    rfp.deadline = new_deadline
    return extension


def _rearm_and_tell(rfp: RFP, now, template: str, *, before=None) -> None:
    """The call's drafts get their next reminder from their effective deadline under the call's
    new one, and the holders of those whose effective deadline moved are told (all of them
    without `before`, the call's previous deadline). The drafts' rows are written last, so a
    submission in the call's last minutes waits for them as briefly as it can."""
    drafts = list(
        Application.objects.filter(rfp=rfp, status=Application.Status.DRAFT)
        .defer("answers", "sensitive_answers", "search_vector", "form_snapshot")
        .select_related("applicant", "organisation")
        .prefetch_related("organisation__members")
    )
    moved = []
    for application in drafts:
        application.rfp = rfp
        deadline = effective_deadline(application)
        application.next_reminder_at = next_reminder_at(deadline, now)
        own = application.extended_until
        if before is None or deadline != (max(before, own) if own else before):
            moved.append((application, deadline))
    _tell(moved, template)
    Application.objects.bulk_update(drafts, ["next_reminder_at"])


@dataclass(frozen=True)
class EarlyClose:
    """What closing a call early would do: when it closes, and how many drafts it has."""

    closes_at: datetime
    drafts: int
    reason: str


def plan_early_close(rfp: RFP, *, reason: str, at=None, notice=None, now=None) -> EarlyClose:
    """Check an early close without doing it (the confirmation page shows its outcome).
    `notice` (a timedelta from now) is required when the call has drafts; without drafts it
    closes at `at`, or at once when neither is given. Raises ApplyError."""
    now = now or timezone.now()
    current = call_deadline(rfp)
    if current is None or not rfp.is_published:
        raise ApplyError(_("Only a published call with a closing time can close early."))
    if current <= now:
        raise ApplyError(_("This call has closed already."))
    drafts = Application.objects.filter(rfp=rfp, status=Application.Status.DRAFT).count()
    if notice is not None:
        if notice < NOTICE_MIN:
            raise ApplyError(_("Give at least an hour's notice."), field="notice")
        closes_at, field = now + notice, "notice"
    elif drafts:
        raise ApplyError(
            ngettext(
                "%(count)d applicant holds a draft of this call: give notice of the early close.",
                "%(count)d applicants hold drafts of this call: give notice of the early close.",
                drafts,
            )
            % {"count": drafts},
            field="how",
        )
    else:
        closes_at, field = at or now, "closes_at"
        if closes_at < now:
            raise ApplyError(_("Choose an instant in the future."), field=field)
    if closes_at >= current:
        raise ApplyError(_("Closing early means before the current deadline: choose an earlier time."), field=field)
    reason = checked_reason(reason, _("Say why the call closes early: it is kept with the history."))
    return EarlyClose(closes_at=closes_at, drafts=drafts, reason=reason)


@transaction.atomic
def close_call_early(rfp: RFP, *, reason: str, at=None, notice=None, by, now=None) -> DeadlineExtension:
    """Move the call's deadline earlier (see plan_early_close). Drafts whose own extension runs
    past the new instant keep it; the holders of the others are told at once."""
    now = now or timezone.now()
    can_extend_calls(by).enforce()
    stored = RFP.objects.select_for_update(no_key=True).get(pk=rfp.pk)  # as extend_call_deadline
    current = call_deadline(stored)
    plan = plan_early_close(stored, reason=reason, at=at, notice=notice, now=now)
    stored.deadline = plan.closes_at
    stored.save(update_fields=["deadline"])
    extension = _record(stored, None, current, plan.closes_at, plan.reason, by=by, now=now, closes_early=True)
    _rearm_and_tell(stored, now, "grants/call_closing_early", before=current)
    rfp.deadline = plan.closes_at
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
    _tell([(stored, new_deadline)])
    application.extended_until = new_deadline
    return extension


@transaction.atomic
def extend_country_deadline(rfp: RFP, country: str, new_deadline, reason: str, *, by, now=None) -> int:
    """Move every draft from `country` whose effective deadline is earlier than `new_deadline`
    to it, each with its own extension kept and its holders told; returns how many moved."""
    now = now or timezone.now()
    stored = rfps_run_by(by).select_for_update(of=("self",)).filter(pk=rfp.pk).first()
    if stored is None:
        raise ApplyError(_("You do not run this call."))
    if call_deadline(stored) is None:
        raise ApplyError(_("Only a published call with a closing time has a deadline to extend."))
    reason = checked_reason(reason)
    if new_deadline <= now:
        raise ApplyError(_("Choose an instant in the future."), field="new_deadline")
    drafts = list(
        drafts_moved_by(stored, country, new_deadline)
        .select_for_update(of=("self",))
        .select_related("applicant", "organisation")
        .prefetch_related("organisation__members")
        .order_by("pk")
    )
    if not drafts:
        raise ApplyError(
            _("No draft from this country has a deadline earlier than that: choose a later instant."),
            field="new_deadline",
        )
    extensions = []
    for application in drafts:
        application.rfp = stored
        extensions.append(
            DeadlineExtension(
                rfp=stored,
                application=application,
                scope=DeadlineExtension.Scope.COUNTRY,
                country=country,
                previous_deadline=effective_deadline(application),
                new_deadline=new_deadline,
                reason=reason,
                by=by,
                created_at=now,
            )
        )
        application.extended_until = new_deadline
        application.next_reminder_at = next_reminder_at(new_deadline, now)
    DeadlineExtension.objects.bulk_create(extensions)
    Application.objects.bulk_update(drafts, ["extended_until", "next_reminder_at"])
    _tell([(application, new_deadline) for application in drafts])
    audit.record(by, "rfp.deadline_extended_by_country", stored, detail={"count": len(drafts)})
    return len(drafts)
