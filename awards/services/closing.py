"""An award ends: closed by staff once every tranche is paid and every report accepted, or
cancelled (offered or active) with a reason its grantee reads. Either is audited and told."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from grants.services.deadlines import holders_of
from notifications.services import notify_many

from .. import rules
from ..models import Award
from ..permissions import can_manage_awards

REASON_MAX = 2000


def _locked(award: Award, by) -> Award:
    stored = (
        Award.objects.select_for_update(of=("self",))
        .select_related("rfp", "application__organisation")
        .prefetch_related("tranches", "report_requirements__report")
        .get(pk=award.pk)
    )
    can_manage_awards(by, stored.rfp).enforce()
    return stored


def _tell_grantee(award: Award, template: str, context: dict) -> None:
    notify_many(
        (person, template, context, f"{template}:{award.pk}:{person.pk}") for person in holders_of(award.application)
    )


@transaction.atomic
def close_award(award: Award, *, by, now=None) -> Award:
    now = now or timezone.now()
    stored = _locked(award, by)
    rules.award_can_close(stored).enforce()
    stored.status, stored.closed_at = Award.Status.CLOSED, now
    stored.save(update_fields=["status", "closed_at"])
    audit.record(by, "award.closed", stored, detail={"tranches": len(stored.tranches.all())})
    _tell_grantee(stored, "awards/closed", {})
    award.status, award.closed_at = stored.status, stored.closed_at
    return stored


@transaction.atomic
def cancel_award(award: Award, *, by, reason: str, now=None) -> Award:
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Say why the award is cancelled: its grantee reads this."), field="reason")
    if len(reason) > REASON_MAX:
        raise Refused(_("At most %(limit)d characters.") % {"limit": REASON_MAX}, field="reason")
    stored = _locked(award, by)
    rules.award_can_cancel(stored).enforce()
    previous = stored.status
    stored.status, stored.cancelled_at, stored.cancel_reason = Award.Status.CANCELLED, now, reason
    stored.save(update_fields=["status", "cancelled_at", "cancel_reason"])
    audit.record(by, "award.cancelled", stored, detail={"previous": previous})
    _tell_grantee(stored, "awards/cancelled", {"reason": reason})
    award.status, award.cancelled_at, award.cancel_reason = stored.status, stored.cancelled_at, stored.cancel_reason
    return stored
