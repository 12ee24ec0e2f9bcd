"""Two reviewers score one application in the browser, the first without JavaScript (every part
saved by its button, a submit too soon listing what is missing), the second with it (a part
saved in the background). Having submitted, the second reads the first's scores, numbered,
never named. No page names the applicant; axe-core and the Nu checker find nothing."""

from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reviews.models import Review
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, CriterionFactory, SubmittedApplicationFactory, reviewer

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_score_one_application_and_the_second_sees_the_first_unnamed(make_page, live_server, check_page):
    rfp = RFPFactory(reviewers_see_each_other=True)
    CriterionFactory(
        rfp=rfp,
        key="relevance",
        weight=Decimal(2),
        texts={"en": {"name": "Relevance", "guidance": "How well it fits the call."}},
    )
    CriterionFactory(
        rfp=rfp,
        key="team",
        scale_max=10,
        comment_required=True,
        texts={"en": {"name": "Team", "guidance": "Can they do it?", "labels": {"10": "Outstanding"}}},
    )
    application = SubmittedApplicationFactory(rfp=rfp, applicant=UserFactory(name="Amina Diallo"))
    first, second = (
        AssignmentFactory(
            application=application, reviewer=reviewer(name=name), no_conflict_confirmed_at=timezone.now()
        )
        for name in ("Rui Costa", "Lena Berg")
    )

    # The first reviewer, without JavaScript.
    guarded = make_page(javascript=False)
    page = guarded.page
    sign_in(guarded, live_server, first.reviewer)
    page.goto(f"{live_server.url}/reviews/assignments/{first.public_id}/review/")
    check_page(guarded)
    assert page.locator("h1").inner_text() == "Your review"
    page.get_by_role("button", name="Submit the review").click()
    check_page(guarded)
    missing = page.locator(".missing-items li")
    assert missing.all_inner_texts() == [
        "Score “Relevance”.",
        "Score “Team”.",
        "Comment on “Team”.",
        "Give your recommendation.",
    ]
    missing.get_by_role("link", name="Score “Relevance”.").click()
    check_page(guarded)
    assert page.locator("h1").inner_text() == "Relevance"
    expect(page.get_by_text("How well it fits the call.")).to_be_visible()
    page.get_by_label("4", exact=True).check()
    page.get_by_role("button", name="Save and go to the next part").click()
    check_page(guarded)
    assert page.locator("h1").inner_text() == "Team"
    page.get_by_label("10: Outstanding").check()
    page.get_by_label("Comment (required before you submit)").fill("A seasoned team")
    page.get_by_role("button", name="Save and go to the next part").click()
    check_page(guarded)
    page.get_by_label("Decline").check()  # a first thought...
    page.get_by_label("Comments for staff").fill("Only for staff")
    page.get_by_role("button", name="Save", exact=True).click()
    check_page(guarded)
    assert page.get_by_label("Decline").is_checked() and page.get_by_label("Comments for staff").input_value() == (
        "Only for staff"
    )
    page.get_by_label("Fund").check()  # ...and a second
    page.get_by_role("button", name="Save and go back to the review").click()
    check_page(guarded)
    page.get_by_role("button", name="Submit the review").click()
    check_page(guarded)
    expect(page.get_by_text("Your review was submitted. Thank you.")).to_be_visible()
    # (2 x 4 + 1 x 10) / (2 x 5 + 1 x 10) x 100
    expect(page.get_by_text("90.00 of 100")).to_be_visible()
    assert "Amina Diallo" not in page.content()

    # The second reviewer, with JavaScript: a part saves itself.
    guarded = make_page(javascript=True)
    page = guarded.page
    sign_in(guarded, live_server, second.reviewer)
    page.goto(f"{live_server.url}/reviews/assignments/{second.public_id}/review/criteria/relevance/")
    check_page(guarded)
    page.get_by_label("2", exact=True).check()
    expect(page.locator("#autosave-status")).to_contain_text("Saved at", timeout=10_000)
    assert Review.objects.get(assignment=second).scores.get().value == 2
    page.goto(f"{live_server.url}/reviews/assignments/{second.public_id}/review/criteria/team/")
    page.get_by_label("6", exact=True).check()
    page.get_by_label("Comment (required before you submit)").fill("Thin on experience")
    page.get_by_role("button", name="Save and go to the next part").click()
    check_page(guarded)
    page.get_by_label("Maybe").check()
    page.get_by_role("button", name="Save and go back to the review").click()
    page.get_by_role("button", name="Submit the review").click()
    check_page(guarded)
    page.get_by_role("link", name="Read the other reviewers' submitted reviews").click()
    check_page(guarded)
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Reviewer 1")).to_be_visible()
    expect(main.get_by_text("90.00 of 100")).to_be_visible()
    expect(main.get_by_text("10 of 10 (Outstanding)")).to_be_visible()
    text = main.inner_text()
    assert "Rui Costa" not in text and "Amina Diallo" not in text and "Only for staff" not in text
    assert Review.objects.get(assignment=second).total == Decimal("50.00")  # (2 x 2 + 1 x 6) / 20 x 100
