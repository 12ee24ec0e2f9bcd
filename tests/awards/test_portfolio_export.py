"""The portfolio's CSV export: the password asked again, the awards as filtered with their
money per currency, who holds them left out unless ticked, formulas made inert, UTF-8 with a
BOM, audited with its row count and columns (keys, never content)."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.csv import BOM
from tests.accounts.flows import sign_in
from tests.factories import RFPFactory, UserFactory

from .factories import TrancheFactory, active_award

pytestmark = pytest.mark.django_db
URL = reverse("awards:portfolio-export")


@pytest.fixture
def awards():
    usd, eur = RFPFactory(currency="USD"), RFPFactory(currency="EUR")
    dollars = active_award(
        decision__application__rfp=usd,
        decision__amount=Decimal("5000.00"),
        decision__application__applicant__name="=HYPERLINK(1)",
    )
    TrancheFactory(award=dollars, amount=Decimal("1500.00"), paid_on=date(2026, 3, 1))
    euros = active_award(
        decision__application__rfp=eur, decision__application__currency="EUR", decision__amount=Decimal("12345.67")
    )
    return dollars, euros


@pytest.fixture
def admin_client():
    client = Client()
    sign_in(client, UserFactory(roles=[Role.ADMIN]))
    return client


def download(client, columns, query=""):
    response = client.post(URL + query, {"columns": columns})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="awards.csv"'
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith(BOM)
    return list(csv.reader(io.StringIO(body[len(BOM) :])))


def test_the_export_asks_for_the_password_again(awards):
    client = Client()
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    for response in (client.get(URL), client.post(URL, {"columns": ["reference"]})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not AuditEvent.objects.filter(verb="awards.exported").exists()


def test_money_per_currency_and_who_holds_them_left_out(awards, admin_client):
    dollars, euros = awards
    rows = download(admin_client, ["reference", "amount", "currency", "paid", "outstanding"])
    assert rows[0] == ["Reference", "Amount", "Currency", "Paid", "Outstanding"]
    assert sorted(rows[1:]) == sorted(
        [
            [dollars.reference, "5000.000", "USD", "1500.000", "3500.000"],
            [euros.reference, "12345.670", "EUR", "0", "12345.670"],
        ]
    )
    event = AuditEvent.objects.get(verb="awards.exported")
    assert event.detail == {
        "rows": 2,
        "columns": ["reference", "amount", "currency", "paid", "outstanding"],
        "identifying": 0,
    }


def test_the_filters_apply_and_ticked_names_are_made_inert(awards, admin_client):
    dollars, _euros = awards
    rows = download(admin_client, ["reference", "applicant"], "?currency=USD")
    assert rows[1:] == [[dollars.reference, "'=HYPERLINK(1)"]]
    assert AuditEvent.objects.get(verb="awards.exported").detail["identifying"] == 1


def test_the_columns_page_leaves_names_unticked(awards, admin_client):
    form = admin_client.get(URL).context["form"]
    assert "applicant" not in form.fields["columns"].initial
    assert "reference" in form.fields["columns"].initial


def test_staff_export_only_their_calls(awards):
    dollars, _euros = awards
    member = UserFactory(roles=[Role.PROGRAM_STAFF])
    dollars.rfp.staff.add(member)
    client = Client()
    sign_in(client, member)
    assert [row[0] for row in download(client, ["reference"])[1:]] == [dollars.reference]
