"""A call's reviewers, for its staff: attach an account that may review it, detach one with no
live assignment, and set the countries and organisations each is excluded from."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt

from ..forms.assignments import AttachReviewerForm, ExclusionsForm
from ..selectors import accounts_to_attach, call_reviewer_of, call_reviewers_of, organisations_to_exclude
from ..services import reviewers as services
from ._staff import call_for, found


@login_required
def reviewers(request, pk: int):
    rfp = call_for(request, pk)
    form = AttachReviewerForm(request.POST or None, accounts=accounts_to_attach(rfp))
    if request.method == "POST" and form.is_valid():
        attached = attempt(form, services.attach_reviewer, rfp, form.cleaned_data["reviewer"], by=request.user)
        if attached:
            messages.success(request, _("The reviewer is attached to the call."))
            return redirect("reviews:reviewers", pk=rfp.pk)
    context = {"rfp": rfp, "form": form, "call_reviewers": list(call_reviewers_of(rfp))}
    return render(request, "reviews/staff/reviewers.html", context)


@login_required
@require_POST
def detach_reviewer(request, pk: int, reviewer_pk: int):
    rfp = call_for(request, pk)
    call_reviewer = found(call_reviewer_of(rfp, reviewer_pk))
    if attempt(request, services.detach_reviewer, call_reviewer, by=request.user):
        messages.success(request, _("The reviewer is detached from the call."))
    return redirect("reviews:reviewers", pk=rfp.pk)


@login_required
def reviewer_exclusions(request, pk: int, reviewer_pk: int):
    rfp = call_for(request, pk)
    call_reviewer = found(call_reviewer_of(rfp, reviewer_pk))
    excluded = list(call_reviewer.excluded_organisations.all())
    initial = {"excluded_countries": list(call_reviewer.excluded_countries), "excluded_organisations": excluded}
    form = ExclusionsForm(
        request.POST or None, initial=initial, organisations=organisations_to_exclude(rfp, call_reviewer)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            services.set_exclusions,
            call_reviewer,
            data["excluded_countries"],
            list(data["excluded_organisations"]),
            by=request.user,
        ):
            messages.success(request, _("The reviewer's exclusions are saved."))
            return redirect("reviews:reviewers", pk=rfp.pk)
    context = {"rfp": rfp, "form": form, "call_reviewer": call_reviewer}
    return render(request, "reviews/staff/reviewer_exclusions.html", context)
