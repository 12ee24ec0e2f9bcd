"""Sending the email copy of a queued message, exactly once where it can be helped.

A sender first *claims* the row (a conditional update, or `FOR UPDATE SKIP LOCKED` in the
sweep) and holds it for a lease. A worker killed before SMTP accepted the message leaves the
row leased; once the lease runs out the sweep claims it again and sends it once. A worker
killed after SMTP accepted it but before marking it sent causes at most a second copy, with
the same Message-ID, so mail clients show it once.
"""

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Message

logger = logging.getLogger(__name__)

_ADDRESS = re.compile(r"[^\s<>@]+@[^\s<>@]+")


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes between attempts, never more than six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), timedelta(hours=6))


def _lease_until(now):
    return now + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)


def _due(now) -> Q:
    queued = Q(status=Message.Status.QUEUED, next_attempt_at__lte=now)
    abandoned = Q(status=Message.Status.SENDING, leased_until__lt=now)
    return queued | abandoned


def claim(message_id: int, *, now=None) -> Message | None:
    """Take one message for sending, unless someone else holds it or it is not due."""
    now = now or timezone.now()
    claimed = (
        Message.objects.filter(_due(now), pk=message_id)
        .exclude(address="")
        .update(status=Message.Status.SENDING, leased_until=_lease_until(now), attempts=F("attempts") + 1)
    )
    return Message.objects.get(pk=message_id) if claimed else None


def claim_due(*, now=None, limit: int = 100) -> list[int]:
    """Take up to `limit` due messages; concurrent sweeps skip each other's rows."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(_due(now))
            .exclude(address="")
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        Message.objects.filter(pk__in=ids).update(
            status=Message.Status.SENDING, leased_until=_lease_until(now), attempts=F("attempts") + 1
        )
    return ids


def send(message: Message, connection=None) -> bool:
    """Send a claimed message and record the outcome. Returns whether SMTP accepted it."""
    email = EmailMultiAlternatives(
        connection=connection,
        subject=message.email_subject,
        body=message.email_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.address],
        headers={"Message-ID": message.message_id},
    )
    if message.email_html:
        email.attach_alternative(message.email_html, "text/html")
    try:
        email.send()
    except Exception as error:
        _record_failure(message, error)
        return False
    _record_success(message)
    return True


def _record_success(message: Message) -> None:
    changes = {"status": Message.Status.SENT, "sent_at": timezone.now(), "leased_until": None, "last_error": ""}
    if message.kind == Message.Kind.TRANSACTIONAL:
        # Codes and reset keys have done their job; a leaked dump must not hold them.
        changes.update(email_text="", email_html="")
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(**changes)


def _record_failure(message: Message, error: Exception) -> None:
    # SMTP errors often quote the address; the log keeps the reason, not the person.
    reason = _ADDRESS.sub("<address>", f"{type(error).__name__}: {error}")[:300]
    logger.warning("Message %s not sent (attempt %s): %s", message.pk, message.attempts, reason)
    now = timezone.now()
    if message.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        changes = {"status": Message.Status.FAILED, "leased_until": None}
    else:
        changes = {
            "status": Message.Status.QUEUED,
            "leased_until": None,
            "next_attempt_at": now + backoff(message.attempts),
        }
    Message.objects.filter(pk=message.pk, status=Message.Status.SENDING).update(last_error=reason, **changes)


def deliver(message_id: int) -> bool:
    message = claim(message_id)
    return send(message) if message else False


def _open_connection():
    """One SMTP connection for a whole batch, not one per message. If it cannot be opened now,
    each send tries again and records its own failure (and retry) on its message."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:
        logger.warning("Could not connect to the mail server; each message will try and record it.")
    return connection


def sweep(*, now=None, batch: int = 100) -> int:
    """Send every due message, batch by batch; returns how many were attempted."""
    now = now or timezone.now()
    attempted = 0
    while ids := claim_due(now=now, limit=batch):
        connection = _open_connection()
        try:
            for message in Message.objects.filter(pk__in=ids).order_by("pk"):
                send(message, connection)
        finally:
            connection.close()
        attempted += len(ids)
        if len(ids) < batch:
            break
    return attempted
