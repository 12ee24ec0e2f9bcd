"""A call's last minutes: N applicants, each opening their draft, saving three sections,
uploading a 1 MB PDF and submitting, all inside a window that ends at the deadline; half of them
sign in through the sign-in form during the window (the other half are signed in already);
halfway through, an admin extends the call's deadline through the extension service (it stood
a quarter of the window before the end, and now stands at the end), so the second half's
submissions count on it.

    pip install -r requirements-bench.txt
    .venv/bin/python bench/rush.py [--applicants 200] [--window 60] [--workers 5] [--users 500]
    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench_rush

Against gunicorn (gunicorn.conf.py; --workers sets WEB_CONCURRENCY) with the production settings
on PostgreSQL, Redis (CELERY_BROKER_URL, default database 8 of the local Redis, emptied first)
and a Celery worker in a subprocess delivering the outbox to a local SMTP sink. The load comes
from locust, headless, in a subprocess (bench/rush_locustfile.py), up to --users applicants in
flight at once, with --think seconds between one request and the next as people read and type.

The database is dropped, made again, migrated and seeded: the call (three sections of a few
questions, the last with a file question), the applicants with their drafts and, for the half
already signed in, their sessions (written here rather than typed into the form).

Prints requests per second, the median, p95 and p99 of each step, the errors, how long the
extension took and how many backends waited on a lock, then checks in the database that every
applicant submitted, with exactly one reference and one receipt, and that no saved answer is
missing.
"""

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/acc_bench_rush"
DEFAULT_BROKER_URL = "redis://127.0.0.1:6379/8"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER_URL)

from bench.pages import HOST, free_port, gunicorn_cpu_seconds, recreate_database, start_gunicorn  # noqa: E402

os.environ["DJANGO_SETTINGS_MODULE"] = "accelerate.settings.production"
os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
os.environ["ANSWER_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
os.environ["ALLOWED_HOSTS"] = HOST
# The proxy in front of gunicorn says who is asking (X-Forwarded-For), as in production.
os.environ["TRUSTED_PROXY_COUNT"] = "1"

PASSWORD = secrets.token_urlsafe(16)
STEPS = [
    "sign in: form",
    "sign in",
    "open the draft",
    "open a section",
    "save a section",
    "upload a 1 MB PDF",
    "submit",
    "read the receipt",
]

# (title, [(key, type, required, label, extra)]); the answers each applicant types follow.
FORM = [
    (
        "Organisation",
        [
            ("organisation_name", "short_text", True, "Name of the organisation", {"identifying": True}),
            ("organisation_country", "country", True, "Country where you mainly work", {}),
            ("mission", "long_text", True, "What does your organisation do?", {"word_limit": 300}),
        ],
    ),
    (
        "Project",
        [
            ("project_title", "short_text", True, "Title of the project", {}),
            ("project_summary", "long_text", True, "Describe the project", {"word_limit": 500}),
            ("start_date", "date", True, "When would the project start?", {}),
            ("risks", "long_text", True, "What risks do you face, and how do you manage them?", {"sensitive": True}),
        ],
    ),
    (
        "Budget",
        [
            ("amount", "amount", True, "Amount requested", {}),
            ("registered", "yes_no", True, "Is the organisation registered?", {}),
            ("budget", "file", True, "Budget (PDF or spreadsheet)", {}),
        ],
    ),
]
ANSWERS = {
    "organisation_name": "Defenders' Collective {n}",
    "organisation_country": "KE",
    "mission": "We document violations and support defenders under threat with legal aid and digital security.",
    "project_title": "Safe houses {n}",
    "project_summary": "Twelve months of safe houses, legal aid and training in digital security for 40 defenders.",
    "start_date": "2027-03-31",
    "risks": "Surveillance of our phones and raids on our office; we meet off-site and encrypt our devices.",
    "registered": "yes",
    "amount": "12000",
}


def document(megabytes: float) -> bytes:
    """A PDF of about `megabytes` (a noise picture, which its JPEG cannot shrink), as a scanned
    budget is, with its author in the document info for the upload to strip."""
    import io

    import pikepdf
    from PIL import Image

    side = int((megabytes * 1024 * 1024 / 0.9) ** 0.5)
    noise = Image.frombytes("RGB", (side, side), secrets.token_bytes(side * side * 3))
    buffer = io.BytesIO()
    noise.save(buffer, "PDF", quality=92)
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    pdf.docinfo["/Author"] = "Amina"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--applicants", type=int, default=200, help="N, the applicants (default 200)")
    parser.add_argument("--window", type=float, default=60, help="seconds from the first start to the deadline")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--users", type=int, default=500, help="applicants in flight at most (locust users)")
    parser.add_argument("--think", type=float, default=1.0, help="seconds between one request and the next")
    return parser.parse_args()


def answers_of_applicant(number: int) -> dict[str, str]:
    return {key: value.format(n=number) for key, value in ANSWERS.items()}


def seed(count: int):
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.core.management import call_command
    from django.utils import timezone
    from django.utils.crypto import get_random_string

    from accounts.models import User
    from accounts.roles import Role
    from grants.models import RFP, Application, Question, Section

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    now = timezone.now()
    admin = User.objects.create_user("admin@example.org", secrets.token_urlsafe(16), name="Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save(update_fields=["is_staff", "is_superuser"])
    admin.groups.add(Group.objects.get(name=Role.ADMIN.value))
    rfp = RFP.objects.create(
        mechanism=RFP.Mechanism.PROGRAMMATIC,
        status=RFP.Status.PUBLISHED,
        texts={"en": {"title": "Programmatic grants", "summary": "Twelve-month projects that defend civic space."}},
        default_language="en",
        languages=["en"],
        opens_at=now - timedelta(days=30),
        deadline=now + timedelta(days=1),  # moved to its place in the window once the seeding is done
        currency="USD",
        min_amount=5000,
        max_amount=25000,
        budget=10_000_000,
        created_by=admin,
        published_at=now - timedelta(days=30),
    )
    sections = []
    for section_position, (title, questions) in enumerate(FORM, start=1):
        section = Section.objects.create(rfp=rfp, position=section_position, texts={"en": {"title": title}})
        for position, (key, kind, required, label, extra) in enumerate(questions, start=1):
            Question.objects.create(
                rfp=rfp,
                section=section,
                key=key,
                type=kind,
                position=position,
                required=required,
                texts={"en": {"label": label, "help": ""}},
                **extra,
            )
        sections.append((section, [key for key, kind, *_ in questions if kind != Question.Type.FILE]))

    encoded = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"applicant{n}@example.org", name=f"Applicant {n}", password=encoded, language="en")
        for n in range(count)
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users
    )
    applications = Application.objects.bulk_create(
        Application(rfp=rfp, applicant=user, language="en", currency="USD", created_at=now, updated_at=now)
        for user in users
    )
    # The second half is signed in already: a session as a password sign-in leaves it.
    store, sessions, keys = SessionStore(), [], {}
    for user in users[count // 2 :]:
        key = get_random_string(32, "abcdefghijklmnopqrstuvwxyz0123456789")
        data = {
            SESSION_KEY: str(user.pk),
            BACKEND_SESSION_KEY: "accounts.backends.AuthenticationBackend",
            HASH_SESSION_KEY: user.get_session_auth_hash(),
            "account_authentication_methods": [{"method": "password", "at": time.time(), "email": user.email}],
        }
        sessions.append(Session(session_key=key, session_data=store.encode(data), expire_date=now + timedelta(hours=8)))
        keys[user.pk] = key
    Session.objects.bulk_create(sessions)
    return rfp, admin, sections, users, applications, keys, settings.SESSION_COOKIE_NAME


def place_deadline(rfp, applications, deadline) -> None:
    """The call's deadline before the window opens (set up, not an extension: nobody is in yet)."""
    from django.utils import timezone

    from grants.deadlines import effective_deadline, next_reminder_at
    from grants.models import RFP, Application

    RFP.objects.filter(pk=rfp.pk).update(deadline=deadline)
    rfp.deadline = deadline
    application = applications[0]
    application.rfp = rfp
    Application.objects.filter(rfp=rfp).update(
        next_reminder_at=next_reminder_at(effective_deadline(application), timezone.now())
    )


def plan(args, sections, users, applications, keys, cookie_name, port: int, started_at: float, pdf: Path) -> dict:
    from django.urls import reverse

    # The applicants start evenly over the window, early enough to finish by its end: one
    # journey is a dozen requests, six of them posts after a pause.
    journey = 6 * args.think + 5
    span = max(args.window - journey, 1)
    people = []
    for number, (user, application) in enumerate(zip(users, applications, strict=True)):
        answers = answers_of_applicant(number)
        people.append(
            {
                "email": user.email,
                "signs_in": user.pk not in keys,
                "cookies": {cookie_name: keys[user.pk]} if user.pk in keys else {},
                "ip": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
                "start": span * number / len(users),
                "overview": reverse("applying:application", args=[application.public_id]),
                "submit": reverse("applying:submit", args=[application.public_id]),
                "sections": [
                    {
                        "path": reverse("applying:section", args=[application.public_id, section.pk]),
                        "answers": {key: answers[key] for key in questions},
                    }
                    for section, questions in sections
                ],
            }
        )
    # Interleave the two halves, so sign-ins spread over the whole window.
    half = len(people) // 2
    order = [person for pair in zip(people[:half], people[half:], strict=False) for person in pair] + people[2 * half :]
    for number, person in enumerate(order):
        person["start"] = span * number / len(order)
    return {
        "host": HOST,
        "base_url": f"http://127.0.0.1:{port}",
        "login": reverse("account_login"),
        "password": PASSWORD,
        "file_key": "budget",
        "pdf": str(pdf),
        "think_seconds": args.think,
        "started_at": started_at,
        "applicants": order,
    }


class LockWatch(threading.Thread):
    """Samples pg_stat_activity every 0.2 s: how many of the portal's backends wait on a lock,
    and on which statement."""

    def __init__(self, url: str):
        super().__init__(daemon=True)
        import dj_database_url

        self.database = dj_database_url.parse(url)
        self.stopping = threading.Event()
        self.most, self.samples, self.waiting_samples, self.statements = 0, 0, 0, {}

    def run(self):
        import psycopg2

        db = self.database
        connection = psycopg2.connect(
            dbname=db["NAME"],
            user=db["USER"],
            password=db["PASSWORD"] or None,
            host=db["HOST"],
            port=db["PORT"] or 5432,
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            while not self.stopping.wait(0.2):
                cursor.execute(
                    "SELECT left(query, 90) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                rows = [row[0] for row in cursor.fetchall()]
                self.samples += 1
                self.waiting_samples += bool(rows)
                self.most = max(self.most, len(rows))
                for statement in rows:
                    self.statements[statement] = self.statements.get(statement, 0) + 1
        connection.close()


def start_worker(smtp_port: int, log) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "0"}
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "accelerate", "worker", "--pool=solo", "--loglevel=WARNING",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip


def wait_until_serving(server: subprocess.Popen, port: int, log) -> None:
    import http.client

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit("gunicorn stopped:\n" + log.read().decode(errors="replace"))
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            connection.request("GET", "/accounts/login/", headers={"Host": HOST, "X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 60 s")


def extend_halfway(rfp, admin, at: float, new_deadline, result: dict) -> None:
    from django.db import connection

    from grants.services.deadlines import extend_call_deadline

    time.sleep(max(at - time.time(), 0))
    started = time.perf_counter()
    try:
        extend_call_deadline(rfp, new_deadline, "An internet shutdown in the last hours of the call.", by=admin)
        result["seconds"] = time.perf_counter() - started
    except Exception as error:  # reported with the figures; the run goes on
        result["error"] = repr(error)
    finally:
        connection.close()


def one_sign_in_cost(runs: int = 20) -> tuple[float, str]:
    """Median milliseconds of one password check with the first of PASSWORD_HASHERS."""
    from django.contrib.auth.hashers import check_password, make_password

    encoded = make_password(PASSWORD)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        check_password(PASSWORD, encoded)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, encoded.rsplit("$", 2)[0]


def run_locust(args, plan_path: Path, results_path: Path) -> dict:
    users = min(args.users, args.applicants)
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "rush_locustfile.py"), "--headless",
        "--users", str(users), "--spawn-rate", str(min(max(users / 2, 1), 100)),
        "--run-time", f"{int(args.window + 180)}s",
        "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0",
    ]  # fmt: skip
    env = {**os.environ, "RUSH_PLAN": str(plan_path), "RUSH_RESULTS": str(results_path)}
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return json.loads(results_path.read_text())


def percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)]


def report(args, results: dict, extension: dict, locks: LockWatch, sign_in: tuple, cpu_seconds: float) -> int:
    times, failures = results["times"], results["failures"]
    every = [time_ms for step in times.values() for time_ms in step]
    errors = sum(failures.values())
    seconds = results["span"]["last"] - results["span"]["first"]
    print(
        f"\n{args.applicants} applicants in a {args.window:.0f} s window, gunicorn with "
        f"{os.environ.get('WEB_CONCURRENCY') or 'gunicorn.conf.py'} workers, {min(args.users, args.applicants)} "
        f"locust users, {args.think:.1f} s between requests; {results['finished']} journeys ended"
    )
    print(f"{len(every)} requests in {seconds:.0f} s: {len(every) / seconds:.1f} requests/s, {errors} errors")
    # Less swayed than latency by other work on the machine: what each request cost gunicorn.
    print(
        f"gunicorn's CPU per request (master and workers, not PostgreSQL's): {cpu_seconds / len(every) * 1000:.1f} ms\n"
    )
    print(f"{'step':<20} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    for step, step_times in [*((step, times[step]) for step in STEPS if step in times), ("every request", every)]:
        print(
            f"{step:<20} {len(step_times):>9} {percentile(step_times, 0.5):8.0f} {percentile(step_times, 0.95):8.0f}"
            f" {percentile(step_times, 0.99):8.0f} {max(step_times):8.0f}"
        )
    for failure, count in failures.items():
        print(f"  error, {count} times: {failure}")
    cost, parameters = sign_in
    print(f"\none password check ({parameters}): {cost:.1f} ms in this process")
    if "error" in extension:
        print(f"the extension failed: {extension['error']}")
    else:
        print(f"the call-wide extension (every draft told and re-armed) took {extension['seconds'] * 1000:.0f} ms")
    print(f"backends waiting on a lock: at most {locks.most}, in {locks.waiting_samples} of {locks.samples} samples")
    for statement, count in sorted(locks.statements.items(), key=lambda item: -item[1])[:5]:
        print(f"  {count:>5} samples: {statement}")
    return errors + ("error" in extension)


def check_database(users, applications, sections) -> list[str]:
    """What the database must hold once the rush is over."""
    from grants.models import Application, Attachment
    from grants.protected import answers_of
    from notifications.models import Message

    problems = []
    stored = {
        application.pk: application for application in Application.objects.filter(pk__in=[a.pk for a in applications])
    }
    submitted = [application for application in stored.values() if application.status == Application.Status.SUBMITTED]
    if len(submitted) != len(applications):
        problems.append(f"{len(applications) - len(submitted)} of {len(applications)} applicants did not submit")
    references = [application.reference for application in submitted]
    if None in references or len(set(references)) != len(references):
        problems.append("a submission has no reference, or shares one")
    receipts: dict[str, int] = {}
    for key in Message.objects.filter(template="grants/submitted").values_list("dedupe_key", flat=True):
        receipts[key] = receipts.get(key, 0) + 1
    for application in submitted:
        if receipts.get(f"grants/submitted:{application.pk}:{application.applicant_id}") != 1:
            problems.append(f"application {application.pk} has {receipts.get(application.pk, 0)} receipts")
    if sum(receipts.values()) != len(submitted):
        problems.append(f"{sum(receipts.values())} receipts for {len(submitted)} submissions")
    files = dict.fromkeys(stored, 0)
    for application_id in Attachment.objects.filter(application__in=stored).values_list("application_id", flat=True):
        files[application_id] += 1
    missing = 0
    for number, application in enumerate(applications):
        row = stored[application.pk]
        answers, typed = answers_of(row), answers_of_applicant(number)
        for section, keys in sections:
            if row.section_versions.get(str(section.pk), 0) and any(answers.get(key) != typed[key] for key in keys):
                missing += 1
        if row.status == Application.Status.SUBMITTED and files[row.pk] != 1:
            problems.append(f"application {row.pk} was submitted with {files[row.pk]} files")
    if missing:
        problems.append(f"{missing} saved sections lack an answer that was typed")
    return problems


def delivered_within(seconds: float) -> tuple[int, int, float]:
    """How many of the receipts the worker has delivered, waiting up to `seconds` for all."""
    from notifications.models import Message

    receipts = Message.objects.filter(template="grants/submitted")
    count, started = receipts.count(), time.monotonic()
    while True:
        sent = receipts.filter(status=Message.Status.SENT).count()
        if sent >= count or time.monotonic() - started > seconds:
            return sent, count, time.monotonic() - started
        time.sleep(1)


def main() -> None:
    args = options()
    if args.workers:
        os.environ["WEB_CONCURRENCY"] = str(args.workers)
    import redis

    redis.Redis.from_url(os.environ["CELERY_BROKER_URL"]).flushdb()
    recreate_database(os.environ["DATABASE_URL"])
    rfp, admin, sections, users, applications, keys, cookie_name = seed(args.applicants)
    sign_in = one_sign_in_cost()
    from tests.notifications.conftest import Sink

    sink = Sink()
    sink.controller.start()
    port = free_port()
    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as log:
        pdf = Path(folder) / "budget.pdf"
        pdf.write_bytes(document(1))
        server, worker = start_gunicorn(port, log), start_worker(sink.controller.port, log)
        locks = LockWatch(os.environ["DATABASE_URL"])
        try:
            wait_until_serving(server, port, log)
            started_at = time.time() + 5  # locust's own start-up
            place_deadline(rfp, applications, datetime.fromtimestamp(started_at + args.window * 0.75, UTC))
            plan_path = Path(folder) / "plan.json"
            plan_path.write_text(
                json.dumps(plan(args, sections, users, applications, keys, cookie_name, port, started_at, pdf))
            )
            extension: dict = {}
            new_deadline = datetime.fromtimestamp(started_at + args.window, UTC)
            extender = threading.Thread(
                target=extend_halfway, args=(rfp, admin, started_at + args.window / 2, new_deadline, extension)
            )
            extender.start()
            locks.start()
            cpu_started = gunicorn_cpu_seconds(server.pid)
            results = run_locust(args, plan_path, Path(folder) / "results.json")
            cpu_seconds = gunicorn_cpu_seconds(server.pid) - cpu_started
            locks.stopping.set()
            extender.join()
            errors = report(args, results, extension, locks, sign_in, cpu_seconds)
            problems = check_database(users, applications, sections)
            sent, receipts, waited = delivered_within(120)
            print(f"receipts delivered by the worker: {sent} of {receipts} ({waited:.0f} s after the last request)")
            print(f"emails received by the SMTP sink: {len(sink.received)}")
        finally:
            for process in (server, worker):
                process.terminate()
            for process in (server, worker):
                try:
                    process.wait(30)
                except subprocess.TimeoutExpired:
                    process.kill()
            sink.controller.stop()
        log.seek(0)
        tracebacks = log.read().decode(errors="replace").count("Traceback")
    print(f"tracebacks in gunicorn's and the worker's logs: {tracebacks}")
    if problems:
        print("the database after the rush:\n  " + "\n  ".join(problems))
    else:
        print("the database after the rush: every applicant submitted, each with one reference, one receipt, one file,")
        print("and every saved answer is there")
    sys.exit(1 if errors or problems or tracebacks else 0)


if __name__ == "__main__":
    main()
