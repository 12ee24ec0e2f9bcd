from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

NO_CSRF_MIDDLEWARE = CheckWarning(
    "No CSRF middleware (django.middleware.csrf.CsrfViewMiddleware or a subclass) is in MIDDLEWARE.",
    id="core.W001",
)
CSRF_COOKIE_NOT_SECURE = CheckWarning(
    "The CSRF middleware is in MIDDLEWARE but CSRF_COOKIE_SECURE is not True.",
    id="core.W002",
)


def _has_csrf_middleware() -> bool:
    for dotted_path in settings.MIDDLEWARE:
        try:
            middleware = import_string(dotted_path)
        except ImportError:
            continue
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return True
    return False


@register(Tags.security, deploy=True)
def check_csrf_middleware(app_configs, **kwargs):
    """Django's own checks (security.W003, and W016 which depends on it) look for
    CsrfViewMiddleware by its exact path, so they miss core.csrf.CsrfMiddleware; W003 is
    silenced in settings and these two take their place."""
    if not _has_csrf_middleware():
        return [NO_CSRF_MIDDLEWARE]
    if not settings.CSRF_USE_SESSIONS and settings.CSRF_COOKIE_SECURE is not True:
        return [CSRF_COOKIE_NOT_SECURE]
    return []
