"""Asking for more information in the browser: staff ask a question on the application's staff
page, the applicant answers with a file, staff reopen a section, the applicant changes it and
resubmits, and staff read the two versions side by side with the change marked; with and
without JavaScript. Every page passes axe-core and the Nu checker."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from grants.models import Application
from tests.factories import UserFactory
from tests.grants.submitted import copy_call, submitted_application

from .applying import picked
from .sessions import sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_staff_ask_the_applicant_answers_staff_reopen_a_section_and_read_the_versions_side_by_side(
    javascript, make_page, live_server, check_page
):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF], time_zone="UTC")
    application = submitted_application(copy_call(staff=[staff]))
    staff_tab, applicant_tab = make_page(javascript=javascript), make_page(javascript=javascript)
    sign_in(staff_tab, live_server, staff)
    sign_in(applicant_tab, live_server, application.applicant)
    staff_page = f"{live_server.url}/staff/applications/{application.public_id}/"
    overview = f"{live_server.url}/applications/{application.public_id}/"

    # Staff ask.
    page = staff_tab.page
    # The first page of the session compiles the staff page's many templates: on a busy machine
    # that alone can take seconds.
    page.goto(staff_page, timeout=30_000)
    check_page(staff_tab)
    page.get_by_label("Your question to the applicant").fill("Who else funds the safe houses?")
    page.get_by_role("button", name="Send the question").click()
    expect(page.get_by_text("Your question was sent.")).to_be_visible()
    check_page(staff_tab)

    # The applicant reads the question on their application's page and answers with a file.
    mine = applicant_tab.page
    mine.goto(overview)
    check_page(applicant_tab)
    thread = mine.get_by_role("region", name="Questions from the staff")
    expect(thread.get_by_text("Who else funds the safe houses?")).to_be_visible()
    mine.get_by_label("Your answer*", exact=True).fill("Nobody yet: the quotes are attached.")
    mine.get_by_label("A file with your answer (optional)").set_input_files(
        picked("quotes.txt", b"Two quotes for rent", "text/plain")
    )
    mine.get_by_role("button", name="Send the answer").click()
    expect(mine.get_by_text("Your answer was sent.")).to_be_visible()
    expect(thread.get_by_role("link", name="File 1 sent with an answer (TXT)")).to_be_visible()
    check_page(applicant_tab)

    # Staff read the answer and reopen the project's section.
    page.goto(staff_page)
    check_page(staff_tab)
    panel = page.get_by_role("region", name="Questions and answers")
    expect(panel.get_by_text("Nobody yet: the quotes are attached.")).to_be_visible()
    panel.get_by_role("link", name="Reopen sections for the applicant to change").click()
    check_page(staff_tab)
    page.get_by_label("1. The project").check()
    until = timezone.now() + timedelta(days=3)
    page.get_by_label("Until").fill(until.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Time zone of that time").select_option("UTC")
    page.get_by_label("What should change").fill("Please give the project's new title.")
    page.get_by_role("button", name="Reopen the sections").click()
    expect(page.get_by_text("The sections are reopened.")).to_be_visible()
    check_page(staff_tab)

    # The applicant changes the title in the reopened section and resubmits.
    mine.goto(overview)
    check_page(applicant_tab)
    reopened = mine.get_by_role("region", name="Sections reopened for you to change")
    reopened.get_by_role("link", name="1. The project").click()
    check_page(applicant_tab)
    mine.get_by_label("Title of the project").fill("Safe houses for reporters")
    mine.get_by_role("button", name="Save and go back to the overview").click()
    check_page(applicant_tab)
    mine.get_by_role("button", name="Resubmit the application").click()
    expect(mine.get_by_text("Your application was resubmitted as version 2.")).to_be_visible()
    check_page(applicant_tab)
    assert Application.objects.get(pk=application.pk).versions.count() == 2

    # Staff read the two versions side by side, the change marked.
    page.goto(staff_page)
    check_page(staff_tab)
    page.get_by_role("link", name="Compare the versions side by side").click()
    check_page(staff_tab)
    row = page.get_by_role("row").filter(has_text="Title of the project")
    expect(row.locator("del")).to_have_text("Removed: journalists")
    expect(row.locator("ins")).to_have_text("Added: reporters")
    expect(row.get_by_text("changed", exact=True)).to_be_visible()
