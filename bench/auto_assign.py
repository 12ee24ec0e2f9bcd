"""The automatic assignment of a call of 5,000 submitted applications to 50 reviewers, three
reviewers each, on PostgreSQL with the production settings: the whole service (the call locked,
the bars read, the plan, 15,000 assignments written, 5,000 applications moved to in review with
their audit events, 50 messages queued, one audit event), its plan alone (reads and algorithm,
nothing written) and reviews/assigning.py alone, timed SERVICE_RUNS, RUNS and at least 100 times
(median and p95).

    .venv/bin/python bench/auto_assign.py [runs] [service runs]    # DATABASE_URL: .../acc_bench_assign

That database is dropped, made again, migrated and seeded: the call, 500 organisations in ten
countries, the applications, the reviewers (five excluded from a country, five from an
organisation, ten members of an organisation that applied) and 200 declared conflicts. Each run
of the service is rolled back, so each starts from the same call; the commit is not timed (nor
the messages' publication, which follows it).
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/acc_bench_assign")

from bench.pages import recreate_database

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
# The service writes each table in one statement (the 5,000 moves too, through grants'
# move_all): a few seconds a run, so it runs as often as its plan.
SERVICE_RUNS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
APPLICATIONS, REVIEWERS, ORGANISATIONS, PER_APPLICATION = 5_000, 50, 500, 3
COUNTRIES = ["KE", "SN", "CO", "MX", "LB", "EG", "TN", "PH", "UG", "FR"]
rng = random.Random(7)


def seed():
    import django

    django.setup()
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from accounts.models import Membership, Organisation, User
    from accounts.roles import Role
    from grants.models import RFP, Application
    from reviews.models import CallReviewer, ConflictDeclaration
    from tests.factories import RFPFactory

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    now = timezone.now()
    staff = User.objects.create_user("staff@example.org", None, name="Sophie Martin")
    staff.groups.add(Group.objects.get(name=Role.PROGRAM_STAFF))
    rfp = RFPFactory(
        status=RFP.Status.PUBLISHED,
        published_at=now,
        staff=[staff],
        created_by=staff,
        reviewers_per_application=PER_APPLICATION,
        time_zone="Africa/Nairobi",
    )
    applicants = User.objects.bulk_create(User(email=f"applicant{n}@example.org", name=f"A {n}") for n in range(500))
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Collective {n}", country=COUNTRIES[n % len(COUNTRIES)]) for n in range(ORGANISATIONS)
    )
    applications = Application.objects.bulk_create(
        (
            Application(
                rfp=rfp,
                applicant=applicants[n % len(applicants)],
                organisation=organisations[n % ORGANISATIONS] if n % 5 else None,
                status=Application.Status.SUBMITTED,
                title=f"Application {n}",
                country=rng.choice(COUNTRIES),
                reference=f"B-{n + 1}",
                currency="USD",
                submitted_at=now - timedelta(minutes=n),
            )
            for n in range(APPLICATIONS)
        ),
        batch_size=1000,
    )
    reviewers = User.objects.bulk_create(
        User(email=f"reviewer{n}@example.org", name=f"R {n}") for n in range(REVIEWERS)
    )
    Group.objects.get(name=Role.REVIEWER).user_set.add(*reviewers)
    rows = CallReviewer.objects.bulk_create(
        CallReviewer(
            rfp=rfp,
            reviewer=person,
            added_by=staff,
            excluded_countries=[COUNTRIES[n]] if n < 5 else [],
        )
        for n, person in enumerate(reviewers)
    )
    for n in range(5, 10):
        rows[n].excluded_organisations.add(organisations[n])
    Membership.objects.bulk_create(
        Membership(user=reviewers[n], organisation=organisations[20 + n]) for n in range(10, 20)
    )
    ConflictDeclaration.objects.bulk_create(
        ConflictDeclaration(rfp=rfp, application=application, reviewer=rng.choice(reviewers), reason="A relative")
        for application in rng.sample(applications, 200)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return rfp, staff, [person.pk for person in reviewers]


class Rollback(Exception):
    pass


def timed(function, runs: int) -> list[float]:
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        latencies.append(time.perf_counter() - started)
    return latencies


def summary(name: str, latencies: list[float]) -> str:
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000 if len(latencies) > 1 else median
    return f"{name:<44} {len(latencies):>5} {median:10.1f} {p95:9.1f}"


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    rfp, staff, reviewer_ids = seed()
    from django.db import transaction
    from django.utils import timezone

    from grants.models import Application
    from reviews import assigning, eligibility
    from reviews.models import Assignment
    from reviews.services import assignments

    due = (timezone.now() + timedelta(days=21)).date()
    service_times = []
    for _ in range(SERVICE_RUNS):
        try:
            with transaction.atomic():
                started = time.perf_counter()
                made = assignments.auto_assign(rfp, reviewer_ids, due, by=staff)
                service_times.append(time.perf_counter() - started)
                moved = Application.objects.filter(rfp=rfp, status=Application.Status.IN_REVIEW).count()
                loads = list(
                    Assignment.objects.filter(rfp=rfp).values("reviewer").annotate(n=django_count()).values_list("n")
                )
                if made != APPLICATIONS * PER_APPLICATION or moved != APPLICATIONS:
                    sys.exit(f"assigned {made}, moved {moved}")
                raise Rollback
        except Rollback:
            pass
    spread = (min(n for (n,) in loads), max(n for (n,) in loads))
    plan_times = timed(lambda: assignments.plan_auto_assignment(rfp, reviewer_ids), RUNS)

    applications = list(Application.objects.filter(rfp=rfp).select_related("organisation"))
    bars = eligibility.bars_of(rfp, applications, reviewer_ids)
    needs = {application.pk: PER_APPLICATION for application in applications}
    algorithm_times = timed(lambda: assigning.plan(needs, reviewer_ids, barred=bars), max(RUNS, 100))

    print(
        f"\nPostgreSQL, production settings; {APPLICATIONS:,} submitted applications, {REVIEWERS} reviewers, "
        f"{PER_APPLICATION} each; load average {' '.join(f'{value:.2f}' for value in os.getloadavg())}\n"
    )
    print(f"{'what':<44} {'runs':>5} {'median ms':>10} {'p95 ms':>9}")
    print(summary("auto_assign (service, commit not timed)", service_times))
    print(summary("plan_auto_assignment (reads + plan, no write)", plan_times))
    print(summary("reviews/assigning.plan alone", algorithm_times))
    print(f"\nloads after the assignment: between {spread[0]} and {spread[1]} per reviewer")


def django_count():
    from django.db.models import Count

    return Count("pk")


if __name__ == "__main__":
    main()
