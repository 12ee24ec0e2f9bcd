"""The portfolio: totals per currency against hand-computed values, filters read from the URL
(a bad one shown beside its field while the others apply), staff seeing only their calls, and
as many queries for 50 awards as for one."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from awards.models import Award, SupportCommitment
from awards.selectors import portfolio_of, portfolio_totals, support_counts
from tests.factories import RFPFactory, UserFactory

from .factories import AwardFactory, SupportCommitmentFactory, TrancheFactory, active_award, staff_of

pytestmark = pytest.mark.django_db


def award_in(rfp, amount, *, country="SN", maker=AwardFactory, **fields):
    return maker(
        decision__application__rfp=rfp,
        decision__application__country=country,
        decision__application__currency=rfp.currency,
        decision__amount=Decimal(amount),
        **fields,
    )


@pytest.fixture
def calls():
    usd = RFPFactory(currency="USD")
    eur = RFPFactory(currency="EUR")
    return usd, eur


@pytest.fixture
def world(calls):
    usd, eur = calls
    first = award_in(usd, "5000.00", maker=active_award)
    second = award_in(usd, "2500.00", country="KE")
    TrancheFactory(award=first, amount=Decimal("1500.00"), paid_on=date(2026, 3, 1))
    TrancheFactory(award=first, amount=Decimal("3500.00"))  # scheduled, not paid
    cancelled = award_in(usd, "900.00")
    TrancheFactory(award=cancelled, amount=Decimal("400.00"), paid_on=date(2026, 2, 1))
    Award.objects.filter(pk=cancelled.pk).update(status=Award.Status.CANCELLED)
    euro = award_in(eur, "12345.67", maker=active_award)
    SupportCommitmentFactory(award=first)
    SupportCommitmentFactory(award=euro, status=SupportCommitment.Status.DONE)
    return {"first": first, "second": second, "cancelled": cancelled, "euro": euro}


def admin():
    return UserFactory(roles=[Role.ADMIN])


def test_totals_per_currency_against_hand_computed_values(world):
    totals = {row["currency"]: row for row in portfolio_totals(portfolio_of(admin(), {}))}
    assert set(totals) == {"EUR", "USD"}
    usd, eur = totals["USD"], totals["EUR"]
    assert usd["count"] == 3
    assert usd["committed"] == Decimal("7500.00")  # 5,000 + 2,500; the cancelled 900 is not committed
    assert usd["paid"] == Decimal("1900.00")  # 1,500 + the cancelled award's 400, which went out
    assert usd["outstanding"] == Decimal("6000.00")  # 7,500 - 1,500
    assert (eur["count"], eur["committed"], eur["paid"], eur["outstanding"]) == (
        1,
        Decimal("12345.67"),
        Decimal(0),
        Decimal("12345.67"),
    )


def test_support_is_counted_by_status(world):
    assert support_counts(portfolio_of(admin(), {})) == {"planned": 1, "done": 1}


def test_filters_narrow_the_awards_and_their_totals(world, calls):
    user = admin()
    assert list(portfolio_of(user, {"currency": "EUR"})) == [world["euro"]]
    assert set(portfolio_of(user, {"country": "KE"})) == {world["second"]}
    assert set(portfolio_of(user, {"status": "active"})) == {world["first"], world["euro"]}
    assert set(portfolio_of(user, {"call": calls[0].pk})) == {world["first"], world["second"], world["cancelled"]}
    [usd] = portfolio_totals(portfolio_of(user, {"country": "SN", "currency": "USD"}))
    assert (usd["committed"], usd["paid"], usd["outstanding"]) == (
        Decimal("5000.00"),
        Decimal("1900.00"),
        Decimal("3500.00"),
    )


def test_staff_see_only_the_awards_of_their_calls(world, calls):
    member = staff_of(calls[1])
    assert list(portfolio_of(member, {})) == [world["euro"]]
    assert portfolio_of(UserFactory(roles=[Role.PROGRAM_STAFF]), {}).count() == 0


def test_the_page_shows_totals_and_a_bad_filter_beside_its_field(world, calls):
    client = Client()
    client.force_login(admin())
    response = client.get(reverse("awards:portfolio"), {"currency": "usd!", "country": "KE"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_currency_error"' in body
    assert list(response.context["awards"]) == [world["second"]]  # the country still applies
    assert "2,500" in body


def test_applicants_and_reviewers_find_no_portfolio(world):
    for role in (Role.APPLICANT, Role.REVIEWER):
        client = Client()
        client.force_login(UserFactory(roles=[role]))
        assert client.get(reverse("awards:portfolio")).status_code == 404


def test_the_page_takes_as_many_queries_for_fifty_awards_as_for_one(calls):
    usd, _eur = calls
    user = admin()
    client = Client()
    client.force_login(user)
    award_in(usd, "100")
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("awards:portfolio")).status_code == 200
    for _ in range(49):
        TrancheFactory(award=award_in(usd, "100"), amount=Decimal(50), paid_on=date(2026, 1, 1))
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(reverse("awards:portfolio"))
    assert len(response.context["awards"]) == 50
    assert len(fifty.captured_queries) == len(one.captured_queries)
