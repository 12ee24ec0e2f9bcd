"""An admin moving a whole call's deadline: extending it, or closing the call early (asked
again on a page of its own before anything changes). Anyone else gets a 404. Every change is a
service call; a refusal is shown beside its field with everything typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import attempt
from core.permissions import requires

from .. import services
from ..forms.deadlines import CloseEarlyForm, ExtendCallForm
from ..permissions import can_extend_calls
from ..presentation import instant
from ..selectors import call_state
from ._builder import rfp_for


def _current(rfp):
    return instant(rfp.deadline) if rfp.deadline else None


@login_required
@requires(can_extend_calls)
def extend_call(request, pk: int):
    rfp = rfp_for(request, pk)
    form = ExtendCallForm(request.POST or None, rfp=rfp)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if attempt(form, services.extend_call_deadline, rfp, form.new_deadline, reason, by=request.user):
            messages.success(request, _("The deadline is extended. Every draft holder is told."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/extend_call.html", {"rfp": rfp, "form": form, "current": _current(rfp)})


@login_required
@requires(can_extend_calls)
def close_early(request, pk: int):
    rfp = rfp_for(request, pk)
    form = CloseEarlyForm(request.POST or None, rfp=rfp)
    context = {"rfp": rfp, "form": form, "current": _current(rfp), "has_drafts": call_state(rfp).has_drafts}
    if request.method == "POST" and form.is_valid():
        if request.POST.get("confirmed"):
            closed = attempt(form, services.close_call_early, rfp, by=request.user, **form.values())
            if closed:
                messages.success(request, _("The call's deadline is brought forward."))
                return redirect("grants:rfp", pk=rfp.pk)
        else:
            plan = attempt(form, services.plan_early_close, rfp, **form.values())
            if plan:
                context["closes_at"] = instant(plan.value.closes_at)
                context["told"] = ngettext(
                    "The holder of %(count)d draft is told at once.",
                    "The holders of %(count)d drafts are told at once.",
                    plan.value.drafts,
                ) % {"count": plan.value.drafts}
                return render(request, "grants/staff/close_early_confirm.html", context)
    return render(request, "grants/staff/close_early.html", context)
