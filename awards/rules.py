"""What an award's state allows, whoever asks: who may ask is in permissions.py. Each rule answers
with its reason, so a page hides a button by the very rule that refuses its POST. The rules read
an award's tranches and reporting duties through `.all()`: prefetched (selectors.award_of), they
cost no query."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from core.permissions import ALLOWED, Verdict, refuse

from .models import Award, Report, ReportRequirement, Tranche

OPEN = (Award.Status.OFFERED, Award.Status.ACTIVE)


def report_of(requirement: ReportRequirement) -> Report | None:
    """The duty's report, None until the grantee starts one."""
    try:
        return requirement.report
    except ObjectDoesNotExist:
        return None


def is_accepted(requirement: ReportRequirement) -> bool:
    report = report_of(requirement)
    return report is not None and report.status == Report.Status.ACCEPTED


def can_take_support(award: Award) -> Verdict:
    """Support is added, changed or asked for while the award is offered or active."""
    if award.status not in OPEN:
        return refuse(_("This award is closed or cancelled: its support can no longer change."))
    return ALLOWED


def tranche_can_be_paid(tranche: Tranche) -> Verdict:
    if tranche.paid_on is not None:
        return refuse(_("This tranche is already marked paid."))
    if tranche.award.status != Award.Status.ACTIVE:
        return refuse(_("Only an active award's tranches are paid: its letter must be accepted first."))
    if tranche.requires_report_id is not None and not is_accepted(tranche.requires_report):
        return refuse(_("This tranche waits on a report: it can be paid once that report is accepted."))
    return ALLOWED


def award_can_close(award: Award) -> Verdict:
    """An active award closes once every tranche is paid and every report accepted."""
    if award.status != Award.Status.ACTIVE:
        return refuse(_("Only an active award can be closed."))
    if any(tranche.paid_on is None for tranche in award.tranches.all()):
        return refuse(_("Every tranche must be paid before the award is closed."))
    if not all(is_accepted(requirement) for requirement in award.report_requirements.all()):
        return refuse(_("Every report must be accepted before the award is closed."))
    return ALLOWED


def award_can_cancel(award: Award) -> Verdict:
    if award.status not in OPEN:
        return refuse(_("Only an offered or active award can be cancelled."))
    return ALLOWED
