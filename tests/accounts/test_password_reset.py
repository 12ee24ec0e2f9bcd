"""Password reset by a code sent by email: the code sets a new password, and after three wrong
codes the page says what is true (that code no longer works; the account is not locked)."""

import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

from .flows import LOGIN, NEW_PASSWORD, committed

RESET = reverse("account_reset_password")
CONFIRM = reverse("account_confirm_password_reset_code")
COMPLETE = reverse("account_complete_password_reset")
NO_LONGER_WORKS = "That code was entered wrongly too many times and no longer works. Ask for a new code."


def ask_for_a_code(client, user, capture) -> str:
    committed(capture, client.post, RESET, {"email": user.email})
    match = re.search(r"Your password reset code is:\s*\n\s*(\S+)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match[1]


def wrong(code: str) -> str:
    return "A" * len(code) if code != "A" * len(code) else "B" * len(code)


def test_the_emailed_code_lets_the_person_choose_a_new_password(client, applicant, django_capture_on_commit_callbacks):
    code = ask_for_a_code(client, applicant, django_capture_on_commit_callbacks)
    assert client.post(CONFIRM, {"code": code}).headers["Location"] == COMPLETE
    client.post(COMPLETE, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    applicant.refresh_from_db()
    assert applicant.check_password(NEW_PASSWORD)


def test_a_wrong_code_can_be_typed_again(client, applicant, django_capture_on_commit_callbacks):
    code = ask_for_a_code(client, applicant, django_capture_on_commit_callbacks)
    response = client.post(CONFIRM, {"code": wrong(code)})
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == ["Incorrect code."]
    assert client.post(CONFIRM, {"code": code}).headers["Location"] == COMPLETE


def test_after_three_wrong_codes_the_page_says_the_code_no_longer_works_and_the_account_is_not_locked(
    client, applicant, django_capture_on_commit_callbacks
):
    code = ask_for_a_code(client, applicant, django_capture_on_commit_callbacks)
    for _ in range(2):
        assert client.post(CONFIRM, {"code": wrong(code)}).status_code == 200
    response = client.post(CONFIRM, {"code": wrong(code)})
    assert response.headers["Location"] == RESET
    page = client.get(RESET).content.decode()
    assert NO_LONGER_WORKS in page
    assert "locked" not in page

    # True: the code no longer works...
    assert client.post(CONFIRM, {"code": code}).headers["Location"] == LOGIN
    # ...a new one does...
    new_code = ask_for_a_code(client, applicant, django_capture_on_commit_callbacks)
    assert client.post(CONFIRM, {"code": new_code}).headers["Location"] == COMPLETE
    # ...and the account was never locked.
    client.post(reverse("account_logout"))
    client.post(LOGIN, {"login": applicant.email, "password": PASSWORD})
    assert client.session[SESSION_KEY] == str(applicant.pk)
