"""The four roles exist after every migrate, and are granted and revoked only through audited
services that keep the admin site for admins."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.sql import emit_post_migrate_signal

from accounts.roles import Role
from accounts.services import RoleError, grant_role, revoke_role, set_roles
from audit.context import acting_from, ip_hash
from audit.models import AuditEvent

ROLE_GROUPS = ["admin", "applicant", "program_staff", "reviewer"]


def group_names() -> list[str]:
    return sorted(Group.objects.values_list("name", flat=True))


def test_migrating_creates_one_group_per_role(db):
    assert group_names() == ROLE_GROUPS


def test_the_post_migrate_handler_recreates_the_groups_and_running_it_twice_adds_none(db):
    Group.objects.all().delete()  # as after a flush in a transactional test
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert group_names() == ROLE_GROUPS


@pytest.fixture
def applicant(user_factory):
    """An applicant who has already set up an authenticator app, as a privileged role needs."""
    return user_factory(totp=True)


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROGRAM_STAFF])
def test_granting_a_role_other_than_admin_gives_no_admin_site_access(role, applicant, admin_user):
    grant_role(applicant, role, by=admin_user)
    applicant.refresh_from_db()
    assert applicant.roles == {"applicant", role.value}
    assert applicant.is_staff is False
    assert applicant.is_superuser is False


def test_granting_admin_opens_the_admin_site(applicant, admin_user):
    grant_role(applicant, Role.ADMIN, by=admin_user)
    applicant.refresh_from_db()
    assert applicant.is_admin
    assert applicant.is_staff is True
    assert applicant.is_superuser is True


def test_revoking_admin_closes_the_admin_site(admin_user, user_factory):
    other_admin = user_factory(roles=[Role.ADMIN])
    revoke_role(admin_user, Role.ADMIN, by=other_admin)
    admin_user.refresh_from_db()
    assert admin_user.roles == frozenset()
    assert admin_user.is_staff is False
    assert admin_user.is_superuser is False


def test_revoking_another_role_from_an_admin_leaves_the_admin_site_open(user_factory, admin_user):
    admin_and_reviewer = user_factory(roles=[Role.ADMIN, Role.REVIEWER])
    revoke_role(admin_and_reviewer, Role.REVIEWER, by=admin_user)
    admin_and_reviewer.refresh_from_db()
    assert admin_and_reviewer.roles == {"admin"}
    assert admin_and_reviewer.is_staff is True


def test_the_roles_a_user_has_are_read_again_after_a_grant(applicant, admin_user):
    assert applicant.is_reviewer is False  # caches the roles
    grant_role(applicant, Role.REVIEWER, by=admin_user)
    assert applicant.is_reviewer is True
    assert applicant.is_privileged is True


def test_a_grant_and_a_revoke_are_each_audited_with_who_whom_and_which_role(applicant, admin_user):
    with acting_from("203.0.113.7"):
        grant_role(applicant, Role.REVIEWER, by=admin_user)
        revoke_role(applicant, Role.REVIEWER, by=admin_user)
    events = list(
        AuditEvent.objects.order_by("pk").values("actor", "verb", "target_type", "target_id", "detail", "ip_hash")
    )
    assert events == [
        {
            "actor": admin_user.pk,
            "verb": verb,
            "target_type": "accounts.user",
            "target_id": str(applicant.pk),
            "detail": {"role": "reviewer"},
            "ip_hash": ip_hash("203.0.113.7"),
        }
        for verb in ("account.role_granted", "account.role_revoked")
    ]


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN])
def test_a_privileged_role_is_refused_to_an_account_without_a_second_factor(role, user_factory, admin_user):
    """Else whoever phished the password could enrol their own authenticator into a staff account."""
    without = user_factory(totp=False)
    with pytest.raises(RoleError, match="no two-factor authentication"):
        grant_role(without, role, by=admin_user)
    without.refresh_from_db()
    assert without.roles == {"applicant"}
    assert not AuditEvent.objects.filter(verb="account.role_granted").exists()


def test_an_admin_cannot_remove_their_own_admin_role(admin_user):
    with pytest.raises(RoleError, match="ask another admin"):
        revoke_role(admin_user, Role.ADMIN, by=admin_user)
    admin_user.refresh_from_db()
    assert admin_user.is_admin


def test_setting_roles_applies_every_change_or_none(applicant, admin_user, user_factory):
    assert set_roles(applicant, {Role.REVIEWER, Role.PROGRAM_STAFF}, by=admin_user) == [
        "+program_staff",
        "+reviewer",
    ]
    assert set_roles(applicant, {Role.REVIEWER}, by=admin_user) == ["-program_staff"]
    without = user_factory(totp=False, roles=[Role.APPLICANT])
    with pytest.raises(RoleError):
        set_roles(without, {Role.REVIEWER}, by=admin_user)
    applicant.refresh_from_db()
    assert applicant.roles == {"applicant", "reviewer"}
