"""An applicant in the browser: drafts an application over two visits, has a bad file refused and
a good one attached, submits, reads the receipt and downloads the submitted copy; the same
without JavaScript; in Arabic, right to left; and, with JavaScript, the open section saves itself
and counts the words as they are typed. Every page passes axe-core and the Nu checker, and the
browser asks nothing of another site."""

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from grants.models import Application
from tests.core.upload_samples import HTML_PAGE
from tests.core.upload_samples.pdfs import pdf_naming_author
from tests.factories import UserFactory
from tests.grants.applying import draft_to

from .applying import SAVED, call_to_apply_to, picked, sign_in_on_the_page, sign_out
from .sessions import sign_in


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_applicant_drafts_over_two_visits_attaches_a_budget_submits_and_keeps_the_receipt_and_copy(
    javascript, make_page, live_server, check_page
):
    applicant = UserFactory(name="Amina Diallo")
    rfp = call_to_apply_to()
    guarded = make_page(javascript=javascript)
    page = guarded.page
    main = page.get_by_role("main")

    # First visit: from the call to a started application, the first section saved.
    sign_in_on_the_page(guarded, live_server, check_page, applicant)
    open_calls = main.get_by_role("region", name="Open calls")
    open_calls.get_by_role("link", name="Safety grants").click()
    assert page.url == f"{live_server.url}/calls/{rfp.pk}/"
    check_page(guarded)
    main.get_by_role("link", name="Apply").click()
    assert page.locator("h1").inner_text() == "Start an application"
    assert page.get_by_label("As myself, an individual").is_checked()
    check_page(guarded)
    page.get_by_role("button", name="Start the application").click()
    application = Application.objects.get(rfp=rfp, applicant=applicant)
    assert page.url == f"{live_server.url}/applications/{application.public_id}/"
    expect(main.get_by_text("0 of 3 required answers")).to_be_visible()
    check_page(guarded)

    main.get_by_role("link", name="The project").click()
    assert page.locator("h1").inner_text() == "The project"
    check_page(guarded)
    page.get_by_label("Title of the project").fill("Safe houses for journalists")
    page.get_by_label("Amount requested").fill("5000")
    page.get_by_label("What happened?").fill("Two of us were followed home.")
    page.get_by_role("button", name="Save", exact=True).click()
    assert SAVED.match(page.locator(".alert-success").inner_text())
    check_page(guarded)
    sign_out(guarded, live_server)
    check_page(guarded)

    # Second visit: the draft on the dashboard, the answers where they were typed.
    sign_in_on_the_page(guarded, live_server, check_page, applicant)
    drafts = main.get_by_role("listitem").filter(has_text="Safety grants")
    expect(drafts.get_by_text("2 of 3 required answers")).to_be_visible()
    check_page(guarded)
    drafts.get_by_role("link", name="Safety grants").click()
    expect(main.get_by_text("2 of 3 required answers")).to_be_visible()
    check_page(guarded)
    main.get_by_role("link", name="The project").click()
    assert page.get_by_label("Title of the project").input_value() == "Safe houses for journalists"
    assert page.get_by_label("Amount requested").input_value() == "5000"
    assert page.get_by_label("What happened?").input_value() == "Two of us were followed home."
    check_page(guarded)
    page.get_by_role("button", name="Save and go to the next section").click()
    assert page.locator("h1").inner_text() == "Documents"
    check_page(guarded)

    # A web page renamed budget.pdf is refused beside its field; the notes typed are kept.
    page.get_by_label("Notes on the budget").fill("Quotes from two suppliers.")
    page.get_by_label("Budget*", exact=True).set_input_files(picked("budget.pdf", HTML_PAGE))
    page.get_by_role("button", name="Upload (Budget)").click()
    budget = page.locator("#question-budget")
    assert budget.locator(".invalid-feedback").inner_text() == (
        "This kind of file cannot be attached. Attach PDF, JPEG, PNG, HEIC (phone photos), DOCX, XLSX, ODT, ODS "
        "or plain text."
    )
    assert page.get_by_label("Notes on the budget").input_value() == "Quotes from two suppliers."
    expect(budget.get_by_text("No file attached yet.")).to_be_visible()
    check_page(guarded)

    page.get_by_label("Budget*", exact=True).set_input_files(picked("budget.pdf", pdf_naming_author(pages=2)))
    page.get_by_role("button", name="Upload (Budget)").click()
    expect(budget.get_by_role("link", name="budget.pdf")).to_be_visible()
    assert "PDF" in budget.inner_text() and "2 pages" in budget.inner_text()
    assert page.get_by_label("Notes on the budget").input_value() == "Quotes from two suppliers."
    check_page(guarded)

    # Submitted: the reference, and the copy of what was submitted, read-only.
    page.get_by_role("button", name="Save and go back to the overview").click()
    expect(main.get_by_text("3 of 3 required answers")).to_be_visible()
    check_page(guarded)
    page.get_by_role("button", name="Submit the application").click()
    application.refresh_from_db()
    reference = application.reference
    assert reference == f"A-{timezone.now().year}-1"
    assert page.locator(".alert-success").inner_text() == (
        f"Your application was submitted. Its reference is {reference}; a receipt is in your messages."
    )
    copy = main.locator("#copy-heading").locator("..")
    assert "Safe houses for journalists" in copy.inner_text()
    assert "Quotes from two suppliers." in copy.inner_text()
    assert copy.locator("input, textarea, select").count() == 0
    check_page(guarded)

    # The receipt in the inbox holds the reference.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Messages").click()
    check_page(guarded)
    main.get_by_role("link", name=f"Application {reference} received").click()
    assert reference in page.locator(".message-body").inner_text()
    check_page(guarded)

    # The copy as a PDF, under a name that tells nothing.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    check_page(guarded)
    main.get_by_role("link", name=reference).click()
    check_page(guarded)
    with page.expect_download() as download:
        main.get_by_role("link", name="Download the submitted copy (PDF)").click()
    assert download.value.suggested_filename == "application.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert guarded.foreign_requests == []


def test_an_applicant_reading_arabic_applies_right_to_left_and_the_copy_holds_the_arabic_answers(
    make_page, live_server, check_page
):
    applicant = UserFactory(language="ar")
    rfp = call_to_apply_to()
    guarded = make_page()
    page = guarded.page
    main = page.get_by_role("main")
    sign_in(guarded, live_server, applicant)

    page.goto(f"{live_server.url}/calls/{rfp.pk}/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "منح السلامة"
    check_page(guarded)
    main.locator(f'a[href="/calls/{rfp.pk}/apply/"]').click()
    check_page(guarded)
    main.locator("form button[type=submit]").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_page(guarded)

    main.get_by_role("link", name="المشروع").click()
    assert page.locator("h1").inner_text() == "المشروع"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert [label.inner_text().strip() for label in main.locator("label").all()] == [
        "عنوان المشروع*",
        "المبلغ المطلوب (USD)*",
        "ماذا حدث؟",
    ]
    check_page(guarded)
    page.get_by_label("عنوان المشروع").fill("منحة مشروع")
    page.get_by_label("المبلغ المطلوب").fill("5000")
    page.get_by_label("ماذا حدث؟").fill("نحن في خطر")
    main.locator("button[name=_go][value=next]").click()
    assert page.locator("h1").inner_text() == "الوثائق"
    check_page(guarded)
    page.locator("#id_budget").set_input_files(picked("ميزانية.pdf", pdf_naming_author(pages=1)))
    main.locator("button[name=_upload][value=budget]").click()
    expect(main.get_by_role("link", name="ميزانية.pdf")).to_be_visible()
    check_page(guarded)
    main.locator("button[name=_go][value=overview]").click()
    check_page(guarded)

    main.locator("form[action$='/submit/'] button").click()
    reference = Application.objects.get(rfp=rfp, applicant=applicant).reference
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert main.locator("dd bdi").first.inner_text() == reference
    copy = main.locator("#copy-heading").locator("..")
    assert copy.locator("h3").all_inner_texts() == ["المشروع", "الوثائق"]
    assert copy.locator("dt").first.inner_text() == "عنوان المشروع"
    assert "منحة مشروع" in copy.inner_text()
    assert "نحن في خطر" in copy.inner_text()
    check_page(guarded)
    with page.expect_download() as download:
        main.locator("a[href$='/copy.pdf']").click()
    assert download.value.suggested_filename == "application.pdf"
    assert guarded.foreign_requests == []


def test_with_javascript_a_section_counts_words_saves_itself_warns_before_leaving_and_still_exits_at_once(
    make_page, live_server, check_page
):
    applicant = UserFactory()
    rfp = call_to_apply_to()
    application = draft_to(rfp, applicant=applicant)
    section = rfp.sections.get(position=0)
    guarded = make_page()
    page = guarded.page
    sign_in(guarded, live_server, applicant)
    page.goto(f"{live_server.url}/applications/{application.public_id}/sections/{section.pk}/")
    check_page(guarded)
    words = page.locator("#id_story_words")
    status = page.get_by_role("status")
    assert words.inner_text() == "0 of 50 words"

    story = page.get_by_label("What happened?")
    story.press_sequentially("Two of us")
    assert words.inner_text() == "3 of 50 words"
    story.press_sequentially(" were followed home.")
    assert words.inner_text() == "6 of 50 words"

    # Leaving before it is saved asks first; staying keeps the page as it is.
    dialogs = []
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Next section (without saving)").click()
    assert dialogs == ["beforeunload"]
    assert story.input_value() == "Two of us were followed home."

    expect(status).to_have_text(SAVED, timeout=15_000)
    check_page(guarded)
    page.reload()
    assert page.get_by_label("What happened?").input_value() == "Two of us were followed home."
    assert page.locator("#id_story_words").inner_text() == "6 of 50 words"
    check_page(guarded)
    assert guarded.foreign_requests == []

    # A file chosen and not uploaded yet is not left behind unasked either.
    page.get_by_role("button", name="Save and go to the next section").click()
    page.get_by_label("Budget*", exact=True).set_input_files(picked("budget.pdf", pdf_naming_author(pages=1)))
    page.once("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="Back to the overview").click()
    assert dialogs == ["beforeunload", "beforeunload"]
    page.get_by_role("button", name="Upload (Budget)").click()
    expect(page.locator("#question-budget").get_by_role("link", name="budget.pdf")).to_be_visible()

    # Quick exit leaves at once, even with words typed and not saved yet: nothing asks to stay.
    page.get_by_label("Notes on the budget").press_sequentially("Rent for two safe houses.")
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    with page.expect_response(live_server.url + "/exit/"):
        page.get_by_role("link", name="Quick exit").click()
    assert asked == []
    assert guarded.foreign_requests == [settings.QUICK_EXIT_URL]  # refused by the guard
