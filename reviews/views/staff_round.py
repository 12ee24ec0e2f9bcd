"""A call's review round, for its staff: the days reviewers keep access after being assigned,
and closing the round (asked first on a page of its own), after which no reviewer reaches any
of the call's applications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.errors import attempt

from ..forms.assignments import AccessDaysForm
from ..selectors import round_of
from ..services import rounds as services
from ._staff import call_for


@login_required
def review_round(request, pk: int):
    rfp = call_for(request, pk)
    current = round_of(rfp)
    form = AccessDaysForm(request.POST or None, instance=round_of(rfp))
    if request.method == "POST" and form.is_valid():
        changed = attempt(form, services.set_access_days, rfp, form.cleaned_data["access_days"], by=request.user)
        if changed:
            messages.success(
                request,
                ngettext(
                    "Saved: the access of %(count)d live assignment follows.",
                    "Saved: the access of %(count)d live assignments follows.",
                    changed.value,
                )
                % {"count": changed.value},
            )
            return redirect("reviews:round", pk=rfp.pk)
    return render(request, "reviews/staff/round.html", {"rfp": rfp, "form": form, "round": current})


@login_required
def close_round(request, pk: int):
    rfp = call_for(request, pk)
    current = round_of(rfp)
    if request.method == "POST":
        if attempt(request, services.close_round, rfp, by=request.user):
            messages.success(request, _("The review round is closed: reviewers' access has ended."))
        return redirect("reviews:round", pk=rfp.pk)
    return render(request, "reviews/staff/close_round.html", {"rfp": rfp, "round": current})
