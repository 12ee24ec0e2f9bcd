"""What reviews puts on the dashboards (an applicant's applications with feedback released to
them; a reviewer's progress, what is overdue and what falls
due next; the review progress of the calls a member of staff runs) and on the staff page of one
application (its assignments, each submitted review's total and recommendation, and its mean,
normalised score and spread as reviews/scoring.py computes them), for the staff who run its
call."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import ngettext

from core.panels import Panel
from grants.models import Application
from grants.permissions import can_apply, can_build_calls
from grants.presentation import Instant, Reading, instant, reading_language

from .models import Assignment
from .permissions import can_have_queue, can_manage_reviews
from .queue import STATE_LABELS, queue_for, state_of
from .scoring import NO_REVIEWS, standings
from .selectors import (
    applications_with_released_feedback_of,
    assignments_of_application,
    review_progress_of_calls_run_by,
    submitted_totals_of,
)

NEXT_DUE_SHOWN = 3


@dataclass(frozen=True)
class CallProgress:
    pk: int
    title: str
    reading: Reading
    progress: str


def progress_words(submitted: int, live: int) -> str:
    return ngettext(
        "%(submitted)d of %(live)d review submitted", "%(submitted)d of %(live)d reviews submitted", live
    ) % {"submitted": submitted, "live": live}


def _call_progress(rfp) -> CallProgress:
    reading = reading_language(rfp)
    title = rfp.text(reading.language).get("title", "")
    return CallProgress(rfp.pk, title, reading, progress_words(rfp.submitted, rfp.live))


@dataclass(frozen=True)
class FeedbackRow:
    public_id: object
    reference: str
    title: str
    reading: Reading


def _feedback_row(application: Application) -> FeedbackRow:
    reading = reading_language(application.rfp)
    title = application.rfp.text(reading.language).get("title", "")
    return FeedbackRow(application.public_id, application.reference or "", title, reading)


def dashboard_panels(user) -> list[Panel]:
    panels = []
    if can_apply(user):
        feedback = [_feedback_row(application) for application in applications_with_released_feedback_of(user)]
        if feedback:
            panels.append(Panel("reviews/panels/feedback.html", {"feedback": feedback}))
    if can_have_queue(user):
        queue = queue_for(user, timezone.now())
        if queue.rows:  # staff with nothing to review are not shown an empty queue
            context = {"queue": queue, "next_due": queue.next_due(NEXT_DUE_SHOWN)}
            panels.append(Panel("reviews/panels/queue.html", context))
    if can_build_calls(user):
        calls = [_call_progress(rfp) for rfp in review_progress_of_calls_run_by(user)]
        if calls:
            panels.append(Panel("reviews/panels/calls_progress.html", {"calls": calls}))
    return panels


@dataclass(frozen=True)
class AssignmentRow:
    reviewer: str
    due: Instant
    state: str
    total: object  # Decimal, or None until submitted
    recommendation: str
    review_pk: int | None  # submitted reviews only: staff open them to reopen or release feedback


def _assignment_row(assignment: Assignment) -> AssignmentRow:
    review = getattr(assignment, "review", None)
    submitted = review is not None and review.is_submitted
    # An ended assignment says why it ended (a conflict declared, removed by staff).
    if assignment.is_active:
        state = STATE_LABELS[state_of(assignment.no_conflict_confirmed_at, review.status if review else None)]
    else:
        state = assignment.get_status_display()
    return AssignmentRow(
        reviewer=assignment.reviewer.get_full_name(),
        due=instant(assignment.due_at),
        state=state,
        total=review.total if submitted else None,
        recommendation=review.get_recommendation_display() if submitted else "",
        review_pk=review.pk if submitted else None,
    )


def application_panels(application: Application, user) -> list[Panel]:
    """For the staff who run the application's call (admins: every call); nothing for anyone
    else. The standing is the call-wide one: normalisation needs every submitted total."""
    rfp = application.rfp
    if not can_manage_reviews(user, rfp):
        return []
    rows = [_assignment_row(assignment) for assignment in assignments_of_application(application)]
    standing = standings(submitted_totals_of(rfp)).get(application.pk, NO_REVIEWS)
    return [
        Panel(
            "reviews/panels/application_reviews.html",
            {
                "assignments": rows,
                "rfp_pk": rfp.pk,
                "application_public_id": application.public_id,
                "standing": standing,
                "threshold": rfp.spread_threshold,
                "spread_flagged": standing.spread_flagged(rfp.spread_threshold),
            },
        )
    ]
