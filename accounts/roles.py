from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Each role is a Django group of the same name. Every signed-up user is an applicant."""

    APPLICANT = "applicant", _("Applicant")
    REVIEWER = "reviewer", _("Reviewer")
    PROGRAM_STAFF = "program_staff", _("Program staff")
    ADMIN = "admin", _("Admin")


PRIVILEGED_ROLES = frozenset({Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN})
# The dashboard a user lands on is that of their most powerful role.
ROLE_PRECEDENCE = (Role.ADMIN, Role.PROGRAM_STAFF, Role.REVIEWER, Role.APPLICANT)


def create_role_groups(**kwargs) -> None:
    """post_migrate: idempotent, so a flushed test database gets its groups back."""
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=role.value)
