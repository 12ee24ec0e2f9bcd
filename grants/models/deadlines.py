"""Requests for more time and the history of every move of a deadline."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .applications import Application
from .calls import RFP


class ExtensionRequest(models.Model):
    """An applicant's request for more time on a draft, decided by the staff who run the call."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        GRANTED = "granted", _("Granted")
        SHORTENED = "shortened", _("Granted, shorter")
        REFUSED = "refused", _("Refused")
        CLOSED = "closed", _("No longer needed: the draft was submitted or withdrawn")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="extension_requests", verbose_name=_("application")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_until = models.DateTimeField(_("more time until"))
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("requested"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    granted_until = models.DateTimeField(_("granted until"), null=True, blank=True)
    message = models.TextField(_("message to the applicant"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(status="pending"), name="one_pending_extension_request"
            ),
        ]

    def __str__(self):
        return f"Extension request #{self.pk}"


class DeadlineExtension(models.Model):
    """One move of a deadline, kept as history: the whole call's (by an admin, later, or earlier
    when it closes early), or one application's (by the staff who run the call: for it alone,
    for every draft from a country, or granting the applicant's request). Never edited."""

    class Scope(models.TextChoices):
        CALL = "call", _("The whole call")
        APPLICATION = "application", _("One application")
        COUNTRY = "country", _("Every draft from one country")
        REQUEST = "request", _("The applicant's request")

    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("call"))
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("application"),
    )
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    country = CountryField(_("country"), blank=True)
    request = models.ForeignKey(
        ExtensionRequest,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="extensions",
        verbose_name=_("request"),
    )
    # An admin closing the call early: the one move to an earlier instant.
    closes_early = models.BooleanField(_("closes early"), default=False)
    previous_deadline = models.DateTimeField(_("previous deadline"))
    new_deadline = models.DateTimeField(_("new deadline"))
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("extended by")
    )
    created_at = models.DateTimeField(_("extended"), default=timezone.now)

    class Meta:
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(new_deadline__gt=models.F("previous_deadline"), closes_early=False)
                | models.Q(new_deadline__lt=models.F("previous_deadline"), closes_early=True, scope="call"),
                name="extension_only_later",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="call", application__isnull=True)
                | models.Q(scope__in=["application", "country", "request"], application__isnull=False),
                name="extension_scope_matches",
            ),
            models.CheckConstraint(
                condition=models.Q(scope="request", request__isnull=False)
                | (~models.Q(scope="request") & models.Q(request__isnull=True)),
                name="extension_request_matches",
            ),
        ]

    def __str__(self):
        return f"Extension #{self.pk}"
