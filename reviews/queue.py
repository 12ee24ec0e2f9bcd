"""What the reviewer's queue shows, on its page and on the dashboard: each live assignment's
call, the application's reference, its due instant in the reviewer's zone and its state,
overdue ones first. No applicant, organisation or project title, in any call: the reference
and the call are all a reviewer needs to find their work, and a blind call must name no one."""

from dataclasses import dataclass
from uuid import UUID

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from grants.presentation import Instant, Reading, instant, reading_language

from .models import Review
from .selectors import queue_of


class State:
    TO_CONFIRM = "to_confirm"
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"


STATE_LABELS = {
    State.TO_CONFIRM: _("To confirm: no conflict of interest"),
    State.IN_PROGRESS: _("In progress"),
    State.SUBMITTED: _("Submitted"),
}


def assignment_path(public_id: UUID) -> str:
    """The page of one assignment (the conflict question, then the application and its review)."""
    return reverse("reviews:assignment", args=[public_id])


def state_of(no_conflict_confirmed_at, review_status: str | None) -> str:
    if review_status == Review.Status.SUBMITTED:
        return State.SUBMITTED
    if no_conflict_confirmed_at is None:
        return State.TO_CONFIRM
    return State.IN_PROGRESS


@dataclass(frozen=True)
class QueueRow:
    public_id: UUID
    url: str
    reference: str
    call_title: str
    reading: Reading  # the language the call's title is in
    due: Instant
    overdue: bool
    state: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]

    @property
    def submitted(self) -> int:
        return sum(row.state == State.SUBMITTED for row in self.rows)

    @property
    def overdue(self) -> int:
        return sum(row.overdue for row in self.rows)

    @property
    def progress(self) -> str:
        total = len(self.rows)
        return ngettext("%(submitted)d of %(total)d submitted", "%(submitted)d of %(total)d submitted", total) % {
            "submitted": self.submitted,
            "total": total,
        }

    def next_due(self, count: int) -> list[QueueRow]:
        return [row for row in self.rows if row.state != State.SUBMITTED][:count]


def _due(formatted: dict, due_at) -> Instant:
    if due_at not in formatted:
        formatted[due_at] = instant(due_at)
    return formatted[due_at]


def queue_for(user, now=None) -> Queue:
    """The reviewer's queue: overdue first (the most overdue at the top), then by due date; a
    submitted review is never overdue."""
    now = now or timezone.now()
    assignments, calls = queue_of(user, now)
    titles = {}
    for pk, rfp in calls.items():
        reading = reading_language(rfp)
        titles[pk] = (rfp.text(reading.language).get("title", ""), reading)
    # Assignments made in one action share their due instant: each is formatted once.
    dues: dict = {}
    rows = []
    for assignment in assignments:
        state = state_of(assignment["no_conflict_confirmed_at"], assignment["review__status"])
        title, reading = titles[assignment["rfp_id"]]
        rows.append(
            QueueRow(
                public_id=assignment["public_id"],
                url=assignment_path(assignment["public_id"]),
                reference=assignment["application__reference"],
                call_title=title,
                reading=reading,
                due=_due(dues, assignment["due_at"]),
                overdue=state != State.SUBMITTED and assignment["due_at"] <= now,
                state=state,
            )
        )
    rows.sort(key=lambda row: not row.overdue)  # stable: each group stays in due order
    return Queue(rows)
