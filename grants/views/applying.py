"""The applicant's pages of an application: starting one from a call, its overview (how far
it is, its files, the submit button; once submitted, the copy of what was submitted), the
submission and the withdrawal. Only its owners reach them (the applicant alone, or every
member of its organisation); anyone else gets a 404. Every change is a service call."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import organisations_of
from core.errors import Refused, attempt
from core.permissions import requires

from .. import rules, services
from ..answers import SectionProgress, progress_of
from ..copies import copy_language, submitted_copy
from ..forms.applying import StartForm
from ..models import Application, Question
from ..permissions import can_apply
from ..presentation import deadline_facts, facts_of
from ..protected import answers_of
from ..selectors import applications_to, attachments_of, form_of, published_rfps
from ..standing import standing_of
from ..versions import latest_submitted
from ._applying import overview_url, owned, section_url
from .extension_request import extension_context
from .more_information import more_information_context


@login_required
@requires(can_apply)
def start(request, pk: int):
    rfp = get_object_or_404(published_rfps(), pk=pk)
    call = facts_of(rfp)
    form = StartForm(request.POST or None, organisations=organisations_of(request.user))
    if request.method == "POST" and form.is_valid():
        started = attempt(form, services.start_application, rfp, by=request.user, organisation=form.chosen())
        if started:
            messages.success(request, _("Your application is started. Fill in each section and save it as you go."))
            return redirect(overview_url(started.value))
    context = {"call": call, "form": form, "applications": list(applications_to(rfp, request.user))}
    return render(request, "grants/applying/start.html", context)


@dataclass(frozen=True)
class SectionRow:
    number: int
    title: str
    url: str
    progress: SectionProgress

    @property
    def missing(self) -> int:
        return len(self.progress.missing)


@dataclass(frozen=True)
class ProblemRow:
    section: str
    label: str
    message: str
    url: str


def _draft_context(application: Application, attachments: list, refusal: services.SubmissionError | None) -> dict:
    rfp, language = application.rfp, application.language or application.rfp.default_language
    form = form_of(rfp)
    files: dict[str, int] = {}
    for attachment in attachments:
        files[attachment.question_key] = files.get(attachment.question_key, 0) + 1
    progress = progress_of(form, answers_of(application), rfp, files)
    titles = {section.pk: section.text(language, rfp.default_language).get("title", "") for section in form}
    questions: dict[str, Question] = {q.key: q for section in form for q in section.questions.all()}
    rows = [
        SectionRow(number, titles[part.section.pk], section_url(application, part.section.pk), part)
        for number, part in enumerate(progress.sections, start=1)
    ]
    problems = []
    for section, key, message in refusal.problems if refusal else []:
        question = questions.get(key)
        label = question.text(language, rfp.default_language).get("label", "") if question else ""
        problems.append(
            ProblemRow(titles.get(section.pk, ""), label, message, section_url(application, section.pk, question))
        )
    labels = {
        key: question.text(language, rfp.default_language).get("label", "") for key, question in questions.items()
    }
    return {
        "progress": progress,
        "sections": rows,
        "problems": problems,
        "files": [(attachment, labels.get(attachment.question_key, "")) for attachment in attachments],
        "form_language": language,
    }


def _overview(request, application: Application, *, refusal=None):
    attachments = list(attachments_of(application))
    context = {
        "application": application,
        "call": facts_of(application.rfp),
        "deadline": deadline_facts(application),
        "may_withdraw": rules.can_withdraw(application),
        "standing": standing_of(application),
    }
    if application.is_draft:
        context.update(_draft_context(application, attachments, refusal), extension=extension_context(application))
    else:
        language = copy_language(application, translation.get_language())
        context["copy"] = {
            "language": language,
            "sections": submitted_copy(latest_submitted(application), language, attachments),
        }
        context.update(more_information_context(application, refusal))
    return render(request, "grants/applying/overview.html", context)


@login_required
def overview(request, public_id):
    return _overview(request, owned(request, public_id))


@login_required
@require_POST
def submit(request, public_id):
    return _sent(request, owned(request, public_id), services.submit_application, _submitted_message)


@login_required
@require_POST
def resubmit(request, public_id):
    return _sent(request, owned(request, public_id), services.resubmit_application, _resubmitted_message)


def _submitted_message(application) -> str:
    return _("Your application was submitted. Its reference is %(reference)s; a receipt is in your messages.") % {
        "reference": application.reference
    }


def _resubmitted_message(version) -> str:
    return _("Your application was resubmitted as version %(number)d. The version submitted before is kept.") % {
        "number": version.number
    }


def _sent(request, application, send, success):
    """Submit or resubmit: the problems shown on the overview, else the message of success."""
    try:
        sent = send(application, by=request.user)
    except services.SubmissionError as refusal:
        messages.error(request, refusal.message)
        return _overview(request, application, refusal=refusal)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect(overview_url(application))
    messages.success(request, success(sent))
    return redirect(overview_url(application))


@login_required
def withdraw(request, public_id):
    application = owned(request, public_id)
    verdict = rules.can_withdraw(application)
    if request.method == "POST":
        if attempt(request, services.withdraw_application, application, by=request.user):
            messages.success(request, _("Your application was withdrawn. It stays here for you to read."))
        return redirect(overview_url(application))
    context = {"application": application, "verdict": verdict, "call": facts_of(application.rfp)}
    return render(request, "grants/applying/withdraw.html", context)
