import re

from django.db import models

from .context import acting_ip_hash
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


def record(
    actor,
    verb: str,
    target: models.Model | None = None,
    *,
    detail: dict | None = None,
) -> AuditEvent:
    """Append one event. The IP is kept (as a keyed hash) only for privileged actors, whose
    accounts are the ones worth tracing if taken over; applicants' addresses are never kept."""
    [event] = _events(actor, [(verb, target, detail)])
    event.save(force_insert=True)
    return event


def record_many(actor, events) -> list[AuditEvent]:
    """`record` for many events of one actor at once: `events` are (verb, target, detail), all
    appended in one insert, each row as `record` would write it."""
    return AuditEvent.objects.bulk_create(_events(actor, events))


def _events(actor, events) -> list[AuditEvent]:
    actor = actor if actor is not None and actor.is_authenticated else None
    privileged = actor is not None and getattr(actor, "is_privileged", False)
    hashed = acting_ip_hash() if privileged else ""
    return [
        AuditEvent(
            actor=actor,
            verb=verb,
            target_type=target._meta.label_lower if target is not None else "",
            target_id=str(target.pk) if target is not None else "",
            detail=check_detail(detail or {}),
            ip_hash=hashed,
        )
        for verb, target, detail in events
    ]
