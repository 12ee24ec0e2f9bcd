"""Staff mark an award's tranches paid, close the award once everything is paid and accepted,
or cancel it with a reason: money, so each POST asks for the password again (a GET only shows
what would be done). Staff of other calls, and anyone else, find no such page."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules
from ..forms.tranches import CancelForm, MarkPaidForm
from ..permissions import can_manage_awards
from ..selectors import award_run_by_in_full, tranche_of_award_run_by
from ..services.closing import cancel_award, close_award
from ..services.tranches import mark_paid
from ._staff import hub_url


def _managed(request, public_id):
    award = award_run_by_in_full(request.user, public_id)
    if award is None or not can_manage_awards(request.user, award.rfp):
        raise Http404
    return award


# The scoped lookups come first, so that only staff of the call are asked for their password:
# anyone else gets the 404 before any re-authentication. allauth replays a POST it suspended
# for the password through the outer view, which scopes it again.


@login_required
def tranche_paid(request, public_id, tranche_id: int):
    tranche = tranche_of_award_run_by(request.user, public_id, tranche_id)
    if tranche is None or not can_manage_awards(request.user, tranche.award.rfp):
        raise Http404
    return _tranche_paid(request, tranche)


@reauthentication_required(allow_get=True)
def _tranche_paid(request, tranche):
    award = tranche.award
    verdict = rules.tranche_can_be_paid(tranche)
    form = MarkPaidForm(request.POST if request.method == "POST" else None, initial={"paid_on": timezone.localdate()})
    posted = request.method == "POST" and verdict and form.is_valid()
    if posted and attempt(form, mark_paid, tranche, by=request.user, paid_on=form.cleaned_data["paid_on"]):
        messages.success(request, _("The tranche is marked paid; the grantee is told."))
        return redirect(hub_url(award))
    context = {"award": award, "tranche": tranche, "form": form, "verdict": verdict, "back": hub_url(award)}
    return render(request, "awards/staff/tranche_paid.html", context)


@login_required
def close(request, public_id):
    return _close(request, _managed(request, public_id))


@reauthentication_required(allow_get=True)
def _close(request, award):
    verdict = rules.award_can_close(award)
    if request.method == "POST" and verdict and attempt(request, close_award, award, by=request.user):
        messages.success(request, _("The award is closed; the grantee is told."))
        return redirect(hub_url(award))
    return render(request, "awards/staff/close.html", {"award": award, "verdict": verdict, "back": hub_url(award)})


@login_required
def cancel(request, public_id):
    return _cancel(request, _managed(request, public_id))


@reauthentication_required(allow_get=True)
def _cancel(request, award):
    verdict = rules.award_can_cancel(award)
    form = CancelForm(request.POST if request.method == "POST" else None)
    posted = request.method == "POST" and verdict and form.is_valid()
    if posted and attempt(form, cancel_award, award, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, _("The award is cancelled; the grantee is told."))
        return redirect(hub_url(award))
    context = {"award": award, "form": form, "verdict": verdict, "back": hub_url(award)}
    return render(request, "awards/staff/cancel.html", context)
