"""Delivery against real services: a Celery worker subprocess, the tests' own Redis and an
SMTP sink. Run on PostgreSQL, in committed transactions the worker can see."""

import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse

from notifications import services
from notifications.models import Message
from notifications.tasks import sweep_outbox

from .conftest import wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def status_of(message: Message) -> str:
    message.refresh_from_db()
    return message.status


def test_a_message_is_delivered_by_the_worker_with_its_message_id(start_worker, smtp_sink, applicant):
    start_worker()
    message = services.notify(applicant, "accounts/welcome", {}, dedupe_key="welcome-1")

    wait_for(lambda: status_of(message) == Message.Status.SENT, message="the message to be sent")
    assert smtp_sink.message_ids == [message.message_id]
    assert smtp_sink.received[0]["To"] == applicant.email


def test_with_the_broker_down_signing_up_is_prompt_and_the_sweep_delivers_after_it_returns(
    start_worker, broker, smtp_sink, client
):
    start_worker()
    broker.stop()

    started = time.monotonic()
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-passphrase-77", "password2": "a-long-passphrase-77"},
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    assert elapsed < 10, f"signing up took {elapsed:.1f}s with the broker down"
    message = Message.objects.get(address="new@example.org")
    assert message.status == Message.Status.QUEUED

    broker.start()
    sweep_outbox.delay()  # what beat sends every minute
    wait_for(lambda: status_of(message) == Message.Status.SENT, timeout=30, message="the sweep to deliver")
    assert smtp_sink.message_ids == [message.message_id]


def test_with_the_broker_down_only_the_first_notify_waits_for_it(broker, user_factory):
    broker.stop()
    users = user_factory.create_batch(11)

    started = time.monotonic()
    services.notify(users[0], "accounts/welcome", {}, dedupe_key="first")
    first = time.monotonic() - started
    started = time.monotonic()
    for number, user in enumerate(users[1:]):
        services.notify(user, "accounts/welcome", {}, dedupe_key=f"next-{number}")
    next_ten = time.monotonic() - started

    assert first < 10
    assert next_ten < 2, f"ten notifies took {next_ten:.1f}s with the broker known to be down"
    assert Message.objects.filter(status=Message.Status.QUEUED).count() == 11


def test_a_worker_killed_before_smtp_accepted_leads_to_exactly_one_email(start_worker, smtp_sink, applicant):
    worker = start_worker(lease_seconds=2)
    smtp_sink.hold = "before_accept"
    message = services.notify(applicant, "accounts/welcome", {}, dedupe_key="welcome-2")

    assert smtp_sink.held.wait(20), "the worker never reached SMTP"
    worker.kill()
    smtp_sink.release()
    assert smtp_sink.received == []
    assert status_of(message) == Message.Status.SENDING

    start_worker(lease_seconds=2)
    time.sleep(2.5)  # the dead worker's lease runs out (a subprocess's clock cannot be moved)
    sweep_outbox.delay()
    wait_for(lambda: status_of(message) == Message.Status.SENT, message="the sweep to deliver")
    assert smtp_sink.message_ids == [message.message_id]


def test_a_worker_killed_after_smtp_accepted_leads_to_at_most_two_copies_with_one_message_id(
    start_worker, smtp_sink, applicant
):
    worker = start_worker(lease_seconds=2)
    smtp_sink.hold = "after_accept"
    message = services.notify(applicant, "accounts/welcome", {}, dedupe_key="welcome-3")

    assert smtp_sink.held.wait(20), "the worker never reached SMTP"
    worker.kill()
    smtp_sink.release()
    assert status_of(message) == Message.Status.SENDING

    start_worker(lease_seconds=2)
    time.sleep(2.5)
    sweep_outbox.delay()
    wait_for(lambda: status_of(message) == Message.Status.SENT, message="the sweep to deliver")
    assert 1 <= len(smtp_sink.received) <= 2
    assert set(smtp_sink.message_ids) == {message.message_id}


def test_the_same_dedupe_key_notified_twice_at_once_gives_one_row_and_one_email(start_worker, smtp_sink, applicant):
    start_worker()
    barrier = threading.Barrier(2)
    errors = []

    def notify_in_own_transaction():
        try:
            with transaction.atomic():
                barrier.wait(5)
                services.notify(applicant, "accounts/welcome", {}, dedupe_key="welcome-twice")
                time.sleep(0.2)  # both inserts overlap before either commits
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=notify_in_own_transaction) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert errors == []
    message = Message.objects.get(dedupe_key="welcome-twice")
    wait_for(lambda: status_of(message) == Message.Status.SENT, message="the message to be sent")
    time.sleep(0.5)  # a second copy, if any, would arrive now
    assert smtp_sink.message_ids == [message.message_id]
