"""Outbox throughput against real services: one Celery worker (solo pool), a Redis of its own
and a local SMTP sink. Needs PostgreSQL (the worker is another process).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accelerate_bench .venv/bin/python bench/message_delivery.py

Prints: messages delivered per second by one worker, and the time from Redis's return to the
delivery of 1,000 messages queued while it was down (the sweep is started at once here; in
production beat's next tick adds up to a minute).
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accelerate.celery import app as celery_app  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Message  # noqa: E402
from notifications.tasks import sweep_outbox  # noqa: E402
from tests.notifications.conftest import RedisServer, Sink, Worker, wait_for  # noqa: E402

THROUGHPUT_MESSAGES = 500
OUTAGE_MESSAGES = 1000


def queue(count: int, label: str) -> None:
    for number in range(count):
        services.queue_email(
            f"person{number}@example.org",
            subject="Code",
            text="Your code: 1234",
            template="bench",
            dedupe_key=f"{label}-{number}-{time.monotonic_ns()}",
        )


def sent() -> int:
    return Message.objects.filter(status=Message.Status.SENT).count()


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the worker is another process.")
    call_command("migrate", verbosity=0)
    Message.objects.all().delete()
    sink, redis = Sink(), RedisServer()
    sink.controller.start()
    redis.start()
    celery_app.conf.update(broker_url=redis.url, task_always_eager=False)
    worker = Worker(redis.url, sink.controller.port, lease_seconds=60)
    worker.env["DATABASE_URL"] = os.environ["DATABASE_URL"]
    worker.start()
    try:
        queue(5, "warm-up")
        wait_for(lambda: sent() == 5, timeout=60, message="the worker to start")

        started = time.monotonic()
        queue(THROUGHPUT_MESSAGES, "throughput")
        wait_for(lambda: sent() == 5 + THROUGHPUT_MESSAGES, timeout=600, interval=0.2, message="throughput")
        elapsed = time.monotonic() - started
        print(
            f"{THROUGHPUT_MESSAGES / elapsed:8.1f} messages/s delivered by one worker "
            f"({THROUGHPUT_MESSAGES} in {elapsed:.1f} s)"
        )

        redis.stop()
        started = time.monotonic()
        queue(OUTAGE_MESSAGES, "outage")
        queued_in = time.monotonic() - started
        print(
            f"{queued_in * 1000 / OUTAGE_MESSAGES:8.2f} ms per notify with the broker down ({OUTAGE_MESSAGES} queued)"
        )

        redis.start()
        returned = time.monotonic()
        celery_app._pool = None
        celery_app.amqp._producer_pool = None
        services._broker_resting_until = 0.0
        wait_for(lambda: _publish_sweep(), timeout=60, message="the broker to accept the sweep")
        total = 5 + THROUGHPUT_MESSAGES + OUTAGE_MESSAGES
        wait_for(lambda: sent() == total, timeout=900, interval=0.2, message="recovery")
        print(
            f"{time.monotonic() - returned:8.1f} s from Redis's return to delivery of {OUTAGE_MESSAGES} queued messages"
        )
        print(f"{len(sink.received):8d} emails received by the sink, {len(set(sink.message_ids))} distinct Message-IDs")
    finally:
        worker.stop()
        redis.stop()
        sink.controller.stop()


def _publish_sweep() -> bool:
    try:
        sweep_outbox.apply_async(retry=False)
    except Exception:
        return False
    return True


if __name__ == "__main__":
    main()
