"""The submitted copy of an application as a PDF, for its owners: the questions as they were
worded when it was submitted and the answers as typed, in the application's language. The file
goes to a seized laptop's downloads as readily as anywhere: its name and metadata say nothing."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import translation

from core.languages import public_name
from core.pdf import render_pdf

from ..copies import copy_language, submitted_copy
from ..presentation import instant
from ..selectors import submitted_copies_of


def copy_html(application) -> str:
    """The HTML the PDF is drawn from, in the application's language; the time of submission in
    the reader's time zone (and in UTC)."""
    language = copy_language(application, application.language)
    with translation.override(language):
        context = {
            "application": application,
            "language": language,
            "bidi": translation.get_language_info(language)["bidi"],
            "public_name": public_name()[0],
            "call_title": application.rfp.text(language).get("title", ""),
            "submitted": instant(application.submitted_at),
            "sections": submitted_copy(application, language),
        }
        return render_to_string("grants/pdf/submitted_copy.html", context)


@login_required
def copy_pdf(request, public_id):
    application = get_object_or_404(submitted_copies_of(request.user).select_related("rfp"), public_id=public_id)
    response = HttpResponse(render_pdf(copy_html(application)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="application.pdf"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
