"""Program staff edit a published call's choices in the browser, in English and Arabic: relabel,
add, reorder and remove, each without JavaScript; anything that can do damage asks first."""

import pytest
from django.utils import timezone

from accounts.roles import Role
from grants.models import RFP, Question
from tests.factories import ChoiceQuestionFactory, RFPFactory, SectionFactory, UserFactory

from .test_people import sign_in_with_code


def shown(page) -> list[str]:
    """The messages on the page, one each."""
    return [line for line in page.get_by_role("status").inner_text().splitlines() if line.strip()]


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_staff_relabel_add_reorder_and_remove_choices_and_confirm_before_removing(
    javascript, make_page, live_server, check_page
):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(
        staff=[staff],
        status=RFP.Status.PUBLISHED,
        published_at=timezone.now(),
        languages=["en", "ar"],
        texts={"en": {"title": "Small grants"}, "ar": {"title": "منح صغيرة"}},
    )
    question = ChoiceQuestionFactory(section=SectionFactory(rfp=rfp), key="team_size")
    question.texts["ar"] = {"label": "حجم الفريق", "choices": {"c1": "صغير", "c2": "متوسط", "c3": "كبير"}}
    question.save()
    guarded = make_page(javascript=javascript)
    page = guarded.page
    sign_in_with_code(page, live_server, staff)

    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/")
    page.get_by_role("link", name="Edit team_size").click()
    check_page(guarded)
    page.get_by_label("Choice 2*", exact=True).fill("Middle-sized")
    page.get_by_label("Add choices", exact=True).fill("Very large")
    # Moving a choice saves what was typed first: nothing is lost.
    page.get_by_role("button", name="Up Choice 3").click()
    assert shown(page) == ["Question saved.", "Choice moved."]
    check_page(guarded)
    question.refresh_from_db()
    assert question.choices == ["c1", "c3", "c2", "c4"]
    assert question.texts["en"]["choices"] == {"c1": "Small", "c2": "Middle-sized", "c3": "Large", "c4": "Very large"}
    assert [page.get_by_label(f"Choice {n}*", exact=True).input_value() for n in (1, 2, 3, 4)] == [
        "Small",
        "Large",
        "Middle-sized",
        "Very large",
    ]

    page.get_by_role("link", name="Arabic").click()
    check_page(guarded)
    field = page.get_by_label("Choice 4", exact=True)
    assert (field.get_attribute("lang"), field.get_attribute("dir")) == ("ar", "rtl")
    field.fill("كبير جدًا")
    page.get_by_role("button", name="Save the choices").click()
    assert shown(page) == ["Question saved."]
    question.refresh_from_db()
    assert question.texts["ar"]["choices"]["c4"] == "كبير جدًا"

    page.get_by_role("button", name="Remove Choice 1").click()
    assert page.locator("h1").inner_text() == "Remove a choice"
    check_page(guarded)
    page.get_by_role("link", name="Cancel").click()
    assert page.get_by_label("Choice 1", exact=True).input_value() == "صغير"
    page.get_by_role("button", name="Remove Choice 1").click()
    page.get_by_role("button", name="Remove the choice").click()
    assert shown(page) == ["Choice removed. Its key stays reserved in this question."]
    check_page(guarded)
    question.refresh_from_db()
    assert (question.choices, question.retired_choices) == (["c3", "c2", "c4"], ["c1"])


def test_removing_a_question_and_unpublishing_ask_first_without_javascript(make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(staff=[staff], status=RFP.Status.PUBLISHED, published_at=timezone.now())
    section = SectionFactory(rfp=rfp)
    ChoiceQuestionFactory(section=section, key="kept")
    gone = ChoiceQuestionFactory(section=section, key="gone")
    guarded = make_page(javascript=False)
    page = guarded.page
    sign_in_with_code(page, live_server, staff)
    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/")

    page.get_by_role("link", name="Remove gone").click()
    assert page.locator("h1").inner_text() == "Remove a question"
    check_page(guarded)
    page.get_by_role("button", name="Remove the question").click()
    assert page.get_by_role("status").inner_text() == "Question removed. Its key stays reserved in this call."
    gone.refresh_from_db()
    assert gone.retired_at is not None

    page.get_by_role("link", name="Unpublish").click()
    assert page.locator("h1").inner_text() == "Unpublish the call"
    check_page(guarded)
    page.get_by_role("link", name="Cancel").click()
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.PUBLISHED
    page.get_by_role("link", name="Unpublish").click()
    page.get_by_role("button", name="Unpublish").click()
    assert page.get_by_role("status").inner_text() == "The call is no longer published."
    check_page(guarded)
    assert RFP.objects.get(pk=rfp.pk).status == RFP.Status.UNPUBLISHED
    assert Question.objects.filter(rfp=rfp, retired_at__isnull=True).count() == 1
