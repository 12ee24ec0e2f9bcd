"""seed_demo creates accounts with a published password: only with DEBUG on, and only once."""

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from audit.models import AuditEvent
from portal.management.commands.seed_demo import DEMO_PASSWORD


def test_seed_demo_refuses_to_run_with_debug_off(db):
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        call_command("seed_demo")
    assert User.objects.count() == 0


@override_settings(DEBUG=True)
def test_seed_demo_creates_one_verified_account_per_role(db):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "admin@example.org" in output.getvalue()
    roles = {user.email: sorted(user.roles) for user in User.objects.all()}
    assert roles == {
        "applicant@example.org": ["applicant"],
        "reviewer@example.org": ["reviewer"],
        "staff@example.org": ["program_staff"],
        "admin@example.org": ["admin"],
    }
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 4
    assert list(User.objects.filter(is_staff=True).values_list("email", flat=True)) == ["admin@example.org"]
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


@override_settings(DEBUG=True)
def test_running_seed_demo_twice_adds_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 4
    assert EmailAddress.objects.count() == 4
    assert Group.objects.count() == 4
    assert sorted(group.user_set.count() for group in Group.objects.all()) == [1, 1, 1, 1]
    assert AuditEvent.objects.filter(verb="account.role_granted").count() == 4
