"""Report reminders: the grantee is told 14 days and 3 days before a report's due date, and once
it is overdue, each once (awards.reminders holds the schedule). Each duty keeps when its next
reminder falls due (`next_reminder_at`, over a partial index of the duties that have one), so
the periodic job asks one indexed question per chunk, however many duties there are; a report
that is in has none.

Each reminder's dedupe key holds the duty, its due date and the step: running the job twice, or
two jobs at once, sends nothing twice, and a new due date re-arms all three. Only an active
award's grantee is reminded; the duties of awards not active yet, or ended, only move on."""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Case, DateTimeField, Value, When
from django.db.models.functions import Cast
from django.utils import timezone

from notifications.services import notify_many

from ..models import Award, ReportRequirement
from ..reminders import DONE_STATUSES, next_reminder_at, step_due

TEMPLATE = "awards/report_reminder"
# Duties handled per transaction: memory stays flat for any number, the queries per chunk fixed.
CHUNK = 1000
DUTY_FIELDS = (
    "due_on",
    "next_reminder_at",
    "award__status",
    "award__reference",
    "award__application__applicant__email",
    "award__application__applicant__language",
    "award__application__applicant__notification_choice",
    "report__status",
)
# An award that ended has no reports to remind of: its duties' reminders stop.
ENDED = (Award.Status.CLOSED, Award.Status.CANCELLED)


def dedupe_key(requirement: ReportRequirement, step_name: str) -> str:
    return f"{TEMPLATE}:{requirement.pk}:{requirement.due_on.isoformat()}:{step_name}"


def send_due_report_reminders(now=None, *, chunk: int = CHUNK) -> int:
    """Send every report reminder due at `now` and set each duty's next one. Returns how many
    messages were added to inboxes."""
    now = now or timezone.now()
    sent = 0
    while True:
        with transaction.atomic():
            duties = list(_due(now, chunk))
            if not duties:
                return sent
            sent += len(notify_many(_reminders(duties, now)))
            _set_next_reminders(duties, now)


def _due(now, chunk: int):
    """Duties whose next reminder is due, most overdue first, locked for this run: a second run
    at the same time skips them and takes the next ones (PostgreSQL; elsewhere nothing locks,
    and the dedupe keys alone keep a reminder single)."""
    return (
        ReportRequirement.objects.filter(next_reminder_at__isnull=False, next_reminder_at__lte=now)
        .order_by("next_reminder_at", "pk")
        .select_related("award__application__applicant", "report")
        .only(*DUTY_FIELDS)
        .select_for_update(skip_locked=True, of=("self",))[:chunk]
    )


def _status(requirement: ReportRequirement) -> str | None:
    report = getattr(requirement, "report", None)
    return report.status if report is not None else None


def _next(requirement: ReportRequirement, now):
    if requirement.award.status in ENDED:
        return None
    return next_reminder_at(requirement.due_on, _status(requirement), now)


def _set_next_reminders(duties: list[ReportRequirement], now) -> None:
    """One update for the chunk, each next instant said once with the duties it is for (duties
    due on the same day share it)."""
    by_instant = defaultdict(list)
    for requirement in duties:
        by_instant[_next(requirement, now)].append(requirement.pk)
    instants = Case(*(When(pk__in=pks, then=Value(instant)) for instant, pks in by_instant.items()))
    if connection.features.requires_casted_case_in_updates:  # as bulk_update does: PostgreSQL
        instants = Cast(instants, DateTimeField())  # a CASE of only NULLs has no type there
    ReportRequirement.objects.filter(pk__in=[requirement.pk for requirement in duties]).update(
        next_reminder_at=instants
    )


def _reminders(duties: list[ReportRequirement], now):
    for requirement in duties:
        award = requirement.award
        if award.status != Award.Status.ACTIVE or _status(requirement) in DONE_STATUSES:
            continue
        step = step_due(requirement.due_on, now)
        if step is None:
            continue
        yield (
            award.application.applicant,
            TEMPLATE,
            {"reference": award.reference, "due_on": requirement.due_on, "step": step.name},
            dedupe_key(requirement, step.name),
        )
