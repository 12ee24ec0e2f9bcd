"""Staff in the browser, without JavaScript: attach three reviewers to a call, exclude one of
them from Kenya, assign the call's applications automatically after seeing how many assignments
it makes, and find the excluded reviewer on none of the Kenyan applications; axe-core and the
Nu checker find nothing on the way."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from reviews.models import Assignment
from tests.factories import UserFactory
from tests.reviews.factories import SubmittedApplicationFactory, reviewer

from .sessions import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_attach_reviewers_exclude_one_and_assign_automatically(make_page, live_server, check_page):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    first = SubmittedApplicationFactory(rfp__staff=[staff], country="KE", title="Radio for reporters")
    rfp = first.rfp
    SubmittedApplicationFactory(rfp=rfp, country="KE", title="Safe houses")
    SubmittedApplicationFactory(rfp=rfp, country="SN", title="Legal aid")
    people = [
        reviewer(name="Amina Okafor", email="amina@example.org"),
        reviewer(name="Bruno Diaz", email="bruno@example.org"),
        reviewer(name="Chen Wei", email="chen@example.org"),
    ]
    guarded = make_page(javascript=False)
    sign_in(guarded, live_server, staff)
    page = guarded.page
    page.goto(f"{live_server.url}/reviews/calls/{rfp.pk}/reviewers/")
    check_page(guarded)
    for person in people:
        page.get_by_label("Account").select_option(label=f"{person.name} <{person.email}>")
        page.get_by_role("button", name="Attach").click()
        check_page(guarded)
        assert page.get_by_text("The reviewer is attached to the call.").is_visible()

    page.get_by_role("link", name="Exclusions (Amina Okafor)").click()
    check_page(guarded)
    page.get_by_label("Countries excluded").select_option("KE")
    page.get_by_role("button", name="Save the exclusions").click()
    check_page(guarded)
    assert "Kenya" in page.locator("tbody tr", has_text="Amina Okafor").inner_text()

    page.get_by_role("link", name="Assignments and conflicts").click()
    check_page(guarded)
    page.get_by_role("link", name="Assign automatically").first.click()
    check_page(guarded)
    due = (timezone.now() + timedelta(days=14)).date()
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_role("button", name="Continue").click()
    check_page(guarded)
    assert page.get_by_text("6 assignments will be made, to 3 applications.").is_visible()
    assert Assignment.objects.count() == 0
    page.get_by_role("button", name="Make the assignments").click()
    check_page(guarded)
    assert page.get_by_text("6 assignments are made.").is_visible()
    assert page.get_by_role("heading", name="3 applications to review").is_visible()
    for title in ("Radio for reporters", "Safe houses"):
        row = page.locator("tbody tr", has_text=title).inner_text()
        assert "Bruno Diaz" in row and "Chen Wei" in row and "Amina Okafor" not in row
    assert "Amina Okafor" in page.locator("tbody tr", has_text="Legal aid").inner_text()
    loads = sorted(Assignment.objects.filter(status="active").values_list("reviewer__name", flat=True))
    assert loads.count("Amina Okafor") == 1
