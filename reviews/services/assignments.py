"""Assigning a call's reviewers to its submitted applications: by hand, one at a time, or all at
once by reviews/assigning.py; changing a due date, reassigning, removing; replacing a reviewer
who declared a conflict. One transaction each, the call's row locked so that two staff members
assigning at once cannot give an application more reviewers than planned.

Every assignment is due at the end of the day staff chose, in the call's time zone, and gives
its reviewer access for the round's days (never past the round's close). An application's first
live assignment moves it to in review through grants' move function, all of an action's at once.
Reviewers are told through the outbox, once per action however many applications it gave them;
audit events hold ids and counts only (one for a whole automatic assignment)."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from audit import services as audit
from core.times import local_to_utc
from grants.models import RFP, Application
from grants.services import move_all
from notifications.services import notify_many

from .. import assigning, eligibility
from ..errors import ReviewError
from ..models import Assignment, ConflictDeclaration, Review
from ..permissions import can_manage_reviews
from ..selectors import ASSIGNABLE_STATUSES, live_assignments_to, round_of

# The applications named in a message saying which cannot be covered, at most.
UNCOVERED_SHOWN = 10
# What planning reads of each application (its bars) and moving it to in review needs: a call's
# thousands of rows are read without their answers and form.
PLANNED_FIELDS = (
    "pk",
    "rfp_id",
    "status",
    "applicant_id",
    "organisation_id",
    "country",
    "reference",
    "organisation__country",
)


class AssignmentShortfall(ReviewError):
    """Too few reviewers for an automatic assignment: how many more, and which applications."""

    def __init__(self, messages: list[str]):
        super().__init__(messages[0], field="reviewers")
        self._messages = messages

    @property
    def messages(self) -> list[str]:
        return self._messages


def due_instant(rfp: RFP, due_date: date | None, now: datetime) -> datetime:
    """The end of `due_date` in the call's time zone, as an instant in UTC."""
    if due_date is None:
        raise ReviewError(_("Give the date the review is due."), field="due_date")
    try:
        due = local_to_utc(datetime.combine(due_date, time(23, 59, 59)), rfp.time_zone)
    except ValueError as error:
        raise ReviewError(str(error), field="due_date") from error
    if due <= now:
        raise ReviewError(_("Choose a due date from today on."), field="due_date")
    return due


def _locked_call(rfp: RFP, by) -> RFP:
    """The call, locked for its assignments; refused when the review round is closed.
    FOR NO KEY UPDATE: the rows written meanwhile that point to the call only take FOR KEY SHARE."""
    can_manage_reviews(by, rfp).enforce()
    locked = RFP.objects.select_for_update(no_key=True).get(pk=rfp.pk)
    if round_of(locked).closed_at is not None:
        raise ReviewError(_("The review round of this call is closed: nobody can be assigned any more."))
    return locked


def _locked_applications(rfp: RFP, ids) -> dict[int, Application]:
    """The applications still open to review, locked: one withdrawn meanwhile is not moved back."""
    rows = (
        Application.objects.select_for_update(of=("self",))
        .filter(rfp=rfp, pk__in=list(ids), status__in=ASSIGNABLE_STATUSES)
        .select_related("organisation", "applicant")
        .defer("answers", "sensitive_answers", "search_vector", "form_snapshot", "section_versions")
    )
    return {application.pk: application for application in rows}


def _create(rfp: RFP, pairs, applications: dict[int, Application], due: datetime, *, by, now) -> list[Assignment]:
    """The assignments of `pairs` (application id, reviewer id), the applications moved to in
    review, and the reviewers told: each once, of how many they were given."""
    access_ends = now + timedelta(days=round_of(rfp).access_days)
    created = Assignment.objects.bulk_create(
        # By id: over thousands of rows, setting each related object costs a tenth of the insert.
        Assignment(
            rfp_id=rfp.pk,
            application_id=application_id,
            reviewer_id=reviewer_id,
            due_at=due,
            created_at=now,
            created_by_id=by.pk,
            access_ends_at=access_ends,
        )
        for application_id, reviewer_id in pairs
    )
    first = [
        applications[application_id]
        for application_id in dict.fromkeys(application_id for application_id, _reviewer in pairs)
        if applications[application_id].status == Application.Status.SUBMITTED
    ]
    move_all(first, Application.Status.IN_REVIEW, by=by, now=now)
    _tell_assigned(rfp, created, due)
    return created


def _tell_assigned(rfp: RFP, created: list[Assignment], due: datetime) -> None:
    given = defaultdict(list)
    for assignment in created:
        given[assignment.reviewer_id].append(assignment.pk)
    reviewers = {user.pk: user for user in _users(given)}
    notify_many(
        (
            reviewers[reviewer_id],
            "reviews/assigned",
            {"count": len(pks), "call_number": rfp.pk, "due": due, "zone": reviewers[reviewer_id].time_zone},
            f"reviews/assigned:{min(pks)}:{reviewer_id}",
        )
        for reviewer_id, pks in given.items()
    )


def _users(ids):
    return get_user_model().objects.filter(pk__in=list(ids))


def _tell_ended(assignment: Assignment) -> None:
    notify_many(
        [
            (
                assignment.reviewer,
                "reviews/assignment_ended",
                {"call_number": assignment.rfp_id},
                f"reviews/assignment_ended:{assignment.pk}",
            )
        ]
    )


def _refuse_if_reviewed(assignment: Assignment, message: str) -> None:
    if Review.objects.filter(assignment=assignment, status=Review.Status.SUBMITTED).exists():
        raise ReviewError(message)


# --- By hand ------------------------------------------------------------------------------------


@transaction.atomic
def assign(application: Application, reviewer, due_date: date | None, *, by, now=None) -> Assignment:
    """One reviewer to one application, due at the end of `due_date`. Raises ReviewError."""
    now = now or timezone.now()
    rfp = _locked_call(application.rfp, by)
    applications = _locked_applications(rfp, [application.pk])
    if application.pk not in applications:
        raise ReviewError(_("This application is no longer open to review."))
    due = due_instant(rfp, due_date, now)
    if reviewer is None:
        raise ReviewError(_("Choose a reviewer."), field="reviewer")
    reason = eligibility.reason_for(rfp, applications[application.pk], reviewer.pk)
    if reason:
        raise ReviewError(reason, field="reviewer")
    [assignment] = _create(rfp, [(application.pk, reviewer.pk)], applications, due, by=by, now=now)
    audit.record(by, "assignment.created", assignment, detail={"application": application.pk, "reviewer": reviewer.pk})
    return assignment


@transaction.atomic
def change_due_date(assignment: Assignment, due_date: date | None, *, by, now=None) -> Assignment:
    now = now or timezone.now()
    rfp = _locked_call(assignment.rfp, by)
    assignment = Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    if not assignment.is_active:
        raise ReviewError(_("This assignment has ended."))
    due = due_instant(rfp, due_date, now)
    assignment.due_at = due
    assignment.save(update_fields=["due_at"])
    audit.record(by, "assignment.due_changed", assignment, detail={"application": assignment.application_id})
    notify_many(
        [
            (
                assignment.reviewer,
                "reviews/due_changed",
                {"call_number": rfp.pk, "due": due, "zone": assignment.reviewer.time_zone},
                f"reviews/due_changed:{assignment.pk}:{due.isoformat()}",
            )
        ]
    )
    return assignment


def _end(assignment: Assignment, now: datetime) -> None:
    assignment.status = Assignment.Status.REMOVED
    assignment.ended_at = now
    assignment.save(update_fields=["status", "ended_at"])


@transaction.atomic
def remove_assignment(assignment: Assignment, *, by, now=None) -> Assignment:
    """The reviewer no longer reviews it (the row stays, for history); they are told."""
    now = now or timezone.now()
    _locked_call(assignment.rfp, by)
    assignment = Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    if not assignment.is_active:
        raise ReviewError(_("This assignment has ended."))
    _refuse_if_reviewed(assignment, _("This reviewer has submitted their review: it counts, and stays."))
    _end(assignment, now)
    audit.record(by, "assignment.removed", assignment, detail={"application": assignment.application_id})
    _tell_ended(assignment)
    return assignment


@transaction.atomic
def reassign(assignment: Assignment, reviewer, due_date: date | None, *, by, now=None) -> Assignment:
    """Another reviewer instead, due at the end of `due_date`: the first one's assignment ends
    (they are told), the new one's begins."""
    now = now or timezone.now()
    rfp = _locked_call(assignment.rfp, by)
    assignment = Assignment.objects.select_for_update().select_related("reviewer").get(pk=assignment.pk)
    if not assignment.is_active:
        raise ReviewError(_("This assignment has ended."))
    if reviewer is None:
        raise ReviewError(_("Choose a reviewer."), field="reviewer")
    due = due_instant(rfp, due_date, now)
    applications = _locked_applications(rfp, [assignment.application_id])
    if assignment.application_id not in applications:
        raise ReviewError(_("This application is no longer open to review."))
    reason = eligibility.reason_for(rfp, applications[assignment.application_id], reviewer.pk)
    if reason:
        raise ReviewError(reason, field="reviewer")
    _refuse_if_reviewed(assignment, _("This reviewer has submitted their review: it counts, and stays."))
    _end(assignment, now)
    [new] = _create(rfp, [(assignment.application_id, reviewer.pk)], applications, due, by=by, now=now)
    audit.record(
        by,
        "assignment.reassigned",
        new,
        detail={"application": new.application_id, "previous": assignment.pk, "reviewer": reviewer.pk},
    )
    _tell_ended(assignment)
    return new


# --- Automatically ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AutoPlan:
    """What an automatic assignment would do: `pairs` (application id, reviewer id)."""

    pairs: list[tuple[int, int]]
    applications: dict[int, Application]

    @property
    def count(self) -> int:
        return len(self.pairs)

    @property
    def applications_covered(self) -> int:
        return len({application for application, _reviewer in self.pairs})


def plan_auto_assignment(rfp: RFP, reviewer_ids, *, applications: dict[int, Application] | None = None) -> AutoPlan:
    """Each application open to review given the call's number of reviewers (counting its live
    assignments), the loads of `reviewer_ids` (of the call's reviewers) as even as they can be.
    Raises AssignmentShortfall when it cannot be done; nothing is written."""
    reviewer_ids = list(dict.fromkeys(reviewer_ids))
    if not reviewer_ids:
        raise ReviewError(_("Choose the reviewers to assign."), field="reviewers")
    if applications is None:
        applications = {
            application.pk: application
            for application in Application.objects.filter(rfp=rfp, status__in=ASSIGNABLE_STATUSES)
            .select_related("organisation")
            .only(*PLANNED_FIELDS)
        }
    live = live_assignments_to(rfp)
    have = Counter(live.filter(application_id__in=list(applications)).values_list("application_id", flat=True))
    loads = Counter(live.filter(reviewer_id__in=reviewer_ids).values_list("reviewer_id", flat=True))
    needs = {pk: rfp.reviewers_per_application - have[pk] for pk in applications}
    bars = eligibility.bars_of(rfp, applications.values(), reviewer_ids)
    result = assigning.plan(needs, reviewer_ids, loads=loads, barred=bars)
    if not result.done:
        raise AssignmentShortfall(_shortfall_messages(result, applications, bars, len(reviewer_ids)))
    return AutoPlan(result.pairs, applications)


def _shortfall_messages(result: assigning.Plan, applications, bars, chosen: int) -> list[str]:
    messages = [
        ngettext(
            "Nothing was assigned: %(count)d more reviewer is needed, one who may review every application.",
            "Nothing was assigned: %(count)d more reviewers are needed, who may review every application.",
            result.missing,
        )
        % {"count": result.missing}
    ]
    for row in result.uncovered[:UNCOVERED_SHOWN]:
        reasons = Counter(bars[row.application].values())
        reasons.pop(eligibility.ALREADY_ASSIGNED, None)
        why = "; ".join(
            _("%(reason)s (%(count)d)") % {"reason": LABELS[code], "count": count}
            for code, count in sorted(reasons.items(), key=lambda item: eligibility.ORDER.index(item[0]))
        )
        messages.append(
            _("%(reference)s needs %(needed)d more; %(eligible)d of the %(chosen)d chosen may review it. %(why)s")
            % {
                "reference": applications[row.application].reference,
                "needed": row.needed,
                "eligible": row.eligible,
                "chosen": chosen,
                "why": (_("Barred: %(why)s.") % {"why": why}) if why else "",
            }
        )
    if len(result.uncovered) > UNCOVERED_SHOWN:
        more = len(result.uncovered) - UNCOVERED_SHOWN
        messages.append(
            ngettext("…and %(count)d more application.", "…and %(count)d more applications.", more) % {"count": more}
        )
    return [message.strip() for message in messages]


LABELS = {
    eligibility.NOT_ATTACHED: _("not the call's reviewers"),
    eligibility.OWN_APPLICATION: _("their own application"),
    eligibility.OWN_ORGANISATION: _("their own organisation"),
    eligibility.CONFLICT: _("a conflict of interest"),
    eligibility.EXCLUDED_COUNTRY: _("excluded from its country"),
    eligibility.EXCLUDED_ORGANISATION: _("excluded from its organisation"),
}


@transaction.atomic
def auto_assign(rfp: RFP, reviewer_ids, due_date: date | None, *, by, now=None) -> int:
    """Plan (plan_auto_assignment) and make the assignments, all or none; returns how many.
    One audit event for the whole, with its counts."""
    now = now or timezone.now()
    rfp = _locked_call(rfp, by)
    due = due_instant(rfp, due_date, now)
    applications = (
        Application.objects.select_for_update(of=("self",))
        .filter(rfp=rfp, status__in=ASSIGNABLE_STATUSES)
        .select_related("organisation")
        .only(*PLANNED_FIELDS)
    )
    auto = plan_auto_assignment(rfp, reviewer_ids, applications={row.pk: row for row in applications})
    _create(rfp, auto.pairs, auto.applications, due, by=by, now=now)
    audit.record(
        by,
        "rfp.auto_assigned",
        rfp,
        detail={
            "count": auto.count,
            "applications": auto.applications_covered,
            "reviewers": len({reviewer for _application, reviewer in auto.pairs}),
        },
    )
    return auto.count


@transaction.atomic
def assign_replacement(conflict: ConflictDeclaration, due_date: date | None, *, by, now=None) -> int:
    """The automatic assignment for the one application a reviewer declared a conflict with,
    among all the call's reviewers; the conflict is marked replaced. Returns how many were
    assigned (none when the application already has its reviewers)."""
    now = now or timezone.now()
    rfp = _locked_call(conflict.rfp, by)
    conflict = ConflictDeclaration.objects.select_for_update().get(pk=conflict.pk)
    if conflict.replaced_at is not None:
        raise ReviewError(_("A replacement was already assigned for this conflict."))
    due = due_instant(rfp, due_date, now)
    applications = _locked_applications(rfp, [conflict.application_id])
    if not applications:
        raise ReviewError(_("This application is no longer open to review."))
    reviewer_ids = list(rfp.call_reviewers.values_list("reviewer_id", flat=True))
    auto = plan_auto_assignment(rfp, reviewer_ids, applications=applications)
    if auto.pairs:
        _create(rfp, auto.pairs, applications, due, by=by, now=now)
    conflict.replaced_at = now
    conflict.save(update_fields=["replaced_at"])
    audit.record(
        by, "conflict.replaced", conflict, detail={"application": conflict.application_id, "count": auto.count}
    )
    return auto.count
