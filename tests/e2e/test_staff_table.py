"""Staff in the browser: filter and search a call's applications, then export them as CSV after
giving their password again; the filters work without JavaScript (a plain GET form), the file is
the table as filtered, and axe-core and the Nu checker find nothing on the way."""

import codecs
import csv
import io
from pathlib import Path

import pytest

from accounts.roles import Role
from grants.models import Application
from tests.factories import PASSWORD, UserFactory
from tests.grants.submitted import ANSWERS_AR, ANSWERS_EN, copy_call, submitted_application

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("javascript", [True, False])
def test_staff_filter_search_and_export_the_applications(javascript, make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = copy_call(staff=[staff])
    wanted = submitted_application(rfp, answers={**ANSWERS_EN, "title": "Safe houses for reporters"}, files=False)
    submitted_application(rfp, answers={**ANSWERS_EN, "title": "Radio for reporters"}, files=False)
    submitted_application(rfp, language="ar", answers={**ANSWERS_AR, "title": "دعم المدافعين"}, files=False)
    Application.objects.exclude(pk=wanted.pk).update(country="SN")
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, staff)
    page = guarded.page
    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/applications/")
    check_page(guarded)
    assert page.get_by_role("heading", name="3 submitted applications").is_visible()

    page.get_by_label("Search", exact=True).fill("reporter")
    page.get_by_label("Country", exact=True).select_option("KE")
    page.get_by_role("button", name="Show").click()
    # Bookmarkable, in the default order.
    assert "q=reporter" in page.url and "country=KE" in page.url and page.url.endswith("&sort=")
    check_page(guarded)
    assert page.get_by_role("heading", name="1 submitted application matches").is_visible()
    rows = page.locator("tbody tr")
    assert rows.count() == 1 and "Safe houses for reporters" in rows.first.inner_text()

    # As an edited bookmark brings it: no number input takes it.
    page.goto(page.url.replace("amount_min=&", "amount_min=lots&"))
    check_page(guarded)
    assert page.locator("#id_amount_min").get_attribute("aria-invalid") == "true"
    assert page.locator("tbody tr").count() == 1  # the other filters still apply

    page.get_by_role("link", name="Export these applications as CSV").click()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    check_page(guarded)
    assert page.get_by_text("The file will hold 1 application").is_visible()
    page.get_by_label("What happened? (sensitive: decrypted into the file)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the CSV file").click()
    assert download.value.suggested_filename == "export.csv"
    body = Path(download.value.path()).read_bytes()
    assert body.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][rows[0].index("Title")] == "Safe houses for reporters"
    assert rows[1][rows[0].index("What happened?")] == ANSWERS_EN["story"]
