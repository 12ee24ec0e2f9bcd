"""Draft holders are reminded 7 days, 48 hours and 6 hours before their effective deadline, each
once per deadline: an extension re-arms all three, a submitted or withdrawn application and a
rapid-response call get none, nor does a draft whose deadline has passed. Time is moved by
giving the job its `now`."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import formats, timezone, translation

from accelerate.celery import app as celery_app
from accounts.models import Membership, Organisation, User
from accounts.roles import Role
from grants import services
from grants.models import RFP, Application
from grants.selectors import form_of
from grants.services.reminders import CHUNK, _due, send_due_reminders
from grants.tasks import send_deadline_reminders
from notifications.models import Message
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

from .applying import call_with_form, published_call

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DEADLINE = NOW + timedelta(days=10)
WEEK, TWO_DAYS, SIX_HOURS = 7 * 24 * 3600, 48 * 3600, 6 * 3600


@pytest.fixture
def rfp():
    return published_call(opens_at=NOW - timedelta(days=1), deadline=DEADLINE, texts={"en": {"title": "Safe houses"}})


def applicant(**fields):
    return UserFactory(roles=[Role.APPLICANT], **fields)


def started(rfp, *, now=NOW, by=None, organisation=None) -> Application:
    return services.start_application(rfp, by=by or applicant(), organisation=organisation, now=now)


def reminders() -> list[tuple[int, str, int, int]]:
    """Every reminder sent, as (application, deadline, lead in seconds, recipient), in order.
    The key is `grants/deadline_reminder:<application>:<deadline>:<lead>:<recipient>`."""
    sent = []
    messages = Message.objects.filter(template="grants/deadline_reminder").order_by("pk")
    keys = messages.values_list("dedupe_key", flat=True)
    for key in keys:
        application, rest = key.removeprefix("grants/deadline_reminder:").split(":", 1)
        deadline, lead, person = rest.rsplit(":", 2)
        sent.append((int(application), deadline, int(lead), int(person)))
    return sent


def test_each_of_the_three_reminders_is_sent_once_at_its_time(rfp):
    draft = started(rfp)
    who = draft.applicant_id
    assert draft.next_reminder_at == DEADLINE - timedelta(days=7)
    assert send_due_reminders(DEADLINE - timedelta(days=7, seconds=1)) == 0
    assert send_due_reminders(DEADLINE - timedelta(days=7)) == 1
    assert send_due_reminders(DEADLINE - timedelta(days=7)) == 0  # the same window again: nothing new
    assert send_due_reminders(DEADLINE - timedelta(days=6)) == 0
    assert send_due_reminders(DEADLINE - timedelta(hours=48)) == 1
    assert send_due_reminders(DEADLINE - timedelta(hours=47)) == 0
    assert send_due_reminders(DEADLINE - timedelta(hours=6)) == 1
    assert send_due_reminders(DEADLINE - timedelta(hours=1)) == 0
    assert send_due_reminders(DEADLINE + timedelta(hours=1)) == 0
    at = DEADLINE.isoformat()
    assert reminders() == [(draft.pk, at, WEEK, who), (draft.pk, at, TWO_DAYS, who), (draft.pk, at, SIX_HOURS, who)]
    draft.refresh_from_db()
    assert draft.next_reminder_at is None


def test_the_inbox_text_names_the_call_and_the_instant_in_the_readers_zone_and_utc(rfp):
    person = applicant(time_zone="Africa/Nairobi")
    started(rfp, by=person)
    send_due_reminders(DEADLINE - timedelta(hours=47))
    message = Message.objects.get(template="grants/deadline_reminder")
    local = formats.date_format(timezone.localtime(DEADLINE, timezone.get_fixed_timezone(180)), "DATETIME_FORMAT")
    utc = formats.date_format(timezone.localtime(DEADLINE, timezone.get_fixed_timezone(0)), "DATETIME_FORMAT")
    assert message.subject == "Deadline reminder"
    assert message.body.startswith(
        f"Your draft to “Safe houses” closes in 48 hours: {local} (Africa/Nairobi), {utc} UTC."
    )
    # The email copy says only that there is a message.
    assert message.address == person.email
    assert "Safe houses" not in message.email_subject + message.email_text + message.email_html


def test_a_week_ahead_reads_in_days_and_the_email_copy_is_left_out_for_portal_only_holders(rfp):
    started(rfp, by=applicant(notification_choice=User.Notify.PORTAL_ONLY))
    send_due_reminders(DEADLINE - timedelta(days=7))
    message = Message.objects.get(template="grants/deadline_reminder")
    assert "closes in 7 days:" in message.body
    assert (message.status, message.address, message.email_text) == (Message.Status.NOT_EMAILED, "", "")


def test_the_reminder_is_written_in_the_holders_language(rfp):
    started(rfp, by=applicant(language="fr"))
    send_due_reminders(DEADLINE - timedelta(hours=6))
    message = Message.objects.get(template="grants/deadline_reminder")
    with translation.override("fr"):
        local = formats.date_format(DEADLINE, "DATETIME_FORMAT")
    assert message.language == "fr"
    assert local in message.body


def test_a_draft_started_three_days_before_gets_the_48_and_6_hour_reminders_only(rfp):
    draft = started(rfp, now=DEADLINE - timedelta(days=3))
    for hours in range(72, -1, -1):
        send_due_reminders(DEADLINE - timedelta(hours=hours))
    assert [lead for _a, _d, lead, _p in reminders()] == [TWO_DAYS, SIX_HOURS]
    assert {application for application, *_ in reminders()} == {draft.pk}


def test_a_job_that_was_down_sends_only_the_most_urgent(rfp):
    started(rfp)
    assert send_due_reminders(DEADLINE - timedelta(hours=5)) == 1
    assert send_due_reminders(DEADLINE - timedelta(hours=1)) == 0
    assert [lead for _a, _d, lead, _p in reminders()] == [SIX_HOURS]


def test_a_call_wide_extension_re_arms_all_three_for_the_new_deadline(rfp):
    draft = started(rfp)
    send_due_reminders(DEADLINE - timedelta(days=7))
    send_due_reminders(DEADLINE - timedelta(hours=48))
    later = DEADLINE + timedelta(days=10)
    services.extend_call_deadline(
        rfp, later, "A shutdown", by=UserFactory(roles=[Role.ADMIN]), now=DEADLINE - timedelta(hours=47)
    )
    draft.refresh_from_db()
    assert draft.next_reminder_at == later - timedelta(days=7)
    assert send_due_reminders(DEADLINE - timedelta(hours=6)) == 0  # the old deadline's last one is gone
    for before in (timedelta(days=7), timedelta(hours=48), timedelta(hours=6)):
        assert send_due_reminders(later - before) == 1
    assert [(deadline, lead) for _a, deadline, lead, _p in reminders()] == [
        (DEADLINE.isoformat(), WEEK),
        (DEADLINE.isoformat(), TWO_DAYS),
        (later.isoformat(), WEEK),
        (later.isoformat(), TWO_DAYS),
        (later.isoformat(), SIX_HOURS),
    ]


def test_an_extension_of_one_application_re_arms_what_its_new_deadline_leaves_time_for(rfp):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp.staff.add(staff)
    draft = started(rfp)
    other = started(rfp)
    send_due_reminders(DEADLINE - timedelta(hours=6))
    # Three days more: the week's reminder would already be late, so it is not sent.
    three_days_on = DEADLINE + timedelta(days=3)
    services.extend_application_deadline(draft, three_days_on, "Detained", by=staff, now=DEADLINE - timedelta(hours=5))
    for hours in range(77, -1, -1):
        send_due_reminders(three_days_on - timedelta(hours=hours))
    assert [(deadline, lead) for application, deadline, lead, _p in reminders() if application == draft.pk] == [
        (DEADLINE.isoformat(), SIX_HOURS),
        (three_days_on.isoformat(), TWO_DAYS),
        (three_days_on.isoformat(), SIX_HOURS),
    ]
    assert [(deadline, lead) for application, deadline, lead, _p in reminders() if application == other.pk] == [
        (DEADLINE.isoformat(), SIX_HOURS)
    ]
    # Far enough ahead, all three come again.
    far = three_days_on + timedelta(days=20)
    services.extend_application_deadline(draft, far, "Still detained", by=staff, now=three_days_on - timedelta(hours=1))
    for before in (timedelta(days=7), timedelta(hours=48), timedelta(hours=6)):
        assert send_due_reminders(far - before) == 1
    assert [lead for _a, deadline, lead, _p in reminders() if deadline == far.isoformat()] == [
        WEEK,
        TWO_DAYS,
        SIX_HOURS,
    ]


def test_no_reminder_after_submission_or_withdrawal():
    rfp, first, second = call_with_form(opens_at=NOW - timedelta(days=1), deadline=DEADLINE)
    submitted, withdrawn = started(rfp), started(rfp)
    sections = {section.pk: section for section in form_of(rfp)}
    by = submitted.applicant
    services.save_section(submitted, sections[first.pk], {"title": "Safe houses", "amount": "5000"}, by=by)
    services.add_attachment(
        submitted,
        second.questions.get(key="budget_file"),
        SimpleUploadedFile("budget.txt", b"Rent: 100", content_type="text/plain"),
        by=by,
    )
    services.submit_application(submitted, by=by, now=NOW)
    services.withdraw_application(withdrawn, by=withdrawn.applicant, now=NOW)
    assert list(Application.objects.values_list("next_reminder_at", flat=True)) == [None, None]
    # Even with a reminder time left on the row, only drafts are reminded.
    Application.objects.update(next_reminder_at=NOW)
    assert send_due_reminders(DEADLINE - timedelta(hours=1)) == 0
    assert reminders() == []


def test_no_reminder_for_a_rapid_response_call():
    rfp = published_call(mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None)
    draft = started(rfp)
    assert draft.next_reminder_at is None
    Application.objects.filter(pk=draft.pk).update(next_reminder_at=NOW)
    assert send_due_reminders(NOW + timedelta(days=30)) == 0
    draft.refresh_from_db()
    assert draft.next_reminder_at is None


def test_no_reminder_once_the_deadline_has_passed_even_while_a_request_keeps_the_draft_open(rfp):
    draft = started(rfp)
    Application.objects.filter(pk=draft.pk).update(
        extension_requested_at=DEADLINE - timedelta(days=1), next_reminder_at=DEADLINE - timedelta(hours=6)
    )
    assert send_due_reminders(DEADLINE + timedelta(minutes=1)) == 0
    draft.refresh_from_db()
    assert draft.next_reminder_at is None


def test_every_member_of_the_organisation_is_reminded_once(rfp):
    owner = applicant()
    organisation = OrganisationFactory(owner=owner)
    colleagues = [MembershipFactory(organisation=organisation, user=applicant()).user for _ in range(2)]
    draft = started(rfp, by=owner, organisation=organisation)
    assert send_due_reminders(DEADLINE - timedelta(days=7)) == 3
    assert sorted(person for _a, _d, _l, person in reminders()) == sorted([owner.pk, *(c.pk for c in colleagues)])
    assert {application for application, *_ in reminders()} == {draft.pk}


def test_a_second_run_that_saw_the_same_drafts_sends_nothing_twice(rfp):
    drafts = [started(rfp) for _ in range(3)]
    assert send_due_reminders(DEADLINE - timedelta(hours=6)) == 3
    # As if a second job had read the drafts before the first one moved them on.
    Application.objects.update(next_reminder_at=DEADLINE - timedelta(hours=6))
    assert send_due_reminders(DEADLINE - timedelta(hours=6)) == 0
    assert len(reminders()) == len(drafts)


def test_drafts_are_taken_in_chunks_until_none_is_due(rfp):
    for _ in range(5):
        started(rfp)
    assert send_due_reminders(DEADLINE - timedelta(days=7), chunk=2) == 5
    assert not Application.objects.filter(next_reminder_at__lte=DEADLINE - timedelta(days=7)).exists()


@pytest.mark.parametrize("drafts", [1, CHUNK])
def test_the_job_costs_the_same_queries_for_1_and_1000_drafts(rfp, drafts, postgres, django_assert_num_queries):
    """SQLite cuts large statements into batches of its parameter limit: the count is
    PostgreSQL's."""
    people = User.objects.bulk_create(
        [User(email=f"holder{n}@example.org", name=f"Holder {n}") for n in range(2 * drafts)]
    )
    organisations = Organisation.objects.bulk_create([OrganisationFactory.build() for _ in range(drafts)])
    Membership.objects.bulk_create(
        [
            Membership(organisation=organisation, user=people[2 * n + 1], role=Membership.Role.MEMBER)
            for n, organisation in enumerate(organisations)
        ]
    )
    Application.objects.bulk_create(
        [
            Application(
                rfp=rfp,
                applicant=people[2 * n],
                organisation=organisation,
                currency=rfp.currency,
                language="en",
                created_at=NOW,
                updated_at=NOW,
                next_reminder_at=DEADLINE - timedelta(days=7),
            )
            for n, organisation in enumerate(organisations)
        ]
    )
    # A chunk: begin, the due drafts, their organisations' members, one insert, one read, one
    # update, commit; then the question that finds none left, in its own transaction.
    with django_assert_num_queries(10):
        assert send_due_reminders(DEADLINE - timedelta(days=7)) == 2 * drafts
    assert Application.objects.filter(next_reminder_at=DEADLINE - timedelta(hours=48)).count() == drafts


def test_the_due_drafts_are_found_through_the_partial_index(rfp, postgres):
    started(rfp)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = _due(DEADLINE, CHUNK).explain()
    assert "application_reminder_due" in plan


def test_the_command_for_cron_prints_how_many_were_sent():
    rfp = published_call(deadline=timezone.now() + timedelta(hours=5))
    draft = started(rfp, now=timezone.now() - timedelta(days=1))
    assert draft.next_reminder_at is not None
    out = StringIO()
    call_command("send_deadline_reminders", stdout=out)
    assert out.getvalue() == "1 reminder(s) sent.\n"
    call_command("send_deadline_reminders", stdout=out)
    assert out.getvalue().endswith("0 reminder(s) sent.\n")


def test_the_periodic_task_sends_what_is_due_and_beat_runs_it():
    rfp = published_call(deadline=timezone.now() + timedelta(hours=5))
    started(rfp, now=timezone.now() - timedelta(days=1))
    assert send_deadline_reminders.apply().get() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["grants-deadline-reminders"]
    assert entry["task"] == send_deadline_reminders.name
    assert entry["task"] in celery_app.tasks


def test_a_draft_started_from_a_call_read_before_its_extension_is_reminded_of_the_new_deadline(rfp):
    read_before = RFP.objects.get(pk=rfp.pk)
    later = DEADLINE + timedelta(days=10)
    services.extend_call_deadline(rfp, later, "A shutdown", by=UserFactory(roles=[Role.ADMIN]), now=NOW)
    draft = started(read_before, now=DEADLINE + timedelta(hours=1))
    assert draft.next_reminder_at == later - timedelta(days=7)


def test_the_call_title_is_kept_as_typed_in_the_text(rfp):
    rfp.texts = {"en": {"title": 'Land & "water"'}}
    rfp.save(update_fields=["texts"])
    started(rfp)
    send_due_reminders(DEADLINE - timedelta(hours=6))
    assert 'Your draft to “Land & "water"” closes in 6 hours:' in Message.objects.get().body
