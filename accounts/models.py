import zoneinfo
from functools import cached_property

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .roles import PRIVILEGED_ROLES, ROLE_PRECEDENCE, Role


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("Choose a time zone from the list."), code="invalid_time_zone")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str | None = None, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email) or None, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def with_access(self) -> models.QuerySet:
        """Users with their roles and whether they have a second factor, read in the same
        query: every signed-in request asks both (the idle timeout, the two-factor rule, the
        navigation), and two more queries on each page cost more than the page's own work."""
        from allauth.mfa.models import Authenticator

        from .mfa import SECOND_FACTORS

        memberships = User.groups.through.objects.filter(user_id=models.OuterRef("pk"))
        return self.annotate(
            **{loaded_role(role): models.Exists(memberships.filter(group__name=role.value)) for role in Role},
            loaded_second_factor=models.Exists(
                Authenticator.objects.filter(user_id=models.OuterRef("pk"), type__in=SECOND_FACTORS)
            ),
        )


def loaded_role(role: Role) -> str:
    return f"loaded_role_{role.value}"


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the portal. Logs in by email today, but nothing may assume an email
    address exists: accounts without one are planned, for people whose mailbox is watched."""

    class Notify(models.TextChoices):
        EMAIL_AND_PORTAL = "email_and_portal", _("By email and in the portal")
        PORTAL_ONLY = "portal_only", _("In the portal only")

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_time_zone])
    notification_choice = models.CharField(
        _("how to be told of new messages"),
        max_length=20,
        choices=Notify.choices,
        default=Notify.EMAIL_AND_PORTAL,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False, help_text=_("Only admins use the admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.name or self.email or f"#{self.pk}"

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        self.email = UserManager.normalize_email(self.email) or None

    @cached_property
    def roles(self) -> frozenset[str]:
        if self.pk is None:
            return frozenset()
        if hasattr(self, "loaded_second_factor"):  # read by User.objects.with_access()
            return frozenset(role.value for role in Role if getattr(self, loaded_role(role)))
        return frozenset(self.groups.values_list("name", flat=True))

    def has_role(self, role: Role) -> bool:
        return role.value in self.roles

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    @property
    def is_program_staff(self) -> bool:
        return self.has_role(Role.PROGRAM_STAFF)

    @property
    def is_reviewer(self) -> bool:
        return self.has_role(Role.REVIEWER)

    @property
    def privileged_role_labels(self) -> list[str]:
        """Read from `groups.all()`, so a prefetched list costs no query per user."""
        return [Role(group.name).label for group in self.groups.all() if group.name in PRIVILEGED_ROLES]

    @property
    def is_privileged(self) -> bool:
        return bool(self.roles & PRIVILEGED_ROLES)

    @property
    def primary_role(self) -> Role:
        for role in ROLE_PRECEDENCE:
            if self.has_role(role):
                return role
        return Role.APPLICANT


class Organisation(models.Model):
    """A civil-society organisation, or an informal group or network, that applies for grants.
    Its members are users (Membership); a user may belong to several, and may also apply as an
    individual, with no organisation at all."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("Registered organisation")
        INFORMAL = "informal", _("Informal group or network")

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # Many groups cannot register where they work, or would be endangered by doing so.
    registration_number = models.CharField(_("registration number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in an organisation. Owners invite, remove and promote; an organisation
    always keeps at least one owner (accounts.services enforces it under a row lock)."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_user_and_organisation")
        ]

    def __str__(self):
        return f"#{self.user_id} in #{self.organisation_id} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER

    @property
    def display_name(self) -> str:
        """How co-members see the member: the name they chose, never their email address."""
        return self.user.name or gettext("Member #%(number)d") % {"number": self.user_id}


class Invitation(models.Model):
    """A one-time code an owner passes on to a colleague, by hand or by email. Only a keyed hash
    of the code is stored: a leaked database cannot be used to join an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    code_hash = models.CharField(_("keyed hash of the code"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    sent_by_email = models.BooleanField(_("also sent by email"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(fields=["organisation", "expires_at"])]

    def __str__(self):
        return f"#{self.pk} to #{self.organisation_id}"

    def is_pending(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at
