"""Who must not review which application of a call, and why: one reading of the bars for the hand
assignment, the reassignment and the automatic one alike.

A reviewer is barred from an application when they are not one of the call's reviewers, when
they made it or are a member of its organisation, when they declared a conflict with it, when
staff excluded them from its country (the application's, or its organisation's) or from its
organisation, and when they already have a live assignment to it. A handful of queries however
many applications and reviewers: the bars are found from the reviewers' side (each exclusion
and membership looked up in an index of the applications), never pair by pair."""

from collections import defaultdict
from collections.abc import Iterable

from django.utils.translation import gettext_lazy as _

from accounts.models import Membership
from grants.models import RFP, Application

from .models import Assignment, CallReviewer, ConflictDeclaration

NOT_ATTACHED = "not_attached"
OWN_APPLICATION = "own_application"
OWN_ORGANISATION = "own_organisation"
CONFLICT = "conflict"
EXCLUDED_COUNTRY = "excluded_country"
EXCLUDED_ORGANISATION = "excluded_organisation"
ALREADY_ASSIGNED = "already_assigned"

# The first reason found is the one given, in this order.
REASONS = {
    NOT_ATTACHED: _("This account is not one of the call's reviewers: attach it first."),
    OWN_APPLICATION: _("This reviewer made the application."),
    OWN_ORGANISATION: _("This reviewer is a member of the application's organisation."),
    CONFLICT: _("This reviewer declared a conflict of interest with the application."),
    EXCLUDED_COUNTRY: _("This reviewer is excluded from the application's country."),
    EXCLUDED_ORGANISATION: _("This reviewer is excluded from the application's organisation."),
    ALREADY_ASSIGNED: _("This reviewer is already assigned to the application."),
}
ORDER = list(REASONS)


def bars_of(rfp: RFP, applications: Iterable[Application], reviewer_ids: Iterable[int]) -> dict[int, dict[int, str]]:
    """application id -> {reviewer id: the first reason they are barred}. The applications need
    `organisation` selected (its country counts)."""
    applications = list(applications)
    reviewer_ids = set(reviewer_ids)
    found: dict[int, dict[int, str]] = {application.pk: {} for application in applications}

    def bar(application_id: int, reviewer_id: int, reason: str) -> None:
        bars = found.get(application_id)
        if bars is None:
            return
        if reviewer_id not in bars or ORDER.index(reason) < ORDER.index(bars[reviewer_id]):
            bars[reviewer_id] = reason

    by_organisation, by_country, by_applicant = defaultdict(list), defaultdict(list), defaultdict(list)
    for application in applications:
        by_applicant[application.applicant_id].append(application.pk)
        if application.organisation_id:
            by_organisation[application.organisation_id].append(application.pk)
        countries = {str(application.country or "")}
        if application.organisation_id:
            countries.add(str(application.organisation.country or ""))
        for code in countries - {""}:
            by_country[code].append(application.pk)

    attached = {
        row.reviewer_id: row
        for row in CallReviewer.objects.filter(rfp=rfp, reviewer_id__in=reviewer_ids).prefetch_related(
            "excluded_organisations"
        )
    }
    for reviewer_id in reviewer_ids - set(attached):
        for application in applications:
            bar(application.pk, reviewer_id, NOT_ATTACHED)
    for reviewer_id in reviewer_ids:
        for application_id in by_applicant.get(reviewer_id, ()):
            bar(application_id, reviewer_id, OWN_APPLICATION)
    memberships = Membership.objects.filter(user_id__in=reviewer_ids)
    for reviewer_id, organisation_id in memberships.values_list("user_id", "organisation_id"):
        for application_id in by_organisation.get(organisation_id, ()):
            bar(application_id, reviewer_id, OWN_ORGANISATION)
    # By call, not by application: a list of thousands of ids costs more than the rows it saves.
    conflicts = ConflictDeclaration.objects.filter(rfp=rfp, reviewer_id__in=reviewer_ids)
    for application_id, reviewer_id in conflicts.values_list("application_id", "reviewer_id"):
        bar(application_id, reviewer_id, CONFLICT)
    for reviewer_id, row in attached.items():
        for code in row.excluded_countries:
            for application_id in by_country.get(str(code), ()):
                bar(application_id, reviewer_id, EXCLUDED_COUNTRY)
        for organisation in row.excluded_organisations.all():
            for application_id in by_organisation.get(organisation.pk, ()):
                bar(application_id, reviewer_id, EXCLUDED_ORGANISATION)
    live = Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE, reviewer_id__in=reviewer_ids)
    for application_id, reviewer_id in live.values_list("application_id", "reviewer_id"):
        bar(application_id, reviewer_id, ALREADY_ASSIGNED)
    return found


def reason_for(rfp: RFP, application: Application, reviewer_id: int) -> str:
    """Why this reviewer must not review this application ("" when they may)."""
    code = bars_of(rfp, [application], [reviewer_id])[application.pk].get(reviewer_id)
    return str(REASONS[code]) if code else ""
