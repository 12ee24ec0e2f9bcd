"""An account is locked for a cool-off after repeated failed logins (allauth's per-account
"login_failed" limit); this keeps one audit event per lock, not one per refused attempt."""

from django.conf import settings
from django.core.cache import cache

from audit import services as audit

from .models import User


def cool_off_seconds() -> int:
    """The window of the per-account ("key") part of ACCOUNT_RATE_LIMITS["login_failed"]."""
    for limit in settings.ACCOUNT_RATE_LIMITS["login_failed"].split(","):
        _amount, period, *per = limit.split("/")
        if per == ["key"]:
            number = int(period[:-1] or 1)
            return number * {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]]
    return 0


def record(login: str) -> None:
    user = User.objects.filter(email__iexact=login.strip()).first()
    if user is None:
        return
    if cache.add(f"accounts.lockout-recorded:{user.pk}", True, timeout=cool_off_seconds()):
        audit.record(None, "account.locked_out", user, detail={"cool_off_seconds": cool_off_seconds()})
