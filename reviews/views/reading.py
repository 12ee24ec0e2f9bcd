"""What a reviewer sees of one assignment: first the conflict-of-interest question, then the
assignment's overview, the application as they may read it (reading.py: blind-filtered), its
files and their own PDF copy. Every URL is reached through the reviewer's live assignments only
(a wrong id, someone else's, an ended one or one whose access has ended is a 404); the reading,
files and PDF before the reviewer has answered the question send them back to it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.errors import attempt
from core.languages import public_name
from core.pdf import render_pdf
from grants.presentation import instant
from grants.views._downloads import file_download

from ..forms.conflicts import ConflictForm
from ..permissions import can_read_application
from ..reading import reading_of
from ..selectors import assignment_of
from ..services import conflicts
from ..services.reading import record_file_download, record_pdf_download

CONFIRM, DECLARE = "none", "conflict"


def _assignment(request, public_id):
    assignment = assignment_of(request.user, public_id)
    if assignment is None:
        raise Http404
    return assignment


def _readable(request, public_id):
    """The assignment, or a redirect to its conflict question while it is unanswered."""
    assignment = _assignment(request, public_id)
    if not can_read_application(request.user, assignment):
        return assignment, redirect("reviews:assignment", assignment.public_id)
    return assignment, None


def _answer(request, assignment, form):
    """No conflict (then the reading), or a conflict declared (then the reviewer's list)."""
    if request.POST.get("answer") == CONFIRM:
        if attempt(request, conflicts.confirm_no_conflict, assignment, by=request.user):
            return redirect("reviews:assignment", assignment.public_id)
        return None
    reason = form.cleaned_data["reason"] if form.is_valid() else None
    if reason and attempt(form, conflicts.declare_conflict, assignment, reason, by=request.user):
        messages.success(request, _("Thank you: the application has left your list, and the call's staff were told."))
        return redirect("reviews:queue")
    return None


def _call_title(assignment) -> str:
    return assignment.rfp.text(translation.get_language()).get("title", "")


@login_required
@require_http_methods(["GET", "POST"])
def assignment(request, public_id):
    assignment = _assignment(request, public_id)
    form = ConflictForm(request.POST if request.POST.get("answer") == DECLARE else None)
    if request.method == "POST" and (answered := _answer(request, assignment, form)):
        return answered
    confirmed = assignment.no_conflict_confirmed_at is not None
    application = assignment.application
    context = {
        "assignment": assignment,
        "application": application,
        "blind": assignment.rfp.blind_review,
        "call_title": _call_title(assignment),
        "due": instant(assignment.due_at),
        "access_ends": instant(assignment.access_ends_at),
        "confirmed": confirmed,
        "form": form,
        "declaring": request.method == "POST" and request.POST.get("answer") == DECLARE,
    }
    if not assignment.rfp.blind_review and not confirmed:
        # Who applied is what a reviewer needs to know to answer: never in a blind call.
        context["applicant_name"] = application.applicant.get_full_name()
        context["organisation_name"] = application.organisation.name if application.organisation_id else ""
    if confirmed:
        context["reading"] = reading_of(assignment)
    return render(request, "reviews/reviewer/assignment.html", context)


@login_required
def application(request, public_id):
    assignment, to_question = _readable(request, public_id)
    if to_question:
        return to_question
    context = {"reading": reading_of(assignment), "call_title": _call_title(assignment)}
    return render(request, "reviews/reviewer/application.html", context)


@login_required
def file(request, public_id, file_id):
    assignment, to_question = _readable(request, public_id)
    if to_question:
        return to_question
    item = reading_of(assignment).file(file_id)
    if item is None:  # a file of another application, of a withheld answer, or of the thread
        raise Http404
    response = file_download(item.numbered)  # a file gone from the storage is a 404, unrecorded
    record_file_download(assignment, item.numbered.attachment, by=request.user)
    return response


def reading_html(assignment, reviewer) -> str:
    """The HTML the reviewer's PDF is drawn from: the reading page's, every page's footer
    carrying the reviewer's account number so that a copy that leaks can be traced."""
    reading = reading_of(assignment)
    with translation.override(reading.language):
        context = {
            "reading": reading,
            "language": reading.language,
            "bidi": translation.get_language_info(reading.language)["bidi"],
            "public_name": public_name()[0],
            "call_title": _call_title(assignment),
            "account": reviewer.pk,
            "submitted": instant(assignment.application.submitted_at),
        }
        return render_to_string("reviews/pdf/reading.html", context)


@login_required
def pdf(request, public_id):
    assignment, to_question = _readable(request, public_id)
    if to_question:
        return to_question
    response = HttpResponse(render_pdf(reading_html(assignment, request.user)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="application.pdf"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    record_pdf_download(assignment, by=request.user)
    return response
