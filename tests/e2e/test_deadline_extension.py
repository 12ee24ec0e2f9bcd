"""An admin moves a call's deadline in the browser: extends it (a refusal first, beside its
field), and the draft holder's inbox and the call's page then say so; closes another call
early after a confirmation page. The countdown ticks with JavaScript and the server's text
stays without it. axe-core and the Nu checker find nothing on any of these pages."""

import re
from datetime import UTC, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.roles import Role
from grants.models import DeadlineExtension
from tests.factories import UserFactory
from tests.grants.applying import draft_to, published_call

from .sessions import sign_in


def typed(instant) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M")


def test_an_admin_extends_a_call_and_the_draft_holder_sees_it(make_page, live_server, check_page):
    now = timezone.now().replace(second=0, microsecond=0)
    deadline, later = now + timedelta(days=5), now + timedelta(days=12)
    rfp = published_call(deadline=deadline, time_zone="UTC", texts={"en": {"title": "Radio for the coast"}})
    holder = draft_to(rfp).applicant
    admin = UserFactory(roles=[Role.ADMIN])
    guarded = make_page()
    sign_in(guarded, live_server, admin)
    page = guarded.page
    page.goto(live_server.url + reverse("grants:rfp", args=[rfp.pk]))
    check_page(guarded)
    page.get_by_role("link", name="Extend the deadline").click()
    check_page(guarded)
    new_deadline = page.locator("#id_new_deadline")
    new_deadline.fill(typed(deadline - timedelta(days=1)))
    page.locator("#id_reason").fill("An internet shutdown in the north")
    page.get_by_role("button", name="Extend the deadline").click()
    check_page(guarded)
    assert new_deadline.get_attribute("aria-invalid") == "true"
    assert "A deadline can only be extended" in page.locator("#id_new_deadline_error").inner_text()
    assert page.locator("#id_reason").input_value() == "An internet shutdown in the north"  # nothing lost
    new_deadline.fill(typed(later))
    page.get_by_role("button", name="Extend the deadline").click()
    check_page(guarded)
    assert page.url == live_server.url + reverse("grants:rfp", args=[rfp.pk])
    assert "The deadline is extended." in page.get_by_role("status").inner_text()
    history = page.locator("section[aria-labelledby=deadline-heading] table").inner_text()
    assert "An internet shutdown in the north" in history and date_format(later, "DATETIME_FORMAT") in history

    reader = make_page()
    sign_in(reader, live_server, holder)
    page = reader.page
    page.goto(live_server.url + reverse("notifications:inbox"))
    check_page(reader)
    page.get_by_role("link", name=re.compile("Deadline extended")).click()
    check_page(reader)
    assert date_format(later, "DATETIME_FORMAT") in page.get_by_role("main").inner_text()
    page.goto(live_server.url + reverse("calls:call", args=[rfp.pk]))
    check_page(reader)
    shown = date_format(later, "DATETIME_FORMAT"), date_format(deadline, "DATETIME_FORMAT")
    assert f"Deadline extended to {shown[0]} (was {shown[1]})" in page.get_by_role("main").inner_text()


def test_an_admin_closes_a_call_early_after_confirming(make_page, live_server, check_page):
    rfp = published_call(time_zone="UTC")
    holder = draft_to(rfp).applicant
    admin = UserFactory(roles=[Role.ADMIN])
    guarded = make_page(javascript=False)
    sign_in(guarded, live_server, admin)
    page = guarded.page
    page.goto(live_server.url + reverse("grants:rfp", args=[rfp.pk]))
    page.get_by_role("link", name="Close early").click()
    check_page(guarded)
    page.get_by_label("At once: only a call without drafts").check()
    page.locator("#id_reason").fill("The budget is spent")
    page.get_by_role("button", name="Continue").click()
    check_page(guarded)
    assert "1 applicant holds a draft" in page.get_by_role("main").inner_text()
    page.get_by_label("After a notice period").check()
    page.locator("#id_notice").fill("2")
    page.locator("#id_notice_unit").select_option("days")
    page.get_by_role("button", name="Continue").click()
    check_page(guarded)
    assert "The holder of 1 draft is told at once." in page.get_by_role("main").inner_text()
    page.get_by_role("button", name="Close the call early").click()
    check_page(guarded)
    extension = DeadlineExtension.objects.get(rfp=rfp)
    assert extension.closes_early and extension.reason == "The budget is spent"
    assert holder.messages.filter(template="grants/call_closing_early").count() == 1


@pytest.mark.parametrize("javascript", [True, False])
def test_the_countdown_ticks_with_javascript_and_stays_without(javascript, make_page, live_server, check_page):
    rfp = published_call(deadline=timezone.now() + timedelta(minutes=30))
    guarded = make_page(javascript=javascript)
    page = guarded.page
    page.goto(live_server.url + reverse("calls:call", args=[rfp.pk]))
    check_page(guarded)
    countdown = page.locator(".countdown")
    if not javascript:
        assert countdown.inner_text() in ("Closes in 29 minutes", "Closes in 30 minutes")
        return
    first = countdown.inner_text()
    assert re.fullmatch(r"Closes in 29 minutes and \d+ seconds", first), first
    page.wait_for_function("text => document.querySelector('.countdown').textContent !== text", arg=first, timeout=3000)
    assert countdown.get_attribute("aria-live") is None
