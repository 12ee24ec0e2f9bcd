"""A call's submitted applications for the staff who run it, each linking to its staff page; the
same queries for 1 row as for 50."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants.models import Application
from tests.factories import ApplicationFactory, OrganisationFactory, RFPFactory, UserFactory

from .applying import published_call

pytestmark = pytest.mark.django_db
S = Application.Status


def listing(user, rfp, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("grants:staff-applications", args=[rfp.pk]), params)


def submitted_to(rfp, number: int, **fields) -> Application:
    return ApplicationFactory(
        rfp=rfp,
        status=S.SUBMITTED,
        submitted_at=timezone.now() - timedelta(minutes=number),
        reference=f"A-2026-{number}",
        title=f"Project {number}",
        **fields,
    )


def test_submitted_applications_link_to_their_page_and_drafts_stay_off_it(program_staff):
    rfp = published_call(staff=[program_staff])
    draft = ApplicationFactory(rfp=rfp, answers={"title": "Secret plan"}, title="Secret plan")
    submitted = submitted_to(rfp, 7)
    response = listing(program_staff, rfp)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 submitted application" in html
    assert "Secret plan" not in html and str(draft.public_id) not in html
    assert f'href="{reverse("portal:staff-application", args=[submitted.public_id])}"' in html
    assert "A-2026-7" in html and "Project 7" in html


def test_only_the_staff_of_the_call_and_admins_see_the_list(program_staff, admin_user, reviewer):
    rfp = published_call(staff=[program_staff])
    assert listing(admin_user, rfp).status_code == 200
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, reviewer, UserFactory()):
        assert listing(user, rfp).status_code == 404


def test_the_builders_call_page_links_to_its_applications(program_staff):
    rfp = published_call(staff=[program_staff])
    client = Client()
    client.force_login(program_staff)
    html = client.get(reverse("grants:rfp", args=[rfp.pk])).content.decode()
    assert f'href="{reverse("grants:staff-applications", args=[rfp.pk])}"' in html
    assert f'href="{reverse("grants:staff-drafts", args=[rfp.pk])}"' in html


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_rows(rows, program_staff, django_assert_num_queries):
    rfp = published_call(staff=[program_staff])
    organisation = OrganisationFactory()
    for number in range(rows):
        submitted_to(rfp, number + 1, organisation=organisation if number % 2 else None)
    client = Client()
    client.force_login(program_staff)
    url = reverse("grants:staff-applications", args=[rfp.pk])
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"]) == rows
