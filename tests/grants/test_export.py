"""The CSV export of the staff table as filtered: the password asked again, identifying and
sensitive columns left out unless ticked, formulas made inert, UTF-8 with a BOM, streamed with a
neutral name, and audited with its row count and its columns (keys, never content)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from audit.models import AuditEvent
from core.csv import BOM
from grants.models import Application, Question
from tests.accounts.flows import sign_in

from .submitted import ANSWERS_AR, ANSWERS_EN, copy_call, submitted_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def rfp(program_staff):
    return copy_call(staff=[program_staff])


@pytest.fixture
def staff_client(program_staff):
    client = Client()
    sign_in(client, program_staff)
    return client


def export_url(rfp, query: str = "") -> str:
    return reverse("grants:staff-applications-export", args=[rfp.pk]) + (f"?{query}" if query else "")


def question(rfp, key: str) -> Question:
    return Question.objects.get(section__rfp=rfp, key=key)


def default_columns(client, rfp, query="") -> list[str]:
    return client.get(export_url(rfp, query)).context["form"].fields["columns"].initial


def download(client, rfp, columns, query="") -> tuple[object, list[list[str]]]:
    response = client.post(export_url(rfp, query), {"columns": columns})
    body = b"".join(response.streaming_content)
    text = body.decode("utf-8")
    assert text.startswith(BOM)
    return response, list(csv.reader(io.StringIO(text[len(BOM) :])))


def test_the_export_asks_for_the_password_again(rfp, program_staff):
    client = Client()
    client.force_login(program_staff)  # a session with no record of a recent sign-in
    response = client.get(export_url(rfp))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(export_url(rfp), {"columns": ["reference"]})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(verb="applications.exported").exists()


def test_only_the_staff_of_the_call_may_export(rfp, user_factory):
    from accounts.roles import Role

    other = user_factory(roles=[Role.PROGRAM_STAFF])
    client = Client()
    sign_in(client, other)
    assert client.get(export_url(rfp)).status_code == 404
    assert client.post(export_url(rfp), {"columns": ["reference"]}).status_code == 404


def test_identifying_and_sensitive_columns_are_left_out_unless_ticked(rfp, staff_client):
    submitted_application(rfp, files=False)
    columns = default_columns(staff_client, rfp)
    story = f"question:{question(rfp, 'story').pk}"
    assert "reference" in columns and f"question:{question(rfp, 'title').pk}" in columns
    assert story not in columns and "applicant" not in columns and "organisation" not in columns
    response, rows = download(staff_client, rfp, columns)
    assert response.status_code == 200
    assert "What happened?" not in rows[0] and "Applicant" not in rows[0]
    assert not any("followed home" in cell for row in rows for cell in row)


def test_a_sensitive_answer_is_decrypted_into_the_file_only_when_ticked(rfp, staff_client):
    application = submitted_application(rfp, files=False)
    story = f"question:{question(rfp, 'story').pk}"
    _response, rows = download(staff_client, rfp, ["reference", story, "applicant"])
    assert rows == [
        ["Reference", "Applicant", "What happened?"],
        [application.reference, application.applicant.name, "Two of us were followed home.\nWe moved twice."],
    ]


def test_the_file_is_streamed_with_a_neutral_name_and_never_kept(rfp, staff_client):
    submitted_application(rfp, files=False)
    response = staff_client.post(export_url(rfp), {"columns": ["reference"]})
    assert response.streaming
    assert response.headers["Content-Disposition"] == 'attachment; filename="export.csv"'
    assert "no-store" in response.headers["Cache-Control"]
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_cells_that_a_spreadsheet_would_run_are_made_inert_and_arabic_survives(rfp, staff_client):
    submitted_application(rfp, answers={**ANSWERS_EN, "title": '=HYPERLINK("http://x")'}, files=False)
    submitted_application(rfp, language="ar", answers={**ANSWERS_AR, "title": "منحة مشروع"}, files=False)
    title, groups = (f"question:{question(rfp, key).pk}" for key in ("title", "groups"))
    _response, rows = download(staff_client, rfp, [title, groups])
    assert sorted(rows[1:]) == sorted(
        [['\'=HYPERLINK("http://x")', "Journalists; Lawyers"], ["منحة مشروع", "Journalists; Lawyers"]]
    )


def test_the_export_holds_the_table_as_filtered(rfp, staff_client):
    kept = submitted_application(rfp, answers={**ANSWERS_EN, "where": "KE", "title": "Kept"}, files=False)
    Application.objects.filter(pk=kept.pk).update(country="KE")
    other = submitted_application(rfp, answers={**ANSWERS_EN, "title": "Other"}, files=False)
    Application.objects.filter(pk=other.pk).update(country="SN")
    html = staff_client.get(export_url(rfp, "country=KE&page=2")).content.decode()
    assert "The file will hold 1 application" in html
    _response, rows = download(staff_client, rfp, ["title", "country"], "country=KE")
    assert rows == [["Title", "Country (ISO code)"], ["Kept", "KE"]]


def test_the_export_is_audited_with_its_row_count_and_column_keys_only(rfp, staff_client, program_staff):
    for _ in range(3):
        submitted_application(rfp, files=False)
    story = question(rfp, "story")
    download(staff_client, rfp, ["reference", "title", f"question:{story.pk}"])
    event = AuditEvent.objects.get(verb="applications.exported")
    assert event.actor == program_staff
    assert (event.target_type, event.target_id) == ("grants.rfp", str(rfp.pk))
    assert event.detail == {"rows": 3, "columns": ["reference", "title"], "questions": [story.pk], "sensitive": 1}


def test_no_column_ticked_is_told_beside_the_field(rfp, staff_client):
    response = staff_client.post(export_url(rfp), {})
    assert response.status_code == 200
    assert response.context["form"].errors["columns"] == ["Choose at least one column."]
    assert not AuditEvent.objects.filter(verb="applications.exported").exists()
