"""Who may do what with calls: each rule once, answering with its reason. Views ask it (a
refusal of something the user may not know exists is a 404), templates get it in the context,
services assert it. What the call's state allows, whoever asks, is in rules.py."""

from django.utils.translation import gettext as _

from accounts.roles import Role
from core.permissions import ALLOWED, Verdict, refuse


def can_build_calls(user) -> Verdict:
    if user.is_authenticated and (user.is_admin or user.is_program_staff):
        return ALLOWED
    return refuse(_("Only program staff and admins build calls."))


def can_apply(user) -> Verdict:
    """Applicants apply; an account holding a role that sees others' applications does not."""
    if user.is_authenticated and user.primary_role == Role.APPLICANT:
        return ALLOWED
    return refuse(_("Accounts of reviewers, program staff and admins do not apply: apply with an account of your own."))


def can_run_every_call(user) -> Verdict:
    if user.is_authenticated and user.is_admin:
        return ALLOWED
    return refuse(_("Program staff run only the calls an admin gives them."))


def can_set_staff(user) -> Verdict:
    if user.is_authenticated and user.is_admin:
        return ALLOWED
    return refuse(_("Only admins choose who runs a call."))


def runs_calls_it_creates(user) -> bool:
    """Program staff who create or copy a call run it (admins run every call anyway)."""
    return bool(user.is_program_staff) and not can_run_every_call(user)


def can_extend_calls(user) -> Verdict:
    if user.is_authenticated and user.is_admin:
        return ALLOWED
    return refuse(_("Only admins extend the deadline of a whole call."))
