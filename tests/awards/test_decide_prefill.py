"""The decide page starts from the amount asked, written to the call's currency's places: a
request stored as 5000.000 shows as 5000.00 in US dollars, 5000 in CFA francs and 5000.000 in
Kuwaiti dinars."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.flows import sign_in
from tests.factories import RFPFactory
from tests.reviews.factories import SubmittedApplicationFactory

from .factories import staff_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("currency", "shown"), [("USD", "5000.00"), ("XOF", "5000"), ("KWD", "5000.000")])
def test_the_amount_asked_is_prefilled_in_the_currency_s_places(currency, shown):
    rfp = RFPFactory(currency=currency, min_amount=Decimal(1000), max_amount=Decimal(10000))
    application = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal("5000.000"), currency=currency)
    client = Client()
    client.get(sign_in(client, staff_of(rfp))["Location"])
    html = client.get(reverse("awards:decide", args=[application.public_id])).content.decode()
    assert f'name="award-amount" value="{shown}"' in html
    assert f'name="award-tranche_1_amount" value="{shown}"' in html
