"""Two-factor authentication: reviewers, staff and admins cannot use the portal without it, a
code is accepted once across every web process, the authenticator app shows the neutral name,
and every change or failure is audited."""

import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.middleware import is_exempt_from_mfa_setup
from accounts.receivers import record_authenticator_added
from accounts.roles import Role
from audit.context import acting_from, ip_hash
from audit.models import AuditEvent
from tests.accounts.flows import committed, sign_in
from tests.factories import PASSWORD, totp_code

PRIVILEGED = [Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN]
DASHBOARD = reverse("portal:dashboard")
PROFILE = reverse("accounts:profile")
ADMIN = reverse("admin:index")
LOGIN = reverse("account_login")
MFA_INDEX = reverse("mfa_index")
ACTIVATE_TOTP = reverse("mfa_activate_totp")
DEACTIVATE_TOTP = reverse("mfa_deactivate_totp")
MFA_AUTHENTICATE = reverse("mfa_authenticate")
RECOVERY_CODES = reverse("mfa_view_recovery_codes")
GENERATE_RECOVERY_CODES = reverse("mfa_generate_recovery_codes")
SETUP_MESSAGE = (
    "Your role gives you access to other people's applications, so your account needs two-factor "
    "authentication. Set up an authenticator app (or a passkey) to continue."
)


def messages_on(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def events(verb: str) -> list[dict]:
    return list(AuditEvent.objects.filter(verb=verb).order_by("pk").values("actor", "target_id", "detail"))


# Enforcement -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", PRIVILEGED, ids=[role.value for role in PRIVILEGED])
@pytest.mark.parametrize("path", [DASHBOARD, PROFILE, ADMIN, "/messages/"])
def test_a_privileged_user_without_mfa_is_sent_from_every_page_to_set_up_an_authenticator(
    path, role, client, user_factory
):
    client.force_login(user_factory(roles=[role], totp=False))
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("role", PRIVILEGED, ids=[role.value for role in PRIVILEGED])
def test_the_setup_page_tells_a_privileged_user_why_they_were_sent_there(role, client, user_factory):
    user = user_factory(roles=[role], totp=False)
    sign_in(client, user)
    response = client.get(DASHBOARD, follow=True)
    assert response.redirect_chain == [(ACTIVATE_TOTP, 302)]
    assert response.templates[0].name == "mfa/totp/activate_form.html"
    assert messages_on(response) == ["You are signed in.", SETUP_MESSAGE]


@pytest.mark.parametrize("role", PRIVILEGED, ids=[role.value for role in PRIVILEGED])
def test_a_privileged_user_with_an_authenticator_app_reaches_their_pages(role, client, user_factory):
    client.force_login(user_factory(roles=[role]))
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(PROFILE).status_code == 200


def test_a_privileged_user_with_only_a_passkey_reaches_their_dashboard(client, user_factory):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.WEBAUTHN, data={"name": "Phone"})
    client.force_login(reviewer)
    assert client.get(DASHBOARD).status_code == 200


def test_recovery_codes_alone_are_not_two_factor_authentication(client, user_factory):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    client.force_login(reviewer)
    assert client.get(DASHBOARD).headers["Location"] == ACTIVATE_TOTP


@pytest.mark.parametrize("path", [DASHBOARD, PROFILE, "/messages/"])
def test_an_applicant_without_mfa_is_not_sent_to_set_it_up(path, client, applicant):
    client.force_login(applicant)
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", [MFA_INDEX, ACTIVATE_TOTP, reverse("mfa_add_webauthn"), reverse("account_email")])
def test_the_setup_pages_open_for_a_privileged_user_without_mfa(path, client, user_factory):
    sign_in(client, user_factory(roles=[Role.PROGRAM_STAFF], totp=False))
    assert client.get(path).status_code == 200


def test_a_privileged_user_without_mfa_can_sign_out(client, user_factory):
    client.force_login(user_factory(roles=[Role.ADMIN], totp=False))
    response = client.post(reverse("account_logout"))
    assert response.headers["Location"] == reverse("portal:home")
    assert SESSION_KEY not in client.session


def test_a_privileged_user_without_mfa_can_use_the_quick_exit(client, user_factory):
    client.force_login(user_factory(roles=[Role.REVIEWER], totp=False))
    response = client.get(reverse("portal:quick-exit"))
    assert response.headers["Location"] == settings.QUICK_EXIT_URL
    assert SESSION_KEY not in client.session


def test_a_privileged_user_without_mfa_can_switch_language(client, user_factory):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    client.force_login(reviewer)
    response = client.post(reverse("accounts:set-language"), {"language": "fr", "next": ACTIVATE_TOTP})
    assert response.headers["Location"] == ACTIVATE_TOTP
    reviewer.refresh_from_db()
    assert reviewer.language == "fr"


def test_static_files_are_exempt_from_the_setup_redirect():
    # WhiteNoise answers them before this middleware runs; the exemption holds if it ever does not.
    assert is_exempt_from_mfa_setup(RequestFactory().get("/static/js/needs-javascript.js")) is True
    assert is_exempt_from_mfa_setup(RequestFactory().get(DASHBOARD)) is False


def test_a_privileged_user_with_mfa_is_not_signed_in_by_the_password_alone(client, reviewer):
    response = client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    assert response.headers["Location"] == MFA_AUTHENTICATE
    assert SESSION_KEY not in client.session
    assert client.get(DASHBOARD).headers["Location"] == f"{LOGIN}?next={DASHBOARD}"

    response = client.post(MFA_AUTHENTICATE, {"code": totp_code(reviewer.totp_secret)})
    assert response.headers["Location"] == DASHBOARD
    assert client.session[SESSION_KEY] == str(reviewer.pk)


def test_a_wrong_code_at_sign_in_is_refused_next_to_the_field(client, reviewer):
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    wrong = "000000" if totp_code(reviewer.totp_secret) != "000000" else "111111"
    response = client.post(MFA_AUTHENTICATE, {"code": wrong})
    assert response.status_code == 200
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert SESSION_KEY not in client.session


def test_a_recovery_code_signs_in_once_without_javascript_or_the_app(client, reviewer):
    code = RecoveryCodes.activate(reviewer).generate_codes()[0]
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    assert client.post(MFA_AUTHENTICATE, {"code": code}).headers["Location"] == DASHBOARD
    client.logout()
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    assert client.post(MFA_AUTHENTICATE, {"code": code}).context["form"].errors == {"code": ["Incorrect code."]}


def test_a_privileged_user_cannot_remove_their_only_authenticator_app(client, reviewer):
    sign_in(client, reviewer)
    response = client.post(DEACTIVATE_TOTP)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Your role requires two-factor authentication: add another authenticator app or passkey before "
        "removing this one."
    ]
    assert Authenticator.objects.filter(user=reviewer, type=Authenticator.Type.TOTP).count() == 1


def test_a_privileged_user_with_a_passkey_too_may_remove_the_app(client, reviewer):
    Authenticator.objects.create(user=reviewer, type=Authenticator.Type.WEBAUTHN, data={"name": "Phone"})
    sign_in(client, reviewer)
    assert client.post(DEACTIVATE_TOTP).headers["Location"] == MFA_INDEX
    assert list(Authenticator.objects.filter(user=reviewer).values_list("type", flat=True)) == ["webauthn"]


def test_adding_an_app_more_than_five_minutes_after_signing_in_asks_for_the_password_again(client, applicant, clock):
    sign_in(client, applicant)
    assert client.get(ACTIVATE_TOTP).status_code == 200
    clock.advance(minutes=5, seconds=1)
    response = client.get(ACTIVATE_TOTP)
    assert response.headers["Location"] == f"{reverse('account_reauthenticate')}?next={quote(ACTIVATE_TOTP, safe='')}"


# Setting up the app --------------------------------------------------------------------------------


def set_up_totp(client, capture) -> tuple[str, str]:
    """Open the setup page, read the secret as the app would, send its code; (secret, code).
    `capture`: pytest-django's django_capture_on_commit_callbacks (allauth signals on commit)."""
    secret = client.get(ACTIVATE_TOTP).context["form"].secret
    code = totp_code(secret)
    response = committed(capture, client.post, ACTIVATE_TOTP, {"code": code})
    assert response.headers["Location"] == RECOVERY_CODES
    return secret, code


def test_the_authenticator_app_shows_the_neutral_portal_name_and_no_email_address(client, applicant):
    sign_in(client, applicant)
    response = client.get(ACTIVATE_TOTP)
    secret = response.context["form"].secret
    assert response.context["totp_url"] == (
        f"otpauth://totp/{quote(f'account {applicant.pk}')}?secret={secret}&issuer={quote(settings.PORTAL_PUBLIC_NAME)}"
    )
    assert applicant.email not in response.content.decode()
    assert settings.PORTAL_PUBLIC_NAME == "Grants portal"
    assert response.context["totp_svg_data_uri"].startswith("data:image/svg+xml;base64,")


def test_a_passkey_is_saved_under_the_neutral_portal_name(client, applicant):
    sign_in(client, applicant)
    response = client.get(reverse("mfa_add_webauthn"), HTTP_HOST="localhost")
    assert response.context["js_data"]["creation_options"]["publicKey"]["rp"] == {
        "id": "localhost",
        "name": settings.PORTAL_PUBLIC_NAME,
    }


def test_a_reviewer_sets_up_the_app_sees_recovery_codes_and_reaches_the_dashboard(
    client, user_factory, django_capture_on_commit_callbacks
):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    sign_in(client, reviewer)
    set_up_totp(client, django_capture_on_commit_callbacks)
    response = client.get(RECOVERY_CODES)
    codes = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES).wrap().generate_codes()
    assert response.context["unused_codes"] == codes
    assert len(codes) == 10
    assert client.get(DASHBOARD).status_code == 200


# A code is used once ---------------------------------------------------------------------------


def fresh_cache_backend(monkeypatch):
    """A new cache backend object, as another web process has: whatever the guard knows must
    come from the shared database, not from this process's memory."""
    from allauth.mfa.totp.internal import auth

    monkeypatch.setattr(auth, "cache", caches.create_connection("default"))


VALIDATE_IN_ANOTHER_PROCESS = """
import sys
import django
django.setup()
from allauth.mfa.models import Authenticator
print(Authenticator.objects.get(pk=int(sys.argv[1])).wrap().validate_code(sys.argv[2]))
"""


def validate_in_another_process(authenticator: Authenticator, code: str) -> bool:
    """Run the check in a separate Python process against the same (test) database."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "accelerate.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", VALIDATE_IN_ANOTHER_PROCESS, str(authenticator.pk), code],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return {"True": True, "False": False}[result.stdout.strip()]


@pytest.mark.django_db(transaction=True)
def test_a_totp_code_used_in_one_process_is_refused_by_another_and_by_this_one(postgres, user_factory):
    reviewer = user_factory(roles=[Role.REVIEWER])
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    code = totp_code(reviewer.totp_secret)
    assert validate_in_another_process(authenticator, code) is True
    assert validate_in_another_process(authenticator, code) is False
    assert TOTP(authenticator).validate_code(code) is False


def test_a_totp_code_is_accepted_once_even_by_another_process(reviewer, monkeypatch):
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    code = totp_code(reviewer.totp_secret)
    assert TOTP(authenticator).validate_code(code) is True
    assert TOTP(authenticator).validate_code(code) is False

    fresh_cache_backend(monkeypatch)
    assert TOTP(Authenticator.objects.get(pk=authenticator.pk)).validate_code(code) is False


def test_the_used_code_guard_is_kept_in_the_shared_database_cache(reviewer):
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    code = totp_code(reviewer.totp_secret)
    TOTP(authenticator).validate_code(code)
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cache_entries")
        keys = [row[0] for row in cursor.fetchall()]
    assert f":1:allauth.mfa.totp.used?user={reviewer.pk}&code={code}" in keys


def test_a_code_used_to_sign_in_cannot_sign_in_another_browser(client, reviewer, monkeypatch):
    code = totp_code(reviewer.totp_secret)
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    assert client.post(MFA_AUTHENTICATE, {"code": code}).headers["Location"] == DASHBOARD

    fresh_cache_backend(monkeypatch)
    watcher = Client()
    watcher.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    response = watcher.post(MFA_AUTHENTICATE, {"code": code})
    assert response.context["form"].errors == {"code": ["Incorrect code."]}
    assert SESSION_KEY not in watcher.session


def test_the_code_that_set_up_the_app_cannot_be_used_to_sign_in(
    client, user_factory, monkeypatch, django_capture_on_commit_callbacks
):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    sign_in(client, reviewer)
    _secret, code = set_up_totp(client, django_capture_on_commit_callbacks)
    client.logout()

    fresh_cache_backend(monkeypatch)
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    response = client.post(MFA_AUTHENTICATE, {"code": code})
    assert response.context["form"].errors == {"code": ["Incorrect code."]}


def test_a_code_from_the_previous_30_seconds_is_accepted_for_slow_links(reviewer, clock):
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    code = totp_code(reviewer.totp_secret)
    clock.advance(seconds=30)
    assert TOTP(authenticator).validate_code(code) is True


def test_a_code_from_a_minute_ago_is_refused(reviewer, clock):
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    code = totp_code(reviewer.totp_secret)
    clock.advance(seconds=60)
    assert TOTP(authenticator).validate_code(code) is False


def test_the_database_cache_never_culls_used_code_markers_under_ordinary_load():
    # Django's default of 300 live entries would cull used-code markers first (by key order).
    assert settings.CACHES["default"]["OPTIONS"]["MAX_ENTRIES"] == 1_000_000


# Audit -------------------------------------------------------------------------------------------


def test_setting_up_the_app_is_audited_with_the_authenticators_ids_and_types(
    client, user_factory, django_capture_on_commit_callbacks
):
    reviewer = user_factory(roles=[Role.REVIEWER], totp=False)
    sign_in(client, reviewer)
    set_up_totp(client, django_capture_on_commit_callbacks)
    totp = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES)
    assert events("mfa.authenticator_added") == [
        {"actor": reviewer.pk, "target_id": str(reviewer.pk), "detail": {"authenticator": totp.pk, "type": "totp"}},
        {
            "actor": reviewer.pk,
            "target_id": str(reviewer.pk),
            "detail": {"authenticator": codes.pk, "type": "recovery_codes"},
        },
    ]


def test_removing_the_app_is_audited_with_its_recovery_codes(client, applicant, django_capture_on_commit_callbacks):
    sign_in(client, applicant)
    set_up_totp(client, django_capture_on_commit_callbacks)
    ids = dict(Authenticator.objects.filter(user=applicant).values_list("type", "pk"))
    assert committed(django_capture_on_commit_callbacks, client.post, DEACTIVATE_TOTP).headers["Location"] == MFA_INDEX
    assert events("mfa.authenticator_removed") == [
        {
            "actor": applicant.pk,
            "target_id": str(applicant.pk),
            "detail": {"authenticator": ids["totp"], "type": "totp"},
        },
        {
            "actor": applicant.pk,
            "target_id": str(applicant.pk),
            "detail": {"authenticator": ids["recovery_codes"], "type": "recovery_codes"},
        },
    ]


def test_new_recovery_codes_are_audited(client, reviewer, django_capture_on_commit_callbacks):
    RecoveryCodes.activate(reviewer)
    sign_in(client, reviewer)
    response = committed(django_capture_on_commit_callbacks, client.post, GENERATE_RECOVERY_CODES)
    assert response.headers["Location"] == RECOVERY_CODES
    codes = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.RECOVERY_CODES)
    assert events("mfa.recovery_codes_generated") == [
        {
            "actor": reviewer.pk,
            "target_id": str(reviewer.pk),
            "detail": {"authenticator": codes.pk, "type": "recovery_codes"},
        }
    ]


def test_a_failed_code_at_sign_in_is_audited_without_an_actor_and_without_the_code(client, reviewer):
    client.post(LOGIN, {"login": reviewer.email, "password": PASSWORD})
    wrong = "000000" if totp_code(reviewer.totp_secret) != "000000" else "111111"
    client.post(MFA_AUTHENTICATE, {"code": wrong})
    totp = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    assert events("mfa.failed") == [
        {
            "actor": None,
            "target_id": str(reviewer.pk),
            "detail": {"authenticator": totp.pk, "type": "totp", "reauthentication": False},
        }
    ]


def test_a_failed_code_at_re_authentication_is_audited_with_the_user_as_actor(client, reviewer, clock):
    sign_in(client, reviewer)
    clock.advance(minutes=6)
    wrong = "000000" if totp_code(reviewer.totp_secret) != "000000" else "111111"
    response = client.post(reverse("mfa_reauthenticate"), {"code": wrong})
    assert response.status_code == 200
    assert [event["actor"] for event in events("mfa.failed")] == [reviewer.pk]
    assert events("mfa.failed")[0]["detail"]["reauthentication"] is True


def test_a_privileged_users_mfa_events_keep_the_keyed_hash_of_their_address(reviewer):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    with acting_from("203.0.113.9"):
        record_authenticator_added(Authenticator, request=request, user=reviewer, authenticator=authenticator)
    assert AuditEvent.objects.get(verb="mfa.authenticator_added").ip_hash == ip_hash("203.0.113.9")
