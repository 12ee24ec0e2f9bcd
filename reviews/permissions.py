"""Who may do what in reviewing: each rule once, answering with its reason. Views ask it (a
refusal of something the user may not know exists is a 404), templates get it in the context,
services assert it. What a call's state allows, whoever asks, is in rules.py."""

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from core.permissions import ALLOWED, Verdict, refuse
from grants.models import RFP
from grants.permissions import can_run_every_call

from .models import Assignment


def can_manage_reviews(user, rfp: RFP) -> Verdict:
    """The rubric, the reviewers, the assignments and the ranking: the staff who run the call."""
    if not user.is_authenticated or not (user.is_admin or user.is_program_staff):
        return refuse(_("Only the staff who run a call manage its reviews."))
    if can_run_every_call(user) or rfp.staff.filter(pk=user.pk).exists():
        return ALLOWED
    return refuse(_("Only the staff who run a call manage its reviews."))


def can_review_for(user, rfp: RFP) -> Verdict:
    """Who may be one of a call's reviewers: reviewers; for a rapid-response call, program staff too."""
    if not user.is_authenticated or not user.is_active:
        return refuse(_("Only active accounts review."))
    if user.has_role(Role.REVIEWER):
        return ALLOWED
    if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE and (user.is_program_staff or user.is_admin):
        return ALLOWED
    return refuse(_("Only accounts with the reviewer role review this call."))


def can_open(user, assignment: Assignment, now=None) -> Verdict:
    """A reviewer opens their own live assignment until their access ends; nobody else does."""
    now = now or timezone.now()
    if not user.is_authenticated or assignment.reviewer_id != user.pk:
        return refuse(_("This assignment is not yours."))
    if assignment.status != Assignment.Status.ACTIVE:
        return refuse(_("This assignment has ended."))
    if assignment.access_ends_at <= now:
        return refuse(_("Your access to this call's applications has ended."))
    return ALLOWED


def can_read_application(user, assignment: Assignment, now=None) -> Verdict:
    """The application itself only once the reviewer has said they have no conflict with it."""
    verdict = can_open(user, assignment, now)
    if not verdict:
        return verdict
    if assignment.no_conflict_confirmed_at is None:
        return refuse(_("Confirm first that you have no conflict of interest with this application."))
    return ALLOWED


def can_see_other_reviews(user, assignment: Assignment, review) -> Verdict:
    """Others' reviews of the application: never before one's own is submitted, and only in a
    call that allows it."""
    verdict = can_read_application(user, assignment)
    if not verdict:
        return verdict
    if review is None or not review.is_submitted:
        return refuse(_("Others' reviews are shown only once you have submitted yours."))
    if not assignment.rfp.reviewers_see_each_other:
        return refuse(_("In this call, reviewers do not see each other's reviews."))
    return ALLOWED


def can_reopen_review(user, review, now=None) -> Verdict:
    """Staff give a submitted review back to its reviewer, while the reviewer can still open it."""
    verdict = can_manage_reviews(user, review.rfp)
    if not verdict:
        return verdict
    if not review.is_submitted:
        return refuse(_("Only a submitted review can be reopened."))
    if not can_open(review.reviewer, review.assignment, now):
        return refuse(_("The reviewer's access to this application has ended: they could not change the review."))
    return ALLOWED


def can_release_feedback(user, review) -> Verdict:
    """Staff show a submitted review's feedback to the applicant, once."""
    verdict = can_manage_reviews(user, review.rfp)
    if not verdict:
        return verdict
    if not review.is_submitted:
        return refuse(_("Feedback is released only from a submitted review."))
    if not review.feedback.strip():
        return refuse(_("This review has no feedback for the applicant."))
    if review.feedback_released_at is not None:
        return refuse(_("This feedback has already been released to the applicant."))
    return ALLOWED


def can_manage_some_reviews(user) -> Verdict:
    """The list of calls whose reviews one manages: program staff (their calls) and admins."""
    if user.is_authenticated and (user.is_admin or user.is_program_staff):
        return ALLOWED
    return refuse(_("Only the staff who run a call manage its reviews."))


def can_have_queue(user) -> Verdict:
    """A queue of one's own assignments: reviewers; program staff and admins too, who review
    rapid-response calls."""
    if user.is_authenticated and (user.has_role(Role.REVIEWER) or user.is_program_staff or user.is_admin):
        return ALLOWED
    return refuse(_("Only reviewers have assignments."))
