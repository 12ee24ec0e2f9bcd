"""A reviewer in the browser: their dashboard says how far they are and what is overdue, and
their queue lists three assignments, the overdue one first, then by due date, with the progress
line; with JavaScript on and off. Staff read a rapid-response call's waiting list and the
reviews panel of an application. axe-core and the Nu checker find nothing on the way."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants.models import RFP
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_a_reviewer_sees_the_overdue_assignment_first_and_the_progress_line(
    javascript, make_page, live_server, check_page
):
    who = reviewer(time_zone="Europe/Paris")
    now = timezone.now()
    rfp = RFPFactory(texts={"en": {"title": "Safe houses"}}, blind_review=True)
    later, overdue, soon = (
        AssignmentFactory(
            application=SubmittedApplicationFactory(rfp=rfp, reference=reference),
            reviewer=who,
            due_at=now + due_in,
            no_conflict_confirmed_at=now,
        )
        for reference, due_in in (
            ("A-2026-3", timedelta(days=9)),
            ("A-2026-1", -timedelta(days=1)),
            ("A-2026-2", timedelta(days=2)),
        )
    )
    ReviewFactory(assignment=later, submitted=True)
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, who)
    page = guarded.page

    page.goto(f"{live_server.url}/dashboard/")
    check_page(guarded)
    panel = page.get_by_role("region", name="Your reviews")
    assert "1 of 3 submitted · 1 overdue" in panel.inner_text()
    panel.get_by_role("link", name="All your reviews").click()
    check_page(guarded)

    assert page.get_by_role("heading", level=1).inner_text() == "Your reviews"
    assert page.locator("#queue-progress").inner_text() == "1 of 3 submitted"
    rows = page.locator("tbody tr")
    assert [rows.nth(n).locator("td").first.inner_text() for n in range(rows.count())] == [
        "A-2026-1",
        "A-2026-2",
        "A-2026-3",
    ]
    assert "overdue" in rows.nth(0).inner_text() and "overdue" not in rows.nth(1).inner_text()
    assert [rows.nth(n).locator("td").last.inner_text() for n in range(3)] == [
        "In progress",
        "In progress",
        "Submitted",
    ]
    assert "(Europe/Paris)" in rows.nth(0).inner_text()
    assert rows.nth(0).get_by_role("link").get_attribute("href") == f"/reviews/assignments/{overdue.public_id}/"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews", exact=True).count() == 1
    assert soon.application.applicant.name not in page.content()


def test_staff_see_the_rapid_response_waiting_list_and_an_applications_reviews(make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None, staff=[staff], spread_threshold=Decimal(20))
    now = timezone.now()
    waiting = SubmittedApplicationFactory(rfp=rfp, reference="R-2026-1", submitted_at=now - timedelta(days=2))
    reviewed = SubmittedApplicationFactory(rfp=rfp, reference="R-2026-2", submitted_at=now - timedelta(days=3))
    for total in (Decimal(90), Decimal(40)):
        assignment = AssignmentFactory(application=reviewed)
        ReviewFactory(assignment=assignment, submitted=True, total=total, recommendation="fund")
    guarded = make_page()
    sign_in(guarded, live_server, staff)
    page = guarded.page
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/waiting/")
    check_page(guarded)
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "R-2026-1" in rows.first.inner_text() and "No reviewer yet" in rows.first.inner_text()
    assert waiting.reference == "R-2026-1"
    page.goto(f"{live_server.url}/staff/applications/{reviewed.public_id}/")
    check_page(guarded)
    panel = page.get_by_role("region", name="Reviews")
    assert "Above the call's threshold of 20.00 points" in panel.inner_text()
    assert panel.locator("tbody tr").count() == 2
