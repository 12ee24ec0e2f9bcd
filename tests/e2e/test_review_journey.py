"""Issue 11 as one story in the browser: staff define a two-criterion rubric and assign two
reviewers automatically; one reviewer declares a conflict with an application, downloads their
PDF copy of the other (their account number in its text) and scores it without JavaScript, the
second with it; the ranking shows the scores worked out by hand and where the budget runs out.
The pages on the way are checked by axe-core and the Nu checker; each is walked once."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import Role
from reviews.models import Assignment, ConflictDeclaration, Review
from tests.factories import UserFactory
from tests.grants.submitted import ANSWERS_EN, copy_call, submitted_application
from tests.reviews.factories import CallReviewerFactory, reviewer

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def add_criterion(page, english: str, arabic: str, weight: str, highest: str) -> None:
    page.get_by_role("link", name="Add a criterion").click()
    page.get_by_label("Name in English*", exact=True).fill(english)
    page.get_by_label("Name in Arabic*", exact=True).fill(arabic)
    page.get_by_label("Weight*", exact=True).fill(weight)
    page.get_by_label("Highest score*", exact=True).fill(highest)
    page.get_by_role("button", name="Add the criterion").click()
    assert page.get_by_role("status").inner_text() == "Criterion added."


def score(page, base: str, relevance: str, feasibility: str, recommendation: str) -> None:
    """From the first criterion to the submitted review, one part after the other."""
    page.goto(f"{base}/review/criteria/c1/")
    page.get_by_label(relevance, exact=True).check()
    page.get_by_role("button", name="Save and go to the next part").click()
    page.get_by_label(feasibility, exact=True).check()
    page.get_by_role("button", name="Save and go to the next part").click()
    page.get_by_label(recommendation).check()
    page.get_by_role("button", name="Save and go back to the review").click()
    page.get_by_role("button", name="Submit the review").click()
    expect(page.get_by_text("Your review was submitted. Thank you.")).to_be_visible()


def test_a_call_is_reviewed_from_its_rubric_to_its_ranking(make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = copy_call(staff=[staff], blind_review=True, budget=Decimal(6000))
    radio = submitted_application(rfp, files=False, answers={**ANSWERS_EN, "title": "Radio", "amount": "5000"})
    shelter = submitted_application(rfp, files=False, answers={**ANSWERS_EN, "title": "Shelter", "amount": "4000"})
    first, second = reviewer(name="Rui Costa"), reviewer(name="Lena Berg")
    for person in (first, second):
        CallReviewerFactory(rfp=rfp, reviewer=person, added_by=staff)

    # Staff, without JavaScript: the rubric, then every application to both reviewers.
    desk = make_page(javascript=False)
    sign_in(desk, live_server, staff)
    page = desk.page
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/rubric/", timeout=60_000)
    add_criterion(page, "Relevance", "الصلة", "2", "5")
    add_criterion(page, "Feasibility", "الجدوى", "1", "10")
    check_page(desk)
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/assignments/")
    page.get_by_role("link", name="Assign automatically").first.click()
    page.get_by_label("Due date").fill((timezone.now() + timedelta(days=14)).date().isoformat())
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_text("4 assignments will be made, to 2 applications.").is_visible()
    page.get_by_role("button", name="Make the assignments").click()
    assert page.get_by_text("4 assignments are made.").is_visible()
    mine = {(row.reviewer_id, row.application_id): row.public_id for row in Assignment.objects.all()}
    assert len(mine) == 4

    # The first reviewer, without JavaScript: a conflict with one application, none with the other.
    reading = make_page(javascript=False)
    sign_in(reading, live_server, first)
    page = reading.page
    page.goto(f"{live_server.url}/reviews/assignments/{mine[first.pk, shelter.pk]}/")
    page.get_by_label("What is the conflict?").fill("I advised them last year.")
    page.get_by_role("button", name="Declare a conflict of interest").click()
    assert page.get_by_text("the application has left your list").is_visible()
    assert ConflictDeclaration.objects.get(reviewer=first).application == shelter
    base = f"{live_server.url}/reviews/assignments/{mine[first.pk, radio.pk]}"
    page.goto(f"{base}/")
    page.get_by_role("button", name="I have no conflict of interest").click()
    page.get_by_role("link", name="Read the application").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your PDF copy").click()
    text = "".join(pdf_page.extract_text() for pdf_page in PdfReader(download.value.path()).pages)
    assert f"Reviewer copy · account {first.pk}" in text
    score(page, base, "4", "8", "Fund")
    check_page(reading)
    # (2 x 4 + 1 x 8) / (2 x 5 + 1 x 10) x 100
    expect(page.get_by_text("80.00 of 100")).to_be_visible()

    # The second reviewer, with JavaScript.
    scoring = make_page(javascript=True)
    sign_in(scoring, live_server, second)
    page = scoring.page
    base = f"{live_server.url}/reviews/assignments/{mine[second.pk, radio.pk]}"
    page.goto(f"{base}/")
    page.get_by_role("button", name="I have no conflict of interest").click()
    score(page, base, "3", "5", "Maybe")
    check_page(scoring)
    assert Review.objects.get(reviewer=second).total == Decimal("55.00")  # (2 x 3 + 1 x 5) / 20 x 100

    # The ranking: mean (80 + 55) / 2 = 67.50; each reviewer has one review, so the fallback puts
    # them on the call's scale and the normalised score is the mean; spread |80 - 55| / 2 = 12.50.
    page = desk.page
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/ranking/")
    check_page(desk)
    rows = page.locator("tbody tr")
    assert rows.count() == 3
    top = rows.nth(0).locator("td, th").all_inner_texts()
    assert (top[2], top[6:9]) == ("Radio", ["67.50", "67.50", "12.50"])
    assert rows.nth(1).inner_text() == "The budget of 6,000 USD runs out here: the applications below go past it."
    assert rows.nth(2).locator("td, th").all_inner_texts()[2] == "Shelter"
