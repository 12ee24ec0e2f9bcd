"""Writes to the outbox. A message is inserted in the caller's transaction and published to
the broker only after commit: the database is the queue of record, the broker a fast path."""

import logging
import time
import uuid
from email.utils import make_msgid

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from audit import services as audit

from .models import Message
from .rendering import render_inbox, render_new_message_email

logger = logging.getLogger(__name__)


def _message_id() -> str:
    return make_msgid(domain=settings.EMAIL_MESSAGE_ID_DOMAIN)


def _insert(message: Message) -> Message:
    """Insert unless a message with the same dedupe key exists; return the row that is there."""
    return _insert_all([message])[message.dedupe_key]


def _insert_all(messages: list[Message]) -> dict[str, Message]:
    """Insert those whose dedupe key is new, in one statement, and return the stored row of
    every key; the new rows queued for email are published once the caller's transaction
    commits (robust: a broker that fails does not undo the action).

    `ignore_conflicts` is `INSERT … ON CONFLICT DO NOTHING`: a duplicate neither raises nor
    aborts the caller's transaction. A row is new when it carries the Message-ID made here.
    """
    if not messages:
        return {}
    Message.objects.bulk_create(messages, ignore_conflicts=True)
    stored = {row.dedupe_key: row for row in Message.objects.filter(dedupe_key__in=[m.dedupe_key for m in messages])}
    for message in messages:
        row = stored[message.dedupe_key]
        if row.status == Message.Status.QUEUED and row.message_id == message.message_id:
            transaction.on_commit(lambda pk=row.pk: publish(pk), robust=True)
    return stored


# After a failed publish, this process leaves the broker alone for a while: each attempt on a
# broker that is down costs seconds (the client's own reconnects), and the sweep will deliver.
BROKER_REST_SECONDS = 30
_broker_resting_until = 0.0


def publish(message_id: int) -> None:
    """Hand the message to a worker. If the broker is down this fails fast (a short connect
    timeout, no retries, then a rest) and the sweep delivers the message later."""
    global _broker_resting_until
    from .tasks import deliver_message

    if time.monotonic() < _broker_resting_until:
        return
    try:
        deliver_message.apply_async((message_id,), retry=False)
    except Exception:
        _broker_resting_until = time.monotonic() + BROKER_REST_SECONDS
        logger.warning("Could not publish message %s; the sweep will deliver it.", message_id, exc_info=True)


def notify(recipient, template: str, context: dict, *, dedupe_key: str) -> Message:
    """Put a message in the recipient's inbox, rendered in their language, with a discreet
    email copy unless they chose the portal only (or have no address). A dedupe key already
    used is a no-op: the row already there is returned."""
    return _insert(_inbox_message(recipient, template, context, dedupe_key, _Emails()))


def notify_many(items) -> list[Message]:
    """`notify` for many at once: `items` are (recipient, template, context, dedupe_key). One
    insert and one read, however many; returns only the messages this call added (a key
    already used, or given twice, is a no-op)."""
    emails = _Emails()
    messages = {}
    for recipient, template, context, dedupe_key in items:
        if dedupe_key not in messages:
            messages[dedupe_key] = _inbox_message(recipient, template, context, dedupe_key, emails)
    stored = _insert_all(list(messages.values()))
    return [stored[key] for key, message in messages.items() if stored[key].message_id == message.message_id]


class _Emails:
    """The discreet email copy is the same for every message in a language: rendered once."""

    def __init__(self):
        self.by_language = {}

    def __call__(self, language: str) -> tuple[str, str, str]:
        if language not in self.by_language:
            self.by_language[language] = render_new_message_email(language)
        return self.by_language[language]


def _inbox_message(recipient, template: str, context: dict, dedupe_key: str, emails: _Emails) -> Message:
    language = recipient.language or settings.LANGUAGE_CODE
    subject, body = render_inbox(template, context, language)
    message = Message(
        recipient=recipient,
        kind=Message.Kind.INBOX,
        template=template,
        language=language,
        subject=subject,
        body=body,
        dedupe_key=dedupe_key,
        message_id=_message_id(),
    )
    if recipient.email and recipient.notification_choice == recipient.Notify.EMAIL_AND_PORTAL:
        message.address = recipient.email
        message.email_subject, message.email_text, message.email_html = emails(language)
    else:
        message.status = Message.Status.NOT_EMAILED
    return message


def queue_email(
    address: str,
    *,
    subject: str,
    text: str,
    html: str = "",
    template: str,
    recipient=None,
    dedupe_key: str | None = None,
) -> Message:
    """Queue an already rendered transactional email (a code, a reset, a security notice).
    It never appears in an inbox, and its body is wiped once it is sent."""
    return _insert(
        Message(
            recipient=recipient,
            address=address,
            kind=Message.Kind.TRANSACTIONAL,
            template=template,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            email_subject=subject,
            email_text=text,
            email_html=html,
            dedupe_key=dedupe_key or f"transactional:{uuid.uuid4()}",
            message_id=_message_id(),
        )
    )


def mark_read(message: Message, *, now=None) -> None:
    if message.read_at is None:
        message.read_at = now or timezone.now()
        Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=message.read_at)


@transaction.atomic
def retry_failed(messages, *, by) -> int:
    """An admin sends failed messages again: they are queued afresh, with a full set of attempts."""
    ids = list(messages.filter(status=Message.Status.FAILED).values_list("pk", flat=True))
    Message.objects.filter(pk__in=ids).update(
        status=Message.Status.QUEUED, attempts=0, next_attempt_at=timezone.now(), leased_until=None
    )
    for pk in ids:
        transaction.on_commit(lambda pk=pk: publish(pk), robust=True)
    audit.record(by, "message.retried", detail={"count": len(ids), "message_ids": ids})
    return len(ids)
