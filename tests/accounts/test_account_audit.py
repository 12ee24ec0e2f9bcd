"""Account events leave a trace in the audit log: who and what, never an address or a value."""

import pytest
from django.urls import reverse

from accounts.models import User
from audit.context import ip_hash
from audit.models import AuditEvent
from tests.factories import PASSWORD

from .flows import LOGIN, committed, enter_code, last_code_sent_to, sign_up

ADDRESS = "203.0.113.7"


def events() -> list[tuple]:
    return list(AuditEvent.objects.order_by("pk").values_list("verb", "actor", "target_id", "detail"))


def test_a_login_is_recorded(client, applicant):
    client.post(LOGIN, {"login": applicant.email, "password": PASSWORD})
    assert events() == [("account.login", applicant.pk, str(applicant.pk), {})]


def test_a_failed_login_on_an_account_is_recorded_without_the_address_typed(client, applicant):
    response = client.post(LOGIN, {"login": applicant.email, "password": "not-the-password"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert events() == [("account.login_failed", None, str(applicant.pk), {"known_account": True})]
    stored = str(AuditEvent.objects.values().get())
    assert applicant.email not in stored
    assert AuditEvent.objects.get().ip_hash == ""


def test_a_failed_login_on_an_unknown_address_is_counted_without_the_address(client, db):
    client.post(LOGIN, {"login": "nobody@example.org", "password": "not-the-password"})
    assert events() == [("account.login_failed", None, "", {"known_account": False})]
    assert "nobody" not in str(AuditEvent.objects.values().get())


def test_a_logout_is_recorded(client, applicant):
    client.force_login(applicant)
    client.post(reverse("account_logout"))
    assert [verb for verb, *_ in events()] == ["account.login", "account.logout"]
    assert events()[-1] == ("account.logout", applicant.pk, str(applicant.pk), {})


def test_a_profile_change_records_which_fields_changed_but_not_their_values(client, applicant):
    client.force_login(applicant)
    response = client.post(
        reverse("accounts:profile"),
        {
            "name": "Nadia Benali",
            "language": "en",
            "time_zone": "Africa/Tunis",
            "notification_choice": "email_and_portal",
        },
    )
    assert response.status_code == 302
    assert events()[-1] == (
        "account.profile_updated",
        applicant.pk,
        str(applicant.pk),
        {"fields": ["name", "time_zone"]},
    )
    assert "Nadia" not in str(AuditEvent.objects.values().last())


def test_saving_an_unchanged_profile_records_nothing(client, applicant):
    client.force_login(applicant)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("accounts:profile"),
        {"name": applicant.name, "language": "en", "time_zone": "UTC", "notification_choice": "email_and_portal"},
    )
    assert response.status_code == 302  # saved, not refused
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("role_name", ["reviewer", "admin"])
def test_a_privileged_profile_change_keeps_the_hashed_address(role_name, user_in_role, client):
    user = user_in_role(role_name)
    client.force_login(user)
    client.post(
        reverse("accounts:profile"),
        {"name": "X", "language": "fr", "time_zone": "UTC", "notification_choice": "email_and_portal"},
        REMOTE_ADDR=ADDRESS,
    )
    assert AuditEvent.objects.filter(verb="account.profile_updated").get().ip_hash == ip_hash(ADDRESS)


def test_a_sign_up_and_the_verification_of_the_address_are_recorded(client, db, django_capture_on_commit_callbacks):
    committed(django_capture_on_commit_callbacks, sign_up, client, "new.person@example.org")
    user = User.objects.get(email="new.person@example.org")
    assert events() == [("account.signed_up", user.pk, str(user.pk), {})]
    enter_code(client, last_code_sent_to("new.person@example.org"))
    assert events() == [
        ("account.signed_up", user.pk, str(user.pk), {}),
        ("account.email_verified", user.pk, str(user.pk), {}),
        ("account.login", user.pk, str(user.pk), {}),
    ]
    assert "new.person" not in str(list(AuditEvent.objects.values()))


def test_changing_the_address_records_the_verification_and_the_change_but_neither_address(
    client, applicant, django_capture_on_commit_callbacks
):
    old_address = applicant.email
    client.force_login(applicant)
    response = committed(
        django_capture_on_commit_callbacks,
        client.post,
        reverse("account_email"),
        {"action_add": "", "email": "moved@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    response = enter_code(client, last_code_sent_to("moved@example.org"))
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.email == "moved@example.org"
    assert [verb for verb, *_ in events()] == ["account.login", "account.email_verified", "account.email_changed"]
    stored = str(list(AuditEvent.objects.values()))
    assert "moved" not in stored
    assert old_address not in stored
