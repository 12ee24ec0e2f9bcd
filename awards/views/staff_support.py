"""Staff add and change an award's support commitments (and plan or decline what its grantee
asked for), for the calls they run. Anyone else finds no such page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules
from ..forms.support import SupportForm
from ..permissions import can_manage_awards
from ..selectors import award_run_by, support_of_award_run_by
from ..services.support import add_support, change_support
from ._staff import hub_url


@login_required
def add(request, public_id):
    award = award_run_by(request.user, public_id)
    if award is None or not can_manage_awards(request.user, award.rfp):
        raise Http404
    verdict = rules.can_take_support(award)
    form = SupportForm(request.POST if request.method == "POST" else None)
    posted = request.method == "POST" and verdict and form.is_valid()
    if posted and attempt(form, add_support, award, **form.cleaned_data, by=request.user):
        messages.success(request, _("The support is added; the grantee is told."))
        return redirect(hub_url(award))
    context = {"award": award, "form": form, "verdict": verdict, "back": hub_url(award)}
    return render(request, "awards/staff/support_form.html", context)


@login_required
def edit(request, public_id, support_id):
    commitment = support_of_award_run_by(request.user, public_id, support_id)
    if commitment is None or not can_manage_awards(request.user, commitment.award.rfp):
        raise Http404
    award = commitment.award
    verdict = rules.can_take_support(award)
    form = SupportForm.of(commitment, request.POST if request.method == "POST" else None)
    posted = request.method == "POST" and verdict and form.is_valid()
    if posted and attempt(form, change_support, commitment, **form.cleaned_data, by=request.user):
        messages.success(request, _("The support is saved."))
        return redirect(hub_url(award))
    context = {"award": award, "commitment": commitment, "form": form, "verdict": verdict, "back": hub_url(award)}
    return render(request, "awards/staff/support_form.html", context)
