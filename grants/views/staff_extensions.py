"""Staff move deadlines of the drafts of a call they run: one draft's (an applicant cut off by
detention, illness or a shutdown), every draft from one country (asked once more on a page of
its own, with how many it moves), or in answer to an applicant's request. They see who holds a
draft and its history, never its answers. Every change is a service call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from core.errors import attempt

from .. import services
from ..deadlines import call_deadline, effective_deadline
from ..forms.extensions import DecisionForm, ExtendCountryForm, ExtendDraftForm
from ..models import RFP, Application
from ..presentation import deadline_history, instant
from ..selectors import (
    draft_countries_of,
    draft_run_by,
    drafts_moved_by,
    extensions_concerning,
    pending_request_of,
)
from ._builder import rfp_for


def _drafts_url(rfp: RFP, country: str = "") -> str:
    url = reverse("grants:staff-drafts", args=[rfp.pk])
    return f"{url}?{urlencode({'country': country})}" if country else url


def _draft(request, pk: int, public_id) -> tuple[RFP, Application]:
    """A draft of a call the user runs, whose call has a deadline; anything else is a 404."""
    rfp = rfp_for(request, pk)
    draft = draft_run_by(request.user, rfp, public_id)
    if draft is None or effective_deadline(draft) is None:
        raise Http404
    return rfp, draft


def _draft_context(rfp: RFP, draft: Application) -> dict:
    """Who holds the draft, its deadline and the history of its moves: never an answer."""
    code = draft.organisation.country if draft.organisation_id and draft.organisation.country else draft.country
    return {
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "holder": {
            "name": draft.applicant.name,
            "organisation": draft.organisation.name if draft.organisation_id else "",
            "country": countries.name(code) if code else "",
            "updated_at": instant(draft.updated_at),
            "deadline": instant(effective_deadline(draft)),
        },
        "history": deadline_history(extensions_concerning(draft)),
        "drafts_url": _drafts_url(rfp),
    }


@login_required
def extend_draft(request, pk: int, public_id):
    rfp, draft = _draft(request, pk, public_id)
    form = ExtendDraftForm(request.POST or None, zone=rfp.time_zone)
    if request.method == "POST" and form.is_valid() and form.instant:
        reason = form.cleaned_data["reason"]
        if attempt(form, services.extend_application_deadline, draft, form.instant, reason, by=request.user):
            messages.success(request, _("The draft's deadline was extended; its holders are told."))
            return redirect(_drafts_url(rfp))
    return render(request, "grants/staff/extend_draft.html", {**_draft_context(rfp, draft), "form": form})


@login_required
def extend_country(request, pk: int):
    rfp = rfp_for(request, pk)
    counts = draft_countries_of(rfp)
    if not counts or call_deadline(rfp) is None:
        raise Http404
    initial = {"country": request.GET.get("country", "")}
    form = ExtendCountryForm(request.POST or None, initial=initial, zone=rfp.time_zone, counts=counts)
    context = {"rfp": rfp, "title": rfp.text(rfp.default_language).get("title", ""), "form": form}
    if request.method == "POST" and form.is_valid() and form.instant:
        country, reason = form.cleaned_data["country"], form.cleaned_data["reason"]
        if "confirmed" in request.POST:
            moved = attempt(form, services.extend_country_deadline, rfp, country, form.instant, reason, by=request.user)
            if moved:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d draft was extended; its holders are told.",
                        "%(count)d drafts were extended; their holders are told.",
                        moved.value,
                    )
                    % {"count": moved.value},
                )
                return redirect(_drafts_url(rfp, country))
        elif "edit" not in request.POST:
            count = drafts_moved_by(rfp, country, form.instant).count()
            if count:
                context.update(count=count, country=countries.name(country), new_deadline=instant(form.instant))
                return render(request, "grants/staff/confirm_country.html", context)
            form.add_error(
                "new_deadline",
                _("No draft from this country has a deadline earlier than that: choose a later instant."),
            )
    return render(request, "grants/staff/extend_country.html", context)


@login_required
def decide_extension(request, pk: int, public_id):
    rfp, draft = _draft(request, pk, public_id)
    pending = pending_request_of(draft)
    if pending is None:
        raise Http404
    form = DecisionForm(request.POST or None, zone=rfp.time_zone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decided = attempt(
            form,
            services.decide_extension_request,
            pending,
            data["decision"],
            form.instant,
            data["message"],
            by=request.user,
        )
        if decided:
            messages.success(request, _("The request was decided; the applicant is told."))
            return redirect(_drafts_url(rfp))
    asked = {
        "until": instant(pending.requested_until),
        "reason": pending.reason,
        "when": instant(pending.created_at),
    }
    context = {**_draft_context(rfp, draft), "form": form, "asked": asked}
    return render(request, "grants/staff/decide_extension.html", context)
