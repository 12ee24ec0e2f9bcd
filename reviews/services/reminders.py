"""Reminders to reviewers: an assignment due in 3 days, due within a day, and overdue, each
once per due instant. The dedupe key holds the assignment, the due instant and the lead, so
running the job twice, or two jobs at once, sends nothing twice, and a new due date re-arms
all three. Nothing for an ended assignment, a submitted review, an access that has ended or a
withdrawn application.

Each reminder has a window, the day after its instant (due - 3 days, due - 1 day, due): a run
sends what is in its window, so a job that was down for less than a day still sends each one,
and one down longer sends only the most urgent. What the job asks is one range of due instants
over the partial index of live assignments; the reminders already sent are found by their keys
and not rendered again."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from notifications.models import Message
from notifications.services import notify_many

from ..models import Assignment, Review
from ..selectors import READABLE_STATUSES

TEMPLATE = "reviews/due_reminder"
CHUNK = 1000
WINDOW = timedelta(days=1)


@dataclass(frozen=True)
class Lead:
    name: str  # in the dedupe key
    before: timedelta  # how long before the due instant


IN_THREE_DAYS = Lead("3d", timedelta(days=3))
WITHIN_A_DAY = Lead("1d", timedelta(days=1))
OVERDUE = Lead("overdue", timedelta(0))
LEADS = (IN_THREE_DAYS, WITHIN_A_DAY, OVERDUE)  # windows, earliest first, none overlapping
EARLIEST, LATEST = LEADS[-1].before - WINDOW, LEADS[0].before  # due instants, relative to now

FIELDS = (
    "due_at",
    "created_at",
    "rfp__texts",
    "rfp__languages",
    "rfp__default_language",
    "application__reference",
    "reviewer__email",
    "reviewer__language",
    "reviewer__time_zone",
    "reviewer__notification_choice",
)


def lead_due(due_at, created_at, now) -> Lead | None:
    """The reminder whose window `now` is in, unless its instant came before the assignment
    did (an assignment made two days before it is due gets no "3 days" reminder)."""
    for lead in LEADS:
        at = due_at - lead.before
        if at <= now < at + WINDOW:
            return lead if at >= created_at else None
    return None


def dedupe_key(assignment: Assignment, lead: Lead) -> str:
    return f"{TEMPLATE}:{assignment.pk}:{assignment.due_at.isoformat()}:{lead.name}"


def send_due_reminders(now=None, *, chunk: int = CHUNK) -> int:
    """Send every reviewer's reminder that is due at `now`. Returns how many were added."""
    now = now or timezone.now()
    sent, after = 0, None
    while True:
        with transaction.atomic():
            assignments = list(_due(now, chunk, after))
            if not assignments:
                return sent
            sent += len(notify_many(_reminders(assignments, now)))
        last = assignments[-1]
        after = (last.due_at, last.pk)


def _due(now, chunk: int, after):
    """Live assignments due from a day ago to 3 days on, in due order, from `after` on."""
    submitted = Review.objects.filter(assignment=OuterRef("pk"), status=Review.Status.SUBMITTED)
    assignments = Assignment.objects.filter(
        status=Assignment.Status.ACTIVE,
        due_at__gt=now + EARLIEST,
        due_at__lte=now + LATEST,
        access_ends_at__gt=now,
        application__status__in=READABLE_STATUSES,
    ).exclude(Exists(submitted))
    if after is not None:
        assignments = assignments.filter(Q(due_at__gt=after[0]) | Q(due_at=after[0], pk__gt=after[1]))
    return assignments.select_related("rfp", "application", "reviewer").only(*FIELDS).order_by("due_at", "pk")[:chunk]


def _reminders(assignments: list[Assignment], now):
    due = {}
    for assignment in assignments:
        lead = lead_due(assignment.due_at, assignment.created_at, now)
        if lead is not None:
            due[dedupe_key(assignment, lead)] = (assignment, lead)
    sent = set(Message.objects.filter(dedupe_key__in=list(due)).values_list("dedupe_key", flat=True)) if due else set()
    for key, (assignment, lead) in due.items():
        if key in sent:
            continue
        reviewer = assignment.reviewer
        yield (
            reviewer,
            TEMPLATE,
            {
                "reference": assignment.application.reference,
                "call_title": assignment.rfp.text(reviewer.language).get("title", ""),
                "due": assignment.due_at,
                "zone": reviewer.time_zone,
                "lead": lead.name,
            },
            key,
        )
