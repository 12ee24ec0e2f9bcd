"""Award letters: the median time to draw one (the letter's HTML, then core.pdf.render_pdf), in
English and in Arabic, and the time two prefork workers on the `pdf` queue take to draw 500
letters through Redis, each stored with its hash as the task leaves it. Needs PostgreSQL (the
workers are other processes), a database of the bench's own (it is emptied first) and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accelerate_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/letters.py
"""

import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accelerate.settings.test")
MEDIA = tempfile.mkdtemp(prefix="letters-bench-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

import pypdf  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from accelerate.celery import app as celery_app  # noqa: E402
from awards.letter import letter_html  # noqa: E402
from awards.models import Letter  # noqa: E402
from awards.services import letters  # noqa: E402
from core.pdf import render_pdf  # noqa: E402
from tests.awards.factories import AwardFactory, ReportRequirementFactory, TrancheFactory  # noqa: E402
from tests.notifications.conftest import wait_for  # noqa: E402

RUNS = 35
LETTERS = 500
WORKERS = 2


def award_in(language: str):
    award = AwardFactory(
        language=language,
        decision__amount=Decimal("12345.67"),
        decision__application__rfp__currency="USD",
        conditions="Keep receipts for five years.",
    )
    today = date.today()
    TrancheFactory(award=award, amount=Decimal("10000.00"), scheduled_on=today + timedelta(days=15))
    TrancheFactory(award=award, amount=Decimal("2345.67"), scheduled_on=today + timedelta(days=180))
    ReportRequirementFactory(award=award, due_on=today + timedelta(days=365))
    return award


def letter_of(award, version: int) -> Letter:
    return Letter.objects.create(
        award=award,
        version=version,
        language=award.language,
        requested_by=award.decision.decided_by,
    )


def one_letter(award) -> None:
    letter = letter_of(award, 1)
    render_pdf(letter_html(letter))  # fonts and caches loaded once, as in a worker that has drawn before
    wall = []
    for _ in range(RUNS):
        started = time.perf_counter()
        pdf = render_pdf(letter_html(letter))
        wall.append(time.perf_counter() - started)
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    print(
        f"{award.language:8} {pages:5} {statistics.median(wall) * 1000:9.1f} "
        f"{min(wall) * 1000:8.1f} {max(wall) * 1000:8.1f} {len(pdf):8,}"
    )


def start_worker(number: int) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "accelerate",
            "worker",
            "--pool=prefork",
            "--concurrency=1",
            "-Q",
            "pdf",
            "-n",
            f"letters{number}@%h",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={**os.environ, "MEDIA_ROOT": MEDIA},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def ready(award) -> int:
    return award.letters.filter(status=Letter.Status.READY).count()


def many_letters(award) -> None:
    with celery_app.connection_for_write() as broker_connection:
        broker_connection.default_channel.queue_purge("pdf")
    workers = [start_worker(number) for number in range(WORKERS)]
    try:
        for version in range(1, 2 * WORKERS + 1):  # each worker started and warm
            letters.publish(letter_of(award, version).pk)
        wait_for(lambda: ready(award) == 2 * WORKERS, timeout=120, message="the workers to start")

        queued = [letter_of(award, version) for version in range(2 * WORKERS + 1, 2 * WORKERS + LETTERS + 1)]
        started = time.monotonic()
        for letter in queued:
            letters.publish(letter.pk)
        wait_for(lambda: ready(award) == 2 * WORKERS + LETTERS, timeout=1800, interval=0.2, message="the letters")
        elapsed = time.monotonic() - started
        failed = award.letters.filter(status=Letter.Status.FAILED).count()
        print(
            f"{LETTERS} letters by {WORKERS} prefork workers (concurrency 1 each): {elapsed:.1f} s, "
            f"{LETTERS / elapsed:.1f} letters/s, {failed} failed"
        )
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(30)


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database: the workers are other processes.")
    if not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("Set CELERY_BROKER_URL to a Redis database of the bench's own.")
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("The database is emptied first: give one whose name says it is for benches.")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    print(f"One letter (HTML and PDF), median of {RUNS} runs")
    print(f"{'language':8} {'pages':>5} {'median ms':>9} {'min ms':>8} {'max ms':>8} {'bytes':>8}")
    for language in ("en", "ar"):
        one_letter(award_in(language))
    many_letters(award_in("en"))


if __name__ == "__main__":
    main()
