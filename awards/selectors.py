"""Reads of decisions and awards, already scoped to the user who asks: a grantee's awards are
those of the applications they may read; staff's those of the calls they run (admins all)."""

from django.db.models import QuerySet

from grants.selectors import applications_of, rfps_run_by, submitted_applications_run_by

from .models import Award, Decision


def awards_of(user) -> QuerySet[Award]:
    """The grantee's awards: of their own applications and their organisations'."""
    return Award.objects.filter(application__in=applications_of(user))


def awards_run_by(user) -> QuerySet[Award]:
    """The awards of the calls a member of staff runs (admins: every call)."""
    return Award.objects.filter(rfp__in=rfps_run_by(user))


def decidable_applications_run_by(user):
    """Applications staff may decide on: submitted or in review, in the calls they run."""
    return submitted_applications_run_by(user).filter(status__in=["submitted", "in_review"])


def standing_decision_of(application) -> Decision | None:
    return Decision.objects.filter(application=application, reversed_at__isnull=True).first()
