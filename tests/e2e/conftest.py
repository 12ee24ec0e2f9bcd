"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page records the requests it makes: anything for another origin is refused (the test
server must never let the browser leave) and reported, so a test can assert there were none.
"""

import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class GuardedPage:
    """A page that may only talk to the live server; foreign requests are aborted and kept."""

    def __init__(self, context, origin):
        self.origin = origin
        self.foreign_requests: list[str] = []
        self.context = context
        context.route("**/*", self._route)
        self.page = context.new_page()

    def _route(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin or parts.scheme in ("data", "blob"):
            route.continue_()
        else:
            self.foreign_requests.append(url)
            route.abort()


@pytest.fixture
def make_page(browser, live_server):
    contexts = []

    def make(*, javascript: bool = True, locale: str = "en-GB") -> GuardedPage:
        context = browser.new_context(java_script_enabled=javascript, locale=locale)
        contexts.append(context)
        return GuardedPage(context, live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def guarded(make_page):
    return make_page()


_axe = Axe()


def assert_accessible(page) -> None:
    """axe-core finds no violation on the page as it is now."""
    results = _axe.run(page)
    violations = results.response["violations"]
    assert not violations, results.generate_report()
