import re

from django.db import models
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from core.net import client_ip

from .models import AuditEvent

# Detail values are ids, counts, flags and short machine words (field names, reasons): never
# answers, names or addresses. Anything else is refused rather than stored.
_WORD = re.compile(r"^[a-z0-9_.:-]{1,64}$")


class AuditDetailError(ValueError):
    pass


def _check_value(key: str, value) -> None:
    if value is None or isinstance(value, (bool, int)):
        return
    if isinstance(value, str) and _WORD.match(value):
        return
    if isinstance(value, (list, tuple)):
        for item in value:
            _check_value(key, item)
        return
    raise AuditDetailError(f"Audit detail {key!r} must hold ids, counts or short words only.")


def check_detail(detail: dict) -> dict:
    for key, value in detail.items():
        if not _WORD.match(key):
            raise AuditDetailError(f"Audit detail key {key!r} is not a short word.")
        _check_value(key, value)
    return detail


def ip_hash(ip: str) -> str:
    """A keyed hash: the same address gives the same hash, but the address can't be read back
    from a leaked dump without the key."""
    return salted_hmac("audit.ip", ip, algorithm="sha256").hexdigest()[:32]


def record(
    actor,
    verb: str,
    target: models.Model | None = None,
    *,
    detail: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event. The IP is kept (as a keyed hash) only for privileged actors, whose
    accounts are the ones worth tracing if taken over; applicants' addresses are never kept."""
    actor = actor if actor is not None and actor.is_authenticated else None
    hashed = ""
    if request is not None and actor is not None and getattr(actor, "is_privileged", False):
        ip = client_ip(request)
        hashed = ip_hash(ip) if ip else ""
    return AuditEvent.objects.create(
        actor=actor,
        verb=verb,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        detail=check_detail(detail or {}),
        ip_hash=hashed,
    )
