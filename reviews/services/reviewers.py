"""A call's reviewers: attached by its staff from the accounts that may review it, detached
once they have no live assignment in it, and excluded from countries and organisations whose
applications they must not review. Audited with ids and counts only."""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import services as audit
from grants.models import RFP

from ..errors import ReviewError
from ..models import Assignment, CallReviewer
from ..permissions import can_manage_reviews, can_review_for


@transaction.atomic
def attach_reviewer(rfp: RFP, reviewer, *, by) -> CallReviewer:
    can_manage_reviews(by, rfp).enforce()
    if reviewer is None:
        raise ReviewError(_("Choose an account."), field="reviewer")
    verdict = can_review_for(reviewer, rfp)
    if not verdict:
        raise ReviewError(verdict.reason, field="reviewer")
    call_reviewer, created = CallReviewer.objects.get_or_create(rfp=rfp, reviewer=reviewer, defaults={"added_by": by})
    if not created:
        raise ReviewError(_("This account is already one of the call's reviewers."), field="reviewer")
    audit.record(by, "rfp.reviewer_attached", rfp, detail={"reviewer": reviewer.pk})
    return call_reviewer


@transaction.atomic
def detach_reviewer(call_reviewer: CallReviewer, *, by) -> None:
    """Refused while they have live assignments in the call: those are staff's to remove or
    reassign first, one by one, so that no review under way disappears unseen."""
    can_manage_reviews(by, call_reviewer.rfp).enforce()
    live = Assignment.objects.filter(
        rfp_id=call_reviewer.rfp_id, reviewer_id=call_reviewer.reviewer_id, status=Assignment.Status.ACTIVE
    ).count()
    if live:
        raise ReviewError(
            ngettext(
                "This reviewer has %(count)d live assignment in this call: remove or reassign it first.",
                "This reviewer has %(count)d live assignments in this call: remove or reassign them first.",
                live,
            )
            % {"count": live}
        )
    audit.record(by, "rfp.reviewer_detached", call_reviewer.rfp, detail={"reviewer": call_reviewer.reviewer_id})
    call_reviewer.delete()


@transaction.atomic
def set_exclusions(call_reviewer: CallReviewer, countries, organisations, *, by) -> CallReviewer:
    """The countries and organisations whose applications the reviewer is not assigned from now
    on (assignments already made stay: staff see them and may reassign)."""
    can_manage_reviews(by, call_reviewer.rfp).enforce()
    call_reviewer.excluded_countries = sorted(set(countries))
    call_reviewer.save(update_fields=["excluded_countries"])
    call_reviewer.excluded_organisations.set(organisations)
    audit.record(
        by,
        "rfp.reviewer_exclusions_set",
        call_reviewer.rfp,
        detail={
            "reviewer": call_reviewer.reviewer_id,
            "countries": len(call_reviewer.excluded_countries),
            "organisations": len(organisations),
        },
    )
    return call_reviewer
