"""Staff in the browser: from the call's page to its applications, then to one submitted
application (answers, files, history) and a file's download; with and without JavaScript, in
English and Arabic; axe-core and the Nu checker find nothing, and nothing leaves the portal."""

import pytest

from accounts.roles import Role
from tests.factories import UserFactory
from tests.grants.submitted import copy_call, submitted_application

from .sessions import sign_in


@pytest.mark.parametrize(("javascript", "language"), [(True, "en"), (False, "en"), (True, "ar")])
def test_staff_go_from_the_call_to_a_submitted_application_and_download_its_file(
    javascript, language, make_page, live_server, check_page
):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF], language=language)
    rfp = copy_call(staff=[staff])
    application = submitted_application(rfp, language="ar")
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, staff)
    page = guarded.page
    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/")
    check_page(guarded)
    page.locator(f'a[href="/staff/rfps/{rfp.pk}/applications/"]').click()
    check_page(guarded)
    page.get_by_role("link", name=application.reference).click()
    assert page.url == f"{live_server.url}/staff/applications/{application.public_id}/"
    check_page(guarded)
    assert "نحن في خطر" in page.get_by_role("main").inner_text()  # the sensitive answer, for its staff
    with page.expect_download() as download:
        page.locator('a[download][href*="/files/"]').first.click()
    assert download.value.suggested_filename == "attachment-1.pdf"
