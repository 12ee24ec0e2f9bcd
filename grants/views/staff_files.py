"""A file of a submitted application, for the staff who run its call: sent as a download under a
neutral name ("attachment-2.pdf"), never shown in the browser, never cached, and audited."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..copies import numbered_attachments
from ..selectors import submitted_applications_run_by
from ..services.downloads import record_staff_download


@login_required
def staff_file(request, pk: int, public_id, file_id):
    application = get_object_or_404(submitted_applications_run_by(request.user), rfp_id=pk, public_id=public_id)
    numbered = next((item for item in numbered_attachments(application) if item.attachment.public_id == file_id), None)
    if numbered is None:
        raise Http404
    attachment = numbered.attachment
    content = attachment.file.open("rb")  # a file gone from the storage fails here, unaudited
    record_staff_download(attachment, by=request.user)
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
