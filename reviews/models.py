"""A call's rubric, its reviewers, their assignments, conflicts and reviews, and the panel's
recommendation. grants knows nothing of these: reviews reads applications through grants'
selectors and moves them through grants' one move function."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import Organisation
from grants.models import RFP, Application

DEFAULT_ACCESS_DAYS = 90


class Criterion(models.Model):
    """One line of a call's rubric. Its texts hold, per language, the name, the guidance and
    the optional labels of scale points: {"en": {"name", "guidance", "labels": {"0": "..."}}}.
    Weight and scale freeze once the call's first review is submitted (rules.py)."""

    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("call"))
    key = models.SlugField(_("key"), max_length=50)
    position = models.PositiveIntegerField(_("position"), default=0)
    texts = models.JSONField(_("texts"), default=dict)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0, validators=[MaxValueValidator(1)])
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    comment_required = models.BooleanField(_("a comment is required"), default=False)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["rfp", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rfp", "key"], name="criterion_key_unique_in_rfp"),
            models.CheckConstraint(condition=models.Q(scale_min__lt=models.F("scale_max")), name="criterion_scale"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="criterion_weight_positive"),
        ]

    def __str__(self):
        return f"Criterion {self.key}"

    def text(self, language: str, default_language: str) -> dict:
        return self.texts.get(language) or self.texts.get(default_language) or {}


class RubricKeys(models.Model):
    """The number of the last criterion key a call's rubric handed out (`c1`, `c2`...). Kept
    apart from the criteria so that removing one never frees its key: scores, exports and
    audit events name a criterion by its key, and an old key must never mean a new criterion."""

    rfp = models.OneToOneField(RFP, on_delete=models.CASCADE, related_name="rubric_keys", verbose_name=_("call"))
    last_number = models.PositiveIntegerField(_("last key number"), default=0)

    class Meta:
        verbose_name = _("rubric keys")
        verbose_name_plural = _("rubric keys")

    def __str__(self):
        return f"Rubric keys of call #{self.rfp_id}"


class ReviewRound(models.Model):
    """A call's review round: how long reviewers keep access, and when staff closed it. A
    reviewer's access to an assignment ends at `closed_at` or `access_days` after the
    assignment was made, whichever is first (access.py)."""

    rfp = models.OneToOneField(RFP, on_delete=models.CASCADE, related_name="review_round", verbose_name=_("call"))
    access_days = models.PositiveSmallIntegerField(
        _("days reviewers keep access after being assigned"),
        default=DEFAULT_ACCESS_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    closed_at = models.DateTimeField(_("review round closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")

    def __str__(self):
        return f"Review round of call #{self.rfp_id}"


class CallReviewer(models.Model):
    """A reviewer attached to a call by its staff, with the countries and organisations whose
    applications they must not review."""

    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="call_reviewers", verbose_name=_("call"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviewing_calls", verbose_name=_("reviewer")
    )
    excluded_countries = CountryField(_("countries excluded"), multiple=True, blank=True)
    excluded_organisations = models.ManyToManyField(
        Organisation, blank=True, related_name="+", verbose_name=_("organisations excluded")
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("reviewer of a call")
        verbose_name_plural = _("reviewers of a call")
        ordering = ["rfp", "added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["rfp", "reviewer"], name="call_reviewer_once")]

    def __str__(self):
        return f"Reviewer #{self.reviewer_id} of call #{self.rfp_id}"


class Assignment(models.Model):
    """A reviewer asked to review one submitted application, by a due instant. Addressed in
    URLs by `public_id`. A declared conflict or a removal ends it (the row stays, for history);
    at most one live assignment per reviewer and application."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Assigned")
        CONFLICT = "conflict", _("Conflict of interest declared")
        REMOVED = "removed", _("Removed by staff")

    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("call"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("reviewer")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("assigned"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    # created_at + the round's access_days, brought forward when staff close the round: every
    # reviewer URL of this assignment answers 404 from then on.
    access_ends_at = models.DateTimeField(_("access ends"))
    # The reviewer confirmed they have no conflict of interest: only then do they read it.
    no_conflict_confirmed_at = models.DateTimeField(_("no conflict confirmed"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"],
                condition=models.Q(status="active"),
                name="one_live_assignment_per_reviewer",
            ),
        ]
        indexes = [
            models.Index(fields=["reviewer", "status", "due_at"], name="assignment_queue"),
            models.Index(fields=["rfp", "status"], name="assignment_call"),
            # Reminders ask which live assignments fall due soon or are overdue.
            models.Index(fields=["due_at"], condition=models.Q(status="active"), name="assignment_due_live"),
        ]

    def __str__(self):
        return f"Assignment #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class ConflictDeclaration(models.Model):
    """A reviewer's declared conflict of interest with one application: they never review it.
    The reason is for staff only, and never in an audit event."""

    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="+", verbose_name=_("call"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflicts", verbose_name=_("reviewer")
    )
    assignment = models.ForeignKey(
        Assignment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assignment")
    )
    reason = models.TextField(_("reason"), max_length=2000)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replacement assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        ordering = ["-declared_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="conflict_once")]

    def __str__(self):
        return f"Conflict #{self.pk}"


class Review(models.Model):
    """One reviewer's review of one application, for one assignment: saved as a draft, then
    submitted (which stores its `total`, computed by scoring.py). Staff may reopen it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    class Recommendation(models.TextChoices):
        FUND = "fund", _("Fund")
        MAYBE = "maybe", _("Maybe")
        DECLINE = "decline", _("Decline")

    assignment = models.OneToOneField(
        Assignment, on_delete=models.CASCADE, related_name="review", verbose_name=_("assignment")
    )
    # Copied from the assignment, for the ranking's and the queue's queries.
    rfp = models.ForeignKey(RFP, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("call"))
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("application")
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("reviewer")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField(_("comments for staff"), max_length=10000, blank=True)
    feedback = models.TextField(_("feedback for the applicant"), max_length=10000, blank=True)
    feedback_released_at = models.DateTimeField(_("feedback released to the applicant"), null=True, blank=True)
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices, blank=True)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    updated_at = models.DateTimeField(_("last saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reopened_at = models.DateTimeField(_("reopened"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(total__isnull=False, submitted_at__isnull=False),
                name="submitted_review_has_total",
            ),
        ]
        indexes = [models.Index(fields=["rfp", "status"], name="review_call_status")]

    def __str__(self):
        return f"Review #{self.pk}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Score(models.Model):
    """A review's score on one criterion (None: not scored yet), with the reviewer's comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores", verbose_name=_("review"))
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion"))
    value = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=5000, blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["review", "criterion__position", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="score_once_per_criterion")]

    def __str__(self):
        return f"Score #{self.pk}"


class PanelRecommendation(models.Model):
    """What the panel recommends for one application; the award decision starts from it."""

    class Recommendation(models.TextChoices):
        FUND = "fund", _("Fund")
        RESERVE = "reserve", _("Reserve")
        DECLINE = "decline", _("Decline")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="panel_recommendation", verbose_name=_("application")
    )
    recommendation = models.CharField(_("recommendation"), max_length=10, choices=Recommendation.choices)
    note = models.TextField(_("note"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("panel recommendation")
        verbose_name_plural = _("panel recommendations")

    def __str__(self):
        return f"Panel recommendation #{self.pk}"
