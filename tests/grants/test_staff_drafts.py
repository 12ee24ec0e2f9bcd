"""A call's drafts for the staff who run it: each by who holds it, their organisation, its
country and when it was last saved only (never an answer, never a link); the same queries for 1
row as for 50."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from grants.models import ExtensionRequest
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
    assert "Secret plan" not in html
    # Its public id only names it for an extension, never a link to its own pages.
    assert reverse("applying:application", args=[draft.public_id]) not in html
    assert reverse("grants:extend-draft", args=[rfp.pk, draft.public_id]) in html


def test_only_the_staff_of_the_call_and_admins_see_the_drafts(program_staff, admin_user, reviewer):
    rfp = published_call(staff=[program_staff])
    assert drafts_page(admin_user, rfp).status_code == 200
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, reviewer, UserFactory()):
        assert drafts_page(user, rfp).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("params", [{}, {"country": "SN"}])
def test_the_drafts_cost_the_same_queries_for_1_and_50_rows(rows, params, program_staff, django_assert_num_queries):
    rfp = published_call(staff=[program_staff])
    organisation = OrganisationFactory()
    for number in range(rows):
        draft = ApplicationFactory(rfp=rfp, organisation=organisation if number % 2 else None, country="SN")
        ExtensionRequest.objects.create(
            application=draft, requested_by=draft.applicant, requested_until=rfp.deadline + timedelta(days=3)
        )
    client = Client()
    client.force_login(program_staff)
    url = reverse("grants:staff-drafts", args=[rfp.pk])
    with django_assert_num_queries(8):
        response = client.get(url, params)
    assert len(response.context["holders"]) == rows
    assert len(response.context["requests"]) == rows


def test_the_drafts_are_filtered_by_country_in_the_address_and_its_pages_keep_it(program_staff):
    rfp = published_call(staff=[program_staff])
    ApplicationFactory(rfp=rfp, country="SN", applicant=UserFactory(name="Awa Diop"))
    ApplicationFactory(rfp=rfp, country="MM", applicant=UserFactory(name="Thida Win"))
    for _number in range(50):
        ApplicationFactory(rfp=rfp, country="SN")
    html = drafts_page(program_staff, rfp, country="MM").content.decode()
    assert "Thida Win" in html and "Awa Diop" not in html
    assert '<option value="SN">Senegal (51 drafts)</option>' in html
    assert '<option value="MM" selected>Myanmar (1 draft)</option>' in html
    page = drafts_page(program_staff, rfp, country="SN")
    assert page.context["page_obj"].paginator.count == 51
    assert "?country=SN&amp;page=2" in page.content.decode()
    # A country none of the drafts is from shows them all.
    assert drafts_page(program_staff, rfp, country="XX").context["page_obj"].paginator.count == 52


def test_each_draft_shows_its_effective_deadline(program_staff):
    rfp = published_call(staff=[program_staff])
    later = rfp.deadline + timedelta(days=5)
    ApplicationFactory(rfp=rfp, extended_until=later)
    ApplicationFactory(rfp=rfp, extended_until=rfp.deadline - timedelta(days=1))
    deadlines = sorted(holder["deadline"].value for holder in drafts_page(program_staff, rfp).context["holders"])
    assert deadlines == [rfp.deadline, later]
