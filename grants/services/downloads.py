"""Staff downloads of an application's files: each one audited (ids only), since a taken-over
staff account would show itself by what it downloads."""

from audit import services as audit

from ..models import Attachment


def record_staff_download(attachment: Attachment, *, by) -> None:
    audit.record(by, "attachment.downloaded", attachment.application, detail={"attachment": attachment.pk})
