import pytest

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, totp_code


def sign_in_with_code(page, live_server, user):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Email*", exact=True).fill(user.email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code*", exact=True).fill(totp_code(user.totp_secret))
    page.get_by_role("button", name="Sign in").click()
    assert page.url == live_server.url + "/dashboard/"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_admin_finds_a_colleague_and_makes_them_a_reviewer(javascript, make_page, live_server, check_page):
    admin = UserFactory(roles=[Role.ADMIN])
    colleague = UserFactory(email="colleague@example.net", totp=True)
    guarded = make_page(javascript=javascript)
    page = guarded.page
    sign_in_with_code(page, live_server, admin)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="People").click()
    assert page.locator("h1").inner_text() == "People and roles"
    check_page(guarded)
    page.get_by_label("Email address or name").fill("colleague@")
    page.get_by_role("button", name="Search").click()
    check_page(guarded)
    page.get_by_role("link", name="colleague@example.net").click()
    check_page(guarded)

    page.get_by_label("Reviewer").check()
    page.get_by_role("button", name="Save roles").click()

    assert page.get_by_role("status").inner_text() == "Roles saved."
    assert page.get_by_label("Reviewer").is_checked()
    check_page(guarded)
    colleague.refresh_from_db()
    assert colleague.roles == {"applicant", "reviewer"}
