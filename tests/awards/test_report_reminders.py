"""Grantees are reminded of a report 14 days and 3 days before its due date and once it is
overdue, each once; none once the report is in, and again when staff send it back. Time is moved
by giving the job its `now`."""

from datetime import date, datetime, time, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accelerate.celery import app as celery_app
from awards.models import Award, ReportRequirement
from awards.reminders import FOURTEEN_DAYS, OVERDUE, THREE_DAYS, instant, next_reminder_at
from awards.services import reports
from awards.services.report_reminders import _due, send_due_report_reminders
from awards.tasks import send_report_reminders
from notifications.models import Message

from .factories import ReportRequirementFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

DUE = date(2027, 3, 31)
START = timezone.make_aware(datetime.combine(date(2027, 1, 4), time(9)), timezone.get_default_timezone())
SECOND = timedelta(seconds=1)


def duty(award=None, *, due_on=DUE, now=START, **fields) -> ReportRequirement:
    """A reporting duty armed as the service that makes it arms it."""
    award = award or active_award()
    return ReportRequirementFactory(
        award=award, due_on=due_on, next_reminder_at=next_reminder_at(due_on, None, now), **fields
    )


def reminders() -> list[tuple[int, str, str]]:
    """Every report reminder sent, as (duty, due date, step), in order."""
    keys = Message.objects.filter(template="awards/report_reminder").order_by("pk")
    return [tuple(key.split(":")[1:]) for key in keys.values_list("dedupe_key", flat=True)]


def submitted(requirement: ReportRequirement, now=START):
    grantee = requirement.award.application.applicant
    reports.save_report(
        requirement, by=grantee, narrative="We trained 12 people.", lines=[{"line": "Rent", "amount": "100"}], now=now
    )
    return reports.submit_report(requirement.report, by=grantee, now=now)


def test_each_reminder_is_sent_once_at_its_instant():
    requirement = duty()
    fourteen, three, overdue = (instant(DUE, step) for step in (FOURTEEN_DAYS, THREE_DAYS, OVERDUE))
    assert send_due_report_reminders(fourteen - SECOND) == 0
    assert send_due_report_reminders(fourteen) == 1
    assert send_due_report_reminders(fourteen + timedelta(hours=1)) == 0
    assert send_due_report_reminders(three - SECOND) == 0
    assert send_due_report_reminders(three + timedelta(minutes=5)) == 1
    assert send_due_report_reminders(overdue) == 1
    assert send_due_report_reminders(overdue + timedelta(days=30)) == 0
    pk, due = str(requirement.pk), DUE.isoformat()
    assert reminders() == [(pk, due, "14d"), (pk, due, "3d"), (pk, due, "overdue")]
    assert set(Message.objects.values_list("recipient", flat=True)) == {requirement.award.application.applicant_id}
    requirement.refresh_from_db()
    assert requirement.next_reminder_at is None


def test_a_job_that_was_down_sends_only_the_most_urgent():
    duty()
    assert send_due_report_reminders(instant(DUE, THREE_DAYS) + timedelta(hours=2)) == 1
    assert [step for _pk, _due, step in reminders()] == ["3d"]


def test_two_runs_at_the_same_instant_send_one_reminder():
    requirement = duty()
    at = instant(DUE, FOURTEEN_DAYS)
    send_due_report_reminders(at)
    ReportRequirement.objects.filter(pk=requirement.pk).update(next_reminder_at=at)  # as a run that saw it first
    assert send_due_report_reminders(at) == 0
    assert len(reminders()) == 1


def test_none_once_the_report_is_submitted():
    requirement = duty()
    submitted(requirement)
    requirement.refresh_from_db()
    assert requirement.next_reminder_at is None
    for step in (FOURTEEN_DAYS, THREE_DAYS, OVERDUE):
        assert send_due_report_reminders(instant(DUE, step)) == 0
    assert reminders() == []


def test_sent_back_the_reminders_are_armed_again():
    requirement = duty()
    report = submitted(requirement)
    staff = staff_of(requirement.award.rfp)
    # Staff send it back after the 14-day instant went by without a reminder.
    sent_back = instant(DUE, THREE_DAYS) - timedelta(days=2)
    reports.request_changes(report, by=staff, message="Add the receipts.", now=sent_back)
    requirement.refresh_from_db()
    assert requirement.next_reminder_at == instant(DUE, THREE_DAYS)
    assert send_due_report_reminders(instant(DUE, THREE_DAYS)) == 1
    assert send_due_report_reminders(instant(DUE, OVERDUE)) == 1
    assert [step for _pk, _due, step in reminders()] == ["3d", "overdue"]


def test_submitted_again_they_stop_again():
    requirement = duty()
    report = submitted(requirement)
    staff = staff_of(requirement.award.rfp)
    reports.request_changes(report, by=staff, message="Add the receipts.", now=START)
    reports.submit_report(report, by=requirement.award.application.applicant, now=START + timedelta(days=1))
    assert send_due_report_reminders(instant(DUE, OVERDUE)) == 0


def test_an_award_not_active_yet_reminds_no_one_but_its_duty_moves_on():
    award = active_award()
    Award.objects.filter(pk=award.pk).update(status=Award.Status.OFFERED)
    requirement = duty(award)
    assert send_due_report_reminders(instant(DUE, FOURTEEN_DAYS)) == 0
    requirement.refresh_from_db()
    assert requirement.next_reminder_at == instant(DUE, THREE_DAYS)


@pytest.mark.parametrize("status", [Award.Status.CLOSED, Award.Status.CANCELLED])
def test_an_ended_award_has_no_more_reminders(status):
    award = active_award()
    Award.objects.filter(pk=award.pk).update(status=status)
    requirement = duty(award)
    assert send_due_report_reminders(instant(DUE, FOURTEEN_DAYS)) == 0
    requirement.refresh_from_db()
    assert requirement.next_reminder_at is None


def test_the_reminder_is_discreet():
    duty()
    send_due_report_reminders(instant(DUE, THREE_DAYS))
    message = Message.objects.get(template="awards/report_reminder")
    award = Award.objects.get()
    assert award.reference in message.body
    for secret in (award.rfp.text("en").get("title"), str(award.amount), "5000", award.public_title):
        assert secret and secret not in message.body + message.subject
    assert message.email_text.count(award.reference) == 0


@pytest.mark.parametrize("count", [1, 1000])
def test_the_job_costs_the_same_queries_for_1_and_1000_due_duties(count, postgres, django_assert_num_queries):
    award = active_award()
    armed = next_reminder_at(DUE, None, START)
    ReportRequirement.objects.bulk_create(
        [ReportRequirement(award=award, position=n, due_on=DUE, next_reminder_at=armed) for n in range(count)]
    )
    # A chunk: begin, the due duties, one insert, one read, the update, commit; then the
    # question that finds none left, in its own transaction.
    with django_assert_num_queries(9):
        assert send_due_report_reminders(instant(DUE, FOURTEEN_DAYS)) == count
    # Again: nothing due, one indexed question.
    with django_assert_num_queries(3):
        assert send_due_report_reminders(instant(DUE, FOURTEEN_DAYS) + timedelta(minutes=5)) == 0
    assert Message.objects.filter(template="awards/report_reminder").count() == count


def test_the_due_duties_are_found_through_the_partial_index(postgres):
    duty()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "report_reminder_due" in _due(instant(DUE, OVERDUE), 1000).explain()


def test_the_command_for_cron_prints_how_many_were_sent():
    duty(due_on=timezone.localdate() + timedelta(days=2), now=timezone.now() - timedelta(days=30))
    out = StringIO()
    call_command("send_report_reminders", stdout=out)
    assert out.getvalue() == "1 reminder(s) sent.\n"
    call_command("send_report_reminders", stdout=out)
    assert out.getvalue().endswith("0 reminder(s) sent.\n")


def test_the_periodic_task_sends_what_is_due_and_beat_runs_it():
    duty(due_on=timezone.localdate() - timedelta(days=5), now=timezone.now() - timedelta(days=30))
    assert send_report_reminders.apply().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["awards-report-reminders"]
    assert entry["task"] == send_report_reminders.name
    assert entry["task"] in celery_app.tasks
