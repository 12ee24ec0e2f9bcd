import zoneinfo

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .mfa import has_second_factor

LAST_SEEN_KEY = "accounts.last_seen"
# Writing the session on every request costs a database write; a minute's precision is enough.
LAST_SEEN_PRECISION = 60


def idle_timeout(user) -> int:
    """Seconds of inactivity after which a session ends: shorter for accounts whose takeover
    would expose other people's applications."""
    return settings.IDLE_TIMEOUT_PRIVILEGED if user.is_privileged else settings.IDLE_TIMEOUT_APPLICANT


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = timezone.now().timestamp()
            last_seen = request.session.get(LAST_SEEN_KEY)
            limit = idle_timeout(user)
            if last_seen is not None and now - last_seen > limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)d minutes without activity. Please sign in again.")
                    % {"minutes": limit // 60},
                )
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= LAST_SEEN_PRECISION:
                request.session[LAST_SEEN_KEY] = now
                UserSession.objects.create_from_request(request)
        return self.get_response(request)


class UserPreferencesMiddleware:
    """A signed-in user reads the portal in their own language and time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
            try:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                timezone.deactivate()
        else:
            timezone.deactivate()
        return self.get_response(request)


# Pages a reviewer, staff member or admin without an authenticator may still open: setting one
# up (and the password check it may ask for), signing out, the quick exit, the language switcher,
# and verifying the address (allauth adds no authenticator to an account with an unverified one).
MFA_SETUP_EXEMPT_URL_NAMES = frozenset(
    {
        "account_logout",
        "account_reauthenticate",
        "account_email",
        "account_email_verification_sent",
        "account_confirm_email",
        "portal:quick-exit",
        "accounts:set-language",
    }
)


def is_exempt_from_mfa_setup(request) -> bool:
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    # Every allauth.mfa page: the overview, TOTP, passkeys, recovery codes, re-authentication.
    return match.view_name.startswith("mfa_") or match.view_name in MFA_SETUP_EXEMPT_URL_NAMES


class MFARequiredMiddleware:
    """Reviewers, program staff and admins must have two-factor authentication: until they add
    an authenticator app or a passkey, every other page sends them to set one up. (Once they have
    one, allauth asks for it at every sign-in.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if needs_mfa_setup(request):
            messages.warning(
                request,
                _(
                    "Your role gives you access to other people's applications, so your account "
                    "needs two-factor authentication. Set up an authenticator app (or a passkey) "
                    "to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


def needs_mfa_setup(request) -> bool:
    user = request.user
    return (
        user.is_authenticated
        and user.is_privileged
        and not is_exempt_from_mfa_setup(request)
        and not second_factor_of(user)
    )


def second_factor_of(user) -> bool:
    """Read with the user when the session loaded them (accounts.backends), else asked now."""
    loaded = getattr(user, "loaded_second_factor", None)
    return has_second_factor(user) if loaded is None else bool(loaded)
