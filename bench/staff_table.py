"""The staff table of a call with 10,000 submitted applications, under gunicorn (gunicorn.conf.py)
with the production settings on PostgreSQL: its first page and filtered searches, each timed
RUNS times one request at a time (median and p95); the table's throughput beside a bare Django
view's in the same run (bench/pages.py's load: CONCURRENCY threads); and the CSV export of the
10,000 rows and of a call of 1,000, timed, with the workers' peak memory (VmHWM) after each, to
show that a streamed export does not grow with its rows.

    .venv/bin/python bench/staff_table.py [runs]    # DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/acc_bench

That database is dropped, made again, migrated and seeded: the two calls, bulk-created
applications with titles and answers in English, French, Spanish and Arabic (one answer
sensitive, encrypted), their search vectors built by `rebuild_search_vectors`, and one program
staff member with an authenticator app, whose signed-in session is written here.
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

from bench.applying import Client
from bench.pages import (
    CONCURRENCY,
    Target,
    free_port,
    gunicorn_workers,
    load,
    recreate_database,
    start_gunicorn,
    wait_until_serving,
)

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
EXPORT_RUNS = max(5, RUNS // 3)
THROUGHPUT_SECONDS = 10.0
BIG, SMALL = 10_000, 1_000
rng = random.Random(42)

WHO = {
    "en": ["journalists", "women human rights defenders", "lawyers", "land defenders", "students", "trade unionists"],
    "fr": ["journalistes", "défenseures des droits humains", "avocats", "défenseurs de la terre", "étudiants"],
    "es": ["periodistas", "defensoras de derechos humanos", "abogados", "defensores de la tierra", "estudiantes"],
    "ar": ["الصحفيين", "المدافعات عن حقوق الإنسان", "وللمحامين", "المدافعين عن الأرض", "الطلاب", "والمدافعين"],
}
WHAT = {
    "en": [
        "Safe houses for",
        "Legal aid for",
        "Digital security training for",
        "Emergency relocation of",
        "Medical care for",
    ],
    "fr": [
        "Maisons sûres pour",
        "Aide juridique aux",
        "Formation en sécurité numérique des",
        "Relocalisation d'urgence des",
    ],
    "es": [
        "Casas seguras para",
        "Asistencia legal para",
        "Capacitación en seguridad digital de",
        "Reubicación urgente de",
    ],
    "ar": ["بيوت آمنة", "مساعدة قانونية", "تدريب على الأمن الرقمي", "نقل طارئ", "رعاية طبية"],
}
WHERE = {
    "en": ["in the capital", "after the elections", "in the north", "across the border"],
    "fr": ["dans la capitale", "après les élections", "dans le nord", "de l'autre côté de la frontière"],
    "es": ["en la capital", "después de las elecciones", "en el norte", "al otro lado de la frontera"],
    "ar": ["في العاصمة", "بعد الانتخابات", "في الشمال", "عبر الحدود"],
}
SUMMARY = {
    "en": "We will {what} {who} {where}, with partners we have worked with for years.",
    "fr": "Nous voulons {what} {who} {where}, avec des partenaires de longue date.",
    "es": "Queremos {what} {who} {where}, con organizaciones aliadas desde hace años.",
    "ar": "سنقدم {what} إلى {who} {where} مع شركاء نعمل معهم منذ سنوات.",
}
COUNTRIES = ["KE", "SN", "CO", "MX", "LB", "EG", "TN", "PH", "UG", "FR"]
STATUSES = ["submitted", "in_review", "in_review", "awarded", "declined"]


def title_in(language: str) -> tuple[str, str]:
    what, who, where = rng.choice(WHAT[language]), rng.choice(WHO[language]), rng.choice(WHERE[language])
    title = f"{what} {who} {where}"
    return title, SUMMARY[language].format(what=what.lower(), who=who, where=where)


def make_call(staff, count: int):
    """A published call in four languages with a title, a summary, an amount, a country, a choice
    and a sensitive story, and `count` submitted applications to it."""
    from django.utils import timezone

    from core import encryption
    from grants.models import RFP, Application, Question
    from grants.selectors import form_of
    from grants.snapshot import snapshot_of
    from tests.factories import QuestionFactory, RFPFactory, SectionFactory

    T = Question.Type
    languages = ["en", "fr", "es", "ar"]
    rfp = RFPFactory(
        status=RFP.Status.PUBLISHED,
        published_at=timezone.now(),
        staff=[staff],
        created_by=staff,
        languages=languages,
        currency="USD",
    )
    section = SectionFactory(rfp=rfp, position=0)
    for position, (key, kind, extra) in enumerate(
        [
            ("title", T.SHORT_TEXT, {}),
            ("summary", T.LONG_TEXT, {}),
            ("amount", T.AMOUNT, {}),
            ("where", T.COUNTRY, {}),
            ("focus", T.SINGLE_CHOICE, {"choices": ["c1", "c2", "c3"]}),
            ("story", T.LONG_TEXT, {"sensitive": True}),
        ]
    ):
        texts = {language: {"label": key.title(), "help": ""} for language in languages}
        if kind == T.SINGLE_CHOICE:
            for language, labels in {
                "en": ("Advocacy", "Security", "Relocation"),
                "fr": ("Plaidoyer", "Sécurité", "Relocalisation"),
                "es": ("Incidencia", "Seguridad", "Reubicación"),
                "ar": ("المناصرة", "الأمن", "النقل"),
            }.items():
                texts[language]["choices"] = dict(zip(["c1", "c2", "c3"], labels, strict=True))
        QuestionFactory(section=section, key=key, type=kind, position=position, texts=texts, **extra)
    snapshot = snapshot_of(rfp, form_of(rfp))
    applicants = applicants_for(count)
    now = timezone.now()
    rows = []
    for number in range(count):
        language = languages[number % 4]
        title, summary = title_in(language)
        amount = Decimal(rng.randrange(500, 50_000, 50))
        country = rng.choice(COUNTRIES)
        story = encryption.encrypt('{"story": "Two of us were followed home after the hearing."}')
        rows.append(
            Application(
                rfp=rfp,
                applicant=applicants[number % len(applicants)],
                status=rng.choice(STATUSES),
                language=language,
                answers={
                    "title": title,
                    "summary": summary,
                    "amount": str(amount),
                    "where": country,
                    "focus": rng.choice(["c1", "c2", "c3"]),
                },
                sensitive_answers=story,
                title=title,
                requested_amount=amount,
                currency="USD",
                country=country,
                reference=f"B{rfp.pk}-{number + 1}",
                form_snapshot=snapshot,
                created_at=now,
                submitted_at=now - timedelta(minutes=rng.randrange(0, 60 * 24 * 60)),
            )
        )
    Application.objects.bulk_create(rows, batch_size=1000)
    return rfp


_applicants = []


def applicants_for(count: int) -> list:
    from accounts.models import User

    if not _applicants:
        users = [User(email=f"applicant{number}@example.org", name=f"Applicant {number}") for number in range(500)]
        for user in users:
            user.set_unusable_password()
        _applicants.extend(User.objects.bulk_create(users))
    return _applicants


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
    big, small = make_call(staff, BIG), make_call(staff, SMALL)
    call_command("rebuild_search_vectors", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with connection.cursor() as cursor:
        # As autovacuum would after a bulk load: statistics, and the visibility map that lets
        # counts read the index alone.
        cursor.execute("VACUUM ANALYZE")
    print(f"seeded {BIG + SMALL} applications and their search vectors in {time.perf_counter() - started:.0f} s")

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(staff.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = staff.get_session_auth_hash()
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    session["account_authentication_methods_user"] = str(staff.pk)
    session["account_authentication_methods"] = [{"method": "mfa", "at": time.time(), "id": totp.pk, "type": "totp"}]
    session.create()
    return big, small, session.session_key, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def fresh_proof(session_key: str) -> None:
    """The export asks for the password again after five minutes: record a new sign-in, as the
    re-authentication page would."""
    from django.conf import settings

    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)
    methods = session["account_authentication_methods"]
    session["account_authentication_methods"] = [*methods[:-1], {**methods[-1], "at": time.time()}]
    session.save()


def table_url(rfp, **params) -> str:
    from django.urls import reverse

    url = reverse("grants:staff-applications", args=[rfp.pk])
    return f"{url}?{urlencode(params)}" if params else url


def timed_gets(client: Client, path: str, marker: str, runs: int) -> list[float]:
    latencies = []
    for _ in range(runs):
        started = time.perf_counter()
        status, _headers, body = client.request("GET", path)
        latencies.append(time.perf_counter() - started)
        if status != 200 or marker.encode() not in body:
            sys.exit(f"{path} answered {status} without {marker!r}")
    return latencies


def worker_memory(master: int) -> dict[int, tuple[int, int]]:
    """(VmHWM, VmRSS) in kB of each gunicorn worker, by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip()) != master:
            continue
        found[int(entry.name)] = (int(fields["VmHWM"].split()[0]), int(fields["VmRSS"].split()[0]))
    return found


def timed_exports(client: Client, session, rfp, rows: int, runs: int, master: int) -> tuple[list[float], int, int]:
    from django.urls import reverse

    from grants.exports import columns_of

    path = reverse("grants:staff-applications-export", args=[rfp.pk])
    columns = [column.key for column in columns_of(rfp) if column.by_default]
    latencies, size = [], 0
    for _ in range(runs):
        fresh_proof(session)
        token = client.token(path)
        body = urlencode({"csrfmiddlewaretoken": token, "columns": columns}, doseq=True).encode()
        started = time.perf_counter()
        status, _headers, data = client.request("POST", path, body, "application/x-www-form-urlencoded")
        latencies.append(time.perf_counter() - started)
        lines = data.count(b"\r\n") - 1  # less the header; a line break inside a cell is \n alone
        if status != 200 or lines != rows:
            sys.exit(f"the export answered {status} with {lines} rows, not {rows}")
        size = len(data)
    peak = max(hwm for hwm, _rss in worker_memory(master).values())
    return latencies, size, peak


def summary(latencies: list[float]) -> str:
    median = statistics.median(latencies) * 1000
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    return f"{len(latencies):>5} {median:10.1f} {p95:8.1f}"


def main() -> None:
    recreate_database(os.environ["DATABASE_URL"])
    big, small, session, cookie = seed()
    first_page = table_url(big)
    searches = {
        "search, French, filtered": table_url(big, q="journaliste", status="in_review", amount_min="2000"),
        "search, Arabic, filtered": table_url(big, q="مدافع", country="EG", sort="-amount"),
        "search, phrase and -word": table_url(big, q='"legal aid" -students', submitted_from="2000-01-01"),
    }
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_gunicorn(port, log)
        try:
            wait_until_serving(server, port, Target("table", first_page, f"B{big.pk}-", cookie=cookie), log)
            client = Client(port, cookie)
            master = server.pid
            memory_at_start = max(hwm for hwm, _rss in worker_memory(master).values())
            # The exports first, while the workers are fresh: their peak is the exports' own.
            small_exports = timed_exports(client, session, small, SMALL, EXPORT_RUNS, master)
            big_exports = timed_exports(client, session, big, BIG, EXPORT_RUNS, master)
            timed_gets(client, first_page, f"B{big.pk}-", 5)  # warm up
            latencies = {"table, first page": timed_gets(client, first_page, f"B{big.pk}-", RUNS)}
            for name, path in searches.items():
                latencies[name] = timed_gets(client, path, "<table", RUNS)
            rates = {}
            for _round in range(2):
                for target in (
                    Target("bare", "/bench/bare/", "bare"),
                    Target("table", first_page, f"B{big.pk}-", cookie=cookie),
                ):
                    result = load(port, target, THROUGHPUT_SECONDS, master)
                    if result.failures:
                        sys.exit(f"{len(result.failures)} requests failed, e.g. {result.failures[0]}")
                    done, seconds = rates.get(target.name, (0, 0.0))
                    rates[target.name] = (done + len(result.latencies), seconds + result.seconds)
        finally:
            server.terminate()
            server.wait(30)

    import gunicorn

    print(
        f"\ngunicorn {gunicorn.__version__}, {gunicorn_workers()} sync workers, production settings, PostgreSQL; "
        f"one request at a time unless said; a call of {BIG:,} submitted applications\n"
    )
    print(f"{'request':<28} {'runs':>5} {'median ms':>10} {'p95 ms':>8}")
    for name, values in latencies.items():
        print(f"{name:<28} {summary(values)}")
    print(f"\nthroughput, {CONCURRENCY} client threads, 2 turns of {THROUGHPUT_SECONDS:.0f} s each:")
    bare = rates["bare"][0] / rates["bare"][1]
    table = rates["table"][0] / rates["table"][1]
    print(f"  bare Django view {bare:8.1f} req/s")
    print(f"  table first page {table:8.1f} req/s ({table / bare:.0%} of the bare view's)")
    print(f"\nCSV export (default columns), {EXPORT_RUNS} runs each; workers' peak memory (VmHWM, largest worker):")
    print(f"  before any export: {memory_at_start / 1024:.1f} MiB")
    for rows, (values, size, peak) in ((SMALL, small_exports), (BIG, big_exports)):
        print(
            f"  {rows:>6,} rows, {size / 1024 / 1024:5.1f} MiB: median {statistics.median(values) * 1000:7.0f} ms,"
            f" p95 {statistics.quantiles(values, n=20)[18] * 1000:7.0f} ms; peak after them {peak / 1024:.1f} MiB"
        )


if __name__ == "__main__":
    main()
