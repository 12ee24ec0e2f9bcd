"""Writes to the outbox. A message is inserted in the caller's transaction and published to
the broker only after commit: the database is the queue of record, the broker a fast path."""

import logging
import time
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
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
    new = [
        stored[message.dedupe_key].pk
        for message in messages
        if stored[message.dedupe_key].status == Message.Status.QUEUED
        and stored[message.dedupe_key].message_id == message.message_id
    ]
    if len(new) == 1:
        transaction.on_commit(lambda: publish(new[0]), robust=True)
    elif new:
        transaction.on_commit(lambda: publish_many(new), robust=True)
    return stored


# After a failed publish, this process leaves the broker alone for a while: each attempt on a
# broker that is down costs seconds (the client's own reconnects), and the sweep will deliver.
BROKER_REST_SECONDS = 30
_broker_resting_until = 0.0


# Many messages at once (reminders to every draft holder) go to workers in tasks of this many:
# one task per message would cost more than the inserts (each publish is milliseconds of CPU),
# while batches still spread over the workers.
PUBLISH_BATCH = 100


def publish(message_id: int) -> None:
    """Hand the message to a worker. If the broker is down this fails fast (a short connect
    timeout, no retries, then a rest) and the sweep delivers the message later."""
    from .tasks import deliver_message

    _publish(deliver_message, message_id)


def publish_many(message_ids: list[int]) -> None:
    """Hand many messages to workers, PUBLISH_BATCH to a task, as `publish` does one."""
    from .tasks import deliver_messages

    for start in range(0, len(message_ids), PUBLISH_BATCH):
        _publish(deliver_messages, message_ids[start : start + PUBLISH_BATCH])


def _publish(task, argument) -> None:
    global _broker_resting_until
    if time.monotonic() < _broker_resting_until:
        return
    try:
        task.apply_async((argument,), retry=False)
    except Exception:
        _broker_resting_until = time.monotonic() + BROKER_REST_SECONDS
        logger.warning("Could not publish message(s) %s; the sweep will deliver them.", argument, exc_info=True)


def notify(recipient, template: str, context: dict, *, dedupe_key: str) -> Message:
    """Put a message in the recipient's inbox, rendered in their language, with a discreet
    email copy unless they chose the portal only (or have no address). A dedupe key already
    used is a no-op: the row already there is returned."""
    return _insert(_inbox_message(recipient, template, context, dedupe_key, _Renderer()))


def notify_many(items) -> list[Message]:
    """`notify` for many at once: `items` are (recipient, template, context, dedupe_key). One
    insert and one read, however many; returns only the messages this call added (a key
    already used, or given twice, is a no-op)."""
    renderer = _Renderer()
    messages = {}
    for recipient, template, context, dedupe_key in items:
        if dedupe_key not in messages:
            messages[dedupe_key] = _inbox_message(recipient, template, context, dedupe_key, renderer)
    stored = _insert_all(list(messages.values()))
    return [stored[key] for key, message in messages.items() if stored[key].message_id == message.message_id]


# Context values that cannot change under the cache: equal ones render the same text.
_PLAIN = (str, int, float, bool, type(None), datetime, date, timedelta, Decimal)


class _Renderer:
    """Renders as `notify` does, once per distinct message: the discreet email copy is the same
    for every message in a language, and many recipients of one batch (the holders of drafts
    to one call) share a language, a zone and so a text."""

    def __init__(self):
        self.inbox = {}
        self.emails = {}

    def inbox_text(self, template: str, context: dict, language: str) -> tuple[str, str]:
        if not all(isinstance(value, _PLAIN) for value in context.values()):
            return render_inbox(template, context, language)
        # The type too: True and 1 are equal keys, but render differently.
        key = (template, language, tuple(sorted((name, type(value), value) for name, value in context.items())))
        if key not in self.inbox:
            self.inbox[key] = render_inbox(template, context, language)
        return self.inbox[key]

    def email(self, language: str) -> tuple[str, str, str]:
        if language not in self.emails:
            self.emails[language] = render_new_message_email(language)
        return self.emails[language]


def _inbox_message(recipient, template: str, context: dict, dedupe_key: str, renderer: _Renderer) -> Message:
    language = recipient.language or settings.LANGUAGE_CODE
    subject, body = renderer.inbox_text(template, context, language)
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
        message.email_subject, message.email_text, message.email_html = renderer.email(language)
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
