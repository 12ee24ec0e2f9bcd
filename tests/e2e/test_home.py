from .conftest import assert_accessible


def test_the_home_page_is_accessible_and_stays_on_its_own_origin(guarded, live_server):
    page = guarded.page
    page.goto(live_server.url + "/")
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert guarded.foreign_requests == []
