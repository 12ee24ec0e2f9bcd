"""Staff in the browser define the rubric of a call published in English and Arabic: one
criterion with JavaScript, one without, then reorder them with plain forms; once a review is
submitted the weight is read-only and says why. axe-core and the Nu checker find nothing."""

from decimal import Decimal

import pytest

from accounts.roles import Role
from reviews.models import Criterion
from tests.factories import UserFactory
from tests.grants.applying import published_call
from tests.reviews.factories import ReviewFactory

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

FROZEN = "A review of this call has been submitted: its total was computed with this rubric."


def test_staff_define_a_bilingual_rubric_and_reorder_it_with_and_without_javascript(make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = published_call(
        staff=[staff],
        languages=["en", "ar"],
        texts={"en": {"title": "Grants for civil society"}, "ar": {"title": "منح للمجتمع المدني"}},
    )

    # With JavaScript: from the menu to the rubric, and a first criterion.
    guarded = make_page(javascript=True)
    page = guarded.page
    sign_in(guarded, live_server, staff)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reviews").click()
    check_page(guarded)
    page.get_by_role("link", name="Grants for civil society").click()
    check_page(guarded)
    assert page.get_by_text("No criteria yet: reviewers cannot score until the rubric has one.").is_visible()
    page.get_by_role("link", name="Rubric", exact=True).click()
    check_page(guarded)
    page.get_by_role("link", name="Add a criterion").click()
    check_page(guarded)
    page.get_by_label("Name in English*", exact=True).fill("Relevance")
    page.get_by_label("Guidance in English", exact=True).fill("How well the work fits the call.")
    page.get_by_label("Labels of the points in English", exact=True).fill("0: not at all\n5: fully")
    page.get_by_label("Weight*", exact=True).fill("2")
    page.get_by_role("button", name="Add the criterion").click()
    # The Arabic name is missing: said next to its field, and nothing typed is lost.
    check_page(guarded)
    arabic = page.get_by_label("Name in Arabic*", exact=True)
    assert arabic.get_attribute("aria-invalid") == "true"
    assert page.locator("#error_1_id_name_ar").inner_text() == "Give the criterion a name in Arabic."
    assert page.get_by_label("Name in English*", exact=True).input_value() == "Relevance"
    assert page.get_by_label("Labels of the points in English", exact=True).input_value() == "0: not at all\n5: fully"
    assert (arabic.get_attribute("lang"), arabic.get_attribute("dir")) == ("ar", "rtl")
    arabic.fill("الصلة")
    page.get_by_role("button", name="Add the criterion").click()
    assert page.get_by_role("status").inner_text() == "Criterion added."
    check_page(guarded)

    # Without JavaScript: a second criterion on a 1-10 scale, then moved up with a plain form.
    plain = make_page(javascript=False)
    sign_in(plain, live_server, staff)
    page = plain.page
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/rubric/")
    check_page(plain)
    page.get_by_role("link", name="Add a criterion").click()
    page.get_by_label("Name in English*", exact=True).fill("Feasibility")
    page.get_by_label("Name in Arabic*", exact=True).fill("الجدوى")
    page.get_by_label("Labels of the points in Arabic", exact=True).fill("1: ضعيف\n10: ممتاز")
    page.get_by_label("Lowest score*", exact=True).select_option("1")
    page.get_by_label("Highest score*", exact=True).fill("10")
    page.get_by_label("A comment is required", exact=True).check()
    page.get_by_role("button", name="Add the criterion").click()
    assert page.get_by_role("status").inner_text() == "Criterion added."
    check_page(plain)
    page.get_by_role("button", name="Up c2").click()
    assert page.get_by_role("status").inner_text() == "Criterion moved."
    check_page(plain)
    items = page.locator("ol.list-group > li")
    assert [items.nth(index).locator("span").first.inner_text().split(" · ")[0] for index in range(2)] == [
        "Feasibility",
        "Relevance",
    ]
    assert list(Criterion.objects.order_by("position").values_list("key", flat=True)) == ["c2", "c1"]
    relevance, feasibility = Criterion.objects.get(key="c1"), Criterion.objects.get(key="c2")
    assert relevance.texts == {
        "en": {
            "name": "Relevance",
            "guidance": "How well the work fits the call.",
            "labels": {"0": "not at all", "5": "fully"},
        },
        "ar": {"name": "الصلة"},
    }
    assert (relevance.weight, relevance.scale_min, relevance.scale_max) == (Decimal(2), 0, 5)
    assert feasibility.texts["ar"] == {"name": "الجدوى", "labels": {"1": "ضعيف", "10": "ممتاز"}}
    assert (feasibility.scale_min, feasibility.scale_max, feasibility.comment_required) == (1, 10, True)

    # Once a review is submitted, the weight is read-only, with the reason, and nothing is removed.
    ReviewFactory(assignment__application__rfp=rfp, submitted=True)
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/rubric/")
    check_page(plain)
    assert page.get_by_role("link", name="Remove c1").count() == 0
    assert page.get_by_role("link", name="Add a criterion").count() == 0
    page.get_by_role("link", name="Edit c1").click()
    check_page(plain)
    weight = page.get_by_label("Weight*", exact=True)
    assert weight.is_disabled()
    assert page.locator("#id_weight_helptext").inner_text() == FROZEN
