from .conftest import GuardedPage

# A rule that only Bootstrap's right-to-left build has: its `.me-auto` pushes to the left.
RTL_ONLY_RULE = """() => {
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (rule.selectorText === ".me-auto") return rule.style.marginLeft;
    }
  }
  return null;
}"""


def stylesheets(guarded: GuardedPage) -> list[str]:
    return guarded.page.evaluate("() => [...document.styleSheets].map(sheet => sheet.href)")


def test_the_home_page_is_accessible_and_stays_on_its_own_origin(guarded, live_server, check_page):
    page = guarded.page
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("h1").all_inner_texts() == ["Grants portal"]
    assert stylesheets(guarded) == [
        live_server.url + "/static/bootstrap/css/bootstrap.min.css",
        live_server.url + "/static/css/portal.css",
    ]
    check_page(guarded)


def test_the_home_page_in_arabic_reads_right_to_left_with_bootstraps_rtl_stylesheet(guarded, live_server, check_page):
    page = guarded.page
    page.goto(live_server.url + "/")
    check_page(guarded)

    footer = page.get_by_role("contentinfo")
    footer.get_by_label("Language").select_option("ar")
    footer.get_by_role("button", name="Change language").click()

    assert page.url == live_server.url + "/"
    page.wait_for_load_state("load")
    html = page.locator("html")
    assert (html.get_attribute("dir"), html.get_attribute("lang")) == ("rtl", "ar")
    assert stylesheets(guarded) == [
        live_server.url + "/static/bootstrap/css/bootstrap.rtl.min.css",
        live_server.url + "/static/css/portal.css",
    ]
    assert page.evaluate(RTL_ONLY_RULE) == "auto"
    assert page.locator("#language-select").input_value() == "ar"
    check_page(guarded)
