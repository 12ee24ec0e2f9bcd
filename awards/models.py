"""Decisions on applications and what an award becomes: its letters, tranches, reporting duties,
reports and support commitments.

Money is Decimal in the call's currency (`MONEY`: three places cover every currency); totals are
kept per currency and never summed across currencies. An award's status changes only through
services (`offered → active → closed | cancelled`), and its application's through grants' move."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.models import MONEY, RFP, Application

POSITIVE = [MinValueValidator(0)]


def _random_name(folder: str, extension: str) -> str:
    return f"{folder}/{uuid.uuid4().hex}.{extension}"


def letter_name(instance, filename: str) -> str:
    """A random name: the storage must not tell anyone whose letter it is."""
    return _random_name("letters", "pdf")


def report_file_name(instance, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return _random_name("reports", extension)


class Decision(models.Model):
    """Staff's decision on one application: award (an amount, which may differ from the request)
    or decline. A decision is reversed, never deleted, and only until a letter is accepted; an
    application has at most one decision standing."""

    class Outcome(models.TextChoices):
        AWARD = "award", _("Award")
        DECLINE = "decline", _("Decline")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("application")
    )
    outcome = models.CharField(_("decision"), max_length=8, choices=Outcome.choices)
    amount = models.DecimalField(_("amount"), **MONEY, null=True, blank=True, validators=POSITIVE)
    # Why, for the call's staff; never sent to the applicant.
    rationale = models.TextField(_("rationale"), blank=True)
    # What a declined applicant reads with the decision.
    message = models.TextField(_("message to the applicant"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)
    reversed_at = models.DateTimeField(_("reversed"), null=True, blank=True)
    reversed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reversed by"),
    )
    reversal_reason = models.TextField(_("reason for the reversal"), blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"], condition=models.Q(reversed_at__isnull=True), name="decision_one_standing"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="decline", amount__isnull=True)
                | models.Q(outcome="award", amount__isnull=False, amount__gt=0),
                name="decision_amount_matches_outcome",
            ),
        ]

    def __str__(self):
        return f"Decision #{self.pk}"

    @property
    def is_standing(self) -> bool:
        return self.reversed_at is None


class Award(models.Model):
    """What an award decision offers. Addressed in URLs by `public_id`. Published to open data
    anonymously unless staff untick it: then only `public_title`, `public_description`, the
    amount, the dates and a generic recipient (`recipient_token`) leave the portal."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, related_name="award", verbose_name=_("decision")
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="awards", verbose_name=_("application")
    )
    rfp = models.ForeignKey(RFP, on_delete=models.PROTECT, related_name="awards", verbose_name=_("call"))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OFFERED)
    amount = models.DecimalField(_("amount"), **MONEY, validators=POSITIVE)
    currency = models.CharField(_("currency"), max_length=3)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    conditions = models.TextField(_("conditions"), blank=True)
    # The letter's language: the grantee's, chosen when the award is made.
    language = models.CharField(_("language of the letter"), max_length=8, choices=settings.LANGUAGES)
    # A letter that names the funder can endanger some recipients: then it carries none.
    neutral_letterhead = models.BooleanField(_("neutral letterhead"), default=True)
    publish_anonymously = models.BooleanField(_("publish anonymously"), default=True)
    public_title = models.CharField(_("title for publication"), max_length=200, blank=True)
    public_description = models.TextField(_("description for publication"), blank=True)
    # The generic recipient's identifier in open data: random, so it links to nothing.
    recipient_token = models.CharField(_("recipient token"), max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for the cancellation"), blank=True)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["rfp", "status"], name="award_rfp_status"),
            models.Index(fields=["status", "currency"], name="award_status_currency"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(starts_on__lte=models.F("ends_on")), name="award_dates_in_order"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="award_amount_positive"),
        ]

    def __str__(self):
        return f"Award {self.public_id}"

    def save(self, *args, **kwargs):
        if not self.recipient_token:
            self.recipient_token = uuid.uuid4().hex[:16].upper()
        super().save(*args, **kwargs)


class AwardReferenceCounter(models.Model):
    """The last award number given in a year, locked by the decision that takes the next."""

    year = models.PositiveIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number given"), default=0)

    class Meta:
        verbose_name = _("award reference counter")
        verbose_name_plural = _("award reference counters")

    def __str__(self):
        return f"{self.year}: {self.last}"


class Letter(models.Model):
    """One version of an award's letter. The service creates the row (queued); a task on the
    `pdf` queue renders it. A version, once rendered, never changes: a change to the award makes a
    new version, and a version already accepted stays as it was accepted."""

    class Status(models.TextChoices):
        # In their own context: notifications' "Failed" is a message that could not be sent.
        QUEUED = "queued", pgettext_lazy("letter", "Queued")
        RENDERING = "rendering", pgettext_lazy("letter", "Rendering")
        READY = "ready", pgettext_lazy("letter", "Ready")
        FAILED = "failed", pgettext_lazy("letter", "Failed")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="letters", verbose_name=_("award"))
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(_("why it failed"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=letter_name, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    started_at = models.DateTimeField(_("rendering started"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("rendered"), null=True, blank=True)
    # The acceptance: who typed which full name, when, and the hash of the bytes they accepted.
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_name = models.CharField(_("full name typed"), max_length=200, blank=True)
    accepted_sha256 = models.CharField(_("SHA-256 accepted"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["award", "version"]
        constraints = [
            models.UniqueConstraint(fields=["award", "version"], name="letter_version_unique"),
        ]

    def __str__(self):
        return f"Letter {self.version} of award {self.award_id}"


class ReportRequirement(models.Model):
    """A report the grantee owes by a date: narrative, financial, or both in one."""

    class Kind(models.TextChoices):
        NARRATIVE = "narrative", _("Narrative report")
        FINANCIAL = "financial", _("Financial report")
        BOTH = "both", _("Narrative and financial report")

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="report_requirements", verbose_name=_("award")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.BOTH)
    title = models.CharField(_("title"), max_length=200, blank=True)
    due_on = models.DateField(_("due"))
    # When the next reminder of this report falls due (None: no more), kept by the services
    # that change the due date or the report, so the job finds what is due with one indexed range.
    next_reminder_at = models.DateTimeField(_("next reminder"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("reporting duty")
        verbose_name_plural = _("reporting duties")
        ordering = ["award", "due_on", "position", "pk"]
        indexes = [
            models.Index(
                fields=["next_reminder_at"],
                name="report_reminder_due",
                condition=models.Q(next_reminder_at__isnull=False),
            )
        ]

    def __str__(self):
        return f"Reporting duty #{self.pk}"


class Report(models.Model):
    """The grantee's report for one duty. Its narrative is encrypted at rest (core.encryption):
    what a defender writes about their work must not sit readable in a dump. `lines` holds the
    financial part: [{"line": budget line, "amount": "123.45"}]."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        ACCEPTED = "accepted", _("Accepted")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    requirement = models.OneToOneField(
        ReportRequirement, on_delete=models.CASCADE, related_name="report", verbose_name=_("reporting duty")
    )
    status = models.CharField(_("status"), max_length=18, choices=Status.choices, default=Status.DRAFT)
    narrative_encrypted = models.TextField(_("narrative (encrypted)"), blank=True)
    lines = models.JSONField(_("amounts spent per budget line"), default=list, blank=True)
    saved_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    # Staff's message when they ask for changes, read by the grantee.
    review_message = models.TextField(_("message from staff"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self):
        return f"Report {self.public_id}"


class ReportFile(models.Model):
    """A file attached to a report, stored only as the clean rewrite core.uploads made."""

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report"))
    file = models.FileField(_("file"), upload_to=report_file_name, max_length=200)
    kind = models.CharField(_("kind"), max_length=8)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=150)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"Report file {self.public_id}"


class Tranche(models.Model):
    """A payment of an award, scheduled for a date; it may wait on an accepted report."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches", verbose_name=_("award"))
    position = models.PositiveIntegerField(_("position"), default=0)
    amount = models.DecimalField(_("amount"), **MONEY, validators=POSITIVE)
    scheduled_on = models.DateField(_("scheduled"))
    requires_report = models.ForeignKey(
        ReportRequirement,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tranches",
        verbose_name=_("paid once this report is accepted"),
    )
    paid_on = models.DateField(_("paid"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("marked paid by"),
    )

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["award", "scheduled_on", "position", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="tranche_amount_positive")]

    def __str__(self):
        return f"Tranche #{self.pk}"


class SupportCommitment(models.Model):
    """Technical support beside the money: a digital-security audit, legal accompaniment, a
    relocation plan. A grantee's request starts as `requested` until staff plan or decline it."""

    class Kind(models.TextChoices):
        DIGITAL_SECURITY = "digital_security", _("Digital security")
        LEGAL = "legal", _("Legal accompaniment")
        RELOCATION = "relocation", _("Relocation")
        PSYCHOSOCIAL = "psychosocial", _("Psychosocial support")
        OTHER = "other", _("Other support")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        PLANNED = "planned", _("Planned")
        UNDER_WAY = "under_way", _("Under way")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="support", verbose_name=_("award"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    provider = models.CharField(_("provided by"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    requested_by_grantee = models.BooleanField(_("asked for by the grantee"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("support commitment")
        verbose_name_plural = _("support commitments")
        ordering = ["award", "created_at", "pk"]

    def __str__(self):
        return f"Support commitment {self.public_id}"
