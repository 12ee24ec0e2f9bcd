"""A call's rubric for the staff who run it: the criteria, adding and editing one in every
language the call is published in, reordering without JavaScript, removing after asking. What
the rules freeze once a review is submitted is read-only, its reason shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import attempt
from grants.models import RFP

from .. import rules
from ..forms.rubric import CriterionForm
from ..models import Criterion
from ..selectors import criteria_of, criterion_of, has_submitted_review
from ..services import rubric as services
from .staff_calls import managed_call


def _criterion(rfp: RFP, criterion_pk: int) -> Criterion:
    criterion = criterion_of(rfp, criterion_pk)
    if criterion is None:
        raise Http404
    return criterion


def _rubric_anchor(rfp: RFP, criterion: Criterion | None = None) -> str:
    url = reverse("reviews:rubric", args=[rfp.pk])
    return f"{url}#criterion-{criterion.pk}" if criterion is not None else url


def _rules_context(rfp: RFP) -> dict:
    submitted = has_submitted_review(rfp)
    return {
        "frozen": rules.frozen_criterion_fields(submitted),
        "may_change_set": rules.can_change_criteria_set(submitted),
    }


def _rows(rfp: RFP, criteria: list[Criterion]) -> list[dict]:
    languages = services.rubric_languages(rfp)
    return [
        {
            "criterion": criterion,
            "name": criterion.text(rfp.default_language, rfp.default_language).get("name", ""),
            "missing": [
                services.language_name(language)
                for language in languages
                if not (criterion.texts.get(language) or {}).get("name")
            ],
        }
        for criterion in criteria
    ]


@login_required
def rubric(request, pk: int):
    rfp = managed_call(request, pk)
    context = {"rfp": rfp, "rows": _rows(rfp, list(criteria_of(rfp))), **_rules_context(rfp)}
    context["frozen_reason"] = next(iter(context["frozen"].values()), "")
    return render(request, "reviews/staff/rubric.html", context)


def _form_context(rfp: RFP, form: CriterionForm, criterion: Criterion | None, rules_context: dict) -> dict:
    return {
        "rfp": rfp,
        "form": form,
        "criterion": criterion,
        "default_language_name": services.language_name(rfp.default_language),
        **rules_context,
    }


@login_required
def add_criterion(request, pk: int):
    rfp = managed_call(request, pk)
    rules_context = _rules_context(rfp)
    form = CriterionForm(request.POST or None, rfp=rfp)
    if request.method == "POST" and form.is_valid():
        added = attempt(form, services.add_criterion, rfp, by=request.user, texts=form.texts(), **form.values())
        if added:
            messages.success(request, _("Criterion added."))
            return redirect(_rubric_anchor(rfp, added.value))
    return render(request, "reviews/staff/criterion_form.html", _form_context(rfp, form, None, rules_context))


@login_required
def edit_criterion(request, pk: int, criterion_pk: int):
    rfp = managed_call(request, pk)
    criterion = _criterion(rfp, criterion_pk)
    rules_context = _rules_context(rfp)
    form = CriterionForm(request.POST or None, rfp=rfp, criterion=criterion, frozen=rules_context["frozen"])
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form, services.update_criterion, criterion, by=request.user, texts=form.texts(), **form.values()
        )
        if saved:
            messages.success(request, _("Criterion saved.") if saved.value else _("Nothing changed."))
            return redirect(_rubric_anchor(rfp, criterion))
    return render(request, "reviews/staff/criterion_form.html", _form_context(rfp, form, criterion, rules_context))


@login_required
@require_POST
def move_criterion(request, pk: int, criterion_pk: int):
    rfp = managed_call(request, pk)
    criterion = _criterion(rfp, criterion_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        raise Http404
    if attempt(request, services.move_criterion, criterion, direction, by=request.user).value:
        messages.success(request, _("Criterion moved."))
    return redirect(_rubric_anchor(rfp, criterion))


@login_required
def remove_criterion(request, pk: int, criterion_pk: int):
    """Asked on a page of its own: removing a criterion also drops the draft scores given to it."""
    rfp = managed_call(request, pk)
    criterion = _criterion(rfp, criterion_pk)
    verdict = _rules_context(rfp)["may_change_set"]
    if request.method == "POST":
        if attempt(request, services.remove_criterion, criterion, by=request.user):
            messages.success(request, _("Criterion removed. Its key stays reserved in this call."))
            return redirect(_rubric_anchor(rfp))
        return redirect(_rubric_anchor(rfp, criterion))
    name = criterion.text(rfp.default_language, rfp.default_language).get("name") or criterion.key
    context = {
        "rfp": rfp,
        "verdict": verdict,
        "criterion": criterion,
        "question": _("Remove the criterion “%(name)s” from the rubric?") % {"name": name},
        "cancel": _rubric_anchor(rfp, criterion),
    }
    return render(request, "reviews/staff/remove_criterion.html", context)
