"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every page records the requests it makes: anything for another origin is refused (the test
server must never let the browser leave) and reported, so a test can assert there were none.
After each navigation `check_page` runs axe-core on the page and the Nu HTML checker on the
document the server sent.
"""

import shutil
import socket
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from .nu import NuChecker, running_nu_checker, unavailable_reason

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
def browser(live_server):
    """Depends on the live server so as to close first: a keep-alive connection that the
    browser still held when the server stopped ended in a server thread using the database
    connection after the server had stopped sharing it."""
    from playwright.sync_api import sync_playwright

    if not shutil.which("chromium"):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    # Playwright's routes never see the request that follows a redirect, so a redirect to
    # another site would get past GuardedPage's route. Chromium therefore sends everything but
    # loopback (which it never proxies) through a proxy that refuses every connection: a port
    # bound here and never listened on.
    with socket.socket() as dead_end, sync_playwright() as playwright:
        dead_end.bind(("127.0.0.1", 0))
        # Not Playwright's `proxy` option: it makes Chromium proxy loopback too.
        proxy = f"--proxy-server=http://127.0.0.1:{dead_end.getsockname()[1]}"
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, proxy])
        yield browser
        browser.close()


class GuardedPage:
    """A page that may only talk to the live server; foreign requests are refused and kept.

    The route aborts a foreign request before it leaves; one that follows a redirect is not
    routed, but is still kept here, and the browser's dead-end proxy refuses it.
    """

    def __init__(self, context, origin, *, javascript: bool = True):
        self.origin = origin
        self.javascript = javascript
        self.foreign_requests: list[str] = []
        self.document_headers: dict[str, str] = {}
        self.document_response = None
        self.context = context
        context.on("request", self._keep_if_foreign)
        context.route("**/*", self._route)
        self.page = context.new_page()
        self.page.on("response", self._remember_document)

    def _is_foreign(self, url: str) -> bool:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc}" != self.origin and parts.scheme not in ("data", "blob")

    def _keep_if_foreign(self, request):
        if self._is_foreign(request.url):
            self.foreign_requests.append(request.url)

    def _route(self, route):
        if self._is_foreign(route.request.url):
            route.abort()
        else:
            route.continue_()

    def _remember_document(self, response):
        """The response of the page now shown: its headers (for its Content-Security-Policy) and
        its body as sent (for the Nu HTML checker)."""
        if response.request.is_navigation_request() and response.frame == self.page.main_frame:
            self.document_headers = response.headers
            self.document_response = response


@pytest.fixture
def make_page(browser, live_server):
    contexts = []

    def make(*, javascript: bool = True, locale: str = "en-GB") -> GuardedPage:
        context = browser.new_context(java_script_enabled=javascript, locale=locale)
        # Every page of the live server answers in well under a second; a broken step should
        # fail fast rather than wait Playwright's default 30 seconds.
        context.set_default_timeout(10_000)
        contexts.append(context)
        return GuardedPage(context, live_server.url, javascript=javascript)

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


@pytest.fixture(scope="session")
def nu_checker(request):
    """The Nu HTML checker, started once for the session. Missing, it skips the browser tests
    that check pages, and fails them where every test must run (`--require-all`, on in CI)."""
    reason = unavailable_reason()
    if reason:
        if request.config.getoption("--require-all"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with running_nu_checker() as checker:
        yield checker


def assert_valid_html(nu_checker: NuChecker, guarded: GuardedPage) -> None:
    """The Nu HTML checker finds no error in the document the server sent for the page shown."""
    response = guarded.document_response
    assert response is not None, "no document was loaded for this page"
    errors = nu_checker.errors(response.body())
    assert not errors, f"Nu HTML checker, {response.url}:\n" + "\n".join(errors)


class PageCheck:
    """After each navigation: axe-core finds nothing, nor does the Nu HTML checker, and the
    browser asked nothing of another origin.

    axe-core cannot run in a page whose JavaScript is disabled: Playwright still evaluates the
    injected script, but `axe.run` waits on timers that never fire there, so it hangs. For such
    a page, the exact document the browser holds (its DOM, which without JavaScript is the parsed
    HTML) is served again, with the same Content-Security-Policy, at the same URL in a
    JavaScript-enabled page, so the stylesheets load from the live server as before and axe-core
    sees what the JavaScript-free reader sees. Requesting the URL again instead would not do: a
    second GET can differ (a message shown once is gone) and a POST's result cannot be fetched
    again.
    """

    def __init__(self, make_page, nu_checker):
        self._make_page = make_page
        self._nu_checker = nu_checker
        self._mirror: GuardedPage | None = None

    def __call__(self, guarded: GuardedPage) -> None:
        page = guarded.page
        # A click returns once its navigation is committed; the stylesheets may still be loading.
        page.wait_for_load_state("load")
        assert page.url.startswith(guarded.origin + "/"), page.url
        assert urlsplit(page.url).path.split("/")[1] != "admin", "axe-core is not run on Django's admin site"
        assert_valid_html(self._nu_checker, guarded)
        if guarded.javascript:
            assert_accessible(page)
        else:
            self._assert_accessible_without_javascript(guarded)
        assert guarded.foreign_requests == []

    def _assert_accessible_without_javascript(self, guarded: GuardedPage) -> None:
        if self._mirror is None:
            self._mirror = self._make_page(javascript=True)
        mirror = self._mirror
        url, html = guarded.page.url, guarded.page.content()
        headers = {"content-type": "text/html; charset=utf-8"}
        if "content-security-policy" in guarded.document_headers:
            headers["content-security-policy"] = guarded.document_headers["content-security-policy"]

        def serve_the_same_document(route):
            route.fulfill(status=200, headers=headers, body=html)

        def is_this_document(requested: str) -> bool:
            return requested == url

        mirror.page.route(is_this_document, serve_the_same_document)
        try:
            mirror.page.goto(url)
            assert_accessible(mirror.page)
        finally:
            mirror.page.unroute(is_this_document, serve_the_same_document)
        assert mirror.foreign_requests == []


@pytest.fixture
def check_page(make_page, nu_checker):
    """`check_page(guarded)` after each navigation to one of the portal's own pages."""
    return PageCheck(make_page, nu_checker)
