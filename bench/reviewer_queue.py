"""A reviewer's queue of 200 assignments, among 5,000 submitted applications to five calls
each reviewed by three of 50 reviewers (15,000 assignments, half of them with a submitted
review), under gunicorn (gunicorn.conf.py) with the production settings on PostgreSQL: the
queue page, timed RUNS times one request at a time (median and p95), and the dashboard, whose
reviewer section reads the same queue.

    .venv/bin/python bench/reviewer_queue.py [runs]    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded; the reviewer has an authenticator
app, and their signed-in session is written here.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.applying import Client
from bench.pages import Target, free_port, gunicorn_workers, recreate_database, start_gunicorn, wait_until_serving

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
CALLS, APPLICATIONS, REVIEWERS, PER_APPLICATION, QUEUE = 5, 5_000, 50, 3, 200
rng = random.Random(42)


def signed_in_reviewer():
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts import services
    from accounts.models import User
    from accounts.roles import Role

    person = User.objects.create_user("reviewer@example.org", "unused-" + str(time.time()), name="Amina Diallo")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    TOTP.activate(person, generate_totp_secret())
    services.grant_role(person, Role.REVIEWER, by=None)
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(person.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = person.get_session_auth_hash()
    totp = Authenticator.objects.get(user=person, type=Authenticator.Type.TOTP)
    session["account_authentication_methods_user"] = str(person.pk)
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"}]
    session.create()
    return person, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def seed():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import User
    from grants.models import RFP, Application
    from reviews.models import Assignment, Review
    from tests.factories import RFPFactory

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    person, cookie = signed_in_reviewer()
    others = User.objects.bulk_create(
        [User(email=f"reviewer{n}@example.org", name=f"Reviewer {n}") for n in range(REVIEWERS - 1)]
    )
    applicants = User.objects.bulk_create([User(email=f"applicant{n}@example.org") for n in range(500)])
    admin = User.objects.create_user("admin@example.org", "unused-" + str(time.time()))
    now = timezone.now()
    rfps = [
        RFPFactory(status=RFP.Status.PUBLISHED, published_at=now, created_by=admin, blind_review=n % 2 == 0)
        for n in range(CALLS)
    ]
    applications = Application.objects.bulk_create(
        [
            Application(
                rfp=rfps[n % CALLS],
                applicant=applicants[n % len(applicants)],
                status=Application.Status.IN_REVIEW,
                language="en",
                title=f"Application {n}",
                requested_amount=Decimal(5000),
                currency="USD",
                reference=f"A-2026-{n + 1}",
                created_at=now,
                submitted_at=now - timedelta(days=30),
            )
            for n in range(APPLICATIONS)
        ],
        batch_size=1000,
    )
    # The reviewer has QUEUE of them, the others the rest, three reviewers to each application.
    theirs = set(rng.sample(range(APPLICATIONS), QUEUE))
    assignments = []
    for n, application in enumerate(applications):
        pool = rng.sample(others, PER_APPLICATION - 1 if n in theirs else PER_APPLICATION)
        for reviewer in ([person] if n in theirs else []) + pool:
            assignments.append(
                Assignment(
                    rfp=application.rfp,
                    application=application,
                    reviewer=reviewer,
                    due_at=now + timedelta(hours=rng.randrange(-10 * 24, 30 * 24)),
                    created_at=now - timedelta(days=20),
                    access_ends_at=now + timedelta(days=70),
                    created_by=admin,
                    no_conflict_confirmed_at=now - timedelta(days=19) if rng.random() < 0.8 else None,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    reviews = []
    for assignment in assignments:
        if assignment.no_conflict_confirmed_at is None or rng.random() < 0.3:
            continue
        submitted = rng.random() < 0.7
        reviews.append(
            Review(
                assignment=assignment,
                rfp=assignment.rfp,
                application=assignment.application,
                reviewer=assignment.reviewer,
                status=Review.Status.SUBMITTED if submitted else Review.Status.DRAFT,
                total=Decimal(rng.randrange(0, 10001)) / 100 if submitted else None,
                submitted_at=now - timedelta(days=1) if submitted else None,
            )
        )
    Review.objects.bulk_create(reviews, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would after a bulk load
    print(
        f"seeded {APPLICATIONS:,} applications, {len(assignments):,} assignments and {len(reviews):,} reviews "
        f"in {time.perf_counter() - started:.0f} s"
    )
    return cookie


def timed_gets(client: Client, path: str, marker: str, runs: int) -> list[float]:
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _headers, body = client.request("GET", path)
        latencies.append(time.perf_counter() - started)
        if status != 200 or marker.encode() not in body:
            sys.exit(f"{path} answered {status} without {marker!r}")
    return latencies


def summary(latencies: list[float]) -> str:
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    return f"{len(latencies):>5} {median:10.1f} {p95:8.1f}"


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    cookie = seed()
    marker = f"of {QUEUE} submitted"
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_serving(server, port, Target("queue", "/reviews/", marker, cookie=cookie), log)
            client = Client(port, cookie)
            timed_gets(client, "/reviews/", marker, 5)  # warm up
            latencies = {
                "queue (200 assignments)": timed_gets(client, "/reviews/", marker, RUNS),
                "dashboard": timed_gets(client, "/dashboard/", marker, RUNS),
            }
        finally:
            server.terminate()
            server.wait(30)

    import gunicorn

    print(
        f"\ngunicorn {gunicorn.__version__}, {gunicorn_workers()} sync workers, production settings, PostgreSQL; "
        f"one request at a time; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n"
    )
    print(f"{'request':<26} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, values in latencies.items():
        print(f"{name:<26} {summary(values)}")


if __name__ == "__main__":
    main()
