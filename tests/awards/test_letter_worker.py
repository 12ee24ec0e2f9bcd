"""Letters drawn by a real Celery worker: prefork (the solo pool and eager mode ignore time
limits), on the `pdf` queue, through Redis, seeing the test database. A letter that hangs while
WeasyPrint draws it ends as failed within the soft limit, with its reason."""

import io
import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.db import connection
from kombu import pools as kombu_pools

from accelerate.celery import app as celery_app
from awards.models import Letter
from awards.services import letters
from tests.core.pdf_probes import text
from tests.factories import OrganisationFactory
from tests.notifications.conftest import wait_for

from .factories import AwardFactory, staff_of

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
BROKER_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379").rstrip("/") + "/12"
S = Letter.Status
# Arabic words without a lam-alef ligature, which text extraction reads back as other characters.
ARABIC_ORGANISATION = "منظمة حقوق"


def database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def forget_connections():
    """Celery pools its producer connections, and kombu keeps the pools by broker URL: a new
    broker URL needs new ones, and the same URL again must not find a pool closed before."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


@pytest.fixture
def broker(settings):
    """This process publishes to Redis instead of drawing letters in-process; the `pdf` queue
    starts empty (a render left by an earlier run would find no letter, but would delay ours)."""
    settings.CELERY_BROKER_URL = BROKER_URL
    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    forget_connections()
    with celery_app.connection_for_write() as broker_connection:
        broker_connection.default_channel.queue_purge("pdf")
    yield BROKER_URL
    celery_app.conf.update(previous)
    forget_connections()


class Worker:
    """`celery worker --pool=prefork --concurrency=1 -Q pdf` in a subprocess of its own group."""

    def __init__(self, log: Path, **env):
        self.log = log
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "accelerate.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": BROKER_URL,
            **env,
        }
        self.process = None

    def start(self):
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(
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
                    "--loglevel=INFO",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its pool's processes can be ended with it
            )
        return self

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def said(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]


@pytest.fixture
def start_worker(postgres, broker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # where the worker stores the files, and this process reads them
    workers = []

    def start(**env) -> Worker:
        worker = Worker(tmp_path / f"worker-{len(workers)}.log", MEDIA_ROOT=str(settings.MEDIA_ROOT), **env).start()
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def status_of(letter: Letter) -> str:
    letter.refresh_from_db()
    return letter.status


def award_of(**fields):
    return AwardFactory(
        decision__amount=Decimal("12345.67"),
        decision__application__rfp__currency="USD",
        starts_on=date(2026, 3, 1),
        ends_on=date(2027, 2, 28),
        **fields,
    )


def pdf_of(letter: Letter) -> bytes:
    with letter.file.open("rb") as file:
        return file.read()


def test_the_worker_draws_letters_in_english_and_arabic(start_worker):
    worker = start_worker()
    english = award_of()
    arabic = award_of(
        language="ar",
        reference="G-2026-017",
        decision__application__organisation=OrganisationFactory(name=ARABIC_ORGANISATION),
    )

    drawn = [letters.request_letter(award, by=staff_of(award.rfp)) for award in (english, arabic)]

    for letter in drawn:
        wait_for(lambda letter=letter: status_of(letter) == S.READY, timeout=90, message=f"the letter\n{worker.said()}")
    content = " ".join(text(pdf_of(drawn[0])).split())
    for expected in (
        english.application.applicant.name,
        "12,345.67 USD",
        "twelve thousand, three hundred and forty-five US dollars and 67/100",
        "March 1, 2026",
        "Feb. 28, 2027",
    ):
        assert expected in content
    arabic_pdf = pdf_of(drawn[1])
    arabic_content = text(arabic_pdf)
    assert ARABIC_ORGANISATION in arabic_content
    assert "G-2026-017" in arabic_content and "017-2026" not in arabic_content
    with pikepdf.open(io.BytesIO(arabic_pdf)) as document:
        assert "/Info" not in document.trailer and "/Metadata" not in document.Root


def test_a_letter_that_hangs_while_drawn_fails_within_the_soft_limit_with_its_reason(start_worker, settings):
    soft, hard = 3, 15
    # The limits travel in the task's message, from the process that publishes it.
    settings.LETTER_SOFT_TIME_LIMIT, settings.LETTER_TIME_LIMIT = soft, hard
    worker = start_worker(
        DJANGO_SETTINGS_MODULE="tests.awards.hanging.settings",
        LETTER_SOFT_TIME_LIMIT=str(soft),
        LETTER_TIME_LIMIT=str(hard),
    )
    award = award_of()

    letter = letters.request_letter(award, by=staff_of(award.rfp))

    wait_for(lambda: status_of(letter) == S.RENDERING, timeout=90, message=f"the render to start\n{worker.said()}")
    started = time.monotonic()
    wait_for(lambda: status_of(letter) == S.FAILED, timeout=hard, message=f"the letter to fail\n{worker.said()}")
    elapsed = time.monotonic() - started
    assert elapsed < soft + 2, f"failed after {elapsed:.1f}s: the soft limit did not end it"
    assert letter.failure == f"Rendering took longer than {soft} seconds."
    assert not letter.file
    # The worker goes on: its pool's process was not killed by the hard limit.
    assert worker.process.poll() is None


def test_a_letter_that_ignores_the_soft_limit_fails_at_the_hard_limit_and_the_worker_goes_on(start_worker, settings):
    soft, hard = 2, 5
    settings.LETTER_SOFT_TIME_LIMIT, settings.LETTER_TIME_LIMIT = soft, hard
    worker = start_worker(
        DJANGO_SETTINGS_MODULE="tests.awards.hanging.settings",
        HANGING_FINDER="stubborn",
        LETTER_SOFT_TIME_LIMIT=str(soft),
        LETTER_TIME_LIMIT=str(hard),
    )
    award = award_of()

    stuck, after = (letters.request_letter(award, by=staff_of(award.rfp)) for _ in range(2))

    wait_for(lambda: status_of(stuck) == S.RENDERING, timeout=90, message=f"the render to start\n{worker.said()}")
    started = time.monotonic()
    wait_for(lambda: status_of(stuck) == S.FAILED, timeout=hard + 10, message=f"the letter to fail\n{worker.said()}")
    assert hard - 1 < time.monotonic() - started < hard + 5
    assert stuck.failure == f"Rendering took longer than {soft} seconds."
    # A new pool process takes the next letter (which hangs the same way, and fails the same way).
    wait_for(lambda: status_of(after) == S.FAILED, timeout=hard + 30, message=f"the next letter\n{worker.said()}")
