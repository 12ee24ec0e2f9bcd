import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from tests.factories import PASSWORD, UserFactory, totp_code

# Each role's dashboard: the panels' headings the apps give it, and the main navigation.
DASHBOARDS = {
    Role.APPLICANT: (
        ["Drafts and submitted applications", "Open calls", "Organisations"],
        ["Dashboard", "Open calls", "Organisations", "Messages", "Profile", "Sign out"],
    ),
    Role.REVIEWER: ([], ["Dashboard", "Open calls", "Reviews", "Messages", "Profile", "Sign out"]),
    Role.PROGRAM_STAFF: (
        ["Calls you run"],
        ["Dashboard", "Open calls", "Calls for proposals", "Reviews", "Portfolio", "Messages", "Profile", "Sign out"],
    ),
    Role.ADMIN: (
        ["All calls for proposals", "Tools"],
        [
            "Dashboard",
            "Open calls",
            "Calls for proposals",
            "Reviews",
            "Portfolio",
            "Messages",
            "Profile",
            "People",
            "Admin site",
            "Sign out",
        ],
    ),
}


@pytest.mark.parametrize("role", DASHBOARDS, ids=[role.value for role in DASHBOARDS])
def test_each_role_signs_in_to_its_own_dashboard_and_is_offered_only_what_it_may_use(
    role, guarded, live_server, check_page
):
    user = UserFactory(roles=[role])
    panels, navigation = DASHBOARDS[role]
    page = guarded.page
    page.goto(live_server.url + "/accounts/login/")
    check_page(guarded)

    page.get_by_label("Email*", exact=True).fill(user.email)
    page.get_by_label("Password*", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if role != Role.APPLICANT:
        # Reviewers, staff and admins have an authenticator app (their role requires one).
        assert page.url == live_server.url + "/accounts/2fa/authenticate/"
        check_page(guarded)
        page.get_by_label("Code*", exact=True).fill(totp_code(user.totp_secret))
        page.get_by_role("button", name="Sign in").click()

    assert page.url == live_server.url + "/dashboard/"
    assert page.locator("h1").all_inner_texts() == ["Dashboard"]
    assert page.locator("main h2").all_inner_texts() == panels
    main_navigation = page.get_by_role("navigation", name="Main")
    # The menu is shown as a row once the stylesheet has loaded: waited for, not read at once.
    expect(main_navigation.get_by_role("listitem")).to_have_text(navigation)
    assert main_navigation.get_by_role("link", name="Open calls").get_attribute("href") == "/calls/"
    if role == Role.APPLICANT:
        calls_link = page.get_by_role("main").get_by_role("link", name="All open calls for proposals")
        assert calls_link.get_attribute("href") == "/calls/"
    admin_links = page.locator('a[href^="/admin/"]')
    if role == Role.ADMIN:
        assert main_navigation.get_by_role("link", name="Admin site").get_attribute("href") == "/admin/"
        assert admin_links.all_inner_texts() == ["Admin site", "Open the admin site (users and the audit log)"]
    else:
        assert admin_links.count() == 0
    # Django's admin site is for admins only and outside the accessibility check: not visited.
    check_page(guarded)
