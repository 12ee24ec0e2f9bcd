"""In the browser, without JavaScript for the grantee: they open their award from the dashboard
and ask for support; staff of the call plan it and mark a tranche paid (the password asked again
first); the grantee reads both on their award's page. Every page passes axe-core and the Nu
checker."""

from decimal import Decimal

from django.urls import reverse
from playwright.sync_api import expect

from tests.awards.factories import TrancheFactory, active_award, staff_of
from tests.factories import PASSWORD

from .sessions import sign_in


def test_the_grantee_asks_for_support_staff_plan_it_and_mark_a_tranche_paid(make_page, live_server, check_page):
    award = active_award()
    tranche = TrancheFactory(award=award, amount=Decimal("2500.00"))
    staff = staff_of(award.rfp)
    grantee_tab, staff_tab = make_page(javascript=False), make_page()
    sign_in(grantee_tab, live_server, award.application.applicant)
    sign_in(staff_tab, live_server, staff)

    mine = grantee_tab.page
    mine.goto(live_server.url + reverse("portal:dashboard"))
    check_page(grantee_tab)
    mine.get_by_role("region", name="Your awards").get_by_role("link", name=award.reference).click()
    check_page(grantee_tab)
    expect(mine.get_by_role("heading", level=1)).to_have_text(f"Award {award.reference}")
    support = mine.get_by_role("region", name="Support beside the money")
    support.get_by_label("Kind of support").select_option("digital_security")
    support.get_by_role("button", name="Ask for this support").click()
    expect(mine.get_by_text("Say what support you need: staff read it before they plan it.")).to_be_visible()
    check_page(grantee_tab)
    mine.get_by_label("What do you need?").fill("Our phones were taken at a checkpoint.")
    mine.get_by_role("button", name="Ask for this support").click()
    expect(mine.get_by_text("Your request for support is sent")).to_be_visible()
    expect(mine.get_by_text("Our phones were taken at a checkpoint.")).to_be_visible()
    check_page(grantee_tab)

    asked = award.support.get()
    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:staff-support-edit", args=[award.public_id, asked.public_id]))
    check_page(staff_tab)
    page.get_by_label("Provided by").fill("A trusted partner")
    page.get_by_label("Status").select_option("planned")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The support is saved.")).to_be_visible()

    page.goto(live_server.url + reverse("awards:tranche-paid", args=[award.public_id, tranche.pk]))
    check_page(staff_tab)
    page.get_by_role("button", name="Mark paid").click()
    # Money: the password is asked again, then the payment goes through as it was asked.
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_text("The tranche is marked paid; the grantee is told.")).to_be_visible()

    mine.reload()
    expect(mine.get_by_role("region", name="Payments").get_by_text("Paid on")).to_be_visible()
    expect(support.get_by_text("A trusted partner")).to_be_visible()
    expect(support.get_by_text("Planned")).to_be_visible()
    check_page(grantee_tab)
