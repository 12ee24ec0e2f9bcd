"""Who may do what with decisions and awards: each rule once, answering with its reason. Views
ask it (a refusal of something the user may not know exists is a 404), templates get it in the
context, services assert it. What an award's state allows, whoever asks, is in rules.py."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from core.permissions import ALLOWED, Verdict, refuse
from grants.models import RFP
from grants.permissions import can_run_every_call


def can_manage_awards(user, rfp: RFP) -> Verdict:
    """Deciding, letters, tranches, reports and support: the staff who run the call, and admins."""
    if not user.is_authenticated or not (user.is_admin or user.is_program_staff):
        return refuse(_("Only the staff who run a call decide on its applications and manage its awards."))
    if can_run_every_call(user) or rfp.staff.filter(pk=user.pk).exists():
        return ALLOWED
    return refuse(_("Only the staff who run a call decide on its applications and manage its awards."))


def can_see_portfolio(user) -> Verdict:
    if user.is_authenticated and (user.is_admin or user.is_program_staff):
        return ALLOWED
    return refuse(_("Only program staff and admins see the portfolio."))


def can_hold_awards(user) -> Verdict:
    """A grantee is an applicant: their awards are those of their own applications and of their
    organisations' (awards.selectors.awards_of)."""
    if user.is_authenticated and user.primary_role == Role.APPLICANT:
        return ALLOWED
    return refuse(_("Only applicants hold awards."))
