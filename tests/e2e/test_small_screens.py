"""On a phone (375 by 812 px) the header is one row: the portal's name, a "Menu" disclosure and the
quick exit, which stays visible and is the first stop of the keyboard after the skip link. The
menu opens from the keyboard, with and without JavaScript, left to right and right to left."""

import pytest

from tests.factories import UserFactory

from .sessions import sign_in

PHONE = {"width": 375, "height": 812}
ONE_ROW = 64  # px: a 38 px button and the bar's padding, with room to spare; four rows were 175

NAVIGATION_LINKS = 'header nav a.nav-link[href="/dashboard/"], header nav a.nav-link[href="/calls/"]'


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id || document.activeElement.textContent.trim()")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_on_a_phone_the_header_is_one_row_and_the_menu_opens_from_the_keyboard(
    javascript, language, make_page, live_server, check_page
):
    guarded = make_page(javascript=javascript)
    page = guarded.page
    page.set_viewport_size(PHONE)
    sign_in(guarded, live_server, UserFactory(language=language))
    page.goto(live_server.url + "/dashboard/")
    assert page.locator("html").get_attribute("lang") == language
    check_page(guarded)

    header = page.locator("header")
    assert header.bounding_box()["height"] <= ONE_ROW
    quick_exit = page.locator("#quick-exit")
    assert quick_exit.is_visible()
    links = page.locator(NAVIGATION_LINKS)
    assert [link.is_visible() for link in links.all()] == [False, False]

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Tab")
    assert focused(page) == "quick-exit"
    page.keyboard.press("Tab")  # the portal's name
    page.keyboard.press("Tab")
    menu = page.locator("header summary")
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")

    assert page.locator("header details").get_attribute("open") == ""
    assert [link.is_visible() for link in links.all()] == [True, True]
    assert quick_exit.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "/dashboard/"
    check_page(guarded)

    menu.focus()
    page.keyboard.press("Enter")
    assert page.locator("header details").get_attribute("open") is None
    assert [link.is_visible() for link in links.all()] == [False, False]

    # On a wide screen the links are the bar itself, with no menu to open.
    page.set_viewport_size({"width": 1280, "height": 800})
    assert [link.is_visible() for link in links.all()] == [True, True]
    assert not menu.is_visible()
    assert header.bounding_box()["height"] <= ONE_ROW
