"""A reviewer in the browser: their dashboard says how far they are and what is overdue, and
their queue lists three assignments, the overdue one first, then by due date, with the progress
line; with JavaScript on and off, and axe-core and the Nu checker find nothing on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import RFPFactory
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
