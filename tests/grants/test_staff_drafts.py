"""A call's drafts for the staff who run it: each by who holds it, their organisation, its
country and when it was last saved only (never an answer, never a link); the same queries for 1
row as for 50."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from tests.factories import ApplicationFactory, OrganisationFactory, RFPFactory, UserFactory

from .applying import published_call

pytestmark = pytest.mark.django_db


def drafts_page(user, rfp, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("grants:staff-drafts", args=[rfp.pk]), params)


def test_drafts_show_only_who_holds_them(program_staff):
    rfp = published_call(staff=[program_staff])
    organisation = OrganisationFactory(name="Defenders of the coast", country="SN")
    holder = UserFactory(name="Mariam Sow")
    draft = ApplicationFactory(
        rfp=rfp, applicant=holder, organisation=organisation, answers={"title": "Secret plan"}, title="Secret plan"
    )
    response = drafts_page(program_staff, rfp)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 draft" in html
    assert "Mariam Sow" in html and "Defenders of the coast" in html and "Senegal" in html
    assert "Secret plan" not in html and str(draft.public_id) not in html


def test_only_the_staff_of_the_call_and_admins_see_the_drafts(program_staff, admin_user, reviewer):
    rfp = published_call(staff=[program_staff])
    assert drafts_page(admin_user, rfp).status_code == 200
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, reviewer, UserFactory()):
        assert drafts_page(user, rfp).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_the_drafts_cost_the_same_queries_for_1_and_50_rows(rows, program_staff, django_assert_num_queries):
    rfp = published_call(staff=[program_staff])
    organisation = OrganisationFactory()
    for number in range(rows):
        ApplicationFactory(rfp=rfp, organisation=organisation if number % 2 else None)
    client = Client()
    client.force_login(program_staff)
    url = reverse("grants:staff-drafts", args=[rfp.pk])
    with django_assert_num_queries(8):
        response = client.get(url)
    assert len(response.context["holders"]) == rows
