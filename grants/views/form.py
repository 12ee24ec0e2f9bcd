"""The builder's pages of a call's form: sections, questions and their choices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt

from .. import rules, services
from ..forms import QuestionForm, SectionForm, typed_in
from ..models import RFP, Question, Section
from ..rules import CallState
from ..selectors import call_state, live_questions_of, sections_of
from ._builder import direction, edited_language, is_bidi, language_context, rfp_for, with_language

CHOICE_ACTIONS = ("up", "down", "remove")


def _section(rfp: RFP, section_pk: int) -> Section:
    return get_object_or_404(sections_of(rfp), pk=section_pk)


def _question(rfp: RFP, question_pk: int) -> Question:
    return get_object_or_404(live_questions_of(rfp).select_related("section"), pk=question_pk)


def _rfp_anchor(rfp: RFP, anchor: str) -> str:
    return reverse("grants:rfp", args=[rfp.pk]) + f"#{anchor}"


# Sections ------------------------------------------------------------------------------------


@login_required
def add_section(request, pk: int):
    rfp = rfp_for(request, pk)
    language = edited_language(request, rfp)
    form = SectionForm(request.POST or None)
    typed_in(form, form.fields, language, is_bidi(language))
    if request.method == "POST" and form.is_valid():
        added = attempt(form, services.add_section, rfp, by=request.user, language=language, **form.cleaned_data)
        if added:
            messages.success(request, _("Section added."))
            return redirect("grants:rfp", pk=rfp.pk)
    context = {"rfp": rfp, "form": form, "section": None, **language_context(rfp, language)}
    return render(request, "grants/staff/section_form.html", context)


@login_required
def edit_section(request, pk: int, section_pk: int):
    rfp = rfp_for(request, pk)
    section = _section(rfp, section_pk)
    language = edited_language(request, rfp)
    is_default = language == rfp.default_language
    form = SectionForm(request.POST or None, initial=section.texts.get(language) or {}, required=is_default)
    typed_in(form, form.fields, language, is_bidi(language))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.update_section, section, by=request.user, language=language, **form.cleaned_data)
        if saved:
            messages.success(request, _("Section saved.") if saved.value else _("Nothing changed."))
            return redirect(with_language(reverse("grants:edit-section", args=[rfp.pk, section.pk]), language))
    context = {"rfp": rfp, "form": form, "section": section, **language_context(rfp, language)}
    return render(request, "grants/staff/section_form.html", context)


@login_required
@require_POST
def move_section(request, pk: int, section_pk: int):
    rfp = rfp_for(request, pk)
    section = _section(rfp, section_pk)
    if services.move_section(section, direction(request), by=request.user):
        messages.success(request, _("Section moved."))
    return redirect(_rfp_anchor(rfp, f"section-{section.pk}"))


# Questions -----------------------------------------------------------------------------------


def _question_form(
    request, rfp: RFP, language: str, question: Question | None = None, state: CallState | None = None
) -> QuestionForm:
    """The form of a new question, or of `question` with what `state` freezes read-only."""
    frozen = rules.frozen_question_fields(state) if question is not None else {}
    form = QuestionForm(
        request.POST or None,
        question=question,
        language=language,
        default_language=rfp.default_language,
        frozen=frozen,
    )
    typed = ["label", "help", "new_choices", *(f"choice_{key}" for key in form.choice_keys)]
    typed_in(form, typed, language, is_bidi(language))
    return form


def _question_context(
    rfp: RFP,
    form: QuestionForm,
    section: Section,
    question: Question | None,
    language: str,
    state: CallState | None = None,
) -> dict:
    context = {"rfp": rfp, "form": form, "section": section, "question": question, **language_context(rfp, language)}
    if question is not None:
        context["default_text"] = question.text(rfp.default_language, rfp.default_language)
        context["may_remove_choice"] = rules.can_remove_choice(question, state)
        context["notes"] = rules.question_notes(state)
    return context


@login_required
def add_question(request, pk: int, section_pk: int):
    rfp = rfp_for(request, pk)
    section = _section(rfp, section_pk)
    language = edited_language(request, rfp)
    form = _question_form(request, rfp, language)
    if request.method == "POST" and form.is_valid():
        added = attempt(
            form,
            services.add_question,
            section,
            by=request.user,
            language=language,
            key=form.cleaned_data["key"],
            texts=form.texts(),
            choices=form.new_choice_labels(),
            **form.values(),
        )
        if added:
            messages.success(request, _("Question added."))
            return redirect(_rfp_anchor(rfp, f"question-{added.value.pk}"))
    return render(request, "grants/staff/question_form.html", _question_context(rfp, form, section, None, language))


def _choice_action(request, question: Question) -> tuple[str, str] | None:
    """The choice button pressed, if any: ("up" | "down" | "remove", choice key)."""
    value = request.POST.get("choice_action")
    if not value:
        return None
    action, _colon, key = value.partition(":")
    if action not in CHOICE_ACTIONS or key not in question.choices:
        raise Http404
    return action, key


@login_required
def edit_question(request, pk: int, question_pk: int):
    """The question's settings, texts and choices in one form: every button saves what was
    typed first, then does what it says (move a choice, or ask before removing one)."""
    rfp = rfp_for(request, pk)
    question = _question(rfp, question_pk)
    language = edited_language(request, rfp)
    state = call_state(rfp)
    form = _question_form(request, rfp, language, question, state)
    here = with_language(reverse("grants:edit-question", args=[rfp.pk, question.pk]), language)
    if request.method == "POST" and form.is_valid():
        action = _choice_action(request, question)
        saved = attempt(
            form,
            services.update_question,
            question,
            by=request.user,
            language=language,
            texts=form.texts(),
            choice_labels=form.choice_labels(),
            new_choices=form.new_choice_labels(),
            **form.values(),
        )
        if saved:
            if saved.value:
                messages.success(request, _("Question saved."))
            if action is None:
                if not saved.value:
                    messages.success(request, _("Nothing changed."))
                return redirect(here)
            verb, key = action
            if verb == "remove":
                url = reverse("grants:remove-choice", args=[rfp.pk, question.pk, key])
                return redirect(with_language(url, language))
            if attempt(request, services.move_choice, question, key, verb, by=request.user).value:
                messages.success(request, _("Choice moved."))
            return redirect(f"{here}#choice-{key}")
    context = _question_context(rfp, form, question.section, question, language, state)
    return render(request, "grants/staff/question_form.html", context)


@login_required
@require_POST
def move_question(request, pk: int, question_pk: int):
    rfp = rfp_for(request, pk)
    question = _question(rfp, question_pk)
    if services.move_question(question, direction(request), by=request.user):
        messages.success(request, _("Question moved."))
    return redirect(_rfp_anchor(rfp, f"question-{question.pk}"))


@login_required
def retire_question(request, pk: int, question_pk: int):
    """Asked on a page of its own: removing a question is one click from damage."""
    rfp = rfp_for(request, pk)
    question = _question(rfp, question_pk)
    if request.method == "POST":
        services.retire_question(question, by=request.user)
        messages.success(request, _("Question removed. Its key stays reserved in this call."))
        return redirect("grants:rfp", pk=rfp.pk)
    label = question.text(rfp.default_language, rfp.default_language).get("label") or question.key
    context = {
        "rfp": rfp,
        "title": _("Remove a question"),
        "question": _("Remove the question “%(label)s” from the form?") % {"label": label},
        "details": _("Its key, %(key)s, stays reserved in this call: it is never given to another question.")
        % {"key": question.key},
        "button": _("Remove the question"),
        "cancel": _rfp_anchor(rfp, f"question-{question.pk}"),
    }
    return render(request, "grants/staff/confirm.html", context)


@login_required
def remove_choice(request, pk: int, question_pk: int, key: str):
    rfp = rfp_for(request, pk)
    question = _question(rfp, question_pk)
    if key not in question.choices:
        raise Http404
    language = edited_language(request, rfp)
    back = with_language(reverse("grants:edit-question", args=[rfp.pk, question.pk]), language)
    verdict = rules.can_remove_choice(question, call_state(rfp))
    if request.method == "POST" and attempt(request, services.remove_choice, question, key, by=request.user):
        messages.success(request, _("Choice removed. Its key stays reserved in this question."))
        return redirect(back)
    label = dict(question.choice_labels(language, rfp.default_language)).get(key) or key
    context = {
        "rfp": rfp,
        "verdict": verdict,
        "title": _("Remove a choice"),
        "question": _("Remove the choice “%(label)s”?") % {"label": label},
        "button": _("Remove the choice"),
        "cancel": f"{back}#choice-{key}",
    }
    return render(request, "grants/staff/confirm.html", context)
