"""The ranking of a call with 5,000 applications and 15,000 submitted reviews, under gunicorn
(gunicorn.conf.py) with the production settings on PostgreSQL: its first page, a filtered and
re-sorted view, and the printable ranking of every row, each timed RUNS times one request at a
time (median and p95). The first request after a review changes computes the standings afresh:
its time is printed on its own ("cold"), measured after touching one review before each run.

    .venv/bin/python bench/ranking.py [runs]    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded: one call, bulk-created applications
in review, 50 reviewers, three submitted reviews of each application (with totals and
recommendations) and a panel recommendation on one in ten; and one program staff member with an
authenticator app, whose signed-in session is written here.
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
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acc_bench")

from bench.applying import Client
from bench.pages import Target, free_port, gunicorn_workers, recreate_database, start_gunicorn, wait_until_serving
from bench.staff_table import applicants_for, summary, timed_gets

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
APPLICATIONS, REVIEWERS, PER_APPLICATION = 5_000, 50, 3
rng = random.Random(11)


def make_call(staff):
    from django.utils import timezone

    from accounts.models import User
    from accounts.roles import Role
    from grants.models import RFP, Application
    from reviews.models import Assignment, PanelRecommendation, Review
    from tests.factories import RFPFactory

    rfp = RFPFactory(
        status=RFP.Status.PUBLISHED,
        published_at=timezone.now(),
        staff=[staff],
        created_by=staff,
        currency="USD",
        budget=Decimal(2_000_000),
        reviewers_per_application=PER_APPLICATION,
    )
    applicants = applicants_for(APPLICATIONS)
    now = timezone.now()
    applications = Application.objects.bulk_create(
        [
            Application(
                rfp=rfp,
                applicant=applicants[number % len(applicants)],
                status=Application.Status.IN_REVIEW,
                language="en",
                title=f"Project {number}",
                requested_amount=Decimal(rng.randrange(500, 50_000, 50)),
                currency="USD",
                country=rng.choice(["KE", "SN", "CO", "MX", "LB", "EG"]),
                reference=f"R{rfp.pk}-{number + 1}",
                created_at=now,
                submitted_at=now - timedelta(minutes=number),
            )
            for number in range(APPLICATIONS)
        ],
        batch_size=1000,
    )
    reviewers = [User(email=f"reviewer{number}@example.org", name=f"Reviewer {number}") for number in range(REVIEWERS)]
    for user in reviewers:
        user.set_unusable_password()
    reviewers = User.objects.bulk_create(reviewers)
    from django.contrib.auth.models import Group

    Group.objects.get(name=Role.REVIEWER.value).user_set.add(*reviewers)
    assignments = []
    for index, application in enumerate(applications):
        for offset in range(PER_APPLICATION):
            assignments.append(
                Assignment(
                    rfp=rfp,
                    application=application,
                    reviewer=reviewers[(index + offset) % REVIEWERS],
                    due_at=now + timedelta(days=14),
                    access_ends_at=now + timedelta(days=90),
                    created_by=staff,
                    no_conflict_confirmed_at=now,
                )
            )
    assignments = Assignment.objects.bulk_create(assignments, batch_size=2000)
    # Each reviewer a little harsher or kinder than the others, as real ones are.
    bias = {reviewer.pk: rng.uniform(-10, 10) for reviewer in reviewers}
    Review.objects.bulk_create(
        [
            Review(
                assignment=assignment,
                rfp=rfp,
                application_id=assignment.application_id,
                reviewer_id=assignment.reviewer_id,
                status=Review.Status.SUBMITTED,
                total=Decimal(min(100.0, max(0.0, rng.gauss(60, 15) + bias[assignment.reviewer_id]))).quantize(
                    Decimal("0.01")
                ),
                recommendation=rng.choice(Review.Recommendation.values),
                submitted_at=now,
            )
            for assignment in assignments
        ],
        batch_size=2000,
    )
    PanelRecommendation.objects.bulk_create(
        [
            PanelRecommendation(
                application=application,
                recommendation=rng.choice(PanelRecommendation.Recommendation.values),
                recorded_by=staff,
            )
            for application in applications[::10]
        ]
    )
    return rfp


def seed():
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db import connection

    from accounts import services
    from accounts.models import User
    from accounts.roles import Role

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    staff = User.objects.create_user("staff@example.org", "unused-" + str(time.time()), name="Sophie Martin")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    TOTP.activate(staff, generate_totp_secret())
    services.grant_role(staff, Role.PROGRAM_STAFF, by=None)
    started = time.perf_counter()
    rfp = make_call(staff)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(
        f"seeded {APPLICATIONS:,} applications and {APPLICATIONS * PER_APPLICATION:,} reviews"
        f" in {time.perf_counter() - started:.0f} s"
    )
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    session["account_authentication_methods_user"] = str(staff.pk)
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"}]
    session.create()
    return rfp, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def url(name: str, rfp, **params) -> str:
    from django.urls import reverse

    path = reverse(name, args=[rfp.pk])
    return f"{path}?{urlencode(params)}" if params else path


def timed_cold(client: Client, rfp, path: str, marker: str, runs: int) -> list[float]:
    """The page after one review's total changed before each run: the standings are computed
    afresh in whichever worker answers."""
    from reviews.models import Review

    review = Review.objects.filter(rfp=rfp).order_by("pk").first()
    latencies = []
    for run in range(runs):
        Review.objects.filter(pk=review.pk).update(total=Decimal(50) + Decimal(run % 50) / 100)
        latencies.extend(timed_gets(client, path, marker, 1))
    return latencies


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    rfp, cookie = seed()
    first_page = url("reviews:ranking", rfp)
    marker = f"R{rfp.pk}-"
    views = {
        "ranking, first page": first_page,
        "filtered and re-sorted": url("reviews:ranking", rfp, spread="ok", panel="none", sort="-amount"),
        "printable, every row": url("reviews:ranking-print", rfp),
    }
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_serving(server, port, Target("ranking", first_page, marker, cookie=cookie), log)
            client = Client(port, cookie)
            for path in views.values():
                timed_gets(client, path, marker, 5)  # warm up every worker
            latencies = {name: timed_gets(client, path, marker, RUNS) for name, path in views.items()}
            latencies["first page, standings cold"] = timed_cold(client, rfp, first_page, marker, RUNS)
        finally:
            server.terminate()
            server.wait(30)

    import gunicorn

    load = os.getloadavg()
    print(
        f"\ngunicorn {gunicorn.__version__}, {gunicorn_workers()} sync workers, production settings, PostgreSQL; "
        f"one request at a time; {APPLICATIONS:,} applications, {APPLICATIONS * PER_APPLICATION:,} submitted reviews"
        f"\nload average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (the machine may be shared)\n"
    )
    print(f"{'request':<28} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, values in latencies.items():
        print(f"{name:<28} {summary(values)}")
    median = statistics.median(latencies["ranking, first page"]) * 1000
    print(f"\ngoal: first page median 80 ms or less: {'met' if median <= 80 else 'NOT met'} ({median:.1f} ms)")


if __name__ == "__main__":
    main()
