"""The ranking of a call for its staff: one row per application under consideration, with its
reviews' standing (computed by scoring.standings over every submitted total of the call, never
here), its recommendations, the panel's, and a running total of the amounts asked down the
ranking against the call's budget.

Three queries, whatever the number of applications: the applications (with the panel's
recommendation, a join), the call's submitted totals (one values() query, which standings needs
whole), and the live assignments counted per application. Sorting and filtering are done on the
rows in Python, because the scores they sort on exist only here; the running total follows the
filtered rows in their sorted order, so the budget line is where the rows shown run past it."""

from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from grants.models import RFP, Application

from .models import Assignment, Review
from .scoring import NO_REVIEWS, Standing, SubmittedTotal, standings

S = Application.Status
# Applications awaiting a decision, and the decided ones: staff compare against what was funded.
RANKED_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.AWARDED, S.DECLINED)
NO_PANEL = "none"  # the filter's value for "no panel recommendation yet"
APPLICATION_FIELDS = (
    "pk",
    "public_id",
    "reference",
    "title",
    "status",
    "requested_amount",
    "currency",
    "country",
    "organisation__country",
    "panel_recommendation__recommendation",
)


@dataclass(slots=True)
class RankingRow:
    pk: int
    public_id: object
    reference: str
    title: str
    status: str
    country: str  # ISO code: the application's, else its organisation's
    requested_amount: Decimal | None
    currency: str
    panel: str  # PanelRecommendation.Recommendation value, or ""
    standing: Standing
    spread_flagged: bool
    assigned: int  # live assignments
    waiting: int  # live assignments without a submitted review
    recommendations: dict[str, int] = field(default_factory=dict)
    position: int = 0
    running_total: Decimal = Decimal(0)
    within_budget: bool = True

    @property
    def submitted(self) -> int:
        return self.standing.reviews

    def complete(self, wanted: int) -> bool:
        """Every live assignment is submitted, and at least the call's number of reviews are in."""
        return self.waiting == 0 and self.submitted >= wanted


@dataclass
class Ranking:
    rfp: RFP
    rows: list[RankingRow]  # filtered and sorted, with positions and running totals
    budget: Decimal
    # Index in `rows` of the first row whose running total goes past the budget (None: it never does).
    budget_line: int | None


def submitted_totals_of(rfp: RFP) -> list[tuple[int, int, Decimal, str, str]]:
    """(application, reviewer, total, recommendation, its assignment's status) of every
    submitted review of the call."""
    return list(
        Review.objects.filter(rfp=rfp, status=Review.Status.SUBMITTED).values_list(
            "application_id", "reviewer_id", "total", "recommendation", "assignment__status"
        )
    )


# standings() is a pure function of the call's totals, and the costliest step of the page (its
# exact standard deviations): the last few results are kept by their exact input, so a page
# read again with no review changed reuses them, and any change at all is a new input.
_KEPT: OrderedDict[tuple, dict[int, Standing]] = OrderedDict()
KEEP = 8


def call_standings(rfp: RFP, totals=None) -> dict[int, Standing]:
    """Every reviewed application's standing in the call, by application id."""
    totals = submitted_totals_of(rfp) if totals is None else totals
    key = tuple((application, reviewer, total) for application, reviewer, total, *_rest in totals)
    found = _KEPT.get(key)
    if found is None:
        found = standings(SubmittedTotal(*item) for item in key)
        _KEPT[key] = found
        while len(_KEPT) > KEEP:
            _KEPT.popitem(last=False)
    else:
        _KEPT.move_to_end(key)
    return found


def _assignment_counts(rfp: RFP) -> dict[int, int]:
    """Live assignments by application id: one aggregate query, on the assignments alone."""
    rows = (
        Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE)
        .values("application_id")
        .annotate(assigned=Count("pk"))
        .order_by()
        .values_list("application_id", "assigned")
    )
    return dict(rows)


def ranking_rows(rfp: RFP) -> list[RankingRow]:
    """Every ranked application of the call, unsorted."""
    totals = submitted_totals_of(rfp)
    standing_of = call_standings(rfp, totals)
    kinds = Review.Recommendation.values
    recommended: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(kinds, 0))
    done: dict[int, int] = defaultdict(int)  # submitted reviews of live assignments
    for application, _reviewer, _total, recommendation, assignment_status in totals:
        if recommendation:
            recommended[application][recommendation] += 1
        if assignment_status == Assignment.Status.ACTIVE:
            done[application] += 1
    assigned_of = _assignment_counts(rfp)
    threshold = rfp.spread_threshold
    rows = []
    applications = Application.objects.filter(rfp=rfp, status__in=RANKED_STATUSES).values_list(*APPLICATION_FIELDS)
    for pk, public_id, reference, title, status, amount, currency, country, org_country, panel in applications:
        standing = standing_of.get(pk, NO_REVIEWS)
        assigned = assigned_of.get(pk, 0)
        rows.append(
            RankingRow(
                pk=pk,
                public_id=public_id,
                reference=reference or "",
                title=title,
                status=status,
                country=country or org_country or "",
                requested_amount=amount,
                currency=currency or rfp.currency,
                panel=panel or "",
                standing=standing,
                spread_flagged=standing.spread_flagged(threshold),
                assigned=assigned,
                waiting=assigned - done.get(pk, 0),
                recommendations=recommended.get(pk) or dict.fromkeys(kinds, 0),
            )
        )
    return rows


# What each sort key reads from a row; a missing value (no review yet, no amount) sorts last
# either way.
SORT_KEYS = {
    "normalised": lambda row: row.standing.normalised,
    "mean": lambda row: row.standing.mean,
    "spread": lambda row: row.standing.spread,
    "reviews": lambda row: row.standing.reviews,
    "amount": lambda row: row.requested_amount,
    "reference": lambda row: row.reference,
}
DEFAULT_SORT = "-normalised"


def sort_rows(rows: list[RankingRow], sort: str) -> list[RankingRow]:
    """The rows in a whitelisted order ("-normalised", "amount"...; a KeyError for any other),
    ties broken by reference then id, ascending, so one order is always the same."""
    key = SORT_KEYS[sort.removeprefix("-")]
    # Sorted by the tie-breaker first: Python's sort is stable, reversed or not.
    rows = sorted(rows, key=lambda row: (row.reference, row.pk))
    present = [row for row in rows if key(row) is not None]
    missing = [row for row in rows if key(row) is None]
    present.sort(key=key, reverse=sort.startswith("-"))
    return present + missing


def filter_rows(rows: list[RankingRow], filters: dict, *, wanted_reviews: int) -> list[RankingRow]:
    """The rows matching RankingFilterForm.filters()."""
    if "status" in filters:
        rows = [row for row in rows if row.status == filters["status"]]
    if "spread" in filters:
        flagged = filters["spread"] == "flagged"
        rows = [row for row in rows if row.spread_flagged == flagged]
    if "panel" in filters:
        wanted = "" if filters["panel"] == NO_PANEL else filters["panel"]
        rows = [row for row in rows if row.panel == wanted]
    if "complete" in filters:
        complete = filters["complete"] == "yes"
        rows = [row for row in rows if row.complete(wanted_reviews) == complete]
    return rows


def with_running_total(rows: list[RankingRow], rfp: RFP) -> int | None:
    """Number the rows and add up what they ask, in order, in the call's currency (an amount in
    another currency, or none, adds nothing: totals are never summed across currencies). Returns
    the index of the first row past the budget, where the line is drawn."""
    running, line = Decimal(0), None
    for index, row in enumerate(rows):
        row.position = index + 1
        if row.requested_amount is not None and row.currency == rfp.currency:
            running += row.requested_amount
        row.running_total = running
        row.within_budget = running <= rfp.budget
        if line is None and not row.within_budget:
            line = index
    return line


def ranking_of(rfp: RFP, filters: dict) -> Ranking:
    """The call's ranking as staff filtered and sorted it."""
    rows = filter_rows(ranking_rows(rfp), filters, wanted_reviews=rfp.reviewers_per_application)
    rows = sort_rows(rows, filters.get("sort") or DEFAULT_SORT)
    line = with_running_total(rows, rfp)
    return Ranking(rfp=rfp, rows=rows, budget=rfp.budget, budget_line=line)
