"""The ranking's CSV export: the password asked again, the ranking as filtered and sorted, who
applied left out unless ticked (the title too in a blind call), formulas made inert, UTF-8 with
a BOM, and audited with its row count and its columns (keys, never content)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.roles import Role
from audit.models import AuditEvent
from core.csv import BOM
from grants.models import Application
from reviews.exports import columns_of
from tests.accounts.flows import sign_in
from tests.factories import OrganisationFactory, UserFactory

from .ranking_world import small_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    return small_call()


@pytest.fixture
def staff_client(call):
    client = Client()
    sign_in(client, call.staff)
    return client


def export_url(rfp, query: str = "") -> str:
    return reverse("reviews:ranking-export", args=[rfp.pk]) + (f"?{query}" if query else "")


def download(client, rfp, columns, query=""):
    response = client.post(export_url(rfp, query), {"columns": columns})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ranking.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :])))


def test_the_export_asks_for_the_password_again(call):
    client = Client()
    client.force_login(call.staff)
    for response in (client.get(export_url(call.rfp)), client.post(export_url(call.rfp), {"columns": ["reference"]})):
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEvent.objects.filter(verb="ranking.exported").exists()


def test_staff_of_another_call_get_a_404(call):
    client = Client()
    sign_in(client, UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert client.get(export_url(call.rfp)).status_code == 404
    assert client.post(export_url(call.rfp), {"columns": ["reference"]}).status_code == 404


def test_who_applied_is_left_out_unless_ticked(call, staff_client):
    initial = staff_client.get(export_url(call.rfp)).context["form"].fields["columns"].initial
    assert "title" in initial and "normalised" in initial and "running_total" in initial
    assert "organisation" not in initial and "applicant" not in initial


def test_in_a_blind_call_the_title_is_left_out_too(call, staff_client):
    call.rfp.blind_review = True
    call.rfp.save()
    initial = staff_client.get(export_url(call.rfp)).context["form"].fields["columns"].initial
    assert "title" not in initial and "reference" in initial


def test_the_file_is_the_ranking_as_filtered_and_sorted_with_its_figures(call, staff_client):
    rows = download(
        staff_client,
        call.rfp,
        ["position", "reference", "normalised", "spread_flagged", "running_total"],
        "sort=amount",
    )
    assert rows == [
        ["Rank", "Reference", "Normalised score", "Spread above the threshold", "Running total"],
        ["1", "R-C", "48.97", "yes", "30000.000"],
        ["2", "R-B", "60.52", "no", "65000.000"],
        ["3", "R-A", "80.52", "no", "105000.000"],
    ]
    event = AuditEvent.objects.get(verb="ranking.exported")
    assert event.detail == {
        "rows": 3,
        "columns": ["position", "reference", "normalised", "spread_flagged", "running_total"],
        "identifying": 0,
    }
    assert event.target_id == str(call.rfp.pk)
    filtered = download(staff_client, call.rfp, ["reference"], "spread=flagged")
    assert filtered == [["Reference"], ["R-C"]]
    assert AuditEvent.objects.filter(verb="ranking.exported").order_by("pk").last().detail["rows"] == 1


def test_identifying_columns_when_ticked_and_formulas_made_inert(call, staff_client):
    a = call.applications["A"]
    organisation = OrganisationFactory(name="=HYPERLINK(1)")
    Application.objects.filter(pk=a.pk).update(organisation=organisation, title="+Radio")
    a.applicant.name = "Amira Haddad"
    a.applicant.save()
    rows = download(staff_client, call.rfp, ["reference", "title", "organisation", "applicant"])
    assert rows[1] == ["R-A", "'+Radio", "'=HYPERLINK(1)", "Amira Haddad"]
    assert AuditEvent.objects.get(verb="ranking.exported").detail["identifying"] == 2


def test_no_column_ticked_is_refused_beside_the_field(call, staff_client):
    response = staff_client.post(export_url(call.rfp), {})
    assert response.status_code == 200
    assert "Choose at least one column." in response.content.decode()
    assert not AuditEvent.objects.filter(verb="ranking.exported").exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ("Reviewers recommending", "Fund")), ("fr", ("Évaluateurs recommandant", "Financer"))],
)
def test_every_column_is_labelled_in_the_language_of_the_export(call, language, words):
    with translation.override(language):
        labels = {column.key: column.label for column in columns_of(call.rfp)}
    assert labels["recommended_fund"].split(":")[0].strip() == words[0]
    assert labels["recommended_fund"].split(":")[1].strip() == words[1]
