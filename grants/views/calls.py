"""The builder's pages of a call: the list, creating one, its page, settings, texts, preview,
publication, copies and staff. Program staff reach the calls they run, admins all; anyone else,
and any other call, gets a 404. Every change is a service call."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt
from core.permissions import requires

from .. import rules, services
from ..forms import RFPSettingsForm, RFPStaffForm, RFPTextsForm, typed_in
from ..models import DeadlineExtension
from ..permissions import can_build_calls, can_extend_calls, can_set_staff
from ..presentation import deadline_history, format_amount
from ..preview import section_form
from ..selectors import call_extensions_of, call_state, extension_counts_of, form_of, rfp_list_of, staff_of
from ._builder import LANGUAGE_NAMES, edited_language, is_bidi, language_context, rfp_for, with_language

PAGE_SIZE = 50


@login_required
@requires(can_build_calls)
def rfp_list(request):
    page = Paginator(rfp_list_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    for rfp in page:
        rfp.title = rfp.text(rfp.default_language).get("title", "")
    return render(request, "grants/staff/rfp_list.html", {"page_obj": page})


@login_required
@requires(can_build_calls)
def create_rfp(request):
    form = RFPSettingsForm(request.POST or None)
    texts_form = RFPTextsForm(request.POST or None, prefix="text")
    if request.method == "POST" and form.is_valid() and texts_form.is_valid():
        created = attempt(form, services.create_rfp, by=request.user, texts=texts_form.cleaned_data, **form.values())
        if created:
            messages.success(request, _("The call was created as a draft. Now build its form."))
            return redirect("grants:rfp", pk=created.value.pk)
    return render(request, "grants/staff/rfp_create.html", {"form": form, "texts_form": texts_form})


@login_required
def rfp_detail(request, pk: int):
    rfp = rfp_for(request, pk)
    state = call_state(rfp)
    sections = form_of(rfp)
    language = rfp.default_language
    for section in sections:
        section.default_text = section.text(language, language)
        for question in section.questions.all():
            question.default_text = question.text(language, language)
    context = {
        "rfp": rfp,
        "text": rfp.text(language),
        "sections": sections,
        "problems": services.publication_problems(rfp, sections) if not rfp.is_published else [],
        # A published call stays readable in every language, but may lack some translations.
        "missing": services.language_problems(rfp, sections, rfp.languages) if rfp.is_published else [],
        "staff": list(staff_of(rfp)),
        "language_names": [LANGUAGE_NAMES.get(code, code) for code in rfp.languages],
        "minimum": format_amount(rfp.min_amount, rfp.currency),
        "maximum": format_amount(rfp.max_amount, rfp.currency),
        "budget": format_amount(rfp.budget, rfp.currency),
        "may_set_staff": can_set_staff(request.user),
        "may_publish": rules.can_publish(rfp),
        "may_unpublish": rules.can_unpublish(rfp, state),
        "state": state,
        **_deadline_context(rfp, request.user),
    }
    return render(request, "grants/staff/rfp_detail.html", context)


def _deadline_context(rfp, user) -> dict:
    """The call's deadline history and how many drafts had theirs moved, for its page."""
    if rfp.deadline is None:
        return {}
    counts = extension_counts_of(rfp)
    Scope = DeadlineExtension.Scope
    return {
        "may_move_deadline": rfp.is_published and can_extend_calls(user),
        "deadline_history": deadline_history(call_extensions_of(rfp)),
        "individual_extensions": [
            (label, counts[scope]) for scope, label in Scope.choices if scope != Scope.CALL and counts.get(scope)
        ],
    }


@login_required
def rfp_settings(request, pk: int):
    rfp = rfp_for(request, pk)
    state = call_state(rfp)
    form = RFPSettingsForm(
        request.POST or None,
        instance=rfp,
        frozen=rules.frozen_settings(rfp, state),
        notes=rules.settings_notes(state),
    )
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.update_rfp, rfp, by=request.user, **form.values())
        if saved:
            messages.success(request, _("Settings saved.") if saved.value else _("Nothing changed."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/rfp_settings.html", {"rfp": rfp, "form": form})


@login_required
def rfp_texts(request, pk: int):
    rfp = rfp_for(request, pk)
    language = edited_language(request, rfp)
    is_default = language == rfp.default_language
    form = RFPTextsForm(request.POST or None, initial=rfp.texts.get(language) or {}, required=is_default)
    typed_in(form, form.fields, language, is_bidi(language))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.update_rfp_texts, rfp, language, by=request.user, **form.cleaned_data)
        if saved:
            messages.success(request, _("Texts saved.") if saved.value else _("Nothing changed."))
            return redirect(with_language(reverse("grants:rfp-texts", args=[rfp.pk]), language))
    context = {"rfp": rfp, "form": form, **language_context(rfp, language)}
    return render(request, "grants/staff/rfp_texts.html", context)


@login_required
def preview(request, pk: int):
    rfp = rfp_for(request, pk)
    language = request.GET.get("language") or rfp.default_language
    if language not in rfp.languages and language != rfp.default_language:
        raise Http404
    parts = [
        {
            "section": section,
            "text": section.text(language, rfp.default_language),
            "form": section_form(section, language, rfp, disabled=True),
        }
        for section in form_of(rfp)
    ]
    context = {
        "rfp": rfp,
        "text": rfp.text(language),
        "parts": parts,
        "language": language,
        "language_bidi": is_bidi(language),
        "published_languages": [(code, LANGUAGE_NAMES[code]) for code in rfp.languages if code in LANGUAGE_NAMES],
    }
    return render(request, "grants/staff/preview.html", context)


@login_required
@require_POST
def publish(request, pk: int):
    rfp = rfp_for(request, pk)
    if attempt(request, services.publish, rfp, by=request.user):
        messages.success(request, _("The call is published."))
    return redirect("grants:rfp", pk=rfp.pk)


@login_required
def unpublish(request, pk: int):
    """A confirmation page first: taking a call off the public pages is one click from damage."""
    rfp = rfp_for(request, pk)
    verdict = rules.can_unpublish(rfp, call_state(rfp))
    if request.method == "POST" and attempt(request, services.unpublish, rfp, by=request.user):
        messages.success(request, _("The call is no longer published."))
        return redirect("grants:rfp", pk=rfp.pk)
    context = {
        "rfp": rfp,
        "verdict": verdict,
        "title": _("Unpublish the call"),
        "question": _(
            "Unpublish this call? It disappears from the open calls and its page, and nobody can start an "
            "application to it until you publish it again."
        ),
        "button": _("Unpublish"),
        "cancel": reverse("grants:rfp", args=[rfp.pk]),
    }
    return render(request, "grants/staff/confirm.html", context)


@login_required
@require_POST
def duplicate(request, pk: int):
    rfp = rfp_for(request, pk)
    copy = attempt(request, services.duplicate_rfp, rfp, by=request.user)
    if not copy:
        return redirect("grants:rfp", pk=rfp.pk)
    messages.success(request, _("This is a draft copy. Check its dates and texts before publishing it."))
    return redirect("grants:rfp", pk=copy.value.pk)


@login_required
@requires(can_set_staff)
@reauthentication_required(allow_get=True)
def rfp_staff(request, pk: int):
    rfp = rfp_for(request, pk)
    form = RFPStaffForm(request.POST or None, initial={"staff": list(staff_of(rfp))})
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.set_rfp_staff, rfp, form.cleaned_data["staff"], by=request.user)
        if saved:
            added, removed = saved.value
            messages.success(request, _("Staff saved.") if added or removed else _("Nothing changed."))
            return redirect("grants:rfp", pk=rfp.pk)
    return render(request, "grants/staff/rfp_staff.html", {"rfp": rfp, "form": form})
