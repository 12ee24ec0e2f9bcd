from accounts.roles import Role
from grants.models import RFP, Question
from tests.factories import UserFactory

from .test_people import sign_in_with_code

CHOICES = "Small\nLarge"
CHOICES_AR = ("صغير", "كبير")


def add_question(page, check_page, guarded, section_number, kind, label, label_ar):
    page.get_by_role("link", name=f"Add a question to section {section_number}").click()
    check_page(guarded)
    page.get_by_label("Key", exact=True).fill(kind.value)
    page.get_by_label("Type of answer*", exact=True).select_option(kind.value)
    page.get_by_label("Question*", exact=True).fill(label)
    if kind in Question.CHOICE_TYPES:
        page.get_by_label("Choices", exact=True).fill(CHOICES)
    if kind == Question.Type.LONG_TEXT:
        page.get_by_label("Word limit", exact=True).fill("300")
    page.get_by_role("button", name="Add the question").click()
    check_page(guarded)
    page.get_by_role("link", name=f"Edit {kind.value}").click()
    page.get_by_role("link", name="Arabic").click()
    page.get_by_label("Question", exact=True).fill(label_ar)
    if kind in Question.CHOICE_TYPES:
        for number, label in enumerate(CHOICES_AR, start=1):
            page.get_by_label(f"Choice {number}", exact=True).fill(label)
    page.get_by_role("button", name="Save the question").click()
    assert page.get_by_role("status").inner_text() == "Question saved."
    page.get_by_role("link", name="Back to the call").click()


def test_staff_build_an_rfp_with_every_question_type_in_english_and_arabic_reorder_preview_and_publish(
    make_page, live_server, check_page
):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    guarded = make_page(javascript=False)
    page = guarded.page
    sign_in_with_code(page, live_server, staff)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Calls for proposals").click()
    check_page(guarded)
    page.get_by_role("link", name="Create a call").click()
    check_page(guarded)
    page.get_by_label("Programmatic (opens and closes at set times)", exact=True).check()
    page.get_by_label("Time zone of the opening and closing times*", exact=True).select_option("Europe/Paris")
    page.get_by_label("Opens at", exact=True).fill("2026-01-01T09:00")
    page.get_by_label("Closes at", exact=True).fill("2036-10-26T12:00")
    page.get_by_label("Currency*", exact=True).fill("EUR")
    page.get_by_label("Minimum amount*", exact=True).fill("1000")
    page.get_by_label("Maximum amount*", exact=True).fill("10000")
    page.get_by_label("Total budget*", exact=True).fill("200000")
    page.get_by_label("Arabic", exact=True).check()
    page.get_by_label("Title*", exact=True).fill("Grants for civil society")
    page.get_by_label("Description", exact=True).fill("We fund **documentation** work.")
    page.get_by_role("button", name="Create the call").click()
    check_page(guarded)
    rfp = RFP.objects.get()
    assert page.url == f"{live_server.url}/staff/rfps/{rfp.pk}/"

    page.get_by_role("link", name="Edit texts").click()
    page.get_by_role("link", name="Arabic").click()
    check_page(guarded)
    page.get_by_label("Title", exact=True).fill("منح للمجتمع المدني")
    page.get_by_role("button", name="Save the texts in Arabic").click()
    check_page(guarded)
    page.get_by_role("link", name="Back to the call").click()

    page.get_by_role("link", name="Add a section").click()
    check_page(guarded)
    page.get_by_label("Section title*", exact=True).fill("About the work")
    page.get_by_role("button", name="Add the section").click()
    check_page(guarded)
    for kind in Question.Type:
        add_question(page, check_page, guarded, 1, kind, f"Question {kind.value}", f"سؤال {kind.value}")
    check_page(guarded)

    # Without JavaScript, the last question moves up with a plain form.
    page.get_by_role("button", name="Up file").click()
    check_page(guarded)
    order = list(Question.objects.filter(rfp=rfp).order_by("position").values_list("key", flat=True))
    assert order[-2:] == ["file", "country"]

    page.get_by_role("link", name="Preview the form").click()
    check_page(guarded)
    page.get_by_role("link", name="Arabic").click()
    preview = page.locator("#preview")
    assert preview.get_attribute("dir") == "rtl" and preview.get_attribute("lang") == "ar"
    assert page.get_by_label("سؤال short_text", exact=True).is_disabled()
    check_page(guarded)
    page.get_by_role("link", name="Back to the call").click()

    page.get_by_role("button", name="Publish").click()
    assert page.get_by_role("status").inner_text() == "The call is published."
    check_page(guarded)
    rfp.refresh_from_db()
    assert rfp.status == RFP.Status.PUBLISHED
    assert set(Question.objects.filter(rfp=rfp).values_list("type", flat=True)) == set(Question.Type.values)
    choice = Question.objects.get(rfp=rfp, key="single_choice")
    assert choice.choices == ["c1", "c2"]
    assert choice.texts["ar"]["choices"] == {"c1": "صغير", "c2": "كبير"}
