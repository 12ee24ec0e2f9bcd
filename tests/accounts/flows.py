"""Sign-up as a visitor does it, through the pages, shared by the account tests."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, totp_code

NEW_PASSWORD = "a-long-unusual-passphrase-2026"
SIGNUP = reverse("account_signup")
CONFIRM_EMAIL = reverse("account_email_verification_sent")
LOGIN = reverse("account_login")
MFA_AUTHENTICATE = reverse("mfa_authenticate")


def committed(capture, request, *args, **kwargs):
    """Make `request(*args, **kwargs)` and then run the work it left for after its commit, as a
    real request's commit would: emails leave the outbox only then. `capture` is pytest-django's
    `django_capture_on_commit_callbacks` fixture."""
    with capture(execute=True):
        return request(*args, **kwargs)


def sign_up(client, email: str, *, password: str = NEW_PASSWORD, website: str = "", **extra):
    return client.post(
        SIGNUP, {"email": email, "password1": password, "password2": password, "website": website}, **extra
    )


def emailed_code(message) -> str:
    """The verification code in an email: the line after "Your verification code is:"."""
    match = re.search(r"Your verification code is:\s*\n\s*(\S+)", message.body)
    assert match, message.body
    return match[1]


def last_code_sent_to(email: str) -> str:
    return emailed_code([message for message in mail.outbox if message.to == [email]][-1])


def enter_code(client, code: str):
    return client.post(CONFIRM_EMAIL, {"action": "verify", "code": code})


def sign_in(client, user, *, next_url: str = "", **extra):
    """Sign in with the password and, when the account has an authenticator app, its current
    code (`user.totp_secret`, as the factory sets it); returns the last response."""
    response = client.post(
        f"{LOGIN}?next={next_url}" if next_url else LOGIN, {"login": user.email, "password": PASSWORD}, **extra
    )
    if response.headers.get("Location") == MFA_AUTHENTICATE:
        response = client.post(MFA_AUTHENTICATE, {"code": totp_code(user.totp_secret)}, **extra)
    return response
