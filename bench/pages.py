"""Requests per second and latency of the home page, a public call page and the staff builder's
call list, under gunicorn (gunicorn.conf.py) with the production settings on
PostgreSQL, beside a bare Django view served by the same gunicorn in the same run (behind the
same middleware: bench/pages_urls.py). Prints each page's throughput as a share of the bare
view's.

    .venv/bin/python bench/pages.py    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded: the two demo calls and ten more, all
open and run by one program-staff member with an authenticator app, whose signed-in session
(password and second factor, as allauth records them) is written here rather than typed into
the sign-in form. Static files are collected into var/static, as the production settings need.

The load comes from this process: CONCURRENCY threads, each sending one request after another
with http.client. gunicorn's sync workers close the connection after each response, so every
request opens a new one, as from a proxy that keeps no connections to its upstream. The four
targets take turns, ROUNDS times, so a burst of other work on the machine falls on all alike.
Two columns help read the others on a busy machine: gunicorn's CPU time per request (master and
workers; PostgreSQL's is not counted), which other work on the machine changes less than it
changes throughput; and this process's CPU while it loaded a page: near one core (the GIL's
limit), the client rather than the server set the pace, and the bare view's figure is a floor.
"""

import http.client
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "portal.example.org"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/acc_bench"
CONCURRENCY = 8
ROUNDS = 3
SECONDS_PER_TURN = 5.0
WARM_UP_SECONDS = 1.0
EXTRA_CALLS = 10

os.environ["DJANGO_SETTINGS_MODULE"] = "bench.pages_settings"
os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
# One key for this run, shared by the server and the session written here.
os.environ["SECRET_KEY"] = secrets.token_urlsafe(64)
os.environ["ANSWER_ENCRYPTION_KEYS"] = Fernet.generate_key().decode()
os.environ["ALLOWED_HOSTS"] = HOST

import dj_database_url  # noqa: E402
import psycopg2  # noqa: E402
from psycopg2 import sql  # noqa: E402


@dataclass
class Target:
    name: str
    path: str
    marker: str  # what the page must hold, so an error page or a sign-in redirect is not measured
    cookie: str = ""


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    client_cpu_seconds: float = 0.0  # this process's, to tell whether the client was the limit
    server_cpu_seconds: float = 0.0  # gunicorn's, master and workers (not PostgreSQL's)
    failures: list[str] = field(default_factory=list)


def recreate_database(url: str) -> None:
    database = dj_database_url.parse(url)
    if database["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("DATABASE_URL must name a PostgreSQL database: the benchmark is of production.")
    connection = psycopg2.connect(
        dbname="postgres",
        user=database["USER"],
        password=database["PASSWORD"] or None,
        host=database["HOST"],
        port=database["PORT"] or 5432,
    )
    connection.autocommit = True
    with connection.cursor() as cursor:
        name = sql.Identifier(database["NAME"])
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(name))
    connection.close()


def seed() -> list[Target]:
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.urls import reverse
    from django.utils import timezone

    from accounts import services
    from accounts.models import User
    from accounts.roles import Role
    from grants.models import RFP
    from portal.demo_calls import seed_calls
    from tests.factories import QuestionFactory, RFPFactory, SectionFactory

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)

    staff = User.objects.create_user("staff@example.org", secrets.token_urlsafe(16), name="Sophie Martin")
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    TOTP.activate(staff, generate_totp_secret())
    services.grant_role(staff, Role.PROGRAM_STAFF, by=None)
    demo_calls = seed_calls(staff=staff, created_by=staff)
    for _ in range(EXTRA_CALLS):
        rfp = RFPFactory(status=RFP.Status.PUBLISHED, published_at=timezone.now(), staff=[staff], created_by=staff)
        for section in SectionFactory.create_batch(3, rfp=rfp):
            QuestionFactory.create_batch(4, section=section)

    now = time.time()
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    session["account_authentication_methods"] = [
        {"method": "password", "at": now, "email": staff.email},
        {"method": "mfa", "at": now, "id": totp.pk, "type": "totp"},
    ]
    session["account_authentication_methods_user"] = str(staff.pk)
    session.create()

    call = demo_calls[0]
    return [
        Target("bare Django view", "/bench/bare/", "bare"),
        Target("home page", reverse("portal:home"), reverse("calls:call", args=[call.pk])),
        Target("public call page", reverse("calls:call", args=[call.pk]), call.texts["en"]["title"]),
        Target(
            "staff call list",
            reverse("grants:rfps"),
            reverse("grants:rfp", args=[call.pk]),
            cookie=f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
        ),
    ]


def headers_for(target: Target) -> dict[str, str]:
    # As the reverse proxy sends them: the production settings redirect anything not HTTPS.
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Accept-Language": "en"}
    if target.cookie:
        headers["Cookie"] = target.cookie
    return headers


def fetch(connection: http.client.HTTPConnection, target: Target) -> tuple[int, bytes]:
    connection.request("GET", target.path, headers=headers_for(target))
    response = connection.getresponse()
    return response.status, response.read()


def check(port: int, target: Target) -> str | None:
    """Why `target` cannot be measured, or None."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        status, body = fetch(connection, target)
    finally:
        connection.close()
    if status != 200:
        return f"{target.name}: {target.path} answered {status}"
    if target.marker.encode() not in body:
        return f"{target.name}: {target.path} does not hold {target.marker!r}"
    return None


def gunicorn_cpu_seconds(master: int) -> float:
    """CPU time of gunicorn so far: the master's own, that of the workers it has reaped (a worker
    is replaced after max_requests), and that of the workers alive now."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        # After the command's name: state, ppid, ... utime (11), stime, cutime, cstime.
        if int(entry.name) == master:
            total += sum(int(value) for value in fields[11:15])
        elif int(fields[1]) == master:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def load(port: int, target: Target, seconds: float, master: int) -> Result:
    result = Result()
    stop_at = time.perf_counter() + seconds
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies, failures = [], []
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            status, _ = fetch(connection, target)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                failures.append(f"{target.path} answered {status}")
        connection.close()
        with lock:
            result.latencies += latencies
            result.failures += failures

    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    started, cpu_started, server_started = time.perf_counter(), time.process_time(), gunicorn_cpu_seconds(master)
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - started
    result.client_cpu_seconds = time.process_time() - cpu_started
    result.server_cpu_seconds = gunicorn_cpu_seconds(master) - server_started
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, log) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--config",
            "gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            # Its default control socket is one per user: it would collide with another gunicorn.
            "--no-control-socket",
            "accelerate.wsgi",
        ],
        cwd=ROOT,
        env=os.environ,
        stdout=subprocess.DEVNULL,  # the access log: written as in production, not kept
        stderr=log,
    )


def wait_until_serving(server: subprocess.Popen, port: int, target: Target, log) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            sys.exit("gunicorn stopped:\n" + log.read().decode(errors="replace"))
        try:
            if check(port, target) is None:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit("gunicorn did not answer within 60 s")


def gunicorn_workers() -> int:
    import runpy

    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"]


def report(targets: list[Target], results: dict[str, Result]) -> None:
    import gunicorn

    bare = len(results[targets[0].name].latencies) / results[targets[0].name].seconds
    print(
        f"\ngunicorn {gunicorn.__version__}, {gunicorn_workers()} sync workers, production settings, PostgreSQL; "
        f"{CONCURRENCY} client threads (http.client), {ROUNDS} turns of {SECONDS_PER_TURN:.0f} s per page\n"
    )
    print(
        f"{'page':<20} {'req/s':>8} {'median ms':>10} {'p95 ms':>8} {'share of bare':>14}"
        f" {'gunicorn CPU/req':>17} {'client CPU':>11}"
    )
    for target in targets:
        result = results[target.name]
        requests = len(result.latencies)
        rate = requests / result.seconds
        median = statistics.median(result.latencies) * 1000
        p95 = statistics.quantiles(result.latencies, n=20)[18] * 1000
        server = result.server_cpu_seconds / requests * 1000
        client = result.client_cpu_seconds / result.seconds
        print(
            f"{target.name:<20} {rate:8.1f} {median:10.1f} {p95:8.1f} {rate / bare:14.0%}"
            f" {server:14.1f} ms {client:6.2f} cores"
        )


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    targets = seed()
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_serving(server, port, targets[0], log)
            problems = [problem for target in targets if (problem := check(port, target))]
            if problems:
                sys.exit("Cannot measure:\n  " + "\n  ".join(problems))
            for target in targets:
                load(port, target, WARM_UP_SECONDS, server.pid)
            results = {target.name: Result() for target in targets}
            for _ in range(ROUNDS):
                for target in targets:
                    turn = load(port, target, SECONDS_PER_TURN, server.pid)
                    total = results[target.name]
                    total.latencies += turn.latencies
                    total.seconds += turn.seconds
                    total.client_cpu_seconds += turn.client_cpu_seconds
                    total.server_cpu_seconds += turn.server_cpu_seconds
                    total.failures += turn.failures
        finally:
            server.terminate()
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    failures = [failure for result in results.values() for failure in result.failures]
    if failures:
        sys.exit(f"{len(failures)} requests failed, e.g. {failures[0]}: no figures.")
    report(targets, results)


if __name__ == "__main__":
    main()
