"""More time in the browser: an applicant asks for it from their draft, the staff who run the call
find the request first on the call's drafts page and grant a shorter extension, and the
applicant reads the outcome on the draft; with and without JavaScript. The staff's other pages
for a draft's deadline (one draft, by country) pass the same checks."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.roles import Role
from grants.deadlines import effective_deadline
from grants.models import ExtensionRequest
from tests.factories import UserFactory
from tests.grants.applying import draft_to

from .applying import call_to_apply_to
from .sessions import sign_in


def typed(instant) -> str:
    """As a datetime-local field takes it (the people here live in UTC)."""
    return instant.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_an_applicant_asks_for_more_time_and_staff_grant_a_shorter_extension(
    javascript, make_page, live_server, check_page
):
    applicant = UserFactory(name="Amina Diallo", time_zone="UTC")
    staff = UserFactory(roles=[Role.PROGRAM_STAFF], time_zone="UTC")
    rfp = call_to_apply_to()
    rfp.staff.add(staff)
    draft = draft_to(rfp, applicant=applicant, country="SN")
    deadline = effective_deadline(draft)
    asked = (deadline + timedelta(days=7)).replace(second=0, microsecond=0)
    shorter = (deadline + timedelta(days=3)).replace(second=0, microsecond=0)

    # The applicant asks from the draft; a missing reason is said beside the field.
    guarded = make_page(javascript=javascript)
    sign_in(guarded, live_server, applicant)
    page, main = guarded.page, guarded.page.get_by_role("main")
    page.goto(f"{live_server.url}/applications/{draft.public_id}/")
    check_page(guarded)
    main.get_by_role("link", name="Ask for more time").click()
    check_page(guarded)
    page.get_by_label("More time until").fill(typed(asked))
    page.get_by_role("button", name="Send the request").click()
    expect(page.locator("#id_reason").locator("..")).to_contain_text("This field is required.")
    assert page.get_by_label("More time until").input_value() == typed(asked)
    check_page(guarded)
    page.get_by_label("Why you need more time").fill("The internet is cut in our region for a week.")
    page.get_by_role("button", name="Send the request").click()
    assert page.url == f"{live_server.url}/applications/{draft.public_id}/"
    expect(main.get_by_text("You asked for more time: your request waits for a decision.")).to_be_visible()
    check_page(guarded)

    # Staff find it first on the call's drafts page and grant a shorter extension.
    staff_page = make_page(javascript=javascript)
    sign_in(staff_page, live_server, staff)
    page, main = staff_page.page, staff_page.page.get_by_role("main")
    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/")
    main.get_by_role("link", name="Drafts").click()
    check_page(staff_page)
    requests = main.get_by_role("region", name="1 request for more time")
    expect(requests).to_contain_text("The internet is cut in our region for a week.")
    requests.get_by_role("link", name="Decide (Amina Diallo)").click()
    check_page(staff_page)
    page.get_by_label("Grant a shorter extension, until the time below").check()
    page.get_by_label("Shorter extension until").fill(typed(asked + timedelta(days=1)))
    page.get_by_role("button", name="Decide").click()
    expect(main.get_by_text("A shorter extension ends before the instant asked for.")).to_be_visible()
    check_page(staff_page)
    page.get_by_label("Shorter extension until").fill(typed(shorter))
    page.get_by_label("Message to the applicant").fill("Three days: the call's decisions cannot wait longer.")
    page.get_by_role("button", name="Decide").click()
    assert page.url == f"{live_server.url}/staff/rfps/{rfp.pk}/drafts/"
    expect(page.get_by_text("The request was decided; the applicant is told.")).to_be_visible()
    check_page(staff_page)
    request = ExtensionRequest.objects.get()
    assert (request.status, request.granted_until) == (ExtensionRequest.Status.SHORTENED, shorter)

    # The other pages of a draft's deadline: one draft's, and every draft's from a country.
    main.get_by_role("link", name="Extend (Amina Diallo)").click()
    check_page(staff_page)
    expect(main.get_by_role("region", name="History of its deadline")).to_contain_text("The applicant's request")
    page.goto(f"{live_server.url}/staff/rfps/{rfp.pk}/drafts/?country=SN")
    main.get_by_role("link", name="Extend every draft from one country").click()
    check_page(staff_page)
    assert page.get_by_label("Country").input_value() == "SN"

    # The applicant reads the outcome on the draft.
    page = guarded.page
    page.goto(f"{live_server.url}/applications/{draft.public_id}/")
    main = page.get_by_role("main")
    expect(main.get_by_text("Your request for more time was granted, for less time than you asked.")).to_be_visible()
    expect(main).to_contain_text("Three days: the call's decisions cannot wait longer.")
    check_page(guarded)
    draft.refresh_from_db()
    assert effective_deadline(draft) == shorter > timezone.now()
