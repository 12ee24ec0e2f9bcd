import zoneinfo

from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone, translation
from django.utils.translation import gettext as _

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
