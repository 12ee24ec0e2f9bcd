"""The more-information thread on a submitted application, and staff notes."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .applications import Application


class ApplicationMessage(models.Model):
    """The thread on a submitted application: staff ask for more information, the applicant
    answers (optionally with a file). The text is encrypted at rest (core.encryption), like a
    sensitive answer: a leaked dump must not hold what an applicant wrote to staff."""

    class Kind(models.TextChoices):
        QUESTION = "question", _("Question from staff")
        ANSWER = "answer", _("Answer from the applicant")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="thread", verbose_name=_("application")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    body_encrypted = models.TextField(_("text (encrypted)"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("message about an application")
        verbose_name_plural = _("messages about applications")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Application message #{self.pk}"


class StaffNote(models.Model):
    """A note on an application that only the staff who run its call (and admins) read."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="staff_notes", verbose_name=_("application")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("staff note")
        verbose_name_plural = _("staff notes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Staff note #{self.pk}"
