"""In the browser: staff decline an application (the password asked again first), reading the
reviewers' feedback on the decline form and ticking its release; the applicant, without
JavaScript, reads the decline's message on their dashboard and the feedback where released
feedback is read. Every page passes axe-core and the Nu checker."""

from django.urls import reverse
from playwright.sync_api import expect

from tests.awards.factories import staff_of
from tests.factories import PASSWORD, RFPFactory
from tests.reviews.factories import ReviewFactory, SubmittedApplicationFactory

from .sessions import sign_in


def test_staff_decline_releasing_the_feedback_and_the_applicant_reads_both(make_page, live_server, check_page):
    application = SubmittedApplicationFactory(rfp=RFPFactory(texts={"en": {"title": "Safe houses"}}))
    ReviewFactory(
        assignment__application=application,
        assignment__rfp=application.rfp,
        submitted=True,
        feedback="Clear and well argued; the budget is thin.",
    )
    staff = staff_of(application.rfp)
    staff_tab, applicant_tab = make_page(), make_page(javascript=False)
    sign_in(staff_tab, live_server, staff)
    sign_in(applicant_tab, live_server, application.applicant)

    page = staff_tab.page
    page.goto(live_server.url + reverse("awards:decide", args=[application.public_id]))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    decline = page.get_by_role("region", name="Decline", exact=True)
    expect(decline.get_by_text("Clear and well argued; the budget is thin.")).to_be_visible()
    expect(decline.get_by_text("Not released yet")).to_be_visible()
    check_page(staff_tab)
    decline.get_by_label("Message to the applicant").fill("Not this time: apply again in spring.")
    decline.get_by_label("Release the reviewers' feedback to the applicant").check()
    decline.get_by_role("button", name="Decline").click()
    expect(page.get_by_text("The application is declined; the applicant is told.")).to_be_visible()
    check_page(staff_tab)

    mine = applicant_tab.page
    mine.goto(live_server.url + reverse("portal:dashboard"))
    declines = mine.get_by_role("region", name="Applications not funded")
    expect(declines.get_by_text("Not this time: apply again in spring.")).to_be_visible()
    check_page(applicant_tab)
    mine.get_by_role("region", name="Feedback on your applications").get_by_role("link").click()
    expect(mine.get_by_text("Clear and well argued; the budget is thin.")).to_be_visible()
    check_page(applicant_tab)
