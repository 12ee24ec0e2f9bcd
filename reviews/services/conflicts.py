"""A reviewer's answer to the conflict-of-interest question an assignment opens with: they have
none (then they read the application), or they declare one, with a reason for the call's staff.
A declared conflict ends the assignment (the selectors stop showing it), is kept so that no one
assigns them the application again, and tells the staff; its reason stays out of the audit log
and of every message."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from grants.selectors import staff_of
from notifications.services import notify

from ..errors import ReviewError
from ..models import Assignment, ConflictDeclaration, Review
from ..permissions import can_open

REASON_MAX = 2000


def _locked(assignment: Assignment, by, now) -> Assignment:
    """The assignment's row, locked, still the reviewer's to answer for."""
    stored = Assignment.objects.select_for_update().select_related("rfp", "application").get(pk=assignment.pk)
    verdict = can_open(by, stored, now)
    if not verdict:
        raise ReviewError(verdict.reason)
    return stored


@transaction.atomic
def confirm_no_conflict(assignment: Assignment, *, by, now=None) -> Assignment:
    """The reviewer has no conflict of interest with the application: they may read it now."""
    now = now or timezone.now()
    stored = _locked(assignment, by, now)
    if stored.no_conflict_confirmed_at is None:
        stored.no_conflict_confirmed_at = now
        stored.save(update_fields=["no_conflict_confirmed_at"])
        audit.record(by, "assignment.no_conflict_confirmed", stored)
    assignment.no_conflict_confirmed_at = stored.no_conflict_confirmed_at
    return stored


@transaction.atomic
def declare_conflict(assignment: Assignment, reason: str, *, by, now=None) -> ConflictDeclaration:
    """End the assignment for a conflict of interest, keep why (for staff only) and tell the
    call's staff, who may ask for a replacement. Raises ReviewError."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise ReviewError(_("Say what the conflict is: only the call's staff read it."), field="reason")
    if len(reason) > REASON_MAX:
        raise ReviewError(
            _("Keep it under %(count)d characters.") % {"count": REASON_MAX},
            field="reason",
        )
    stored = _locked(assignment, by, now)
    if Review.objects.filter(assignment=stored, status=Review.Status.SUBMITTED).exists():
        raise ReviewError(_("You have submitted your review of this application: write to the call's staff instead."))
    stored.status = Assignment.Status.CONFLICT
    stored.ended_at = now
    stored.save(update_fields=["status", "ended_at"])
    # One declaration per reviewer and application: a second assignment of it (made by hand
    # despite the first) ends the same way and keeps the latest reason.
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        application=stored.application,
        reviewer=by,
        defaults={"rfp": stored.rfp, "assignment": stored, "reason": reason, "declared_at": now, "replaced_at": None},
    )
    assignment.status, assignment.ended_at = stored.status, stored.ended_at
    audit.record(by, "assignment.conflict_declared", stored, detail={"conflict": declaration.pk})
    application, rfp = stored.application, stored.rfp
    for person in staff_of(rfp):
        notify(
            person,
            "reviews/conflict_declared",
            {
                "call_number": rfp.pk,
                "call_title": rfp.text(person.language).get("title", ""),
                "reference": application.reference,
            },
            dedupe_key=f"reviews/conflict_declared:{declaration.pk}:{stored.pk}:{person.pk}",
        )
    return declaration
