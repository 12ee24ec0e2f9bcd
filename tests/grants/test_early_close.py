"""An admin closes a call early: at once or at a set instant only when it has no drafts, else
after a notice period, its draft holders told at once in their language. The move is kept as a
call-wide extension marked `closes_early`, audited, and every draft's next reminder re-armed; a
draft extended on its own past the new instant keeps its own deadline."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from grants import services
from grants.deadlines import effective_deadline, next_reminder_at
from grants.errors import ApplyError, SubmissionError
from grants.models import RFP, Application, DeadlineExtension
from notifications.models import Message
from tests.factories import UserFactory

from .applying import call_with_form, draft_to, published_call
from .test_applying_services import complete_draft

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(microsecond=0)
DEADLINE = NOW + timedelta(days=14)


@pytest.fixture
def admin():
    return UserFactory(roles=[Role.ADMIN])


@pytest.fixture
def rfp():
    return published_call(opens_at=NOW - timedelta(days=10), deadline=DEADLINE)


def test_a_call_without_drafts_closes_at_once(rfp, admin):
    extension = services.close_call_early(rfp, reason="Budget spent", by=admin, now=NOW)
    rfp.refresh_from_db()
    assert rfp.deadline == NOW
    assert (extension.scope, extension.closes_early, extension.previous_deadline, extension.new_deadline) == (
        DeadlineExtension.Scope.CALL,
        True,
        DEADLINE,
        NOW,
    )
    assert not RFP.objects.open_at(NOW).filter(pk=rfp.pk).exists()
    event = AuditEvent.objects.get(verb="rfp.closed_early")
    assert (event.actor, event.detail) == (admin, {"extension": extension.pk})


def test_a_call_without_drafts_closes_at_a_chosen_instant(rfp, admin):
    services.close_call_early(rfp, reason="Budget spent", at=NOW + timedelta(days=2), by=admin, now=NOW)
    rfp.refresh_from_db()
    assert rfp.deadline == NOW + timedelta(days=2)


def test_a_call_with_drafts_is_refused_without_notice_and_nothing_changes(rfp, admin):
    draft_to(rfp)
    for at in (None, NOW + timedelta(days=2)):
        with pytest.raises(ApplyError) as refusal:
            services.close_call_early(rfp, reason="Budget spent", at=at, by=admin, now=NOW)
        assert refusal.value.field == "how"
        assert refusal.value.message == "1 applicant holds a draft of this call: give notice of the early close."
    rfp.refresh_from_db()
    assert rfp.deadline == DEADLINE
    assert not DeadlineExtension.objects.exists()
    assert not Message.objects.exists()


def test_with_notice_the_draft_holders_are_told_at_once_in_their_language(rfp, admin):
    english = draft_to(rfp)
    french = draft_to(rfp, applicant=UserFactory(language="fr", time_zone="Europe/Paris"))
    draft_to(rfp, status=Application.Status.SUBMITTED)  # not a draft: not told
    services.close_call_early(rfp, reason="Budget spent", notice=timedelta(days=3), by=admin, now=NOW)
    rfp.refresh_from_db()
    assert rfp.deadline == NOW + timedelta(days=3)
    told = Message.objects.filter(template="grants/call_closing_early")
    assert sorted(told.values_list("recipient", "language")) == sorted(
        [(english.applicant_id, "en"), (french.applicant_id, "fr")]
    )
    body = told.get(recipient=english.applicant).body
    assert "closes earlier than planned" in body
    assert "(UTC)" in body
    assert "(Europe/Paris)" in told.get(recipient=french.applicant).body
    assert "Budget spent" not in body  # the reason is for staff


@pytest.mark.parametrize(
    ("notice", "at", "field", "message"),
    [
        (timedelta(minutes=59), None, "notice", "Give at least an hour's notice."),
        (
            timedelta(days=14),
            None,
            "notice",
            "Closing early means before the current deadline: choose an earlier time.",
        ),
        (None, NOW - timedelta(seconds=1), "closes_at", "Choose an instant in the future."),
        (None, DEADLINE, "closes_at", "Closing early means before the current deadline: choose an earlier time."),
    ],
)
def test_an_early_close_is_earlier_than_the_deadline_and_not_in_the_past(rfp, admin, notice, at, field, message):
    with pytest.raises(ApplyError) as refusal:
        services.close_call_early(rfp, reason="Budget spent", notice=notice, at=at, by=admin, now=NOW)
    assert (refusal.value.field, refusal.value.message) == (field, message)


def test_an_early_close_needs_a_reason(rfp, admin):
    with pytest.raises(ApplyError) as refusal:
        services.close_call_early(rfp, reason="  ", by=admin, now=NOW)
    assert refusal.value.field == "reason"


def test_only_admins_close_a_call_early(rfp):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    with pytest.raises(Refused, match="Only admins"):
        services.close_call_early(rfp, reason="Budget spent", by=staff, now=NOW)


@pytest.mark.parametrize(
    "fields",
    [{"mechanism": RFP.Mechanism.RAPID_RESPONSE, "deadline": None}, {"status": RFP.Status.UNPUBLISHED}],
)
def test_only_a_published_programmatic_call_closes_early(admin, fields):
    rfp = published_call(**fields)
    with pytest.raises(ApplyError, match="Only a published call with a closing time"):
        services.close_call_early(rfp, reason="Budget spent", by=admin, now=NOW)


def test_a_draft_extended_past_the_new_instant_keeps_its_own_deadline_and_reminders_rearm(admin):
    rfp, first, second = call_with_form(opens_at=NOW - timedelta(days=10), deadline=DEADLINE)
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    kept = complete_draft(rfp, first, second)
    services.extend_application_deadline(kept, DEADLINE + timedelta(days=5), "Detained", by=staff, now=NOW)
    shortened = complete_draft(rfp, first, second, applicant=UserFactory())
    closes = NOW + timedelta(days=2)
    services.close_call_early(rfp, reason="Budget spent", notice=timedelta(days=2), by=admin, now=NOW)
    kept.refresh_from_db()
    shortened.refresh_from_db()
    assert (effective_deadline(kept), effective_deadline(shortened)) == (DEADLINE + timedelta(days=5), closes)
    # 48 hours ahead is now: the next one due is 6 hours before.
    assert shortened.next_reminder_at == next_reminder_at(closes, NOW) == closes - timedelta(hours=6)
    assert kept.next_reminder_at == next_reminder_at(DEADLINE + timedelta(days=5), NOW)
    told = Message.objects.filter(template="grants/call_closing_early")
    assert list(told.values_list("recipient", flat=True)) == [shortened.applicant_id]
    # The boundary follows the new instant to the second; the kept extension still holds.
    with pytest.raises(SubmissionError):
        services.submit_application(shortened, by=shortened.applicant, now=closes + timedelta(seconds=1))
    services.submit_application(kept, by=kept.applicant, now=closes + timedelta(seconds=1))


def test_the_plan_tells_what_would_happen_and_changes_nothing(rfp):
    draft_to(rfp)
    plan = services.plan_early_close(rfp, reason="Budget spent", notice=timedelta(hours=6), now=NOW)
    assert (plan.closes_at, plan.drafts, plan.reason) == (NOW + timedelta(hours=6), 1, "Budget spent")
    rfp.refresh_from_db()
    assert rfp.deadline == DEADLINE
