"""The grantee's page of their award: its facts, then its letters, payments, reports and support
in that order, the same queries however much it holds; asking for support there; and "Your
awards" on their dashboard. Anyone else's award is a 404, to staff too."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Membership
from accounts.roles import Role
from awards.models import Award, Report, SupportCommitment
from awards.panels import dashboard_panels
from tests.factories import OrganisationFactory, UserFactory

from .factories import (
    AwardFactory,
    LetterFactory,
    ReportFactory,
    ReportRequirementFactory,
    SupportCommitmentFactory,
    TrancheFactory,
    active_award,
    staff_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def award():
    return active_award(conditions="Keep receipts for five years.")


def as_grantee(award) -> Client:
    client = Client()
    client.force_login(award.application.applicant)
    return client


def page(award, client=None):
    return (client or as_grantee(award)).get(reverse("awards:award", args=[award.public_id]))


def test_the_page_shows_the_award_then_its_letters_payments_reports_and_support_in_order(award):
    requirement = ReportRequirementFactory(award=award, title="Mid-term report", due_on=date(2026, 9, 30))
    ReportFactory(requirement=requirement, status=Report.Status.SUBMITTED)
    TrancheFactory(award=award, amount=Decimal("1500.00"), paid_on=date(2026, 3, 2))
    TrancheFactory(award=award, amount=Decimal("3500.00"), requires_report=requirement)
    SupportCommitmentFactory(award=award, provider="A trusted partner", status=SupportCommitment.Status.UNDER_WAY)
    response = page(award)
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert award.reference in html and "Keep receipts for five years." in html and "Active" in html
    headings = ["Letters", "Payments", "Reports", "Support beside the money"]
    assert [html.index(f">{heading}</h2>") for heading in headings] == sorted(
        html.index(f">{heading}</h2>") for heading in headings
    )
    assert "Paid on" in html and "paid once “Mid-term report” is accepted" in html
    assert "A trusted partner" in html and "Under way" in html
    assert reverse("awards:grantee-support", args=[award.public_id]) in html
    # The browser's history learns nothing from the title.
    assert award.reference not in html[html.index("<title>") : html.index("</title>")]


def test_a_member_of_the_grantee_organisation_reads_it_too():
    organisation = OrganisationFactory()
    award = active_award(decision__application__organisation=organisation)
    colleague = UserFactory()
    Membership.objects.create(user=colleague, organisation=organisation, role=Membership.Role.MEMBER)
    client = Client()
    client.force_login(colleague)
    assert page(award, client).status_code == 200


@pytest.mark.parametrize("who", ["another applicant", "the call's staff", "an admin"])
def test_anyone_elses_award_is_a_404(award, who):
    user = {
        "another applicant": lambda: UserFactory(),
        "the call's staff": lambda: staff_of(award.rfp),
        "an admin": lambda: UserFactory(roles=[Role.ADMIN]),
    }[who]()
    client = Client()
    client.force_login(user)
    assert page(award, client).status_code == 404
    url = reverse("awards:grantee-support", args=[award.public_id])
    assert client.get(url).status_code == 404
    assert client.post(url, {"support-kind": "legal", "support-description": "Help"}).status_code == 404
    assert not award.support.exists()


@pytest.mark.parametrize("rows", [1, 15])
def test_the_page_costs_the_same_queries_for_1_and_15_of_everything(award, rows, django_assert_num_queries):
    for number in range(rows):
        LetterFactory(award=award, version=number + 2)
        requirement = ReportRequirementFactory(award=award)
        ReportFactory(requirement=requirement, status=Report.Status.ACCEPTED)
        TrancheFactory(award=award, requires_report=requirement)
        SupportCommitmentFactory(award=award)
    client = as_grantee(award)
    # Session, user (with roles), unread messages; the award; its letters, tranches, their duties and
    # reports, its duties and their reports, its support.
    with django_assert_num_queries(11):
        response = page(award, client)
    assert len(response.context["award"].tranches.all()) == rows


def test_the_grantee_asks_for_support_and_a_missing_description_is_said_beside_it(award):
    client = as_grantee(award)
    url = reverse("awards:grantee-support", args=[award.public_id])
    response = client.post(url, {"support-kind": "relocation", "support-description": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "description": ["Say what support you need: staff read it before they plan it."]
    }
    assert '<option value="relocation" selected>' in response.content.decode()
    response = client.post(url, {"support-kind": "relocation", "support-description": "A safe place for a month"})
    assert response["Location"] == reverse("awards:award", args=[award.public_id])
    asked = award.support.get()
    assert (asked.kind, asked.status, asked.requested_by_grantee) == ("relocation", "requested", True)
    assert "A safe place for a month" in page(award, client).content.decode()


@pytest.mark.parametrize("status", [Award.Status.CLOSED, Award.Status.CANCELLED])
def test_a_closed_or_cancelled_award_offers_no_support_form(status):
    award = AwardFactory(status=status, cancel_reason="The work ended early.")
    html = page(award).content.decode()
    assert reverse("awards:grantee-support", args=[award.public_id]) not in html
    assert ("The work ended early." in html) is (status == Award.Status.CANCELLED)
    response = as_grantee(award).post(
        reverse("awards:grantee-support", args=[award.public_id]),
        {"support-kind": "legal", "support-description": "Help"},
    )
    assert "This award is closed or cancelled: its support can no longer change." in response.content.decode()
    assert not award.support.exists()


# --- "Your awards" on the dashboard -----------------------------------------------------------


def test_the_dashboard_lists_the_grantees_awards_with_their_status_and_link(award):
    offered = AwardFactory(decision__application__applicant=award.application.applicant)
    html = as_grantee(award).get(reverse("portal:dashboard")).content.decode()
    assert "Your awards" in html
    for each, status in ((award, "Active"), (offered, "Offered")):
        assert f'href="{reverse("awards:award", args=[each.public_id])}"><bdi>{each.reference}</bdi>' in html
        assert status in html


def test_no_awards_panel_for_an_applicant_without_awards_nor_for_staff(award):
    assert dashboard_panels(UserFactory()) == []
    assert dashboard_panels(staff_of(award.rfp)) == []


@pytest.mark.parametrize("rows", [1, 20])
def test_your_awards_cost_the_same_queries_for_1_and_20_awards(rows, django_assert_num_queries):
    """Their awards, and their declines (tests/awards/test_decline_feedback.py)."""
    grantee = UserFactory()
    for _ in range(rows):
        AwardFactory(decision__application__applicant=grantee)
    with django_assert_num_queries(2):
        [panel] = dashboard_panels(grantee)
    assert len(panel.context["awards"]) == rows
