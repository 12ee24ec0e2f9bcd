"""Calls for proposals (RFPs) and their forms: sections and questions."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..texts import text_in

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
