"""Reviewers are reminded of an assignment 3 days before it is due, within a day of it, and once
it is overdue, each once per due instant: a new due date re-arms all three. Nothing for an ended
assignment, a submitted review, an access that has ended or a withdrawn application. Time is
moved by giving the job its `now`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import formats, timezone

from accelerate.celery import app as celery_app
from accounts.models import User
from accounts.roles import Role
from grants.models import Application
from notifications.models import Message
from reviews.models import Assignment
from reviews.services.reminders import _due, send_due_reminders
from reviews.tasks import send_review_reminders
from tests.factories import RFPFactory, UserFactory

from .factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DUE = NOW + timedelta(days=10)
DAY = timedelta(days=1)


def assignment(**fields) -> Assignment:
    fields.setdefault("due_at", DUE)
    fields.setdefault("created_at", NOW)
    fields.setdefault("access_ends_at", DUE + timedelta(days=30))
    return AssignmentFactory(**fields)


def reminders() -> list[tuple[int, str, str]]:
    """Every reminder sent, as (assignment, due instant, lead), in order. The key is
    `reviews/due_reminder:<assignment>:<due>:<lead>`."""
    keys = Message.objects.filter(template="reviews/due_reminder").order_by("pk").values_list("dedupe_key", flat=True)
    sent = []
    for key in keys:
        pk, rest = key.removeprefix("reviews/due_reminder:").split(":", 1)
        due, lead = rest.rsplit(":", 1)
        sent.append((int(pk), due, lead))
    return sent


def test_each_of_the_three_reminders_is_sent_once_in_its_window():
    row = assignment()
    assert send_due_reminders(DUE - 3 * DAY - timedelta(seconds=1)) == 0
    assert send_due_reminders(DUE - 3 * DAY) == 1
    assert send_due_reminders(DUE - 3 * DAY + timedelta(hours=1)) == 0  # the same window again
    assert send_due_reminders(DUE - 2 * DAY) == 0  # between the windows
    assert send_due_reminders(DUE - DAY + timedelta(minutes=15)) == 1
    assert send_due_reminders(DUE - timedelta(minutes=1)) == 0
    assert send_due_reminders(DUE) == 1
    assert send_due_reminders(DUE + timedelta(hours=23)) == 0
    assert send_due_reminders(DUE + 5 * DAY) == 0
    at = DUE.isoformat()
    assert reminders() == [(row.pk, at, "3d"), (row.pk, at, "1d"), (row.pk, at, "overdue")]
    assert set(Message.objects.values_list("recipient", flat=True)) == {row.reviewer_id}


def test_a_new_due_date_re_arms_all_three():
    row = assignment()
    for at in (DUE - 3 * DAY, DUE - DAY, DUE):
        send_due_reminders(at)
    later = DUE + 7 * DAY
    Assignment.objects.filter(pk=row.pk).update(due_at=later)
    for at in (later - 3 * DAY, later - DAY, later):
        assert send_due_reminders(at) == 1
    assert [(due, lead) for _pk, due, lead in reminders()][3:] == [
        (later.isoformat(), "3d"),
        (later.isoformat(), "1d"),
        (later.isoformat(), "overdue"),
    ]


def test_an_assignment_made_two_days_before_it_is_due_gets_no_three_day_reminder():
    row = assignment(created_at=DUE - 2 * DAY)
    for hours in range(48, -25, -1):
        send_due_reminders(DUE - timedelta(hours=hours))
    assert [lead for _pk, _due, lead in reminders()] == ["1d", "overdue"]
    assert {pk for pk, *_ in reminders()} == {row.pk}


def test_a_job_down_for_days_sends_only_the_most_urgent():
    assignment()
    assert send_due_reminders(DUE + timedelta(hours=2)) == 1
    assert [lead for *_rest, lead in reminders()] == ["overdue"]


def test_none_for_ended_assignments_submitted_reviews_ended_access_or_withdrawn_applications():
    assignment(status=Assignment.Status.CONFLICT, ended_at=NOW)
    assignment(status=Assignment.Status.REMOVED, ended_at=NOW)
    ReviewFactory(assignment=assignment(), submitted=True)
    assignment(access_ends_at=DUE - 4 * DAY)
    withdrawn = assignment()
    Application.objects.filter(pk=withdrawn.application_id).update(status=Application.Status.WITHDRAWN)
    drafted = assignment()
    ReviewFactory(assignment=drafted)  # a draft review still needs its reminder
    for at in (DUE - 3 * DAY, DUE - DAY, DUE):
        send_due_reminders(at)
    assert {pk for pk, *_ in reminders()} == {drafted.pk}


def test_the_inbox_text_names_the_reference_the_call_and_the_instant_and_the_email_says_nothing():
    who = reviewer(time_zone="Africa/Nairobi")
    rfp = RFPFactory(texts={"en": {"title": "Safe houses"}}, blind_review=True)
    row = assignment(reviewer=who, application=SubmittedApplicationFactory(rfp=rfp, reference="A-2026-77"))
    send_due_reminders(DUE - 3 * DAY)
    message = Message.objects.get(template="reviews/due_reminder")
    local = formats.date_format(timezone.localtime(DUE, timezone.get_fixed_timezone(180)), "DATETIME_FORMAT")
    utc = formats.date_format(timezone.localtime(DUE, timezone.get_fixed_timezone(0)), "DATETIME_FORMAT")
    assert message.subject == "Review reminder"
    assert message.body.startswith(
        f"Your review of application A-2026-77 (“Safe houses”) is due in 3 days: {local} (Africa/Nairobi), {utc} UTC."
    )
    assert row.application.applicant.name not in message.body
    assert message.address == who.email
    for secret in ("Safe houses", "A-2026-77"):
        assert secret not in message.email_subject + message.email_text + message.email_html
    send_due_reminders(DUE)
    overdue = Message.objects.filter(template="reviews/due_reminder").latest("pk")
    assert overdue.subject == "Review overdue"
    assert "(“Safe houses”) was due " in overdue.body and overdue.body.endswith(
        "Submit it as soon as you can, or tell the call's staff if you cannot review it."
    )


def test_the_reminder_is_written_in_the_reviewers_language():
    assignment(reviewer=reviewer(language="fr", notification_choice=User.Notify.PORTAL_ONLY))
    send_due_reminders(DUE - DAY)
    message = Message.objects.get()
    assert message.language == "fr"
    assert (message.status, message.address) == (Message.Status.NOT_EMAILED, "")


def test_assignments_are_taken_in_chunks_until_none_is_due():
    rows = [assignment(due_at=DUE + timedelta(minutes=n)) for n in range(5)]
    assert send_due_reminders(DUE - 3 * DAY + timedelta(minutes=10), chunk=2) == 5
    assert {pk for pk, *_ in reminders()} == {row.pk for row in rows}


@pytest.mark.parametrize("count", [1, 100])
def test_the_job_costs_the_same_queries_for_1_and_100_due_assignments(count, postgres, django_assert_num_queries):
    rfp = RFPFactory()
    applications = SubmittedApplicationFactory.create_batch(count, rfp=rfp)
    reviewers = [UserFactory(roles=[Role.REVIEWER], totp=False) for _ in range(count)]
    Assignment.objects.bulk_create(
        [
            Assignment(
                rfp=rfp,
                application=application,
                reviewer=person,
                due_at=DUE,
                created_at=NOW,
                access_ends_at=DUE + 30 * DAY,
                created_by=rfp.created_by,
            )
            for application, person in zip(applications, reviewers, strict=True)
        ]
    )
    # A chunk: begin, the due assignments, the reminders already sent, one insert, one read,
    # commit; then the question that finds none left, in its own transaction.
    with django_assert_num_queries(9):
        assert send_due_reminders(DUE - DAY) == count
    # Again: nothing new, and nothing rendered or inserted.
    with django_assert_num_queries(7):
        assert send_due_reminders(DUE - DAY + timedelta(minutes=15)) == 0


def test_the_due_assignments_are_found_through_the_partial_index(postgres):
    assignment()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    assert "assignment_due_live" in _due(DUE, 1000, None).explain()


def test_the_command_for_cron_prints_how_many_were_sent():
    assignment(due_at=timezone.now() + timedelta(hours=5), created_at=timezone.now() - DAY)
    out = StringIO()
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue() == "1 reminder(s) sent.\n"
    call_command("send_review_reminders", stdout=out)
    assert out.getvalue().endswith("0 reminder(s) sent.\n")


def test_the_periodic_task_sends_what_is_due_and_beat_runs_it():
    assignment(due_at=timezone.now() - timedelta(hours=1), created_at=timezone.now() - DAY)
    assert send_review_reminders.apply().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["reviews-due-reminders"]
    assert entry["task"] == send_review_reminders.name
    assert entry["task"] in celery_app.tasks
