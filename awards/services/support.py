"""Technical support beside the money: the staff who run an award's call add and change its
support commitments (what, who provides it, its status and dates); a grantee asks for support on
their own award, which waits as `requested` until staff plan or decline it. The other side is
told through the outbox, discreetly: what the support is stays on the award's page."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from grants.selectors import staff_of
from grants.services.deadlines import holders_of
from notifications.services import notify_many

from .. import rules
from ..models import Award, SupportCommitment
from ..permissions import can_manage_awards
from ..selectors import awards_of

Status = SupportCommitment.Status
# What staff set; `requested` is only ever the grantee's ask, waiting for them.
STAFF_STATUSES = (Status.PLANNED, Status.UNDER_WAY, Status.DONE, Status.DECLINED)
DESCRIPTION_MAX = 2000


def _checked(kind: str, description: str, *, required: bool) -> str:
    if kind not in SupportCommitment.Kind.values:
        raise TypeError(f"No such kind of support: {kind!r}")
    description = (description or "").strip()
    if required and not description:
        raise Refused(_("Say what support you need: staff read it before they plan it."), field="description")
    if len(description) > DESCRIPTION_MAX:
        raise Refused(_("At most %(limit)d characters.") % {"limit": DESCRIPTION_MAX}, field="description")
    return description


def _checked_dates(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise Refused(_("The support cannot end before it starts."), field="ends_on")


def _locked(award: Award) -> Award:
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("rfp", "application__organisation")
        .get(pk=award.pk)
    )
    rules.can_take_support(award).enforce()
    return award


def _tell_grantee(award: Award, template: str, key: str) -> None:
    notify_many((person, template, {}, f"{template}:{key}:{person.pk}") for person in holders_of(award.application))


@transaction.atomic
def add_support(
    award: Award, *, kind: str, description: str, provider: str, status: str, starts_on, ends_on, by, now=None
) -> SupportCommitment:
    """Staff add a commitment to an award of a call they run; its grantee is told."""
    now = now or timezone.now()
    can_manage_awards(by, award.rfp).enforce()
    if status not in STAFF_STATUSES:
        raise TypeError(f"Staff do not set a commitment to {status!r}")
    description = _checked(kind, description, required=False)
    _checked_dates(starts_on, ends_on)
    award = _locked(award)
    commitment = SupportCommitment.objects.create(
        award=award,
        kind=kind,
        description=description,
        provider=provider.strip(),
        status=status,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    audit.record(by, "award.support_added", award, detail={"support": commitment.pk, "kind": kind, "status": status})
    _tell_grantee(award, "awards/support_added", str(commitment.pk))
    return commitment


@transaction.atomic
def change_support(
    commitment: SupportCommitment,
    *,
    kind: str,
    description: str,
    provider: str,
    status: str,
    starts_on,
    ends_on,
    by,
    now=None,
) -> SupportCommitment:
    """Staff change a commitment (planning or declining what the grantee asked for too); the
    grantee is told when its status changes."""
    now = now or timezone.now()
    can_manage_awards(by, commitment.award.rfp).enforce()
    if status not in STAFF_STATUSES:
        raise TypeError(f"Staff do not set a commitment to {status!r}")
    description = _checked(kind, description, required=False)
    _checked_dates(starts_on, ends_on)
    award = _locked(commitment.award)
    stored = SupportCommitment.objects.select_for_update().get(pk=commitment.pk, award=award)
    moved = stored.status != status
    previous = stored.status
    stored.kind, stored.description, stored.provider = kind, description, provider.strip()
    stored.status, stored.starts_on, stored.ends_on, stored.updated_at = status, starts_on, ends_on, now
    stored.save(update_fields=["kind", "description", "provider", "status", "starts_on", "ends_on", "updated_at"])
    audit.record(
        by, "award.support_changed", award, detail={"support": stored.pk, "status": status, "previous": previous}
    )
    if moved:
        _tell_grantee(award, "awards/support_changed", f"{stored.pk}:{now.timestamp():.6f}")
    return stored


@transaction.atomic
def ask_for_support(award: Award, *, kind: str, description: str, by, now=None) -> SupportCommitment:
    """A grantee asks for support on their own award; the staff who run its call are told."""
    now = now or timezone.now()
    if not awards_of(by).filter(pk=award.pk).exists():
        raise Refused(_("Only the grantee asks for support on an award."))
    description = _checked(kind, description, required=True)
    award = _locked(award)
    commitment = SupportCommitment.objects.create(
        award=award,
        kind=kind,
        description=description,
        status=Status.REQUESTED,
        requested_by_grantee=True,
        created_by=by,
        created_at=now,
        updated_at=now,
    )
    audit.record(by, "award.support_requested", award, detail={"support": commitment.pk, "kind": kind})
    notify_many(
        (
            person,
            "awards/support_requested",
            {"reference": award.reference, "call_number": award.rfp_id},
            f"awards/support_requested:{commitment.pk}:{person.pk}",
        )
        for person in staff_of(award.rfp)
    )
    return commitment
