"""The applicant's side of the more-information thread, on their application's page: the
thread with its answer form, the sections staff reopened and the resubmission, and every
submitted version side by side with its changes marked. Only the application's owners reach
them (a foreign id is a 404); every change is a service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.errors import attempt

from .. import rules, services
from ..copies import copy_language
from ..forms.more_information import AnswerForm
from ..models import Application
from ..presentation import instant
from ..selectors import attachments_of, form_of
from ..thread import reopened_sections_of, thread_entries
from ..versions import compare, submitted_versions
from ._applying import overview_url, owned, section_url


def more_information_context(application: Application, refusal=None, form=None) -> dict:
    """What the overview of a submitted application shows of the thread and the reopened
    sections (templates/grants/applying/_more_information.html)."""
    if application.submitted_at is None:
        return {}
    entries = thread_entries(application, for_staff=False)
    now = timezone.now()
    reopened = []
    if rules.can_resubmit(application, now):
        language = application.language or application.rfp.default_language
        reopened = [
            (section, section_url(application, section.pk))
            for section in reopened_sections_of(application, form_of(application.rfp), language)
        ]
    may_discuss = rules.can_discuss(application)
    return {
        "thread": entries,
        "may_answer": bool(may_discuss) and any(entry.is_question for entry in entries),
        "answer_form": form or AnswerForm(),
        "reopened": reopened,
        "reopened_until": instant(application.reopened_until) if reopened else None,
        "resubmit_problems": refusal.problems if refusal else [],
        "versions": [(version, instant(version.submitted_at)) for version in submitted_versions(application)],
        "form_language": application.language or application.rfp.default_language,
    }


@login_required
def answer(request, public_id):
    """The answer form: on the overview, and on a page of its own when what was sent needs
    changing (nothing typed is lost)."""
    application = owned(request, public_id)
    if application.submitted_at is None:
        return redirect(overview_url(application))
    form = AnswerForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.answer_question, application, data["text"], data["file"], by=request.user):
            messages.success(request, _("Your answer was sent. The staff who run the call are told."))
            return redirect(f"{overview_url(application)}#thread-heading")
    context = {"application": application, **more_information_context(application, form=form)}
    return render(request, "grants/applying/answer.html", context)


def _chosen(request, versions: list) -> tuple:
    """The two versions to compare (?from=1&to=2), by default the last two."""
    by_number = {version.number: version for version in versions}

    def number(name, default):
        try:
            return by_number[int(request.GET.get(name, ""))]
        except (KeyError, ValueError):
            return default

    newer = number("to", versions[-1])
    older = number("from", versions[-2] if len(versions) > 1 else versions[-1])
    return older, newer


def versions_context(application: Application, request) -> dict:
    """Every submitted version, and two of them side by side (shared with the staff's page)."""
    versions = submitted_versions(application)
    if not versions:
        return {"versions": []}
    older, newer = _chosen(request, versions)
    language = copy_language(application, translation.get_language())
    return {
        "versions": [(version, instant(version.submitted_at)) for version in versions],
        "older": older,
        "newer": newer,
        "comparison": compare(application, older, newer, language, list(attachments_of(application))),
        "copy_language": language,
    }


@login_required
def versions(request, public_id):
    application = owned(request, public_id)
    context = {
        "application": application,
        "back": overview_url(application),
        "back_label": _("Back to the application"),
        **versions_context(application, request),
    }
    return render(request, "grants/versions.html", context)
