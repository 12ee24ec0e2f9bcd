"""Staff in the browser: open a call's ranking, see the figures worked out by hand
(tests/reviews/ranking_world.py) and the budget line, compare one application's reviews and
record the panel's recommendation; with and without JavaScript, and axe-core and the Nu checker
find nothing on the way."""

import pytest

from reviews.models import PanelRecommendation

from ..reviews.ranking_world import small_call
from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_staff_rank_compare_and_recommend(javascript, make_page, live_server, check_page):
    call = small_call()
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, call.staff)
    page = guarded.page
    # The live server's first page loads the URL configuration and the templates: on a busy
    # machine that takes longer than any later page.
    page.goto(f"{live_server.url}/reviews/calls/{call.rfp.pk}/ranking/", timeout=60_000)
    check_page(guarded)
    assert page.get_by_role("heading", name="3 applications").is_visible()
    rows = page.locator("tbody tr")
    assert rows.count() == 4  # three applications and the budget line between the first two
    first = rows.nth(0).locator("td, th").all_inner_texts()
    assert first[:3] == ["1", "R-A", "Project A"]
    assert first[6:9] == ["80.00", "80.52", "8.16"]
    assert rows.nth(1).inner_text() == "The budget of 70,000 USD runs out here: the applications below go past it."
    third = rows.nth(3).locator("td, th").all_inner_texts()
    assert third[1] == "R-C" and third[7:9] == ["48.97", "14.14 (wide spread)"]
    assert third[12] == "105,000 USD (past the budget)"
    stylesheet = page.locator('link[media="print"]')
    assert stylesheet.get_attribute("href") == "/static/css/ranking-print.css"
    # Printed, the navigation is gone and the table stays.
    page.emulate_media(media="print")
    assert not page.locator("header").is_visible() and not page.locator(".ranking-filters").is_visible()
    assert page.locator("table").is_visible()
    page.emulate_media(media="screen")

    page.get_by_label("Spread", exact=True).select_option("flagged")
    page.get_by_role("button", name="Show").click()
    assert "spread=flagged" in page.url
    check_page(guarded)
    assert page.locator("tbody tr").count() == 1
    assert "covers every application listed" in page.locator("#budget-summary").inner_text()

    page.get_by_role("link", name="R-C").click()
    check_page(guarded)
    assert page.get_by_role("heading", name="Reviews of R-C").is_visible()
    head = page.locator("thead th").all_inner_texts()
    assert head == ["Criterion", "Reviewer 1", "Reviewer 2", "Reviewer 3"]
    assert page.get_by_text("wide spread: above 10.00 points").is_visible()

    page.get_by_label("Reserve").check()
    page.get_by_label("Note").fill("Only if the budget grows")
    page.get_by_role("button", name="Record the panel's recommendation").click()
    check_page(guarded)
    assert page.locator("#panel-recorded").inner_text().startswith("Recorded: Reserve")
    stored = PanelRecommendation.objects.get(application=call.applications["C"])
    assert (stored.recommendation, stored.note) == ("reserve", "Only if the budget grows")

    page.get_by_role("link", name="Back to the ranking").click()
    check_page(guarded)
    assert page.locator("tbody tr").nth(3).locator("td").nth(9).inner_text() == "Reserve"
