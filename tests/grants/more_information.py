"""What the more-information tests share: a submitted application whose call is run by a
member of staff, questions asked and answered, sections reopened and resubmitted."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from grants import services
from grants.selectors import form_of

from .submitted import ANSWERS_EN, copy_call, submitted_application


def run_by(staff, **fields):
    """An application submitted to a call `staff` runs, and its two sections."""
    rfp = copy_call(staff=[staff])
    application = submitted_application(rfp, **fields)
    project, documents = form_of(rfp)
    return application, project, documents


def a_file(name="reply.txt", content=b"Rent: 100"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def reopen_and_resubmit(application, section, staff, title: str):
    """Staff reopen `section`; the applicant changes the title there and resubmits."""
    until = timezone.now() + timedelta(days=2)
    services.reopen_sections(application, [section.pk], until, "Please correct the title.", by=staff)
    services.save_section(application, section, {**ANSWERS_EN, "title": title}, by=application.applicant)
    return services.resubmit_application(application, by=application.applicant)
