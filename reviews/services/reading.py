"""What a reviewer takes away from an application: each file and each PDF copy is recorded
(ids only), since a leaked copy or a taken-over account shows itself by what it downloaded."""

from audit import services as audit
from grants.models import Attachment

from ..models import Assignment


def record_file_download(assignment: Assignment, attachment: Attachment, *, by) -> None:
    audit.record(by, "assignment.file_downloaded", assignment, detail={"attachment": attachment.pk})


def record_pdf_download(assignment: Assignment, *, by) -> None:
    audit.record(by, "assignment.pdf_downloaded", assignment, detail={"application": assignment.application_id})
