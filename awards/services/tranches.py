"""Staff mark an award's tranches paid, once paid: never one that waits on a report not yet
accepted, nor one of an award not active. The grantee is told that a payment was made, never
how much."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from grants.services.deadlines import holders_of
from notifications.services import notify_many

from .. import rules
from ..models import Award, Tranche
from ..permissions import can_manage_awards


@transaction.atomic
def mark_paid(tranche: Tranche, *, by, paid_on, now=None) -> Tranche:
    now = now or timezone.now()
    award = (
        Award.objects.select_for_update(of=("self",))
        .select_related("rfp", "application__organisation")
        .get(pk=tranche.award_id)
    )
    can_manage_awards(by, award.rfp).enforce()
    locked = Tranche.objects.select_for_update(of=("self",))
    stored = locked.select_related("requires_report__report").get(pk=tranche.pk)
    stored.award = award
    rules.tranche_can_be_paid(stored).enforce()
    if paid_on > timezone.localdate(now):
        raise Refused(_("A tranche is marked paid once it is paid: choose today or an earlier day."), field="paid_on")
    stored.paid_on, stored.paid_by = paid_on, by
    stored.save(update_fields=["paid_on", "paid_by"])
    audit.record(by, "award.tranche_paid", award, detail={"tranche": stored.pk, "paid_on": paid_on.isoformat()})
    notify_many(
        (person, "awards/tranche_paid", {}, f"awards/tranche_paid:{stored.pk}:{person.pk}")
        for person in holders_of(award.application)
    )
    tranche.paid_on, tranche.paid_by = stored.paid_on, stored.paid_by
    return stored
