"""A file of a submitted application, for the staff who run its call: sent as a download under a
neutral name ("attachment-2.pdf"), never shown in the browser, never cached, and audited."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404

from ..selectors import submitted_applications_run_by
from ..services.downloads import record_staff_download
from ._downloads import file_download, numbered_file


@login_required
def staff_file(request, pk: int, public_id, file_id):
    application = get_object_or_404(submitted_applications_run_by(request.user), rfp_id=pk, public_id=public_id)
    numbered = numbered_file(application, file_id)
    response = file_download(numbered)  # a file gone from the storage is a 404 here, unaudited
    record_staff_download(numbered.attachment, by=request.user)
    return response
