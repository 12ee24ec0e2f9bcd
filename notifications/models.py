from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """One message: the outbox row is the queue of record for its email copy.

    An inbox message is shown in the portal in full; its email copy (if the recipient wants
    one) only says that there is a new message. A transactional message (a verification code,
    a reset) is never shown in an inbox, and its email body is wiped once sent.
    """

    class Kind(models.TextChoices):
        INBOX = "inbox", _("Inbox")
        TRANSACTIONAL = "transactional", _("Transactional")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NOT_EMAILED = "not_emailed", _("No email copy")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("recipient"),
    )
    address = models.EmailField(_("email address"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=8)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body = models.TextField(_("body"), blank=True)
    email_subject = models.CharField(_("email subject"), max_length=255, blank=True)
    email_text = models.TextField(_("email text"), blank=True)
    email_html = models.TextField(_("email HTML"), blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    leased_until = models.DateTimeField(_("leased until"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=200)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="message_due"),
            models.Index(fields=["recipient", "kind", "-created_at"], name="message_inbox"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None
