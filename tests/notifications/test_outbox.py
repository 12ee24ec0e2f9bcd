from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEvent
from notifications import delivery, services
from notifications.models import Message
from notifications.selectors import inbox_of

pytestmark = pytest.mark.django_db


def welcome(user, key="welcome"):
    return services.notify(user, "accounts/welcome", {}, dedupe_key=key)


def test_a_message_is_part_of_the_callers_transaction(applicant):
    with pytest.raises(RuntimeError), transaction.atomic():
        welcome(applicant)
        raise RuntimeError("the action failed")
    assert Message.objects.count() == 0


def test_a_duplicate_dedupe_key_is_a_no_op_that_leaves_the_transaction_usable(applicant):
    with transaction.atomic():
        first = welcome(applicant)
        second = welcome(applicant)
        applicant.name = "Still writable"
        applicant.save()
    assert second.pk == first.pk
    assert Message.objects.count() == 1


def test_after_commit_the_email_copy_is_sent_and_says_nothing_but_that_there_is_a_message(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = welcome(applicant)
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert len(mailoutbox) == 1
    sent = mailoutbox[0]
    assert sent.subject == "You have a new message"
    assert sent.to == [applicant.email]
    assert sent.extra_headers["Message-ID"] == message.message_id
    assert message.subject not in sent.body
    assert "/accounts/login/" in sent.body


def test_nothing_is_sent_before_the_transaction_commits(applicant, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        welcome(applicant)
    assert mailoutbox == []
    assert len(callbacks) == 1


def test_a_portal_only_user_gets_the_message_in_the_inbox_and_no_email(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    applicant.notification_choice = User.Notify.PORTAL_ONLY
    applicant.save()
    with django_capture_on_commit_callbacks(execute=True):
        message = welcome(applicant)
    assert message.status == Message.Status.NOT_EMAILED
    assert mailoutbox == []
    assert list(inbox_of(applicant)) == [message]


def test_a_user_without_an_email_address_gets_the_message_in_the_inbox_only(user_factory, mailoutbox):
    user = user_factory()
    User.objects.filter(pk=user.pk).update(email=None)
    user.refresh_from_db()
    assert welcome(user).status == Message.Status.NOT_EMAILED


def test_the_message_is_rendered_in_the_recipients_language(applicant):
    applicant.language = "fr"
    applicant.save()
    message = welcome(applicant)
    assert message.language == "fr"
    assert message.subject == "Bienvenue"


def test_a_transactional_email_is_never_in_an_inbox_and_its_body_is_wiped_once_sent(
    applicant, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.queue_email(
            applicant.email, subject="Code", text="Your code: 123-456", template="code", recipient=applicant
        )
    message.refresh_from_db()
    assert "123-456" in mailoutbox[0].body
    assert message.status == Message.Status.SENT
    assert (message.email_text, message.email_html) == ("", "")
    assert list(inbox_of(applicant)) == []


def test_a_failed_send_is_retried_later_with_back_off_and_keeps_no_address_in_the_error(applicant, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    message = welcome(applicant)
    before = timezone.now()
    assert delivery.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == Message.Status.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    assert applicant.email not in message.last_error
    assert "<address>" in message.last_error


def test_after_the_last_attempt_a_message_is_failed(applicant, settings):
    settings.EMAIL_BACKEND = "tests.notifications.backends.RefusingBackend"
    message = welcome(applicant)
    Message.objects.filter(pk=message.pk).update(attempts=settings.NOTIFICATIONS_MAX_ATTEMPTS - 1)
    delivery.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == Message.Status.FAILED
    assert message.attempts == settings.NOTIFICATIONS_MAX_ATTEMPTS


def test_a_claimed_message_cannot_be_claimed_again_until_its_lease_runs_out(applicant, settings):
    message = welcome(applicant)
    assert delivery.claim(message.pk) is not None
    assert delivery.claim(message.pk) is None
    later = timezone.now() + timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    assert delivery.claim(message.pk, now=later) is not None


def test_the_sweep_sends_what_is_due_and_leaves_what_is_not(applicant, user_factory, mailoutbox):
    due = welcome(applicant, "due")
    later = welcome(user_factory(), "later")
    Message.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert delivery.sweep() == 1

    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.status, later.status) == (Message.Status.SENT, Message.Status.QUEUED)
    assert [email.to for email in mailoutbox] == [[applicant.email]]


def test_the_sweep_works_through_more_messages_than_one_batch(user_factory, mailoutbox):
    for number in range(5):
        welcome(user_factory(), f"welcome-{number}")
    assert delivery.sweep(batch=2) == 5
    assert len(mailoutbox) == 5


def test_an_admin_retries_a_failed_message_and_the_retry_is_audited(
    applicant, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    message = welcome(applicant)
    Message.objects.filter(pk=message.pk).update(status=Message.Status.FAILED, attempts=8)
    with django_capture_on_commit_callbacks(execute=True):
        count = services.retry_failed(Message.objects.all(), by=admin_user)
    message.refresh_from_db()
    assert count == 1
    assert message.status == Message.Status.SENT
    assert len(mailoutbox) == 1
    event = AuditEvent.objects.get(verb="message.retried")
    assert (event.actor, event.detail) == (admin_user, {"count": 1, "message_ids": [message.pk]})


def test_when_the_mail_server_is_unreachable_the_sweep_leaves_every_message_queued_for_a_retry(
    applicant, user_factory, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1  # nothing listens
    welcome(applicant, "one")
    welcome(user_factory(), "two")

    assert delivery.sweep() == 2

    assert sorted(Message.objects.values_list("status", "attempts")) == [(Message.Status.QUEUED, 1)] * 2
    assert all(message.last_error for message in Message.objects.all())


def test_the_sweep_runs_every_minute_in_beat_and_as_a_command_for_cron(applicant, mailoutbox, settings):
    assert settings.CELERY_BEAT_SCHEDULE["notifications-sweep"] == {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": 60.0,
    }
    welcome(applicant)
    output = StringIO()
    call_command("sweep_messages", stdout=output)
    assert output.getvalue() == "1 message(s) attempted.\n"
    assert len(mailoutbox) == 1
