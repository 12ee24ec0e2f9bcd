"""Every email the portal can send, rendered with a context full of things a watched mailbox
must not learn: none of them may appear in the text."""

from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

ALLAUTH_EMAILS = Path(allauth.__file__).parent / "templates" / "account" / "email"
ALLAUTH_MFA_EMAILS = Path(allauth.__file__).parent / "templates" / "mfa" / "email"
OUR_EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"

SENSITIVE = {
    "ip": "203.0.113.77",
    "site_name": "Rights Defenders Fund",
    "site_domain": "rightsfund.example",
    "name": "Amina Haddad",
    "organisation": "Women Lawyers Collective",
    "rfp": "Emergency support for detained journalists",
    "amount": "15,000",
    "country": "Belarus",
    "reference": "ACC-2026-42",
    "other_address": "new-secret-address@example.net",
}


class Site:
    name = SENSITIVE["site_name"]
    domain = SENSITIVE["site_domain"]


def email_templates() -> list[str]:
    allauth_names = {f"account/email/{path.name}" for path in ALLAUTH_EMAILS.glob("*_message.*")}
    ours = {f"emails/{path.name}" for path in OUR_EMAILS.glob("*") if "_subject" not in path.name}
    subjects = {f"account/email/{path.name}" for path in ALLAUTH_EMAILS.glob("*_subject.txt")}
    allauth_names |= {f"mfa/email/{path.name}" for path in ALLAUTH_MFA_EMAILS.glob("*.txt")}
    ours |= {f"emails/{path.name}" for path in OUR_EMAILS.glob("*_subject.txt")}
    return sorted(allauth_names | ours | subjects)


def sensitive_context(user) -> dict:
    return {
        "user": user,
        "email": user.email,
        "code": "ABCD-EFGH",
        "ip": SENSITIVE["ip"],
        "user_agent": "Mozilla/5.0",
        "timestamp": "2026-11-26 10:00",
        "current_site": Site(),
        "site_name": SENSITIVE["site_name"],
        "from_email": user.email,
        "to_email": SENSITIVE["other_address"],
        "deleted_email": SENSITIVE["other_address"],
        "password_reset_url": "https://portal.example/accounts/password/reset/",
        "signup_url": "https://portal.example/accounts/signup/",
        "activate_url": "https://portal.example/accounts/confirm-email/",
        "login_url": "https://portal.example/accounts/login/",
        "organisation": SENSITIVE["organisation"],
        "rfp": SENSITIVE["rfp"],
        "amount": SENSITIVE["amount"],
        "country": SENSITIVE["country"],
        "reference": SENSITIVE["reference"],
    }


def test_every_email_template_is_covered():
    names = email_templates()
    assert "account/email/email_confirmation_message.txt" in names
    assert "emails/new_message.html" in names
    assert "mfa/email/totp_activated_subject.txt" in names
    assert len(names) >= 30


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
@pytest.mark.parametrize("template", email_templates())
def test_no_email_reveals_names_addresses_ips_or_the_funder(template, language, user_factory):
    user = user_factory(name=SENSITIVE["name"], language=language)
    request = RequestFactory().get("/", REMOTE_ADDR=SENSITIVE["ip"])
    request.user = user
    with translation.override(language):
        text = render_to_string(template, sensitive_context(user), request=request)

    for what, value in SENSITIVE.items():
        assert value not in text, f"{template} ({language}) reveals the {what}"


def test_every_allauth_email_template_is_overridden_by_a_neutral_one_of_ours():
    ours = Path(settings.BASE_DIR) / "templates" / "account" / "email"
    missing = sorted(path.name for path in ALLAUTH_EMAILS.glob("*.txt") if not (ours / path.name).exists())
    assert missing == []


def test_every_allauth_mfa_email_template_is_overridden_by_a_neutral_one_of_ours():
    ours = Path(settings.BASE_DIR) / "templates" / "mfa" / "email"
    missing = sorted(path.name for path in ALLAUTH_MFA_EMAILS.glob("*.txt") if not (ours / path.name).exists())
    assert missing == []
