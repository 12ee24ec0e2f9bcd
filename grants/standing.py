"""Where a rapid-response application stands, as its applicant sees it: how long ago it was
received, and within how many days most applications to the call are decided, from those
decided in the last 90 days. The moment of a decision is the audit event of the move to awarded
or declined (services.applications.move records it), so no column repeats it."""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone

from audit.models import AuditEvent

from .models import RFP, Application

S = Application.Status
WINDOW = timedelta(days=90)
# Fewer decisions than this say too little to promise anything.
ENOUGH_DECISIONS = 5
# "Most": three out of four were decided within the days shown.
SHARE = 0.75
DECIDED_VERBS = ("application.awarded", "application.declined")
WAITING = (S.SUBMITTED, S.IN_REVIEW)


@dataclass(frozen=True)
class Standing:
    received_at: datetime
    waited_days: int
    decided_within_days: int | None  # None: not enough decisions yet to say


def decision_durations(rfp: RFP, now: datetime) -> list[timedelta]:
    """How long each application to the call decided in the last 90 days waited: one query."""
    decided_at = (
        AuditEvent.objects.filter(
            verb__in=DECIDED_VERBS,
            target_type=Application._meta.label_lower,
            target_id=Cast(OuterRef("pk"), CharField()),
        )
        .order_by("-at", "-pk")
        .values("at")[:1]
    )
    rows = (
        Application.objects.filter(rfp=rfp, status__in=[S.AWARDED, S.DECLINED], submitted_at__isnull=False)
        .annotate(decided_at=Subquery(decided_at))
        .filter(decided_at__gte=now - WINDOW)
        .values_list("submitted_at", "decided_at")
    )
    return [decided - submitted for submitted, decided in rows]


def usual_days(durations: list[timedelta]) -> int | None:
    """The whole days within which SHARE of the durations fall (rounded up), or None when
    there are too few to say."""
    if len(durations) < ENOUGH_DECISIONS:
        return None
    ordered = sorted(durations)
    within = ordered[math.ceil(SHARE * len(ordered)) - 1]
    return max(1, math.ceil(within / timedelta(days=1)))


def standing_of(application: Application, now: datetime | None = None) -> Standing | None:
    """For a rapid-response application awaiting its decision; None for any other."""
    if application.rfp.mechanism != RFP.Mechanism.RAPID_RESPONSE or application.status not in WAITING:
        return None
    now = now or timezone.now()
    return Standing(
        received_at=application.submitted_at,
        waited_days=(now - application.submitted_at).days,
        decided_within_days=usual_days(decision_durations(application.rfp, now)),
    )
