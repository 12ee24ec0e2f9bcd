"""The staff hub of one award of a call they run: what was decided and offered, then its
letters, tranches, reporting duties, support and publication, each a section of its own."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from ..permissions import can_manage_awards
from ..selectors import AWARD_HUB_PREFETCH, awards_run_by


@login_required
def staff_award(request, public_id):
    award = (
        awards_run_by(request.user)
        .select_related("rfp", "application", "decision__decided_by")
        .prefetch_related(*AWARD_HUB_PREFETCH)
        .filter(public_id=public_id)
        .first()
    )
    if award is None:
        raise Http404
    can_manage = can_manage_awards(request.user, award.rfp)
    can_manage.or_404()
    context = {
        "award": award,
        "can_manage": can_manage,
        # From the prefetched letters: no query of its own.
        "reversible": award.decision.is_standing and not any(letter.accepted_at for letter in award.letters.all()),
    }
    return render(request, "awards/staff/award.html", context)
