"""A visitor reads a call in Arabic, right to left, and prints its questions: with and without
JavaScript, axe-core clean, and nothing asked of another origin."""

import pytest

from portal.demo_calls import seed_calls
from tests.factories import UserFactory


@pytest.fixture
def calls(db):
    from accounts.roles import Role

    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    return seed_calls(staff=staff, created_by=staff)


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_visitor_reads_a_call_in_arabic_and_prints_its_questions(
    javascript, calls, make_page, live_server, check_page
):
    programmatic = calls[0]
    guarded = make_page(javascript=javascript)
    page = guarded.page
    page.goto(live_server.url + "/")
    check_page(guarded)

    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option("ar")
    footer.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("dir") == "rtl"
    check_page(guarded)

    page.get_by_role("link", name="منح أكسيليريت البرامجية لمنظمات المجتمع المدني").click()
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/calls/{programmatic.pk}/"
    html = page.locator("html")
    assert (html.get_attribute("dir"), html.get_attribute("lang")) == ("rtl", "ar")
    assert page.locator("h1").inner_text() == "منح أكسيليريت البرامجية لمنظمات المجتمع المدني"
    assert "ACCELERATE" not in page.title()
    assert "المناصرة أمام الهيئات الوطنية" in page.locator("main").inner_text()
    check_page(guarded)

    page.locator(f'a[href="/calls/{programmatic.pk}/questions/"]').click()
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/calls/{programmatic.pk}/questions/"
    main = page.locator("main")
    assert main.get_by_role("heading", level=2).first.inner_text() == "القسم 1: المنظمة"
    # Each question is a heading (a screen reader jumps between them), numbered across the call.
    risks = main.get_by_role("heading", level=3, name="ما المخاطر التي قد يواجهها المشروع أو فريقكم؟")
    assert risks.inner_text().startswith("السؤال 14:")
    print_button = page.locator("#print-page")
    assert print_button.is_visible() is javascript
    check_page(guarded)

    navigation = page.get_by_role("navigation")
    quick_exit = page.locator("#quick-exit")
    assert navigation.is_visible() and quick_exit.is_visible()
    page.emulate_media(media="print")
    assert not navigation.is_visible()
    assert not quick_exit.is_visible()
    assert not page.locator("footer").is_visible()
    assert main.get_by_text("ما المخاطر التي قد يواجهها المشروع أو فريقكم؟").is_visible()
    page.emulate_media(media="screen")
    assert guarded.foreign_requests == []


def test_the_print_button_opens_the_browsers_print_dialog(calls, guarded, live_server):
    page = guarded.page
    page.goto(f"{live_server.url}/calls/{calls[1].pk}/questions/")
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("() => window.printed") == 1
    assert guarded.foreign_requests == []
