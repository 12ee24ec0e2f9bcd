"""The dashboard is made of the panels each app gives the user; portal asks no role."""

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import RFP
from tests.factories import OrganisationFactory, RFPFactory

PANEL_TEMPLATES = {
    "applicant": [
        "grants/panels/applications.html",
        "grants/panels/open_calls.html",
        "accounts/panels/organisations.html",
    ],
    "reviewer": [],
    "program_staff": ["grants/panels/calls_run.html"],
    "admin": ["grants/panels/calls_run.html", "accounts/panels/admin_tools.html"],
}


@pytest.mark.parametrize("role", PANEL_TEMPLATES)
def test_each_app_decides_what_each_user_sees(role, client, user_in_role):
    client.force_login(user_in_role(role))
    response = client.get(reverse("portal:dashboard"))
    assert [panel.template for panel in response.context["panels"]] == PANEL_TEMPLATES[role]
    assert response.content.decode().count("<h1") == 1


def test_an_applicant_finds_the_open_calls_on_the_dashboard(client, applicant):
    rfp = RFPFactory(status=RFP.Status.PUBLISHED, published_at=timezone.now(), texts={"en": {"title": "Safe houses"}})
    client.force_login(applicant)
    content = client.get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("calls:call", args=[rfp.pk])}">Safe houses' in content
    assert f'href="{reverse("calls:open")}"' in content


def test_a_reviewer_with_nothing_assigned_is_told_so(client, reviewer):
    client.force_login(reviewer)
    assert "Nothing needs you here yet." in client.get(reverse("portal:dashboard")).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_an_applicants_dashboard_costs_the_same_queries_for_1_and_30_calls_and_organisations(
    rows, client, applicant, django_assert_num_queries
):
    RFPFactory.create_batch(rows, status=RFP.Status.PUBLISHED, published_at=timezone.now())
    OrganisationFactory.create_batch(rows, owner=applicant)
    client.force_login(applicant)
    # Session, user (with roles) and unread messages; their applications; the open calls; the
    # organisations; their applications with released feedback (tests/reviews/test_feedback_panel.py);
    # their awards (tests/awards/test_grantee_pages.py); their declines
    # (tests/awards/test_decline_feedback.py).
    with django_assert_num_queries(9):
        response = client.get(reverse("portal:dashboard"))
    assert len(response.context["calls"]) == min(rows, 5)


@pytest.mark.parametrize("rows", [1, 30])
def test_a_staff_dashboard_costs_the_same_queries_for_1_and_30_calls(
    rows, client, program_staff, django_assert_num_queries
):
    RFPFactory.create_batch(rows, staff=[program_staff])
    client.force_login(program_staff)
    # Session, user (with roles and second factor) and unread messages; the calls; their own review
    # queue and the review progress of the calls (tests/reviews/test_panels.py).
    with django_assert_num_queries(6):
        response = client.get(reverse("portal:dashboard"))
    assert len(response.context["rfps"]) == min(rows, 20)
