"""Calls for proposals (RFPs), their forms, and the applications made to them.

Texts that applicants read exist once per published language, kept as JSON objects keyed by
language code ({"en": {...}, "ar": {...}}); a missing language falls back to the RFP's default
language, which the caller passes in (a row never reaches its RFP for it, so a page of 100
questions costs one query).
"""

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .texts import text_in

MONEY = {"max_digits": 18, "decimal_places": 3}  # three places cover every currency


class RFPQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RFP.Status.PUBLISHED)

    def open_at(self, now):
        """Published, opened, and not yet closed (rapid-response calls never close)."""
        return (
            self.published()
            .filter(models.Q(opens_at__isnull=True) | models.Q(opens_at__lte=now))
            .filter(models.Q(deadline__isnull=True) | models.Q(deadline__gt=now))
        )


class RFP(models.Model):
    class Mechanism(models.TextChoices):
        RAPID_RESPONSE = "rapid_response", _("Rapid response (rolling, decided one by one)")
        PROGRAMMATIC = "programmatic", _("Programmatic (opens and closes at set times)")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    mechanism = models.CharField(_("mechanism"), max_length=20, choices=Mechanism.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # {"en": {"title", "summary", "description", "eligibility"}, ...}; description and
    # eligibility are Markdown, sanitised when shown.
    texts = models.JSONField(_("texts"), default=dict)
    default_language = models.CharField(_("default language"), max_length=8, choices=settings.LANGUAGES)
    languages = models.JSONField(_("published languages"), default=list)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("closes at"), null=True, blank=True)
    time_zone = models.CharField(_("time zone the times were entered in"), max_length=64, default="UTC")
    currency = models.CharField(
        _("currency"), max_length=3, validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter code, e.g. USD."))]
    )
    min_amount = models.DecimalField(_("minimum amount"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    max_amount = models.DecimalField(_("maximum amount"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    budget = models.DecimalField(_("total budget"), **MONEY, validators=[MinValueValidator(Decimal(0))])
    blind_review = models.BooleanField(_("blind review"), default=False)
    reviewers_per_application = models.PositiveSmallIntegerField(
        _("reviewers per application"), default=2, validators=[MinValueValidator(1)]
    )
    reviewers_see_each_other = models.BooleanField(
        _("reviewers see each other's reviews after submitting their own"), default=False
    )
    applications_per_applicant = models.PositiveSmallIntegerField(
        _("applications per applicant or organisation"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("How many applications one person or one organisation may make to this call."),
    )
    spread_threshold = models.DecimalField(
        _("spread threshold (points)"), max_digits=5, decimal_places=2, default=Decimal(20)
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="rfps_run", blank=True, verbose_name=_("program staff")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    duplicated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("copied from")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RFPQuerySet.as_manager()

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_amount__lte=models.F("max_amount")), name="rfp_min_at_most_max"
            ),
            models.CheckConstraint(
                condition=models.Q(mechanism="rapid_response") | models.Q(deadline__isnull=False),
                name="rfp_programmatic_has_deadline",
            ),
        ]

    def __str__(self):
        return f"RFP #{self.pk}"

    def text(self, language: str) -> dict:
        return text_in(self.texts, language, self.default_language)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            errors["max_amount"] = _("The maximum must be at least the minimum.")
        if self.mechanism == self.Mechanism.PROGRAMMATIC:
            if self.deadline is None:
                errors["deadline"] = _("A programmatic call needs the instant it closes.")
            elif self.opens_at and self.opens_at >= self.deadline:
                errors["deadline"] = _("It must close after it opens.")
        if self.default_language and self.languages and self.default_language not in self.languages:
            errors["default_language"] = _("The default language must be one of the published languages.")
        if errors:
            raise ValidationError(errors)


class Section(models.Model):
    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    texts = models.JSONField(_("texts"), default=dict)  # {"en": {"title", "intro"}}

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return f"Section #{self.pk}"

    def text(self, language: str, default_language: str) -> dict:
        return text_in(self.texts, language, default_language)


class Question(models.Model):
    class Type(models.TextChoices):
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        NUMBER = "number", _("Number")
        AMOUNT = "amount", _("Amount")
        DATE = "date", _("Date")
        SINGLE_CHOICE = "single_choice", _("Single choice")
        MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
        YES_NO = "yes_no", _("Yes or no")
        COUNTRY = "country", _("Country")
        FILE = "file", _("File upload")

    CHOICE_TYPES = (Type.SINGLE_CHOICE, Type.MULTIPLE_CHOICE)

    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    # The key names the answer in every application's JSON: immutable, never reused in the RFP
    # (a removed question is retired, not deleted, so its key stays taken).
    key = models.SlugField(_("key"), max_length=50)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    position = models.PositiveIntegerField(_("position"), default=0)
    required = models.BooleanField(_("required"), default=False)
    # {"en": {"label", "help", "choices": {"c1": "Small", "c2": "Large"}}}: choice labels per
    # language, by choice key.
    texts = models.JSONField(_("texts"), default=dict)
    # A choice question's choices: language-free keys in the order shown ("c1", "c2", ...). An
    # answer stores the key, never a position. A removed choice's key moves to retired_choices
    # and is never given again in this question, so an old answer never names a new choice.
    choices = models.JSONField(_("choices"), default=list, blank=True)
    retired_choices = models.JSONField(_("removed choices"), default=list, blank=True)
    word_limit = models.PositiveIntegerField(_("word limit"), null=True, blank=True)
    min_value = models.DecimalField(_("minimum"), **MONEY, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), **MONEY, null=True, blank=True)
    identifying = models.BooleanField(
        _("identifying"), default=False, help_text=_("Hidden from reviewers when the review is blind.")
    )
    sensitive = models.BooleanField(
        _("sensitive"), default=False, help_text=_("Never indexed for search and left out of exports by default.")
    )
    retired_at = models.DateTimeField(_("removed"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["rfp", "key"], name="question_key_unique_in_rfp")]

    def __str__(self):
        return self.key

    def text(self, language: str, default_language: str) -> dict:
        return text_in(self.texts, language, default_language)

    @property
    def has_choices(self) -> bool:
        return self.type in self.CHOICE_TYPES

    def choice_labels(self, language: str, default_language: str) -> list[tuple[str, str]]:
        """The live choices in order, each (key, label in `language`), a missing label taken
        from the default language."""
        default = (self.texts.get(default_language) or {}).get("choices") or {}
        wanted = (self.texts.get(language) or {}).get("choices") or {}
        return [(key, wanted.get(key) or default.get(key, "")) for key in self.choices]

    def clean(self):
        errors = {}
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum must be at least the minimum.")
        if self.word_limit and self.type != self.Type.LONG_TEXT:
            errors["word_limit"] = _("Only long text answers have a word limit.")
        if errors:
            raise ValidationError(errors)


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
        ApplicationMessage,
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
