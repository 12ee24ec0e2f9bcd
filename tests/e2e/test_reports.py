"""A report in the browser, the grantee without JavaScript: they write the narrative and the
amounts spent, attach a file and submit; staff read it and send it back with a message; the
grantee reads the message, changes the report and submits again; staff accept it. Every page
passes axe-core and the Nu checker."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.awards.factories import ReportRequirementFactory, active_award, staff_of

from .applying import picked
from .sessions import sign_in


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_grantee_reports_staff_send_it_back_then_accept_it(make_page, live_server, check_page):
    requirement = ReportRequirementFactory(award=active_award(currency="USD"), title="Final report")
    award = requirement.award
    staff = staff_of(award.rfp)
    grantee_tab, staff_tab = make_page(javascript=False), make_page()
    sign_in(grantee_tab, live_server, award.application.applicant)
    sign_in(staff_tab, live_server, staff)
    report_page = live_server.url + reverse("awards:report", args=[award.public_id, requirement.pk])
    staff_page = live_server.url + reverse("awards:staff-report", args=[award.public_id, requirement.pk])

    # The grantee writes, gets an amount wrong, and nothing typed is lost.
    mine = grantee_tab.page
    mine.goto(report_page)
    check_page(grantee_tab)
    mine.get_by_label("Narrative").fill("We moved the shelter twice.")
    mine.get_by_label("Budget line 1", exact=True).fill("Rent")
    mine.get_by_label("Amount spent on line 1 (USD)").fill("-5")
    mine.get_by_role("button", name="Save", exact=True).click()
    expect(mine.get_by_text("An amount spent is zero or more.")).to_be_visible()
    expect(mine.get_by_label("Narrative")).to_have_value("We moved the shelter twice.")
    check_page(grantee_tab)
    mine.get_by_label("Amount spent on line 1 (USD)").fill("1200.50")
    mine.get_by_label("Add a file").set_input_files(picked("receipts.txt", b"Rent: 1200.50", "text/plain"))
    mine.get_by_role("button", name="Save and upload the file").click()
    expect(mine.get_by_text("Your report was saved.")).to_be_visible()
    expect(mine.get_by_role("link", name="receipts.txt")).to_be_visible()
    check_page(grantee_tab)
    mine.get_by_role("button", name="Save and submit the report").click()
    expect(mine.get_by_text("Your report was submitted")).to_be_visible()
    check_page(grantee_tab)

    # Staff read it and send it back.
    page = staff_tab.page
    page.goto(staff_page)
    check_page(staff_tab)
    expect(page.get_by_text("We moved the shelter twice.")).to_be_visible()
    expect(page.get_by_text("1,200.50 USD")).to_be_visible()
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("Say what the grantee should change.")).to_be_visible()
    check_page(staff_tab)
    page.get_by_label("What the grantee should change").fill("Add the receipts for March.")
    page.get_by_role("button", name="Ask for changes").click()
    expect(page.get_by_text("The report was sent back")).to_be_visible()
    check_page(staff_tab)

    # The grantee reads the message, adds a line and submits again.
    mine.goto(report_page)
    expect(mine.get_by_text("Add the receipts for March.")).to_be_visible()
    check_page(grantee_tab)
    mine.get_by_label("Budget line 2", exact=True).fill("March rent")
    mine.get_by_label("Amount spent on line 2 (USD)").fill("300")
    mine.get_by_role("button", name="Save and submit the report").click()
    expect(mine.get_by_text("Your report was submitted")).to_be_visible()

    # Staff accept it.
    page.goto(staff_page)
    expect(page.get_by_text("1,500.50 USD")).to_be_visible()
    page.get_by_role("button", name="Accept the report").click()
    expect(page.get_by_text("The report was accepted")).to_be_visible()
    check_page(staff_tab)
    mine.goto(report_page)
    expect(mine.get_by_text("Your report was accepted.")).to_be_visible()
    check_page(grantee_tab)
