"""How long the deadline-reminder job takes to find and queue the reminders of DRAFTS drafts that
are all due at once (the week's reminder of calls that close together), with the production
settings on PostgreSQL: `send_due_reminders` timed RUNS times, the state put back between runs
(its messages deleted, each draft's next reminder restored, both tables vacuumed).

    .venv/bin/python bench/reminders.py [runs]    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded: CALLS calls closing at the same
instant, DRAFTS drafts each by its own applicant (in four languages and as many zones), every
fifth for an organisation with one more member to remind. Timed two ways, taking turns: with
each new message handed to Celery's broker after commit (BENCH_BROKER_URL, by default Redis
database 13 on this machine, emptied between runs; workers get them 100 to a task), and with
the broker left out (the outbox sweep would carry the messages), which is the database's share.
Prints the median and p95 of each, messages per second, the queries of one run and Python's
peak memory during one run (flat: drafts are taken a chunk at a time).
"""

import base64
import json
import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Importing it also sets the production settings' environment.
from bench.pages import recreate_database

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
DRAFTS = 10_000
CALLS = 5
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
os.environ["CELERY_BROKER_URL"] = BROKER_URL
LANGUAGES = ("en", "fr", "es", "ar")
ZONES = ("Africa/Nairobi", "Europe/Paris", "America/Bogota", "Asia/Beirut")


def seed():
    import django

    django.setup()
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from grants.models import RFP, Application
    from tests.factories import RFPFactory

    call_command("migrate", verbosity=0)
    now = timezone.now().replace(microsecond=0)
    deadline = now + timedelta(days=7)
    rfps = [
        RFPFactory(
            status=RFP.Status.PUBLISHED,
            published_at=now,
            deadline=deadline,
            texts={language: {"title": f"Call {n} ({language})"} for language in LANGUAGES},
            languages=list(LANGUAGES),
        )
        for n in range(CALLS)
    ]
    people = User.objects.bulk_create(
        [
            User(
                email=f"holder{n}@example.org",
                name=f"Holder {n}",
                language=LANGUAGES[n % 4],
                time_zone=ZONES[n % 4],
                notification_choice=User.Notify.PORTAL_ONLY if n % 10 == 0 else User.Notify.EMAIL_AND_PORTAL,
            )
            for n in range(DRAFTS + DRAFTS // 5)
        ],
        batch_size=2000,
    )
    organisations = Organisation.objects.bulk_create(
        [Organisation(name=f"Collective {n}", country="KE") for n in range(DRAFTS // 5)]
    )
    colleagues = people[DRAFTS:]
    Membership.objects.bulk_create(
        [
            Membership(organisation=organisation, user=person, role=role)
            for n, organisation in enumerate(organisations)
            for person, role in ((people[5 * n], Membership.Role.OWNER), (colleagues[n], Membership.Role.MEMBER))
        ],
        batch_size=2000,
    )
    due = deadline - timedelta(days=7)
    Application.objects.bulk_create(
        [
            Application(
                rfp=rfps[n % CALLS],
                applicant=people[n],
                organisation=organisations[n // 5] if n % 5 == 0 else None,
                currency="USD",
                language=LANGUAGES[n % 4],
                created_at=now,
                updated_at=now,
                next_reminder_at=due,
            )
            for n in range(DRAFTS)
        ],
        batch_size=2000,
    )
    return due, DRAFTS + DRAFTS // 5


def reset(due, broker) -> None:
    from django.db import connection

    from grants.models import Application
    from notifications.models import Message

    Message.objects.filter(template="grants/deadline_reminder").delete()
    Application.objects.update(next_reminder_at=due)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE notifications_message")
        cursor.execute("VACUUM ANALYZE grants_application")
    broker.flushdb()


def timed_runs(due, expected: int, broker) -> dict[bool, list[float]]:
    """RUNS runs of each way, taking turns, so a burst of other work on the machine falls on
    both alike."""
    from grants.services.reminders import send_due_reminders
    from notifications import services as notifications

    seconds = {False: [], True: []}
    for _ in range(RUNS):
        for publish in (False, True):
            reset(due, broker)
            notifications._broker_resting_until = 0.0 if publish else float("inf")
            started = time.perf_counter()
            sent = send_due_reminders(due)
            seconds[publish].append(time.perf_counter() - started)
            if sent != expected:
                sys.exit(f"{sent} reminders sent, {expected} expected")
            queued = handed_to_workers(broker)
            if publish and queued != sum(1 for n in range(expected) if n % 10):  # all but the portal-only
                sys.exit(f"{queued} messages handed to the broker")
    notifications._broker_resting_until = 0.0
    return seconds


def handed_to_workers(broker) -> int:
    """How many message ids the tasks waiting in the broker carry."""
    ids = 0
    for payload in broker.lrange("celery", 0, -1):
        args, _kwargs, _embed = json.loads(base64.b64decode(json.loads(payload)["body"]))
        ids += len(args[0]) if isinstance(args[0], list) else 1
    return ids


def one_observed_run(due, broker) -> tuple[int, float]:
    """Queries and Python's peak memory of one run (not timed: both watchers slow it)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from grants.services.reminders import send_due_reminders

    reset(due, broker)
    tracemalloc.start()
    with CaptureQueriesContext(connection) as queries:
        send_due_reminders(due)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return len(queries), peak / 2**20


def report(name: str, seconds: list[float], messages: int) -> None:
    median = statistics.median(seconds)
    p95 = statistics.quantiles(seconds, n=20)[18]
    print(f"{name:<34} {len(seconds):>5} {median * 1000:10.0f} {p95 * 1000:8.0f} {messages / median:14.0f}")


def main() -> None:
    import redis

    recreate_database(os.environ["DATABASE_URL"])
    due, expected = seed()
    broker = redis.Redis.from_url(BROKER_URL)
    queries, peak = one_observed_run(due, broker)
    print(
        f"{DRAFTS} drafts in {CALLS} calls, {expected} reminders per run, {queries} queries per run, "
        f"Python peak {peak:.0f} MiB during a run; PostgreSQL, production settings; {RUNS} runs each\n"
    )
    seconds = timed_runs(due, expected, broker)
    print(f"{'':<34} {'runs':>5} {'median ms':>10} {'p95 ms':>8} {'messages/s':>14}")
    report("into the outbox (broker left out)", seconds[False], expected)
    report("into the outbox, then the broker", seconds[True], expected)
    reset(due, broker)


if __name__ == "__main__":
    main()
