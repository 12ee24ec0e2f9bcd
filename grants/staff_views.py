"""The RFP builder, for program staff (on the RFPs they run) and admins (on all). Anyone else,
and any RFP the user does not run, gets a 404. Every change is a service call."""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import admin_only

from . import services
from .forms import QuestionForm, RFPSettingsForm, RFPStaffForm, RFPTextsForm, SectionForm
from .models import RFP, Question, Section
from .preview import section_form
from .selectors import form_of, rfps_run_by

PAGE_SIZE = 50
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _builder(user) -> bool:
    return user.is_admin or user.is_program_staff


def _rfp(request, pk: int) -> RFP:
    return get_object_or_404(rfps_run_by(request.user), pk=pk)


def _language(request, rfp: RFP) -> str:
    """The language being edited (?language=fr), by default the RFP's default language."""
    language = request.GET.get("language") or rfp.default_language
    if language not in LANGUAGE_NAMES:
        raise Http404
    return language


def _language_context(rfp: RFP, language: str) -> dict:
    info = translation.get_language_info(language)
    return {
        "language": language,
        "language_name": LANGUAGE_NAMES[language],
        "language_bidi": info["bidi"],
        "is_default_language": language == rfp.default_language,
        "languages": [
            {"code": code, "name": name, "published": code in rfp.languages} for code, name in settings.LANGUAGES
        ],
    }


def _with_language(url: str, language: str) -> str:
    return f"{url}?language={language}"


@login_required
def rfp_list(request):
    if not _builder(request.user):
        raise Http404
    rfps = rfps_run_by(request.user).annotate(
        question_count=Count("questions", filter=Q(questions__retired_at__isnull=True))
    )
    page = Paginator(rfps.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    for rfp in page:
        rfp.title = rfp.text(rfp.default_language).get("title", "")
    return render(request, "grants/staff/rfp_list.html", {"page_obj": page})


@login_required
def create_rfp(request):
    if not _builder(request.user):
        raise Http404
    form = RFPSettingsForm(request.POST or None)
    texts_form = RFPTextsForm(request.POST or None, prefix="text")
    if request.method == "POST" and form.is_valid() and texts_form.is_valid():
        try:
            rfp = services.create_rfp(by=request.user, texts=texts_form.cleaned_data, **form.values())
        except services.BuilderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The call was created as a draft. Now build its form."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/rfp_create.html", {"form": form, "texts_form": texts_form})


@login_required
def rfp_detail(request, pk: int):
    rfp = _rfp(request, pk)
    sections = form_of(rfp)
    for section in sections:
        section.default_text = section.text(rfp.default_language)
        for question in section.questions.all():
            question.default_text = question.text(rfp.default_language)
    problems = services.publication_problems(rfp, sections) if rfp.status != RFP.Status.PUBLISHED else []
    return render(
        request,
        "grants/staff/rfp_detail.html",
        {
            "rfp": rfp,
            "text": rfp.text(rfp.default_language),
            "sections": sections,
            "problems": problems,
            "staff": list(rfp.staff.order_by("email", "pk")),
            "language_names": [LANGUAGE_NAMES.get(code, code) for code in rfp.languages],
        },
    )


@login_required
def rfp_settings(request, pk: int):
    rfp = _rfp(request, pk)
    form = RFPSettingsForm(request.POST or None, instance=rfp)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_rfp(rfp, by=request.user, **form.values())
        except services.BuilderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Settings saved.") if changed else _("Nothing changed."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/rfp_settings.html", {"rfp": rfp, "form": form})


@login_required
def rfp_texts(request, pk: int):
    rfp = _rfp(request, pk)
    language = _language(request, rfp)
    initial = rfp.texts.get(language) or {}
    is_default = language == rfp.default_language
    form = RFPTextsForm(request.POST or None, initial=initial, required=is_default)
    if request.method == "POST" and form.is_valid():
        changed = services.update_rfp_texts(rfp, language, by=request.user, **form.cleaned_data)
        messages.success(request, _("Texts saved.") if changed else _("Nothing changed."))
        return redirect(_with_language(reverse("grants:rfp-texts", args=[rfp.pk]), language))
    context = {"rfp": rfp, "form": form, **_language_context(rfp, language)}
    return render(request, "grants/staff/rfp_texts.html", context)


# Sections ------------------------------------------------------------------------------------


def _section(rfp: RFP, section_pk: int) -> Section:
    section = get_object_or_404(Section, rfp=rfp, pk=section_pk)
    section.rfp = rfp
    return section


@login_required
def add_section(request, pk: int):
    rfp = _rfp(request, pk)
    language = _language(request, rfp)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_section(rfp, by=request.user, language=language, **form.cleaned_data)
        messages.success(request, _("Section added."))
        return redirect("grants:rfp", pk=rfp.pk)
    context = {"rfp": rfp, "form": form, "section": None, **_language_context(rfp, language)}
    return render(request, "grants/staff/section_form.html", context)


@login_required
def edit_section(request, pk: int, section_pk: int):
    rfp = _rfp(request, pk)
    section = _section(rfp, section_pk)
    language = _language(request, rfp)
    is_default = language == rfp.default_language
    form = SectionForm(request.POST or None, initial=section.texts.get(language) or {}, required=is_default)
    if request.method == "POST" and form.is_valid():
        changed = services.update_section(section, by=request.user, language=language, **form.cleaned_data)
        messages.success(request, _("Section saved.") if changed else _("Nothing changed."))
        return redirect(_with_language(reverse("grants:edit-section", args=[rfp.pk, section.pk]), language))
    context = {"rfp": rfp, "form": form, "section": section, **_language_context(rfp, language)}
    return render(request, "grants/staff/section_form.html", context)


def _direction(request) -> str:
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    return direction


@login_required
@require_POST
def move_section(request, pk: int, section_pk: int):
    rfp = _rfp(request, pk)
    section = _section(rfp, section_pk)
    if services.move_section(section, _direction(request), by=request.user):
        messages.success(request, _("Section moved."))
    return redirect(reverse("grants:rfp", args=[rfp.pk]) + f"#section-{section.pk}")


# Questions -----------------------------------------------------------------------------------


def _question(rfp: RFP, question_pk: int) -> Question:
    question = get_object_or_404(Question, rfp=rfp, pk=question_pk, retired_at__isnull=True)
    question.rfp = rfp
    return question


def _default_choice_count(rfp: RFP, question: Question | None, language: str) -> int:
    if question is None or language == rfp.default_language:
        return 0
    return len((question.texts.get(rfp.default_language) or {}).get("choices") or [])


@login_required
def add_question(request, pk: int, section_pk: int):
    rfp = _rfp(request, pk)
    section = _section(rfp, section_pk)
    language = _language(request, rfp)
    form = QuestionForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(
                section,
                by=request.user,
                language=language,
                key=form.cleaned_data["key"],
                texts=form.texts(),
                **form.values(),
            )
        except services.BuilderError as error:
            form.add_error("key", str(error))
        else:
            messages.success(request, _("Question added."))
            return redirect(reverse("grants:rfp", args=[rfp.pk]) + f"#question-{question.pk}")
    context = {"rfp": rfp, "form": form, "section": section, "question": None, **_language_context(rfp, language)}
    return render(request, "grants/staff/question_form.html", context)


@login_required
def edit_question(request, pk: int, question_pk: int):
    rfp = _rfp(request, pk)
    question = _question(rfp, question_pk)
    language = _language(request, rfp)
    is_default = language == rfp.default_language
    form = QuestionForm(
        request.POST or None,
        initial=QuestionForm.initial_for(question, language),
        creating=False,
        required=is_default,
        default_choices=_default_choice_count(rfp, question, language),
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.update_question(
                question, by=request.user, language=language, texts=form.texts(), **form.values()
            )
        except services.BuilderError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Question saved.") if changed else _("Nothing changed."))
            return redirect(_with_language(reverse("grants:edit-question", args=[rfp.pk, question.pk]), language))
    default_text = question.texts.get(rfp.default_language) or {}
    context = {
        "rfp": rfp,
        "form": form,
        "question": question,
        "section": question.section,
        "default_text": default_text,
        **_language_context(rfp, language),
    }
    return render(request, "grants/staff/question_form.html", context)


@login_required
@require_POST
def move_question(request, pk: int, question_pk: int):
    rfp = _rfp(request, pk)
    question = _question(rfp, question_pk)
    if services.move_question(question, _direction(request), by=request.user):
        messages.success(request, _("Question moved."))
    return redirect(reverse("grants:rfp", args=[rfp.pk]) + f"#question-{question.pk}")


@login_required
@require_POST
def retire_question(request, pk: int, question_pk: int):
    rfp = _rfp(request, pk)
    question = _question(rfp, question_pk)
    services.retire_question(question, by=request.user)
    messages.success(request, _("Question removed. Its key stays reserved in this call."))
    return redirect("grants:rfp", pk=rfp.pk)


# Preview, publication, copies ----------------------------------------------------------------


@login_required
def preview(request, pk: int):
    rfp = _rfp(request, pk)
    language = request.GET.get("language") or rfp.default_language
    if language not in rfp.languages and language != rfp.default_language:
        raise Http404
    sections = form_of(rfp)
    info = translation.get_language_info(language)
    parts = [
        {
            "section": section,
            "text": section.text(language),
            "form": section_form(section, language, rfp, disabled=True),
        }
        for section in sections
    ]
    published = [(code, LANGUAGE_NAMES[code]) for code in rfp.languages if code in LANGUAGE_NAMES]
    context = {
        "rfp": rfp,
        "text": rfp.text(language),
        "parts": parts,
        "language": language,
        "language_bidi": info["bidi"],
        "published_languages": published,
    }
    return render(request, "grants/staff/preview.html", context)


@login_required
@require_POST
def publish(request, pk: int):
    rfp = _rfp(request, pk)
    try:
        services.publish(rfp, by=request.user)
    except services.PublishError as error:
        for problem in error.problems:
            messages.error(request, problem)
    except services.BuilderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The call is published."))
    return redirect("grants:rfp", pk=rfp.pk)


@login_required
@require_POST
def unpublish(request, pk: int):
    rfp = _rfp(request, pk)
    try:
        services.unpublish(rfp, by=request.user)
    except services.BuilderError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The call is no longer published."))
    return redirect("grants:rfp", pk=rfp.pk)


@login_required
@require_POST
def duplicate(request, pk: int):
    rfp = _rfp(request, pk)
    copy = services.duplicate_rfp(rfp, by=request.user)
    messages.success(request, _("This is a draft copy. Check its dates and texts before publishing it."))
    return redirect("grants:rfp", pk=copy.pk)


@login_required
@admin_only
@reauthentication_required(allow_get=True)
def rfp_staff(request, pk: int):
    rfp = _rfp(request, pk)
    form = RFPStaffForm(request.POST or None, initial={"staff": list(rfp.staff.all())})
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.set_rfp_staff(rfp, form.cleaned_data["staff"], by=request.user)
        except services.BuilderError as error:
            form.add_error("staff", str(error))
        else:
            messages.success(request, _("Staff saved.") if added or removed else _("Nothing changed."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/rfp_staff.html", {"rfp": rfp, "form": form})
