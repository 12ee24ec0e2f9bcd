from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import check_for_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from . import services
from .forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(request.user, by=request.user, request=request, **form.cleaned_data)
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
        services.update_profile(request.user, by=request.user, request=request, language=language)
    return django_set_language(request)


def admin_login(request, extra_context=None):
    """The admin site signs in through the portal's own login (its rate limits, and MFA)."""
    if request.user.is_authenticated:
        raise Http404  # a signed-in non-admin learns nothing about the admin site
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse(settings.LOGIN_URL))
