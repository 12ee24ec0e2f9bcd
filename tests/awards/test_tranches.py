"""Tranches paid, awards closed and cancelled: a tranche that waits on a report is paid only once
that report is accepted; an award closes only when every tranche is paid and every report
accepted; it is cancelled, offered or active, only with a reason. Each audited, its grantee told
(never how much), each POST behind a fresh password, and nobody but the call's staff finds the
pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from awards import rules
from awards.models import Award, Report
from awards.selectors import award_run_by_in_full
from awards.services.closing import cancel_award, close_award
from awards.services.tranches import mark_paid
from core.errors import Refused
from notifications.models import Message
from tests.accounts.flows import sign_in
from tests.factories import UserFactory

from .factories import AwardFactory, ReportFactory, ReportRequirementFactory, TrancheFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

TODAY = date.today()


@pytest.fixture
def award():
    return active_award()


@pytest.fixture
def staff(award):
    return staff_of(award.rfp)


def waiting_on(award, status=None):
    """A tranche of `award` that waits on a report duty; its report in `status` (None: not started)."""
    requirement = ReportRequirementFactory(award=award, title="Mid-term report")
    if status is not None:
        ReportFactory(requirement=requirement, status=status)
    return TrancheFactory(award=award, requires_report=requirement)


def in_full(award, staff):
    return award_run_by_in_full(staff, award.public_id)


# --- Marking a tranche paid -------------------------------------------------------------------


@pytest.mark.parametrize(
    "status", [None, Report.Status.DRAFT, Report.Status.SUBMITTED, Report.Status.CHANGES_REQUESTED]
)
def test_a_tranche_waiting_on_a_report_not_accepted_cannot_be_paid(award, staff, status):
    tranche = waiting_on(award, status)
    with pytest.raises(Refused) as refused:
        mark_paid(tranche, by=staff, paid_on=TODAY)
    assert refused.value.message == "This tranche waits on a report: it can be paid once that report is accepted."
    tranche.refresh_from_db()
    assert tranche.paid_on is None
    assert not AuditEvent.objects.filter(verb="award.tranche_paid").exists()


def test_once_its_report_is_accepted_the_tranche_is_paid_audited_and_the_grantee_told_without_the_amount(award, staff):
    tranche = waiting_on(award, Report.Status.ACCEPTED)
    paid_on = TODAY - timedelta(days=2)
    mark_paid(tranche, by=staff, paid_on=paid_on)
    tranche.refresh_from_db()
    assert (tranche.paid_on, tranche.paid_by) == (paid_on, staff)
    event = AuditEvent.objects.get(verb="award.tranche_paid")
    assert event.detail == {"tranche": tranche.pk, "paid_on": paid_on.isoformat()}
    message = Message.objects.get(template="awards/tranche_paid")
    assert message.recipient == award.application.applicant
    assert "2500" not in message.body and "2,500" not in message.body and award.reference not in message.body


def test_a_tranche_needing_no_report_is_paid_but_not_twice_nor_in_the_future(award, staff):
    tranche = TrancheFactory(award=award)
    with pytest.raises(Refused) as future:
        mark_paid(tranche, by=staff, paid_on=TODAY + timedelta(days=1))
    assert future.value.field == "paid_on"
    mark_paid(tranche, by=staff, paid_on=TODAY)
    with pytest.raises(Refused) as twice:
        mark_paid(tranche, by=staff, paid_on=TODAY)
    assert twice.value.message == "This tranche is already marked paid."


def test_an_offered_awards_tranche_waits_for_its_letter_to_be_accepted():
    award = AwardFactory()
    tranche = TrancheFactory(award=award)
    verdict = rules.tranche_can_be_paid(tranche)
    assert (verdict.allowed, verdict.reason) == (
        False,
        "Only an active award's tranches are paid: its letter must be accepted first.",
    )
    with pytest.raises(Refused):
        mark_paid(tranche, by=staff_of(award.rfp), paid_on=TODAY)


def test_staff_of_another_call_cannot_mark_it_paid(award):
    tranche = TrancheFactory(award=award)
    with pytest.raises(Refused):
        mark_paid(tranche, by=UserFactory(roles=[Role.PROGRAM_STAFF]), paid_on=TODAY)


# --- Closing ----------------------------------------------------------------------------------


def test_an_award_closes_only_once_every_tranche_is_paid_and_every_report_accepted(award, staff):
    first = TrancheFactory(award=award, amount=Decimal("2500.00"))
    second = waiting_on(award, Report.Status.SUBMITTED)
    verdict = rules.award_can_close(in_full(award, staff))
    assert verdict.reason == "Every tranche must be paid before the award is closed."
    mark_paid(first, by=staff, paid_on=TODAY)
    Report.objects.filter(requirement=second.requires_report).update(status=Report.Status.ACCEPTED)
    mark_paid(second, by=staff, paid_on=TODAY)
    ReportRequirementFactory(award=award, title="Final report")  # owed, not yet started
    with pytest.raises(Refused) as refused:
        close_award(award, by=staff)
    assert refused.value.message == "Every report must be accepted before the award is closed."
    Report.objects.create(
        requirement=award.report_requirements.get(title="Final report"), status=Report.Status.ACCEPTED
    )
    close_award(award, by=staff)
    award.refresh_from_db()
    assert award.status == Award.Status.CLOSED and award.closed_at is not None
    assert AuditEvent.objects.get(verb="award.closed").detail == {"tranches": 2}
    assert Message.objects.filter(template="awards/closed", recipient=award.application.applicant).count() == 1


def test_an_offered_award_is_not_closed():
    award = AwardFactory()
    with pytest.raises(Refused) as refused:
        close_award(award, by=staff_of(award.rfp))
    assert refused.value.message == "Only an active award can be closed."


# --- Cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(award, staff, reason):
    with pytest.raises(Refused) as refused:
        cancel_award(award, by=staff, reason=reason)
    assert refused.value.field == "reason"
    award.refresh_from_db()
    assert award.status == Award.Status.ACTIVE


@pytest.mark.parametrize("maker", [AwardFactory, active_award])
def test_an_offered_or_active_award_is_cancelled_with_its_reason_told_to_the_grantee(maker):
    award = maker()
    staff = staff_of(award.rfp)
    previous = award.status
    cancel_award(award, by=staff, reason=" The organisation dissolved. ")
    award.refresh_from_db()
    assert (award.status, award.cancel_reason) == (Award.Status.CANCELLED, "The organisation dissolved.")
    assert AuditEvent.objects.get(verb="award.cancelled").detail == {"previous": previous}
    message = Message.objects.get(template="awards/cancelled")
    assert "The organisation dissolved." in message.body and award.reference not in message.body


@pytest.mark.parametrize("status", [Award.Status.CLOSED, Award.Status.CANCELLED])
def test_a_closed_or_cancelled_award_is_not_cancelled(status):
    award = AwardFactory(status=status)
    with pytest.raises(Refused) as refused:
        cancel_award(award, by=staff_of(award.rfp), reason="Again")
    assert refused.value.message == "Only an offered or active award can be cancelled."


# --- The staff section and pages ------------------------------------------------------------


def test_the_section_offers_a_paid_form_where_a_tranche_may_be_paid_and_the_reason_where_not(award, staff):
    free = TrancheFactory(award=award)
    waiting = waiting_on(award, Report.Status.SUBMITTED)
    html = render_to_string("awards/staff/_section_tranches.html", {"award": in_full(award, staff), "can_manage": True})
    assert reverse("awards:tranche-paid", args=[award.public_id, free.pk]) in html
    assert reverse("awards:tranche-paid", args=[award.public_id, waiting.pk]) not in html
    assert "This tranche waits on a report: it can be paid once that report is accepted." in html
    assert "Every tranche must be paid before the award is closed." in html
    assert reverse("awards:cancel", args=[award.public_id]) in html
    assert reverse("awards:close", args=[award.public_id]) not in html


def test_the_section_offers_closing_once_all_is_done_and_nothing_to_those_who_cannot_manage(award, staff):
    TrancheFactory(award=award, paid_on=TODAY)
    html = render_to_string("awards/staff/_section_tranches.html", {"award": in_full(award, staff), "can_manage": True})
    assert reverse("awards:close", args=[award.public_id]) in html
    read_only = render_to_string(
        "awards/staff/_section_tranches.html", {"award": in_full(award, staff), "can_manage": False}
    )
    assert "<form" not in read_only and reverse("awards:cancel", args=[award.public_id]) not in read_only


@pytest.mark.parametrize("tranches", [1, 12])
def test_the_section_reads_nothing_more_for_1_or_12_tranches(award, staff, tranches, django_assert_num_queries):
    for _ in range(tranches):
        waiting_on(award, Report.Status.ACCEPTED)
    # The award; its letters, tranches, their duties and reports, duties, reports and support.
    with django_assert_num_queries(8):
        hub = in_full(award, staff)
        render_to_string("awards/staff/_section_tranches.html", {"award": hub, "can_manage": True})


def test_marking_paid_asks_for_the_password_again_then_marks_it(award, staff):
    tranche = TrancheFactory(award=award)
    url = reverse("awards:tranche-paid", args=[award.public_id, tranche.pk])
    client = Client()
    client.force_login(staff)
    assert client.get(url).status_code == 200  # the page only shows what would be done
    response = client.post(url, {"paid_on": TODAY.isoformat()})
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    tranche.refresh_from_db()
    assert tranche.paid_on is None
    client = Client()
    sign_in(client, staff)
    response = client.post(url, {"paid_on": TODAY.isoformat()})
    assert response.status_code == 302
    tranche.refresh_from_db()
    assert tranche.paid_on == TODAY


def test_the_paid_page_says_why_not_and_keeps_a_bad_date_beside_its_field(award, staff):
    waiting = waiting_on(award, Report.Status.SUBMITTED)
    free = TrancheFactory(award=award)
    client = Client()
    sign_in(client, staff)
    refused = client.post(reverse("awards:tranche-paid", args=[award.public_id, waiting.pk]), {"paid_on": "2026-01-01"})
    assert refused.status_code == 200
    assert "This tranche waits on a report: it can be paid once that report is accepted." in refused.content.decode()
    future = (TODAY + timedelta(days=3)).isoformat()
    response = client.post(reverse("awards:tranche-paid", args=[award.public_id, free.pk]), {"paid_on": future})
    assert response.context["form"].errors == {
        "paid_on": ["A tranche is marked paid once it is paid: choose today or an earlier day."]
    }
    assert f'value="{future}"' in response.content.decode()
    waiting.refresh_from_db()
    free.refresh_from_db()
    assert waiting.paid_on is None and free.paid_on is None


def test_closing_and_cancelling_from_their_pages(staff, award):
    client = Client()
    sign_in(client, staff)
    cancel_url = reverse("awards:cancel", args=[award.public_id])
    response = client.post(cancel_url, {"reason": ""})
    assert response.context["form"].errors == {"reason": ["Say why the award is cancelled: its grantee reads this."]}
    TrancheFactory(award=award, paid_on=TODAY)
    assert client.post(reverse("awards:close", args=[award.public_id])).status_code == 302
    award.refresh_from_db()
    assert award.status == Award.Status.CLOSED
    closed = client.get(cancel_url).content.decode()
    assert "Only an offered or active award can be cancelled." in closed and "<textarea" not in closed


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.APPLICANT, Role.REVIEWER])
def test_anyone_but_the_calls_staff_finds_no_such_pages_even_by_post(award, role):
    tranche = TrancheFactory(award=award)
    client = Client()
    client.force_login(UserFactory(roles=[role]))
    for url in (
        reverse("awards:tranche-paid", args=[award.public_id, tranche.pk]),
        reverse("awards:close", args=[award.public_id]),
        reverse("awards:cancel", args=[award.public_id]),
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"paid_on": TODAY.isoformat(), "reason": "x"}).status_code == 404
    tranche.refresh_from_db()
    assert tranche.paid_on is None
