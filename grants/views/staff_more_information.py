"""The staff's side of the more-information thread, for the staff who run the application's
call (admins: every call): asking the applicant a question, reopening sections until an
instant, a note only staff read, and the submitted versions side by side. The forms sit in
panels of the application's staff page; each also has a page of its own, where what was typed
comes back beside its error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules, services
from ..forms.more_information import NoteForm, QuestionForm, ReopenForm
from ..models import Application
from ..selectors import form_of, submitted_applications_run_by
from .more_information import versions_context


def _run(request, pk: int, public_id) -> Application:
    return get_object_or_404(
        submitted_applications_run_by(request.user).select_related("rfp"), rfp_id=pk, public_id=public_id
    )


def staff_page(application: Application, anchor: str = "") -> str:
    url = reverse("portal:staff-application", args=[application.public_id])
    return f"{url}#{anchor}" if anchor else url


def _page(request, application: Application, template: str, **context):
    context = {"application": application, "back": staff_page(application), **context}
    return render(request, template, context)


@login_required
def ask(request, pk: int, public_id):
    application = _run(request, pk, public_id)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if attempt(form, services.ask_question, application, text, by=request.user):
            messages.success(request, _("Your question was sent. The applicant is told to read it in the portal."))
            return redirect(staff_page(application, "thread-panel"))
    return _page(request, application, "grants/staff/ask.html", form=form, verdict=rules.can_discuss(application))


def section_choices(application: Application) -> list[tuple[int, str]]:
    default = application.rfp.default_language
    return [
        (section.pk, f"{number}. {section.text(default, default).get('title', '')}")
        for number, section in enumerate(form_of(application.rfp), start=1)
    ]


@login_required
def reopen(request, pk: int, public_id):
    application = _run(request, pk, public_id)
    form = ReopenForm(
        request.POST or None,
        sections=section_choices(application),
        zone=request.user.time_zone or "UTC",
        initial={"sections": application.reopened_sections},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = attempt(
            form,
            services.reopen_sections,
            application,
            data["sections"],
            form.until_instant,
            data["text"],
            by=request.user,
        )
        if done:
            messages.success(
                request, _("The sections are reopened. The applicant is told, and your message is in the thread.")
            )
            return redirect(staff_page(application, "thread-panel"))
    return _page(request, application, "grants/staff/reopen.html", form=form, verdict=rules.can_discuss(application))


@login_required
def note(request, pk: int, public_id):
    application = _run(request, pk, public_id)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["text"]
        if attempt(form, services.add_staff_note, application, text, by=request.user):
            messages.success(request, _("The note was added."))
            return redirect(staff_page(application, "notes-panel"))
    return _page(request, application, "grants/staff/note.html", form=form)


@login_required
def versions(request, pk: int, public_id):
    application = _run(request, pk, public_id)
    context = {
        "application": application,
        "back": staff_page(application),
        "back_label": _("Back to the application"),
        **versions_context(application, request),
    }
    return render(request, "grants/versions.html", context)
