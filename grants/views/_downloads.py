"""What every download of an application's file shares, the owners' and the staff's alike: the
file found by its number in the copy (so "attachment-2.pdf" is the copy's "Attachment 2" for
everyone), sent to be saved, never shown here (nosniff, sandboxed) nor cached."""

from django.http import FileResponse, Http404

from ..copies import NumberedAttachment, numbered_attachments, numbered_thread_files
from ..models import Application


def numbered_file(application: Application, file_id) -> NumberedAttachment:
    """A file answering a question, or one sent in the more-information thread."""
    for numbering in (numbered_attachments, numbered_thread_files):
        numbered = next((item for item in numbering(application) if item.attachment.public_id == file_id), None)
        if numbered is not None:
            return numbered
    raise Http404


def file_download(numbered: NumberedAttachment) -> FileResponse:
    """The file, opened (a file gone from the storage is a 404), under its neutral name."""
    attachment = numbered.attachment
    try:
        content = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        content,
        as_attachment=True,
        filename=numbered.download_name,
        content_type=attachment.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "no-store, private"
    return response
