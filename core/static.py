"""Static files are served by WhiteNoise before any other middleware sees the request, so the
headers django-csp and core.middleware give pages are given to them here."""

from csp.utils import build_policy
from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware


def add_security_headers(headers, path: str, url: str) -> None:
    """What every page answers with (an SVG can hold a script; a stylesheet can be framed), and
    `Cross-Origin-Resource-Policy`: no other site may load them."""
    headers["Content-Security-Policy"] = build_policy()
    headers["Permissions-Policy"] = settings.PERMISSIONS_POLICY
    headers["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["X-Frame-Options"] = settings.X_FRAME_OPTIONS


class _PortalSettings:
    """Django's settings, as WhiteNoise reads them when it starts, with two of its options fixed:
    the headers above, and no `Access-Control-Allow-Origin: *` (meant for fonts on a CDN; the
    portal loads nothing from elsewhere, and no other site may read its files from a script)."""

    WHITENOISE_ADD_HEADERS_FUNCTION = staticmethod(add_security_headers)
    WHITENOISE_ALLOW_ALL_ORIGINS = False

    def __getattr__(self, name):
        return getattr(settings, name)


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    def __init__(self, get_response=None):
        super().__init__(get_response, settings=_PortalSettings())
