"""The applicant's page of one section: one form, one POST, so a cut connection loses at most
the section on screen.

Every save keeps everything typed, valid or not; its problems are shown beside the fields (the
page is shown again, as typed) and otherwise the save redirects with the time it was saved.
A file question has its own file input and "Upload" button in the same form, so an upload
saves what was typed too, and a refused file leaves the typed answers saved; a file chosen and
sent with any other button is attached as well. When a colleague
saved the section after it was opened, nothing is saved: their answers are shown beside the
ones typed, and the next save (against their version) keeps what the user chose.

With JavaScript, static/js/autosave.js posts the same form (files apart) with
`Accept: application/json` and gets {version, saved_at, message, problems}, or a 409 on a
colleague's save, or a 400 with the reason nothing was saved."""

import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import BoundField
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.errors import Refused

from .. import rules, services
from ..answer_text import answer_lines, choice_labels_in
from ..answers import is_empty, problem
from ..forms.applying import AnswersForm, word_counter
from ..models import Application, Question, Section
from ..presentation import deadline_facts, instant, time_of_day
from ..protected import answers_of
from ..selectors import attachments_of, form_of
from ._applying import overview_url, owned, section_url

T = Question.Type
# The page's own controls start with "_", which no question key can (they start with a letter).
VERSION, GO, UPLOAD, REMOVE = "_version", "_go", "_upload", "_remove"


@dataclass(frozen=True)
class Row:
    question: Question
    field: BoundField
    files: list
    counter: dict | None


@dataclass(frozen=True)
class Place:
    """The section on screen among its call's sections (selectors.form_of, questions loaded)."""

    application: Application
    sections: list[Section]
    index: int

    @property
    def section(self) -> Section:
        return self.sections[self.index]

    @property
    def questions(self) -> list[Question]:
        return list(self.section.questions.all())

    @property
    def language(self) -> str:
        return self.application.language or self.application.rfp.default_language

    @property
    def version(self) -> int:
        return self.application.section_versions.get(str(self.section.pk), 0)

    def url_of(self, index: int) -> str | None:
        if 0 <= index < len(self.sections):
            return section_url(self.application, self.sections[index].pk)
        return None


def _place(request, public_id, section_pk: int) -> Place:
    application = owned(request, public_id)
    sections = form_of(application.rfp)
    index = next((index for index, section in enumerate(sections) if section.pk == section_pk), None)
    if index is None:
        raise Http404
    return Place(application, sections, index)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def section(request, public_id, section_pk: int):
    place = _place(request, public_id, section_pk)
    application = place.application
    verdict = rules.can_edit_answers(application, place.section.pk)
    if not verdict:  # submitted, and this section not reopened (or no longer)
        if _wants_json(request):
            return JsonResponse({"error": verdict.reason}, status=400)
        return redirect(overview_url(application))  # what was submitted is read there
    if request.method == "POST":
        return _save(request, place)
    answers = answers_of(application)
    stored = {question.key: answers.get(question.key) for question in place.questions if question.type != T.FILE}
    form = AnswersForm(
        place.questions,
        place.language,
        application.rfp,
        data=stored,
        problems=_problems_of(place.questions, stored, application.rfp),
    )
    return _render(request, place, form, place.version)


def _problems_of(questions, values: dict, rfp) -> dict[str, str]:
    return {
        question.key: message
        for question in questions
        if question.type != T.FILE and (message := problem(question, values.get(question.key), rfp))
    }


def _seen_version(value) -> int:
    """The version the page was opened at; a page that sent none is taken as opened before
    any save, so it can never overwrite a colleague's answers unseen."""
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        return 0


def _save(request, place: Place):
    application, section, rfp = place.application, place.section, place.application.rfp
    questions = place.questions
    form = AnswersForm(questions, place.language, rfp, data=request.POST, files=request.FILES)
    typed = form.typed()
    seen = _seen_version(request.POST.get(VERSION))
    conflict = None
    try:
        problems = services.save_section(application, section, typed, by=request.user, seen_version=seen)
    except services.SectionConflict as refusal:
        conflict, problems = refusal, _problems_of(questions, typed, rfp)
    except Refused as refusal:  # the deadline passed, or it was submitted meanwhile: nothing saved
        if _wants_json(request):
            return JsonResponse({"error": refusal.message}, status=400)
        messages.error(request, refusal.message)
        form.show_problems(_problems_of(questions, typed, rfp))
        return _render(request, place, form, seen)
    if _wants_json(request):
        if conflict:
            return JsonResponse({"error": conflict.message, "version": conflict.version}, status=409)
        return JsonResponse(_saved(application, place.version, problems))

    upload_problems, uploaded = _upload(request, application, questions)
    if conflict:
        messages.error(request, conflict.message)
        if uploaded:
            messages.success(request, _("The file was attached."))
        form.show_theirs(_differing(place, typed, conflict.theirs), conflict.saved_by)
        form.show_problems({**problems, **upload_problems})
        return _render(request, place, form, conflict.version)

    saved_at = time_of_day(application.updated_at)
    removing = _file_id(request.POST.get(REMOVE))
    if removing is not None:
        if problems:
            messages.warning(request, _("Saved. Some answers need attention."))
        return redirect("applying:remove-file", public_id=application.public_id, file_id=removing)
    if problems:
        messages.warning(request, _("Saved. Some answers need attention."))
    elif upload_problems:
        messages.warning(
            request, _("Saved at %(time)s, but the file was not attached: see why beside it.") % {"time": saved_at}
        )
    if problems or upload_problems:
        if uploaded:
            messages.success(request, _("The file was attached."))
        form.show_problems({**problems, **upload_problems})
        return _render(request, place, form, place.version)
    if uploaded:
        messages.success(request, _("Saved at %(time)s; the file was attached.") % {"time": saved_at})
    else:
        messages.success(request, _("Saved at %(time)s") % {"time": saved_at})
    return redirect(_after_save(request, place, uploaded))


def _saved(application: Application, version: int, problems: dict) -> dict:
    saved_at = time_of_day(application.updated_at)
    if problems:
        message = _("Saved at %(time)s; some answers need attention: press “Save” to see what to change.")
    else:
        message = _("Saved at %(time)s")
    return {"version": version, "saved_at": saved_at, "message": message % {"time": saved_at}, "problems": problems}


def _upload(request, application: Application, questions) -> tuple[dict[str, str], Question | None]:
    """Every file chosen in the section, whichever button sent it (a file chosen and then
    "Save" pressed has been sent all the same, over a link that may be slow): ({key: why it
    was refused}, the last question a file now answers, or None). An "Upload" pressed without
    a file asks for one."""
    pressed = request.POST.get(UPLOAD)
    problems, attached = {}, None
    for question in questions:
        if question.type != T.FILE:
            continue
        uploaded = request.FILES.get(question.key)
        if uploaded is None:
            if question.key == pressed:
                problems[question.key] = _("Choose a file first, then press “Upload”.")
            continue
        try:
            services.add_attachment(application, question, uploaded, by=request.user)
        except Refused as refusal:
            problems[question.key] = refusal.message
        else:
            attached = question
    return problems, attached


def _file_id(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def _after_save(request, place: Place, uploaded: Question | None) -> str:
    go = request.POST.get(GO)
    if uploaded is not None and go not in ("next", "overview"):
        return section_url(place.application, place.section.pk, uploaded)
    if go == "next":
        return place.url_of(place.index + 1) or overview_url(place.application)
    if go == "overview":
        return overview_url(place.application)
    return section_url(place.application, place.section.pk)


def _differing(place: Place, typed: dict, theirs: dict) -> dict[str, list[str]]:
    """The colleague's answers that differ from what was typed, as a reader reads them."""
    default = place.application.rfp.default_language
    shown = {}
    for question in place.questions:
        mine, stored = typed.get(question.key), theirs.get(question.key)
        if question.type == T.FILE or (is_empty(mine) and is_empty(stored)) or mine == stored:
            continue
        labels = choice_labels_in(question.texts, place.language, default)
        shown[question.key] = answer_lines(question.type, stored, labels)
    return shown


def _render(request, place: Place, form: AnswersForm, version: int):
    application = place.application
    rfp = application.rfp
    file_keys = [question.key for question in form.questions if question.type == T.FILE]
    files: dict[str, list] = {}
    if file_keys:
        for attachment in attachments_of(application).filter(question_key__in=file_keys):
            files.setdefault(attachment.question_key, []).append(attachment)
    rows = [
        Row(
            question,
            form[question.key],
            files.get(question.key, []),
            word_counter(question, form[question.key].value()),
        )
        for question in form.questions
    ]
    context = {
        "application": application,
        "section": place.section,
        "text": place.section.text(place.language, rfp.default_language),
        "number": place.index + 1,
        "count": len(place.sections),
        "previous_url": place.url_of(place.index - 1),
        "next_url": place.url_of(place.index + 1),
        "form": form,
        "rows": rows,
        "version": version,
        "form_language": place.language,
        "deadline": deadline_facts(application),
        "reopened_until": None if application.is_draft else instant(application.reopened_until),
        "action": reverse("applying:section", args=[application.public_id, place.section.pk]),
        "controls": {"version": VERSION, "go": GO, "upload": UPLOAD, "remove": REMOVE},
    }
    return render(request, "grants/applying/section.html", context)
