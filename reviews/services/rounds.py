"""A call's review round: how many days reviewers keep access after being assigned, and its
close, after which no reviewer reaches any of its applications. Each change rewrites the live
assignments' access_ends_at in one UPDATE, so every reviewer URL reads one column to decide."""

from datetime import timedelta

from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Value
from django.db.models.functions import Least
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from grants.models import RFP

from ..errors import ReviewError
from ..models import Assignment, ReviewRound
from ..permissions import can_manage_reviews


def _locked_round(rfp: RFP, by) -> ReviewRound:
    can_manage_reviews(by, rfp).enforce()
    RFP.objects.select_for_update(no_key=True).get(pk=rfp.pk)
    review_round, _created = ReviewRound.objects.select_for_update().get_or_create(rfp=rfp)
    return review_round


@transaction.atomic
def set_access_days(rfp: RFP, days: int, *, by) -> int:
    """Reviewers keep access `days` after being assigned (never past the round's close).
    Returns how many live assignments changed."""
    review_round = _locked_round(rfp, by)
    field = ReviewRound._meta.get_field("access_days")
    for validator in field.validators:
        try:
            validator(days)
        except Exception as error:
            raise ReviewError(" ".join(error.messages), field="access_days") from error
    review_round.access_days = days
    review_round.save(update_fields=["access_days"])
    ends = ExpressionWrapper(F("created_at") + timedelta(days=days), output_field=DateTimeField())
    if review_round.closed_at is not None:
        ends = Least(ends, Value(review_round.closed_at))
    count = Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE).update(access_ends_at=ends)
    audit.record(by, "rfp.review_access_set", rfp, detail={"days": days, "count": count})
    return count


@transaction.atomic
def close_round(rfp: RFP, *, by, now=None) -> int:
    """Every reviewer's access to the call's applications ends now. Returns how many live
    assignments it ended access to."""
    now = now or timezone.now()
    review_round = _locked_round(rfp, by)
    if review_round.closed_at is not None:
        raise ReviewError(_("The review round of this call is already closed."))
    review_round.closed_at, review_round.closed_by = now, by
    review_round.save(update_fields=["closed_at", "closed_by"])
    count = Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE).update(
        access_ends_at=Least(F("access_ends_at"), Value(now))
    )
    audit.record(by, "rfp.review_round_closed", rfp, detail={"count": count})
    return count
