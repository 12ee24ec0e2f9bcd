"""An award's letter: each render a new version (a `Letter` row, queued by the service, drawn by
the task on the `pdf` queue), and the grantee's acceptance of one version by its SHA-256.

A version, once ready, never changes; one accepted stays as it was accepted. A render that
hangs, fetches or breaks ends as `failed` with a reason staff can read, never stuck in
`rendering`: the task's soft time limit lands as an exception here, its hard limit in
`letter_failed` (called by the worker's own process once the render's process was killed).
A version whose task was lost (a broker down when it was asked for) or whose worker died with
it is published again by the sweep, and the claim draws it once however many messages come."""

import hashlib
import logging
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from core.pdf import RenderError, render_pdf
from grants.selectors import staff_of
from grants.services.more_information import owners_of
from notifications.services import notify

from ..letter import letter_html
from ..models import Award, Letter
from ..permissions import can_hold_awards, can_manage_awards
from ..selectors import awards_of

logger = logging.getLogger(__name__)

S = Letter.Status
NAME_MAX = 200
# An award whose letter can still be drawn and accepted.
OPEN = (Award.Status.OFFERED, Award.Status.ACTIVE)
# A version still queued this long after it was asked for has lost its task, rather than waiting
# behind others: renders take tens of milliseconds. A slow queue costs a spare message, which
# the claim drops.
REPUBLISH_AFTER = timedelta(minutes=5)
SWEEP_BATCH = 500


class LetterError(Refused):
    pass


def time_budget() -> float:
    """core.pdf's own budget, a little under the task's soft limit: the budget ends a render that
    keeps fetching before the soft limit has to interrupt it."""
    soft = settings.LETTER_SOFT_TIME_LIMIT
    return max(soft - max(2.0, soft * 0.1), soft / 2)


@transaction.atomic
def request_letter(award: Award, *, by, now=None) -> Letter:
    """A new version of the award's letter (the last number + 1), queued; the task that draws it
    is published once this commits (in-process, without a broker)."""
    now = now or timezone.now()
    can_manage_awards(by, award.rfp).enforce()
    award = Award.objects.select_for_update().get(pk=award.pk)
    if award.status not in OPEN:
        raise LetterError(_("The award is closed or cancelled: its letter can no longer change."))
    last = award.letters.aggregate(last=Max("version"))["last"] or 0
    letter = Letter.objects.create(
        award=award,
        version=last + 1,
        status=S.QUEUED,
        language=award.language,
        requested_by=by,
        requested_at=now,
    )
    audit.record(by, "letter.requested", letter, detail={"award": award.pk, "version": letter.version})
    transaction.on_commit(lambda: publish(letter.pk), robust=True)
    return letter


def publish(letter_pk: int) -> None:
    """Hand the render to a `pdf` worker. A broker that is down leaves the version queued, and
    staff can ask for another."""
    from ..tasks import render_letter as task

    try:
        # The limits travel in the message: the worker applies those of the publisher's settings.
        task.apply_async(
            (letter_pk,),
            retry=False,
            soft_time_limit=settings.LETTER_SOFT_TIME_LIMIT,
            time_limit=settings.LETTER_TIME_LIMIT,
        )
    except Exception:
        logger.warning("Could not publish the render of letter %s", letter_pk, exc_info=True)


def abandoned_before(now):
    """A version rendering since before this lost its render with its worker: the hard limit
    ends every render that its worker still watches sooner."""
    return now - timedelta(seconds=settings.LETTER_TIME_LIMIT)


def _drawable(now) -> Q:
    return Q(status=S.QUEUED) | Q(status=S.RENDERING, started_at__lt=abandoned_before(now))


def republish_stuck(now=None) -> int:
    """Publish again the versions queued for longer than REPUBLISH_AFTER and those abandoned
    mid-render, oldest first, SWEEP_BATCH at most: one query however many."""
    now = now or timezone.now()
    stuck = (
        Letter.objects.filter(_drawable(now))
        .exclude(status=S.QUEUED, requested_at__gte=now - REPUBLISH_AFTER)
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    stuck = list(stuck)
    for letter_pk in stuck:
        publish(letter_pk)
    return len(stuck)


def render_letter(letter_pk: int) -> Letter | None:
    """Draw a queued version: `rendering`, then `ready` with its file, hash and size, or `failed`
    with the reason. A version already taken by another run is left alone (None). The claim's
    `started_at` is the run's own: a run whose version was taken back (abandoned, re-claimed)
    keeps nothing and fails nothing."""
    now = timezone.now()
    claimed = Letter.objects.filter(_drawable(now), pk=letter_pk).update(status=S.RENDERING, started_at=now, failure="")
    if not claimed:
        return None
    letter = Letter.objects.select_related(
        "requested_by", "award__application__organisation", "award__application__applicant"
    ).get(pk=letter_pk)
    try:
        pdf = render_pdf(letter_html(letter), time_budget=time_budget())
    except SoftTimeLimitExceeded:
        letter_failed(letter.pk, claim=now)
    except RenderError as error:
        logger.warning("Letter %s could not be drawn: %s", letter_pk, error)
        letter_failed(letter.pk, None if "took more than" in str(error) else "too_large", claim=now)
    except Exception:
        logger.exception("Letter %s could not be drawn", letter_pk)
        letter_failed(letter.pk, "broken", claim=now)
    else:
        return _keep(letter, pdf)
    letter.refresh_from_db()
    return letter


@transaction.atomic
def _keep(letter: Letter, pdf: bytes) -> Letter | None:
    stored = Letter.objects.select_for_update().get(pk=letter.pk)
    # Failed meanwhile by the hard limit, or taken back by a later run: keep nothing.
    if stored.status != S.RENDERING or stored.started_at != letter.started_at:
        return None
    stored.file.save("letter.pdf", ContentFile(pdf), save=False)  # the name is random (letter_name)
    stored.sha256 = hashlib.sha256(pdf).hexdigest()
    stored.size = len(pdf)
    stored.status = S.READY
    stored.rendered_at = timezone.now()
    stored.save(update_fields=["file", "sha256", "size", "status", "rendered_at"])
    audit.record(None, "letter.rendered", stored, detail={"award": stored.award_id, "bytes": stored.size})
    award = letter.award
    for person in owners_of(award.application):
        notify(person, "awards/letter_ready", {}, dedupe_key=f"awards/letter_ready:{stored.pk}:{person.pk}")
    return stored


def _reason(why: str | None) -> str:
    if why == "too_large":
        return _("The letter is too large to be drawn.")
    if why == "broken":
        return _("The letter could not be drawn: its template failed.")
    return _("Rendering took longer than %(seconds)d seconds.") % {"seconds": settings.LETTER_SOFT_TIME_LIMIT}


def letter_failed(letter_pk: int, why: str | None = None, *, claim=None) -> bool:
    """Mark a version that is not drawn yet as failed, with the reason (`why`: None when it ran
    out of time, "too_large", "broken") written in the language of the staff member who asked
    for it; one already ready or failed stays as it is, and so does one claimed by another run
    than the one whose claim (`started_at`) is given."""
    letter = Letter.objects.select_related("requested_by").filter(pk=letter_pk).first()
    if letter is None:
        return False
    with translation.override(letter.requested_by.language):
        reason = _reason(why)
    unfinished = Letter.objects.filter(pk=letter_pk, status__in=[S.QUEUED, S.RENDERING])
    if claim is not None:
        unfinished = unfinished.filter(started_at=claim)
    done = unfinished.update(status=S.FAILED, failure=reason, rendered_at=timezone.now())
    if done:
        audit.record(None, "letter.failed", letter, detail={"award": letter.award_id})
    return bool(done)


def letter_to_accept(award: Award) -> Letter | None:
    """The version the grantee may accept: the latest one asked for, once it is ready and not yet
    accepted (a newer version still being drawn, or failed, leaves none)."""
    latest = next(
        (letter for letter in sorted(award.letters.all(), key=lambda row: -row.version) if letter.status != S.FAILED),
        None,
    )
    if latest is None or latest.status != S.READY or latest.accepted_at:
        return None
    return latest


@transaction.atomic
def accept_letter(letter: Letter, *, by, full_name: str, sha256: str, now=None) -> Letter:
    """The grantee accepts the version they read, by typing their full name; `sha256` is the
    hash of the version their page showed, so a version that changed since is refused. The
    award becomes active."""
    now = now or timezone.now()
    can_hold_awards(by).enforce()
    award = awards_of(by).select_for_update(of=("self",)).filter(pk=letter.award_id).first()
    if award is None:
        raise LetterError(_("This letter is not one of your awards'."))
    if award.status not in OPEN:
        raise LetterError(_("The award is closed or cancelled: its letter can no longer be accepted."))
    stored = Letter.objects.select_for_update().get(pk=letter.pk)
    if stored.accepted_at:
        raise LetterError(_("You have already accepted this version of the letter."))
    if letter_to_accept(award) != stored:
        raise LetterError(_("This is not the latest version of the letter: read and accept the latest one."))
    if sha256 != stored.sha256:
        raise LetterError(_("The letter changed after you opened this page: read it again before accepting it."))
    name = " ".join((full_name or "").split())
    if not name:
        raise LetterError(_("Type your full name to accept the letter."), field="full_name")
    if len(name) > NAME_MAX:
        raise LetterError(_("At most %(limit)d characters.") % {"limit": NAME_MAX}, field="full_name")
    stored.accepted_at, stored.accepted_by = now, by
    stored.accepted_name, stored.accepted_sha256 = name, stored.sha256
    stored.save(update_fields=["accepted_at", "accepted_by", "accepted_name", "accepted_sha256"])
    if award.status == Award.Status.OFFERED:
        award.status, award.activated_at = Award.Status.ACTIVE, now
        award.save(update_fields=["status", "activated_at"])
    audit.record(by, "letter.accepted", stored, detail={"award": award.pk, "version": stored.version})
    for person in staff_of(award.rfp):
        notify(
            person,
            "awards/letter_accepted",
            {"reference": award.reference},
            dedupe_key=f"awards/letter_accepted:{stored.pk}:{person.pk}",
        )
    return stored
