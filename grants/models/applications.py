"""Applications, what was submitted each time, their files and the reference counter."""

import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .calls import MONEY, RFP


class Application(models.Model):
    """An applicant's application to a call: a draft until it is submitted.

    Addressed in URLs by `public_id` (random), never by its sequential key, so nobody can count
    or walk them. `answers` holds what was typed, keyed by question key, valid or not; answers
    to sensitive questions are never in it, but in `sensitive_answers`, encrypted (grants/answers.py
    reads and writes both). The status changes only through services.applications.move."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    rfp = models.ForeignKey(RFP, on_delete=models.PROTECT, related_name="applications", verbose_name=_("call"))
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    sensitive_answers = models.TextField(_("sensitive answers (encrypted)"), blank=True)
    # {section pk: how many times it was saved}: a save made against an older count than the
    # stored one was typed over a colleague's, and is shown beside theirs rather than saved.
    section_versions = models.JSONField(_("section versions"), default=dict, blank=True)
    # Columns for the staff tables, copied from the answers when a section is saved.
    title = models.CharField(_("title"), max_length=500, blank=True)
    requested_amount = models.DecimalField(_("requested amount"), **MONEY, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    country = CountryField(_("country"), blank=True)
    reference = models.CharField(_("reference"), max_length=40, unique=True, null=True, blank=True)
    # The questions as they were when it was submitted, in every language, choices included.
    form_snapshot = models.JSONField(_("form as submitted"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last saved by"),
    )
    # The latest deadline granted to this application alone (grants/deadlines.py takes the later
    # of it and the call's); its history is in DeadlineExtension.
    extended_until = models.DateTimeField(_("deadline extended for this application to"), null=True, blank=True)
    # Set while the applicant's request for more time, made before the deadline, awaits a
    # decision: the draft stays open past the deadline until staff decide (grants/deadlines.py).
    extension_requested_at = models.DateTimeField(_("extension requested"), null=True, blank=True)
    # When the next deadline reminder falls due (None: no more); kept by every service that moves
    # a deadline, so the reminder job finds what is due with one indexed query.
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True, editable=False)
    # Sections staff reopened for the applicant to change (section pks), until an instant.
    reopened_sections = models.JSONField(_("sections reopened"), default=list, blank=True)
    reopened_until = models.DateTimeField(_("reopened until"), null=True, blank=True)
    # Title and non-sensitive answers in the application's language (PostgreSQL only, GIN-indexed
    # by migration 0006: SQLite has neither the type nor the index).
    search_vector = SearchVectorField(null=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["rfp", "status"], name="application_rfp_status"),
            models.Index(fields=["applicant", "status"], name="application_applicant_status"),
            models.Index(
                fields=["next_reminder_at"],
                name="application_reminder_due",
                condition=models.Q(status="draft", next_reminder_at__isnull=False),
            ),
            models.Index(fields=["rfp", "submitted_at", "id"], name="application_rfp_submitted"),
        ]

    def __str__(self):
        return f"Application {self.public_id}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class ApplicationVersion(models.Model):
    """What was submitted, each time: the first submission and every resubmission after staff
    reopened sections. Sensitive answers stay encrypted here as in the application."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="versions", verbose_name=_("application")
    )
    number = models.PositiveIntegerField(_("version"))
    answers = models.JSONField(_("answers"), default=dict)
    sensitive_answers = models.TextField(_("sensitive answers (encrypted)"), blank=True)
    form_snapshot = models.JSONField(_("form as submitted"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("submitted by")
    )
    submitted_at = models.DateTimeField(_("submitted"))

    class Meta:
        verbose_name = _("submitted version")
        verbose_name_plural = _("submitted versions")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["application", "number"], name="application_version_unique")]

    def __str__(self):
        return f"Version {self.number} of {self.application_id}"


def attachment_name(instance, filename: str) -> str:
    """A random name: the applicant's file name would tell anyone reading the storage whose it is."""
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"attachments/{uuid.uuid4().hex}.{extension}"


class Attachment(models.Model):
    """A file answering a file question, stored only as the clean rewrite core.uploads made."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("application")
    )
    question_key = models.SlugField(_("question"), max_length=50, blank=True)
    # Set for a file sent with an answer in the more-information thread (question_key empty).
    message = models.ForeignKey(
        "grants.ApplicationMessage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("message"),
    )
    file = models.FileField(_("file"), upload_to=attachment_name, max_length=200)
    kind = models.CharField(_("kind"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    # What the applicant called it, shown to the application's owners and its staff only.
    name = models.CharField(_("name"), max_length=150)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Attachment {self.public_id}"


class ReferenceCounter(models.Model):
    """The last reference number given in a year, locked by the submission that takes the next."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.year}: {self.last}"
