"""An application's files, for its owners: the download, and removing one from a draft (asked
first, on a page of its own). Staff and reviewers download through their own pages.

A download never tells its name: a seized laptop's downloads folder would show
"attachment-3.pdf" (its number in the copy), never what the applicant called the file, and the
browser is told to save it, not to open it here (nosniff, sandboxed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules, services
from ..models import Application, Attachment
from ..selectors import attachments_of, form_of
from ._applying import overview_url, owned, section_url
from ._downloads import file_download, numbered_file


def _attachment(application: Application, file_id) -> Attachment:
    return get_object_or_404(attachments_of(application), public_id=file_id)


@login_required
def download(request, public_id, file_id):
    application = owned(request, public_id)
    return file_download(numbered_file(application, file_id))


def _back(application: Application, attachment: Attachment) -> tuple[int | None, str]:
    """The section of the question the file answers and its page (the overview if it is gone)."""
    for section in form_of(application.rfp):
        for question in section.questions.all():
            if question.key == attachment.question_key:
                return section.pk, section_url(application, section.pk, question)
    return None, overview_url(application)


@login_required
def remove_file(request, public_id, file_id):
    application = owned(request, public_id)
    attachment = _attachment(application, file_id)
    section_pk, back = _back(application, attachment)
    if request.method == "POST":
        if attempt(request, services.remove_attachment, attachment, by=request.user):
            messages.success(request, _("The file was removed."))
        return redirect(back)
    context = {
        "application": application,
        "attachment": attachment,
        "verdict": rules.can_edit_answers(application, section_pk),
        "back": back,
    }
    return render(request, "grants/applying/remove_file.html", context)
