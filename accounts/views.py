from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from core.errors import attempt

from . import permissions, selectors, services
from .forms import ConfirmForm, HandOverForm, InvitationForm, JoinForm, OrganisationForm, ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, by=request.user, **form.cleaned_data)
        # The next page is in the language just chosen; the message shown on it must be too.
        with translation.override(request.user.language):
            messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switcher, which also remembers the choice on the user's account."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language) and language in dict(settings.LANGUAGES):
        services.update_profile(request.user, by=request.user, language=language)
    return django_set_language(request)


def admin_login(request, extra_context=None):
    """The admin site signs in through the portal's own login (its rate limits, and MFA)."""
    if request.user.is_authenticated:
        raise Http404  # a signed-in non-admin learns nothing about the admin site
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse(settings.LOGIN_URL))


def admin_password_change(request, extra_context=None):
    """The admin site's own password change (and its "done" page) lead to the portal's, which
    has the rate limit, the audit event and the security notice to the account's address that
    Django's admin form skips."""
    return redirect("account_change_password")


# Organisations: every read goes through a selector scoped to the user, so an organisation the
# user does not belong to (or does not own, for owners' pages) is a 404. Page titles never hold
# an organisation's name: they end up in the browser's history.


@login_required
def organisations(request):
    return render(
        request, "accounts/organisations.html", {"organisations": list(selectors.organisations_of(request.user))}
    )


@login_required
def create_organisation(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.create_organisation(by=request.user, **form.cleaned_data)
        messages.success(request, _("The organisation was created. You are its owner."))
        return redirect("accounts:organisation", organisation.pk)
    return render(request, "accounts/organisation_form.html", {"form": form})


@login_required
def join_organisation(request):
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        joined = attempt(form, services.join_with_code, request.user, form.cleaned_data["code"])
        if joined:
            messages.success(request, _("You joined the organisation."))
            return redirect("accounts:organisation", joined.value.organisation_id)
    return render(request, "accounts/organisation_join.html", {"form": form})


def _organisation(request, pk: int, *, to_manage: bool = False):
    """One of the user's organisations; `to_manage`: one they may manage (else a 404 either way)."""
    organisation = get_object_or_404(selectors.organisations_of(request.user), pk=pk)
    if to_manage:
        permissions.can_manage_organisation(request.user, organisation).or_404()
    return organisation


@login_required
def organisation(request, pk: int):
    organisation = _organisation(request, pk)
    can_manage = permissions.can_manage_organisation(request.user, organisation)
    context = {
        "organisation": organisation,
        "can_manage": can_manage,
        "members": list(selectors.members_of(organisation, seen_by=request.user)),
        "invitations": list(selectors.pending_invitations(organisation, seen_by=request.user)) if can_manage else [],
    }
    return render(request, "accounts/organisation_detail.html", context)


@login_required
def invite(request, pk: int):
    organisation = _organisation(request, pk, to_manage=True)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invited = attempt(form, services.invite, organisation, by=request.user, email=form.cleaned_data["email"])
        if invited:
            invitation, code = invited.value
            # Shown on this response only: the code is not kept anywhere it could be shown again.
            context = {"organisation": organisation, "invitation": invitation, "code": code}
            return render(request, "accounts/organisation_invitation_created.html", context)
    return render(request, "accounts/organisation_invite.html", {"organisation": organisation, "form": form})


@login_required
@require_POST
def revoke_invitation(request, pk: int, invitation_pk: int):
    organisation = _organisation(request, pk, to_manage=True)
    invitation = get_object_or_404(selectors.invitations_of(organisation, seen_by=request.user), pk=invitation_pk)
    if attempt(request, services.revoke_invitation, invitation, by=request.user):
        messages.success(request, _("The invitation was withdrawn: its code no longer works."))
    return redirect("accounts:organisation", organisation.pk)


@login_required
def remove_member(request, pk: int, membership_pk: int):
    organisation = _organisation(request, pk, to_manage=True)
    membership = get_object_or_404(selectors.members_of(organisation, seen_by=request.user), pk=membership_pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and attempt(form, services.remove_member, membership, by=request.user):
        messages.success(request, _("The member was removed."))
        if membership.user_id == request.user.pk:
            return redirect("accounts:organisations")
        return redirect("accounts:organisation", organisation.pk)
    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Remove a member"),
        "question": _("Remove %(member)s from this organisation?") % {"member": membership.display_name},
        "button": _("Remove"),
    }
    return render(request, "accounts/organisation_confirm.html", context)


@login_required
def leave_organisation(request, pk: int):
    organisation = _organisation(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_valid() and attempt(form, services.leave_organisation, organisation, user=request.user):
        messages.success(request, _("You left the organisation."))
        return redirect("accounts:organisations")
    context = {
        "organisation": organisation,
        "form": form,
        "title": _("Leave the organisation"),
        "question": _("Leave this organisation? To join again, you will need a new invitation code."),
        "button": _("Leave"),
    }
    return render(request, "accounts/organisation_confirm.html", context)


@login_required
def hand_over_ownership(request, pk: int, membership_pk: int):
    organisation = _organisation(request, pk, to_manage=True)
    membership = get_object_or_404(selectors.members_of(organisation, seen_by=request.user), pk=membership_pk)
    form = HandOverForm(request.POST or None)
    handed_over = form.is_valid() and attempt(
        form, services.hand_over_ownership, membership, by=request.user, step_down=form.step_down
    )
    if handed_over:
        messages.success(request, _("The member is now an owner."))  # messages never carry names
        return redirect("accounts:organisation", organisation.pk)
    context = {"organisation": organisation, "membership": membership, "form": form}
    return render(request, "accounts/organisation_ownership.html", context)
