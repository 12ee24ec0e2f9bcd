"""A letter whose task was lost (the broker was down when it was asked for) or whose worker died
mid-render is published again by a periodic sweep, and still drawn once: the task's claim takes
a version only while it is queued or abandoned, and a run whose version was taken back keeps
nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from accelerate.celery import app as celery_app
from awards.models import Letter
from awards.services import letters
from awards.tasks import republish_stuck_letters

from .factories import AwardFactory, LetterFactory

pytestmark = pytest.mark.django_db

S = Letter.Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def published(monkeypatch) -> list[int]:
    """The letters the sweep hands to the broker, in order, instead of drawing them in-process."""
    handed = []
    monkeypatch.setattr(letters, "publish", handed.append)
    return handed


def waiting(award=None, *, status=S.QUEUED, requested=None, started=None, **fields) -> Letter:
    """A version not drawn: asked for `requested` ago, taken by a render `started` ago."""
    now = timezone.now()
    return LetterFactory(
        award=award or AwardFactory(),
        status=status,
        file="",
        sha256="",
        size=None,
        rendered_at=None,
        requested_at=now - (requested or timedelta(0)),
        started_at=now - started if started is not None else None,
        **fields,
    )


def test_a_letter_queued_while_the_broker_was_down_is_drawn_by_the_sweep(django_capture_on_commit_callbacks):
    letter = waiting(requested=letters.REPUBLISH_AFTER + timedelta(seconds=1))

    # Without a broker the task runs in-process, as in `make run`.
    assert letters.republish_stuck() == 1

    letter.refresh_from_db()
    assert letter.status == S.READY
    assert letter.file and letter.sha256


def test_a_letter_queued_moments_ago_is_left_to_its_own_task(published):
    now = timezone.now()
    letter = waiting(requested=timedelta(0))

    assert letters.republish_stuck(now=now + letters.REPUBLISH_AFTER) == 0
    assert published == []
    assert letters.republish_stuck(now=now + letters.REPUBLISH_AFTER + timedelta(seconds=1)) == 1
    assert published == [letter.pk]


def test_a_letter_rendering_past_the_hard_limit_is_published_again_and_one_within_it_is_not(settings, published):
    settings.LETTER_TIME_LIMIT = 30
    award = AwardFactory()
    abandoned = waiting(award, status=S.RENDERING, requested=timedelta(hours=1), started=timedelta(seconds=31))
    waiting(award, status=S.RENDERING, requested=timedelta(hours=1), started=timedelta(seconds=25))

    assert letters.republish_stuck() == 1
    assert published == [abandoned.pk]


def test_ready_and_failed_letters_are_never_published_again(published):
    award = AwardFactory()
    LetterFactory(award=award, requested_at=timezone.now() - timedelta(days=1))
    waiting(award, status=S.FAILED, requested=timedelta(days=1), failure="Rendering took longer than 20 seconds.")

    assert letters.republish_stuck() == 0
    assert published == []


def test_the_oldest_are_published_first_and_a_run_publishes_a_batch_at_most(monkeypatch, published):
    monkeypatch.setattr(letters, "SWEEP_BATCH", 2)
    award = AwardFactory()
    newer = waiting(award, requested=timedelta(minutes=10))
    oldest = waiting(award, requested=timedelta(minutes=30))
    older = waiting(award, requested=timedelta(minutes=20))

    assert letters.republish_stuck() == 2
    assert published == [oldest.pk, older.pk]
    assert newer.pk not in published


def test_a_letter_published_twice_is_drawn_once(django_capture_on_commit_callbacks):
    letter = waiting(requested=timedelta(minutes=10))

    first = letters.render_letter(letter.pk)
    second = letters.render_letter(letter.pk)  # the message the sweep added, arriving later

    assert first.status == S.READY
    assert second is None
    letter.refresh_from_db()
    assert (letter.status, letter.sha256, letter.rendered_at) == (S.READY, first.sha256, first.rendered_at)


def test_a_render_whose_version_was_taken_back_keeps_nothing_and_fails_nothing():
    """A render that outlived its worker (the worker died, the sweep handed the version to
    another) finds the version claimed by the later run: its PDF and its failure are dropped."""
    letter = waiting(status=S.RENDERING, requested=timedelta(hours=1), started=timedelta(hours=1))
    first_run = Letter.objects.get(pk=letter.pk)
    later_claim = timezone.now()
    Letter.objects.filter(pk=letter.pk).update(started_at=later_claim)  # the later run's claim

    assert letters._keep(first_run, b"%PDF-1.7 drawn by the first run") is None
    assert letters.letter_failed(letter.pk, "broken", claim=first_run.started_at) is False

    letter.refresh_from_db()
    assert (letter.status, letter.started_at, letter.sha256, letter.failure) == (S.RENDERING, later_claim, "", "")


@pytest.mark.parametrize("count", [1, 100])
def test_the_sweep_costs_one_query_for_1_and_100_letters(count, published, django_assert_num_queries):
    award = AwardFactory()
    for _ in range(count):
        waiting(award, requested=timedelta(hours=1))

    with django_assert_num_queries(1):
        assert letters.republish_stuck() == count
    assert len(published) == count


def test_beat_runs_the_sweep_every_five_minutes_and_cron_can_too(published):
    waiting(requested=timedelta(minutes=10))

    entry = settings.CELERY_BEAT_SCHEDULE["awards-stuck-letters"]
    assert (entry["task"], entry["schedule"]) == (republish_stuck_letters.name, 300.0)
    assert entry["task"] in celery_app.tasks
    assert republish_stuck_letters.apply().get() == 1
    out = StringIO()
    call_command("republish_stuck_letters", stdout=out)
    assert out.getvalue() == "1 letter(s) published again.\n"
    assert len(published) == 2
