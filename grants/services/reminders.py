"""Deadline reminders: everyone who holds a draft is told 7 days, 48 hours and 6 hours before
its effective deadline, each once. The application keeps when its next reminder falls due
(`next_reminder_at`, indexed over drafts only), so the periodic job asks one indexed question
per chunk, however many drafts there are; a submitted or withdrawn application has none.

Each reminder's dedupe key holds the deadline instant and the lead: running the job twice, or
two jobs at once, sends nothing twice, and an extension (a new instant) re-arms all three."""

from collections import defaultdict
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, Prefetch, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from accounts.models import User
from notifications.services import notify_many

from ..deadlines import effective_deadline, next_reminder_at, reminder_due
from ..models import Application
from .deadlines import holders_of

TEMPLATE = "grants/deadline_reminder"
# Drafts handled per transaction: memory stays flat for any number, the queries per chunk fixed.
CHUNK = 1000
# What the job reads: never a draft's answers, which may be long, and are none of its business.
DRAFT_FIELDS = (
    "status",
    "next_reminder_at",
    "extended_until",
    "extension_requested_at",
    "rfp__mechanism",
    "rfp__deadline",
    "rfp__texts",
    "rfp__default_language",
    "organisation__id",
)
HOLDER_FIELDS = ("email", "language", "time_zone", "notification_choice")


def send_due_reminders(now=None, *, chunk: int = CHUNK) -> int:
    """Send every reminder due at `now` and set each draft's next one. Returns how many
    messages were added to inboxes."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            drafts = list(_due(now, chunk))
            if not drafts:
                return sent
            sent += len(notify_many(_reminders(drafts, now)))
            _set_next_reminders(drafts, now)


def _due(now, chunk: int):
    """Drafts whose next reminder is due, most overdue first, locked for this run: a second run
    at the same time skips them and takes the next ones (PostgreSQL; elsewhere nothing locks,
    and the dedupe keys alone keep a reminder single)."""
    return (
        Application.objects.filter(status=Application.Status.DRAFT, next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .select_related("rfp", "applicant", "organisation")
        .only(*DRAFT_FIELDS, *(f"applicant__{name}" for name in HOLDER_FIELDS))
        .prefetch_related(Prefetch("organisation__members", queryset=User.objects.only(*HOLDER_FIELDS).order_by("pk")))
        .select_for_update(skip_locked=True, of=("self",))[:chunk]
    )


def _set_next_reminders(drafts: list[Application], now) -> None:
    """One update for the chunk. Drafts to the same call share their next instant, so the
    update says each instant once with the drafts it is for (`bulk_update` would build a
    condition per draft: most of the job's time)."""
    by_instant = defaultdict(list)
    for application in drafts:
        by_instant[next_reminder_at(effective_deadline(application), now)].append(application.pk)
    instants = Case(*(When(pk__in=pks, then=Value(instant)) for instant, pks in by_instant.items()))
    if connection.features.requires_casted_case_in_updates:  # as bulk_update does: PostgreSQL
        instants = Cast(instants, DateTimeField())  # a CASE of only NULLs has no type there
    Application.objects.filter(pk__in=[application.pk for application in drafts]).update(next_reminder_at=instants)


def _reminders(drafts: list[Application], now):
    for application in drafts:
        deadline = effective_deadline(application)
        lead = reminder_due(deadline, now)
        if lead is None:
            continue
        seconds = int(lead.total_seconds())
        for person in holders_of(application):
            yield (
                person,
                TEMPLATE,
                {
                    "call_title": application.rfp.text(person.language).get("title", ""),
                    "deadline": deadline,
                    "zone": person.time_zone,
                    **_lead_words(lead),
                },
                f"{TEMPLATE}:{application.pk}:{deadline.isoformat()}:{seconds}:{person.pk}",
            )


def _lead_words(lead: timedelta) -> dict:
    """A week reads as days; 48 hours and less as hours."""
    if lead > timedelta(hours=48):
        return {"days": lead.days, "hours": None}
    return {"days": None, "hours": int(lead.total_seconds() // 3600)}
