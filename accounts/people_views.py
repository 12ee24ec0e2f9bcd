"""Admins manage who holds which role, and reset a lost second factor. Both ask for the
password again (allauth's re-authentication) and are audited by their services."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt

from . import selectors, services
from .decorators import admin_only
from .forms import PeopleSearchForm, RolesForm
from .mfa import has_second_factor
from .roles import PRIVILEGED_ROLES, Role

PAGE_SIZE = 50


@login_required
@admin_only
def people(request):
    form = PeopleSearchForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    everyone = selectors.people_seen_by(request.user, search=search)
    page = Paginator(everyone, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/people.html", {"form": form, "page_obj": page, "search": search})


def _person(request, pk: int):
    return get_object_or_404(selectors.people_seen_by(request.user), pk=pk)


@login_required
@admin_only
@reauthentication_required(allow_get=True)
def person(request, pk: int):
    person = _person(request, pk)
    current = sorted(Role(name) for name in person.roles if Role(name) in PRIVILEGED_ROLES)
    form = RolesForm(request.POST or None, initial={"roles": current})
    saved = form.is_valid() and attempt(
        form, services.set_roles, person, set(form.cleaned_data["roles"]), by=request.user
    )
    if saved:
        messages.success(request, _("Roles saved.") if saved.value else _("Nothing changed."))
        return redirect("accounts:person", pk=person.pk)
    return render(
        request,
        "accounts/person.html",
        {"person": person, "form": form, "has_second_factor": has_second_factor(person)},
    )


@login_required
@admin_only
@require_POST
@reauthentication_required
def reset_mfa(request, pk: int):
    person = _person(request, pk)
    reset = attempt(request, services.reset_mfa, person, by=request.user)
    if reset:
        messages.success(
            request, _("Two-factor authentication was reset (%(count)d removed).") % {"count": reset.value}
        )
    return redirect("accounts:person", pk=person.pk)
