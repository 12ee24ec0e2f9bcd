"""Staff decide on an application of a call they run (the password asked again first): award
it, starting from what it asks and the panel's recommendation, or decline it; decide on several
ticked in the ranking at once, confirmed on one page; reverse a decision with a reason. Anyone
else finds no such page."""

import uuid
from decimal import Decimal

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from grants.models import Application
from grants.presentation import format_amount
from grants.selectors import rfps_run_by, submitted_applications_run_by
from reviews.compare import panel_recommendation_of
from reviews.models import PanelRecommendation

from .. import currencies
from ..forms.decisions import AwardForm, DecideManyForm, DeclineForm, ReverseForm
from ..models import Decision, ReportRequirement
from ..permissions import can_manage_awards
from ..selectors import reviewers_feedback_of, standing_decision_of, undecided_applications_run_by
from ..services import decisions
from ..services.decisions import DEFAULT_LENGTH, FINAL_REPORT_AFTER, DecisionError

AWARD, DECLINE = Decision.Outcome.AWARD, Decision.Outcome.DECLINE


def application_run_by(request, public_id) -> Application:
    """A submitted application of a call the user may manage awards of; else a 404."""
    applications = submitted_applications_run_by(request.user).select_related("rfp", "applicant")
    application = applications.filter(public_id=public_id).first()
    if application is None:
        raise Http404
    can_manage_awards(request.user, application.rfp).or_404()
    return application


def award_initial(application: Application) -> dict:
    """What the award form starts from: the amount asked, for a year from today, paid at once,
    with one final report."""
    today = timezone.localdate()
    ends_on = today + DEFAULT_LENGTH
    amount = application.requested_amount
    places = currencies.DECIMALS.get(application.rfp.currency.upper())
    if amount is not None and places is not None:
        # Stored to three places for any currency: shown as the call's currency writes it.
        amount = amount.quantize(Decimal(1).scaleb(-places))
    return {
        "amount": amount,
        "starts_on": today,
        "ends_on": ends_on,
        "tranche_1_amount": amount,
        "tranche_1_scheduled_on": today,
        "report_1_kind": ReportRequirement.Kind.BOTH,
        "report_1_due_on": ends_on + FINAL_REPORT_AFTER,
        "language": application.applicant.language,
    }


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _choice_label(application: Application, currency: str) -> str:
    amount = format_amount(application.requested_amount, currency) if application.requested_amount else "—"
    return _("%(reference)s: %(title)s (asks %(amount)s)") % {
        "reference": application.reference or "",
        "title": application.title or _("(no title)"),
        "amount": amount,
    }


def _decided(form, service, *args, **kwargs):
    try:
        return service(*args, **kwargs)
    except DecisionError as error:
        form.show(error)
        return None


@login_required
@reauthentication_required
def decide(request, public_id):
    application = application_run_by(request, public_id)
    rfp = application.rfp
    standing = standing_decision_of(application)
    decidable = standing is None and application.status in (Application.Status.SUBMITTED, Application.Status.IN_REVIEW)
    outcome = request.POST.get("outcome") if request.method == "POST" else None
    award_form = AwardForm(
        request.POST if outcome == AWARD else None,
        initial=award_initial(application),
        currency=rfp.currency,
        prefix="award",
    )
    feedback = reviewers_feedback_of(application) if decidable else []
    decline_form = DeclineForm(
        request.POST if outcome == DECLINE else None,
        prefix="decline",
        releasable=any(review.feedback_released_at is None for review in feedback),
    )
    if decidable and outcome in (AWARD, DECLINE):
        form = award_form if outcome == AWARD else decline_form
        if form.is_valid():
            decision = _decided(form, decisions.decide, application, by=request.user, outcome=outcome, **form.terms())
            if decision is not None:
                if outcome == AWARD:
                    messages.success(request, _("The application is awarded; the applicant is told."))
                    return redirect("awards:staff-award", decision.award.public_id)
                messages.success(request, _("The application is declined; the applicant is told."))
                return redirect("awards:decide", application.public_id)
    panel = panel_recommendation_of(application)
    context = {
        "application": application,
        "rfp": rfp,
        "title": rfp.text(rfp.default_language).get("title", ""),
        "decidable": decidable,
        "standing": standing,
        "panel": panel,
        # Staff start from the panel's recommendation: a decline is offered first.
        "decline_first": outcome == DECLINE
        or (outcome is None and panel and panel.recommendation == PanelRecommendation.Recommendation.DECLINE),
        "award_form": award_form,
        "decline_form": decline_form,
        "feedback": feedback,
        "reverse_form": ReverseForm(),
    }
    return render(request, "awards/staff/decide.html", context)


@login_required
@reauthentication_required
def decide_many(request, pk: int):
    rfp = rfps_run_by(request.user).filter(pk=pk).first()
    if rfp is None:
        raise Http404
    can_manage_awards(request.user, rfp).or_404()
    ticked = (request.POST if request.method == "POST" else request.GET).getlist("applications")
    found = (
        undecided_applications_run_by(request.user)
        .filter(rfp=rfp, public_id__in=[value for value in ticked if _is_uuid(value)])
        .order_by("submitted_at", "pk")
    )
    by_id = {str(application.public_id): application for application in found}
    choices = [(key, _choice_label(application, rfp.currency)) for key, application in by_id.items()]
    form = DecideManyForm(request.POST if request.method == "POST" else None, choices=choices)
    if request.method == "POST" and form.is_valid():
        chosen = [by_id[key] for key in form.cleaned_data["applications"]]
        data = form.cleaned_data
        made = _decided(
            form,
            decisions.decide_many,
            chosen,
            by=request.user,
            outcome=data["outcome"],
            message=data["message"],
            rationale=data["rationale"],
            starts_on=data["starts_on"],
        )
        if made is not None:
            messages.success(
                request,
                ngettext(
                    "%(count)d application is decided; its applicant is told.",
                    "%(count)d applications are decided; their applicants are told.",
                    len(made),
                )
                % {"count": len(made)},
            )
            return redirect("reviews:ranking", rfp.pk)
    title = rfp.text(rfp.default_language).get("title", "")
    context = {"rfp": rfp, "title": title, "form": form, "count": len(choices)}
    return render(request, "awards/staff/decide_many.html", context)


@login_required
@reauthentication_required
def reverse(request, public_id):
    application = application_run_by(request, public_id)
    decision = standing_decision_of(application)
    if decision is None:
        raise Http404
    form = ReverseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        reason = form.cleaned_data["reason"]
        if _decided(form, decisions.reverse, decision, by=request.user, reason=reason) is not None:
            messages.success(request, _("The decision is reversed; the application is in review again."))
            return redirect("awards:decide", application.public_id)
    award = getattr(decision, "award", None) if decision.outcome == AWARD else None
    context = {
        "application": application,
        "decision": decision,
        "award": award,
        "reversible": decisions.reversible(decision),
        "form": form,
    }
    return render(request, "awards/staff/reverse.html", context)
