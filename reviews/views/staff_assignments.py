"""A call's assignments, for its staff: the submitted applications with their live assignments
and the declared conflicts; assigning by hand, changing a due date, reassigning, removing (asked
first), assigning automatically (its outcome shown first) and a conflict's replacement. Every
change is a service call; a refusal is shown beside its field with what was typed kept."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from core.errors import attempt

from ..forms.assignments import AssignForm, AutoAssignForm, DueDateForm, due_date_of
from ..selectors import (
    assignable_application_of,
    assignable_applications_of,
    assignment_to,
    conflict_in,
    conflicts_declared_in,
    reviewer_accounts_of,
)
from ..services import assignments as services
from ._staff import call_for, found

PAGE_SIZE = 50


def country_of(application) -> str:
    code = application.country or (application.organisation.country if application.organisation_id else "")
    return countries.name(code) if code else ""


@login_required
def assignments(request, pk: int):
    rfp = call_for(request, pk)
    page = Paginator(assignable_applications_of(rfp), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"application": application, "country": country_of(application)} for application in page]
    context = {"rfp": rfp, "page_obj": page, "rows": rows, "conflicts": list(conflicts_declared_in(rfp))}
    return render(request, "reviews/staff/assignments.html", context)


@login_required
def assign(request, pk: int, public_id):
    rfp = call_for(request, pk)
    application = found(assignable_application_of(rfp, public_id))
    form = AssignForm(request.POST or None, rfp=rfp, reviewers=reviewer_accounts_of(rfp))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.assign, application, data["reviewer"], data["due_date"], by=request.user):
            messages.success(request, _("The reviewer is assigned."))
            return redirect("reviews:assignments", pk=rfp.pk)
    context = {"rfp": rfp, "application": application, "form": form, "country": country_of(application)}
    return render(request, "reviews/staff/assign.html", context)


@login_required
def change_due_date(request, pk: int, public_id):
    rfp = call_for(request, pk)
    assignment = found(assignment_to(rfp, public_id))
    form = DueDateForm(request.POST or None, rfp=rfp, initial={"due_date": due_date_of(assignment, rfp)})
    if request.method == "POST" and form.is_valid():
        due_date = form.cleaned_data["due_date"]
        changed = attempt(form, services.change_due_date, assignment, due_date, by=request.user)
        if changed:
            messages.success(request, _("The due date is changed. The reviewer is told."))
            return redirect("reviews:assignments", pk=rfp.pk)
    context = {"rfp": rfp, "assignment": assignment, "form": form}
    return render(request, "reviews/staff/assignment_due.html", context)


@login_required
def reassign(request, pk: int, public_id):
    rfp = call_for(request, pk)
    assignment = found(assignment_to(rfp, public_id))
    reviewers = reviewer_accounts_of(rfp).exclude(pk=assignment.reviewer_id)
    initial = {"due_date": due_date_of(assignment, rfp)}
    form = AssignForm(request.POST or None, rfp=rfp, reviewers=reviewers, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.reassign, assignment, data["reviewer"], data["due_date"], by=request.user):
            messages.success(request, _("The application is reassigned. Both reviewers are told."))
            return redirect("reviews:assignments", pk=rfp.pk)
    context = {"rfp": rfp, "assignment": assignment, "form": form}
    return render(request, "reviews/staff/reassign.html", context)


@login_required
def remove_assignment(request, pk: int, public_id):
    rfp = call_for(request, pk)
    assignment = found(assignment_to(rfp, public_id))
    if request.method == "POST":
        if attempt(request, services.remove_assignment, assignment, by=request.user):
            messages.success(request, _("The assignment is removed. The reviewer is told."))
        return redirect("reviews:assignments", pk=rfp.pk)
    return render(request, "reviews/staff/remove_assignment.html", {"rfp": rfp, "assignment": assignment})


@login_required
def auto_assign(request, pk: int):
    rfp = call_for(request, pk)
    reviewers = list(reviewer_accounts_of(rfp))
    form = AutoAssignForm(request.POST or None, rfp=rfp, reviewers=reviewer_accounts_of(rfp))
    context = {"rfp": rfp, "form": form, "has_reviewers": bool(reviewers)}
    if request.method == "POST" and form.is_valid():
        ids, due_date = form.reviewer_ids, form.cleaned_data["due_date"]
        if request.POST.get("confirmed"):
            made = attempt(form, services.auto_assign, rfp, ids, due_date, by=request.user)
            if made:
                messages.success(
                    request,
                    ngettext("%(count)d assignment is made.", "%(count)d assignments are made.", made.value)
                    % {"count": made.value},
                )
                return redirect("reviews:assignments", pk=rfp.pk)
        else:
            checked = attempt(form, services.due_instant, rfp, due_date, timezone.now())
            planned = checked and attempt(form, services.plan_auto_assignment, rfp, ids)
            if planned:
                context["plan"] = planned.value
                return render(request, "reviews/staff/auto_assign_confirm.html", context)
    return render(request, "reviews/staff/auto_assign.html", context)


@login_required
def replace(request, pk: int, conflict_pk: int):
    rfp = call_for(request, pk)
    conflict = found(conflict_in(rfp, conflict_pk))
    initial = {"due_date": due_date_of(conflict.assignment, rfp) if conflict.assignment else None}
    form = DueDateForm(request.POST or None, rfp=rfp, initial=initial)
    if request.method == "POST" and form.is_valid():
        made = attempt(form, services.assign_replacement, conflict, form.cleaned_data["due_date"], by=request.user)
        if made:
            messages.success(
                request,
                ngettext("%(count)d replacement is assigned.", "%(count)d replacements are assigned.", made.value)
                % {"count": made.value}
                if made.value
                else _("The application already has its reviewers: nobody more was assigned."),
            )
            return redirect("reviews:assignments", pk=rfp.pk)
    context = {"rfp": rfp, "conflict": conflict, "form": form}
    return render(request, "reviews/staff/replace.html", context)
