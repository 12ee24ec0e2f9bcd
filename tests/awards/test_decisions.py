"""Deciding on an application: an award within the call's limits, with tranches that add up to
it and reporting duties armed for reminders, under the year's next award reference; a decline
with its message; one standing decision; reversal only until a letter is accepted; several at
once, all or none. Each moves the application, is audited (ids and counts only) and tells the
applicant discreetly."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from awards.models import Award, AwardReferenceCounter, Decision, Letter, ReportRequirement, Tranche
from awards.reminders import FOURTEEN_DAYS, instant
from awards.services.decisions import DecisionError, ReportRow, TrancheRow, decide, decide_many, reverse
from core.errors import Refused
from grants.models import Application
from notifications.models import Message
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import SubmittedApplicationFactory

from .factories import LetterFactory, staff_of

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(datetime(2026, 3, 2, 9, 0))
START, END = date(2026, 4, 1), date(2027, 3, 31)


@pytest.fixture
def rfp():
    return RFPFactory(currency="EUR", min_amount=Decimal(1000), max_amount=Decimal(10000))


@pytest.fixture
def application(rfp):
    return SubmittedApplicationFactory(
        rfp=rfp, requested_amount=Decimal(6000), currency="EUR", applicant__language="fr", title="Safe houses"
    )


@pytest.fixture
def staff(rfp):
    return staff_of(rfp)


def award(application, staff, **terms):
    given = {
        "amount": Decimal("6000.00"),
        "starts_on": START,
        "ends_on": END,
        "tranches": [TrancheRow(Decimal(4000), START), TrancheRow(Decimal(2000), date(2026, 10, 1), 0)],
        "reports": [ReportRow("both", "Mid-term report", date(2026, 9, 15)), ReportRow("financial", "", END)],
        "conditions": "Keep receipts.",
        "rationale": "Strong plan.",
        "now": NOW,
    }
    return decide(application, by=staff, outcome="award", **{**given, **terms})


def problems(error) -> dict:
    return dict(error.value.problems)


def test_an_award_makes_the_award_its_tranches_and_duties_and_moves_the_application(application, staff):
    decision = award(application, staff)
    award_row = decision.award
    assert (decision.outcome, decision.amount, decision.rationale, decision.decided_by) == (
        "award",
        Decimal("6000.000"),
        "Strong plan.",
        staff,
    )
    assert (award_row.reference, award_row.status, award_row.amount, award_row.currency) == (
        "G-2026-1",
        Award.Status.OFFERED,
        Decimal("6000.000"),
        "EUR",
    )
    assert (award_row.starts_on, award_row.ends_on, award_row.conditions) == (START, END, "Keep receipts.")
    assert (award_row.language, award_row.neutral_letterhead) == ("fr", True)  # the applicant's language
    duties = list(ReportRequirement.objects.filter(award=award_row).order_by("position"))
    assert [(d.kind, d.title, d.due_on) for d in duties] == [
        ("both", "Mid-term report", date(2026, 9, 15)),
        ("financial", "", END),
    ]
    assert duties[0].next_reminder_at == instant(date(2026, 9, 15), FOURTEEN_DAYS)
    tranches = list(Tranche.objects.filter(award=award_row).order_by("position"))
    assert [(t.amount, t.scheduled_on, t.requires_report_id) for t in tranches] == [
        (Decimal("4000.000"), START, None),
        (Decimal("2000.000"), date(2026, 10, 1), duties[0].pk),
    ]
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    # Its first letter, queued: the task draws it once the decision is committed.
    assert list(Letter.objects.values_list("award", "version", "status")) == [(award_row.pk, 1, "queued")]


def test_the_letter_language_and_letterhead_are_chosen(application, staff):
    decision = award(application, staff, language="ar", neutral_letterhead=False)
    assert (decision.award.language, decision.award.neutral_letterhead) == ("ar", False)


def test_award_references_follow_each_other_within_a_year_and_start_again_the_next(rfp, staff):
    first, second = SubmittedApplicationFactory.create_batch(2, rfp=rfp)
    assert award(first, staff).award.reference == "G-2026-1"
    assert award(second, staff).award.reference == "G-2026-2"
    later = SubmittedApplicationFactory(rfp=rfp)
    assert award(later, staff, now=NOW.replace(year=2027)).award.reference == "G-2027-1"
    assert AwardReferenceCounter.objects.get(year=2026).last == 2


def test_the_prefix_is_a_setting(application, staff, settings):
    settings.AWARD_REFERENCE_PREFIX = "X"
    assert award(application, staff).award.reference == "X-2026-1"


@pytest.mark.parametrize("amount", [Decimal(999), Decimal("10000.01"), Decimal(0)])
def test_an_amount_outside_the_calls_limits_is_refused_and_nothing_is_written(application, staff, amount):
    with pytest.raises(DecisionError) as error:
        award(application, staff, amount=amount, tranches=[TrancheRow(amount or Decimal(1), START)])
    assert problems(error)["amount"] == "This call awards from 1,000 EUR to 10,000 EUR."
    assert not Decision.objects.exists() and not Award.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_the_limits_themselves_may_be_awarded(rfp, staff):
    low, high = SubmittedApplicationFactory.create_batch(2, rfp=rfp)
    assert award(low, staff, amount=Decimal(1000), tranches=[TrancheRow(Decimal(1000), START)]).amount == 1000
    assert award(high, staff, amount=Decimal(10000), tranches=[TrancheRow(Decimal(10000), START)]).amount == 10000


def test_an_amount_with_more_decimals_than_its_currency_is_refused(application, staff):
    with pytest.raises(DecisionError) as error:
        award(application, staff, amount=Decimal("5000.005"), tranches=[TrancheRow(Decimal("5000.005"), START)])
    assert problems(error)["amount"] == "An amount in EUR has at most 2 decimals."


def test_tranches_must_add_up_exactly_to_the_amount(application, staff):
    with pytest.raises(DecisionError) as error:
        award(application, staff, tranches=[TrancheRow(Decimal(4000), START), TrancheRow(Decimal("1999.99"), END)])
    assert problems(error) == {
        "tranches": "The tranches add up to 5,999.99 EUR; they must add up to the amount awarded, 6,000 EUR."
    }
    assert not Decision.objects.exists()


def test_every_problem_is_given_at_once_by_its_field(application, staff):
    with pytest.raises(DecisionError) as error:
        award(
            application,
            staff,
            starts_on=END,
            ends_on=START,
            tranches=[TrancheRow(Decimal(6000), None, 5)],
            reports=[ReportRow("both", "Final", None)],
        )
    assert problems(error) == {
        "ends_on": "The award cannot end before it starts.",
        "report_1_due_on": "Give the date the report is due.",
        "tranche_1_scheduled_on": "Give the date the tranche is paid.",
        "tranche_1_requires_report": "Choose one of the reports listed.",
    }
    assert isinstance(error.value, Refused)


def test_an_award_needs_a_tranche(application, staff):
    with pytest.raises(DecisionError) as error:
        award(application, staff, tranches=[])
    assert problems(error) == {"tranches": "Schedule at least one tranche."}


def test_a_decline_moves_the_application_and_tells_the_applicant_with_the_message(application, staff):
    decision = decide(application, by=staff, outcome="decline", message="Outside our focus.", now=NOW)
    assert (decision.outcome, decision.amount, decision.message) == ("decline", None, "Outside our focus.")
    assert not Award.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED
    message = Message.objects.get(template="awards/declined")
    assert message.recipient == application.applicant
    assert "Outside our focus." in message.body and application.reference in message.body
    assert "Safe houses" not in message.body
    assert AuditEvent.objects.get(verb="decision.declined").detail == {
        "application": application.pk,
        "feedback_released": 0,
    }


def test_a_decline_needs_no_message(application, staff):
    assert decide(application, by=staff, outcome="decline").message == ""


def test_the_applicant_is_told_discreetly_of_an_award(application, staff):
    award(application, staff)
    message = Message.objects.get(template="awards/awarded")
    assert message.recipient == application.applicant
    assert application.reference in message.body
    for secret in ("6000", "6 000", "EUR", "Safe houses", "Keep receipts"):
        assert secret not in message.body and secret not in message.subject
    assert "6000" not in message.email_text and application.reference not in message.email_text


def test_the_award_is_audited_with_ids_and_counts(application, staff):
    decision = award(application, staff)
    event = AuditEvent.objects.get(verb="decision.awarded")
    assert event.detail == {"application": application.pk, "award": decision.award.pk, "tranches": 2, "reports": 2}
    assert AuditEvent.objects.filter(verb="application.awarded").count() == 1  # grants' move


def test_one_decision_stands_at_a_time(application, staff):
    award(application, staff)
    with pytest.raises(Refused):
        decide(application, by=staff, outcome="decline")
    assert Decision.objects.count() == 1


@pytest.mark.parametrize("status", [Application.Status.DRAFT, Application.Status.WITHDRAWN])
def test_only_submitted_applications_and_those_in_review_are_decided(rfp, staff, status):
    application = SubmittedApplicationFactory(rfp=rfp, status=status)
    with pytest.raises(Refused) as refusal:
        decide(application, by=staff, outcome="decline")
    assert refusal.value.message == "Only a submitted application, or one in review, can be decided on."


def test_one_in_review_is_decided(rfp, staff):
    application = SubmittedApplicationFactory(rfp=rfp, status=Application.Status.IN_REVIEW)
    decide(application, by=staff, outcome="decline")
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.REVIEWER, Role.APPLICANT])
def test_only_the_staff_who_run_the_call_and_admins_decide(application, role):
    with pytest.raises(Refused) as refusal:
        decide(application, by=UserFactory(roles=[role]), outcome="decline")
    assert refusal.value.message == "Only the staff who run a call decide on its applications and manage its awards."
    assert decide(application, by=UserFactory(roles=[Role.ADMIN]), outcome="decline").outcome == "decline"


def test_a_reversal_cancels_the_award_and_takes_the_application_back_to_review(application, staff):
    decision = award(application, staff)
    later = NOW + timedelta(days=1)
    reverse(decision, by=staff, reason=" Wrong amount. ", now=later)
    decision.refresh_from_db()
    assert (decision.reversed_at, decision.reversed_by, decision.reversal_reason) == (later, staff, "Wrong amount.")
    award_row = Award.objects.get()
    assert (award_row.status, award_row.cancelled_at, award_row.cancel_reason) == ("cancelled", later, "Wrong amount.")
    assert not ReportRequirement.objects.filter(next_reminder_at__isnull=False).exists()
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW
    assert AuditEvent.objects.get(verb="decision.reversed").detail == {
        "application": application.pk,
        "award": award_row.pk,
    }
    message = Message.objects.get(template="awards/decision_reversed")
    assert message.recipient == application.applicant and "Wrong amount" not in message.body
    # ...and it can be decided again, under a new reference.
    assert award(application, staff).award.reference == "G-2026-2"


def test_a_decline_is_reversed_too(application, staff):
    decision = decide(application, by=staff, outcome="decline")
    reverse(decision, by=staff, reason="Appeal upheld.")
    application.refresh_from_db()
    assert application.status == Application.Status.IN_REVIEW


def test_a_reversal_needs_a_reason(application, staff):
    decision = award(application, staff)
    with pytest.raises(DecisionError) as error:
        reverse(decision, by=staff, reason="  ")
    assert list(problems(error)) == ["reason"]
    decision.refresh_from_db()
    assert decision.is_standing


def test_once_a_letter_is_accepted_the_decision_stands(application, staff):
    decision = award(application, staff)
    LetterFactory(award=decision.award, version=2, accepted_at=timezone.now())
    with pytest.raises(Refused) as refusal:
        reverse(decision, by=staff, reason="Changed our minds.")
    assert refusal.value.message == (
        "The grantee has accepted the award letter: the decision can no longer be reversed."
    )
    decision.refresh_from_db()
    assert decision.is_standing and decision.award.status == Award.Status.OFFERED


def test_a_letter_not_yet_accepted_does_not_stop_a_reversal(application, staff):
    decision = award(application, staff)
    LetterFactory(award=decision.award, version=2)
    reverse(decision, by=staff, reason="Changed our minds.")
    assert Award.objects.get().status == Award.Status.CANCELLED


def test_a_reversed_decision_is_not_reversed_again(application, staff):
    decision = decide(application, by=staff, outcome="decline")
    reverse(decision, by=staff, reason="Appeal.")
    with pytest.raises(Refused):
        reverse(decision, by=staff, reason="Again.")


def test_staff_of_another_call_do_not_reverse(application, staff):
    decision = decide(application, by=staff, outcome="decline")
    with pytest.raises(Refused):
        reverse(decision, by=UserFactory(roles=[Role.PROGRAM_STAFF]), reason="Mine now.")


def test_several_are_declined_at_once(rfp, staff):
    applications = SubmittedApplicationFactory.create_batch(3, rfp=rfp)
    decisions = decide_many(applications, by=staff, outcome="decline", message="Not this round.")
    assert [d.outcome for d in decisions] == ["decline"] * 3
    assert Application.objects.filter(status=Application.Status.DECLINED).count() == 3
    assert Message.objects.filter(template="awards/declined").count() == 3


def test_several_are_awarded_what_each_asks_for_a_year_in_one_tranche_with_one_report(rfp, staff):
    small = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(2000))
    large = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(8000))
    decide_many([large, small], by=staff, outcome="award", starts_on=START, now=NOW)
    awards = {row.application_id: row for row in Award.objects.all()}
    assert (awards[small.pk].amount, awards[large.pk].amount) == (Decimal(2000), Decimal(8000))
    assert awards[small.pk].reference == "G-2026-1"  # in the order of the applications
    assert (awards[small.pk].starts_on, awards[small.pk].ends_on) == (START, START + timedelta(days=365))
    tranche = Tranche.objects.get(award=awards[small.pk])
    assert (tranche.amount, tranche.scheduled_on) == (Decimal(2000), START)
    duty = ReportRequirement.objects.get(award=awards[small.pk])
    assert (duty.kind, duty.due_on) == ("both", START + timedelta(days=395))


def test_several_at_once_are_all_or_none(rfp, staff):
    fine = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(2000))
    too_much = SubmittedApplicationFactory(rfp=rfp, requested_amount=Decimal(20000))
    with pytest.raises(Refused) as refusal:
        decide_many([fine, too_much], by=staff, outcome="award")
    assert refusal.value.message == f"{too_much.reference}: This call awards from 1,000 EUR to 10,000 EUR."
    assert not Decision.objects.exists() and not Award.objects.exists()
    assert not Message.objects.exists()
    fine.refresh_from_db()
    assert fine.status == Application.Status.SUBMITTED
