"""The grantee's pages of their own award: its hub (the award's facts, then its letters,
tranches, reporting duties and support) and asking for support. Anyone else's award is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.errors import attempt
from grants.presentation import reading_language

from .. import rules
from ..forms.support import AskForSupportForm
from ..selectors import award_of
from ..services.support import ask_for_support


def _own_award(request, public_id):
    award = award_of(request.user, public_id)
    if award is None:
        raise Http404
    return award


def _context(award, support_form) -> dict:
    reading = reading_language(award.rfp)
    return {
        "award": award,
        "call_title": award.rfp.text(reading.language).get("title", ""),
        "reading": reading,
        "support_verdict": rules.can_take_support(award),
        "support_form": support_form,
    }


@login_required
def award(request, public_id):
    award = _own_award(request, public_id)
    return render(request, "awards/grantee/award.html", _context(award, AskForSupportForm()))


@login_required
def ask_support(request, public_id):
    award = _own_award(request, public_id)
    verdict = rules.can_take_support(award)
    form = AskForSupportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and verdict and form.is_valid():
        data = form.cleaned_data
        if attempt(form, ask_for_support, award, kind=data["kind"], description=data["description"], by=request.user):
            messages.success(request, _("Your request for support is sent: its status is on this page."))
            return redirect("awards:award", award.public_id)
    return render(request, "awards/grantee/ask_support.html", {**_context(award, form), "form": form})
