"""Each submitted version of an application kept as it was: the first submission and every
resubmission after staff reopened sections. Sensitive answers are copied still encrypted."""

from ..models import Application, ApplicationVersion


def _version_from(application: Application, number: int, *, by, at) -> ApplicationVersion:
    return ApplicationVersion(
        application=application,
        number=number,
        answers=application.answers,
        sensitive_answers=application.sensitive_answers,
        form_snapshot=application.form_snapshot or {},
        title=application.title,
        submitted_by=by,
        submitted_at=at,
    )


def record_version(application: Application, *, by, now) -> ApplicationVersion:
    """The application as it is now, as its next version (in the caller's transaction, under
    the application's row lock)."""
    last = application.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = _version_from(application, last + 1, by=by, at=now)
    version.save()
    return version


def ensure_first_version(application: Application) -> None:
    """Applications submitted before versions were kept get their version 1 from the row
    itself, before anything reopened can change it."""
    if application.submitted_at and not application.versions.exists():
        _version_from(application, 1, by=application.applicant, at=application.submitted_at).save()


def unsaved_first_version(application: Application) -> ApplicationVersion:
    """What version 1 of an application submitted before versions were kept reads as (nothing
    reopened yet, so the row is still as it was submitted); never saved here."""
    return _version_from(application, 1, by=application.applicant, at=application.submitted_at)
