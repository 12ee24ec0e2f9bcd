import re

import pytest
from django.urls import reverse

from accounts.models import Membership, Organisation
from tests.factories import UserFactory

from .test_messages import sign_in


def main_navigation(page):
    return page.get_by_role("navigation", name="Main")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_owner_invites_by_code_and_the_colleague_joins(javascript, make_page, live_server, check_page, mailoutbox):
    owner = UserFactory(name="Amina Haddad")
    colleague = UserFactory(name="Rafael Ortiz")

    # The owner creates the organisation.
    owners = make_page(javascript=javascript)
    page = owners.page
    sign_in(page, live_server, owner)
    assert "You apply as an individual" in page.locator("main").inner_text()
    check_page(owners)
    main_navigation(page).get_by_role("link", name="Organisations").click()
    assert page.locator("h1").all_inner_texts() == ["Your organisations"]
    check_page(owners)
    page.get_by_role("link", name="Create an organisation").click()
    check_page(owners)
    page.get_by_label("Name*", exact=True).fill("Women Lawyers Collective")
    page.get_by_label("Country where you mainly work*", exact=True).select_option("BY")
    page.get_by_label("Informal group or network", exact=True).check()
    page.get_by_role("button", name="Create").click()
    organisation = Organisation.objects.get()
    assert page.url == live_server.url + reverse("accounts:organisation", args=[organisation.pk])
    assert page.locator("h1").all_inner_texts() == ["Women Lawyers Collective"]
    assert page.title() == "Organisation · Grants portal"
    check_page(owners)

    # … and makes a code to pass on outside email.
    page.get_by_role("link", name="Invite a colleague").click()
    check_page(owners)
    page.get_by_role("button", name="Make a code").click()
    code = page.locator("#invitation-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    check_page(owners)
    assert mailoutbox == []

    # The colleague, in another browser, signs in and joins with it.
    colleagues = make_page(javascript=javascript)
    other = colleagues.page
    sign_in(other, live_server, colleague)
    other.goto(live_server.url + reverse("accounts:organisations"))
    other.get_by_role("link", name="Join with a code").click()
    check_page(colleagues)
    other.get_by_label("Invitation code*", exact=True).fill("WRONG-CODE-XXXX")
    other.get_by_role("button", name="Join").click()
    assert other.locator("#id_code").get_attribute("aria-invalid") == "true"
    assert other.locator("#id_code_error").inner_text() == ("This code is not right. Check it and try again.")
    check_page(colleagues)
    other.get_by_label("Invitation code*", exact=True).fill(code)
    other.get_by_role("button", name="Join").click()
    assert other.url == live_server.url + reverse("accounts:organisation", args=[organisation.pk])
    assert "You joined the organisation." in other.locator(".messages").inner_text()
    check_page(colleagues)

    # The owner sees them in the member list.
    page.goto(live_server.url + reverse("accounts:organisation", args=[organisation.pk]))
    rows = page.locator("table.member-list tbody tr")
    assert [row.locator("td").nth(0).inner_text() for row in rows.all()] == ["Amina Haddad (you)", "Rafael Ortiz"]
    assert [row.locator("td").nth(1).inner_text() for row in rows.all()] == ["Owner", "Member"]
    assert page.get_by_text("No invitation is waiting to be used.").is_visible()
    check_page(owners)
    assert Membership.objects.get(user=colleague).organisation == organisation
