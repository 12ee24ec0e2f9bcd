"""The ranking of a call for its staff: one row per application under consideration, with its
reviews' standing (computed by scoring.standings over every submitted total of the call, never
here), its recommendations, the panel's, and a running total of the amounts asked down the
ranking against the call's budget.

Two queries, whatever the number of applications, and one for the rows shown: the applications (with the panel's
recommendation, a join) and a fingerprint of the call's submitted reviews and live assignments;
only when that fingerprint changed, the reviews and assignments themselves (which standings needs
whole), and the fingerprint once more. Sorting and filtering are done in
Python, because the scores they sort on exist only here; the running total follows the filtered
rows in their sorted order, so the budget line is where the rows shown run past it.

A large call has thousands of rows and a page shows fifty: every row is filtered, sorted and
added up as a light tuple (an entry), and made into a RankingRow only when it is read, its
details (public id, title, country) read then, in one more query for the rows read together."""

from collections import Counter, OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from uuid import UUID

from django.db import connection
from django.db.models import BigIntegerField, CharField, DecimalField, Func, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Cast

from grants.models import RFP, Application

from .models import Assignment, Review
from .scoring import NO_REVIEWS, Standing, SubmittedTotal, standings

S = Application.Status
# Applications awaiting a decision, and the decided ones: staff compare against what was funded.
RANKED_STATUSES = (S.SUBMITTED, S.IN_REVIEW, S.AWARDED, S.DECLINED)
NO_PANEL = "none"  # the filter's value for "no panel recommendation yet"
# Every ranked application is read for what filters, sorts and adds up; what only a row shown
# needs (its public id, title, country) is read for the rows shown, the page's fifty of thousands.
APPLICATION_FIELDS = (
    "pk",
    "reference",
    "status",
    "requested_amount",
    "currency",
    "panel_recommendation__recommendation",
)
# The public id as text: a UUID object for each row cost more than the rest of the row.
DETAIL_FIELDS = ("pk", "public_text", "title", "country", "organisation__country")
# An entry: (pk, reference, status, amount, currency, panel, standing, assigned, waiting).
PK, REFERENCE, STATUS, AMOUNT, CURRENCY, PANEL, STANDING, ASSIGNED, WAITING = range(9)
# More rows than this are read by call rather than by id (the printable ranking, the export).
BY_ID = 500


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
    rows: "RankedRows"  # filtered and sorted, with positions and running totals
    budget: Decimal
    # Index in `rows` of the first row whose running total goes past the budget (None: it never does).
    budget_line: int | None


class RowHash(Func):
    """A 64-bit hash of a row of columns (PostgreSQL's own, the same in every process)."""

    template = "hash_record_extended(ROW(%(expressions)s), 0)"
    output_field = BigIntegerField()


def _summed_hash(queryset, *fields):
    """One scalar subquery: the sum of each row's hash, over every row of the queryset."""
    hashed = queryset.order_by().annotate(one=Value(1)).values("one").annotate(hash=Sum(RowHash(*fields)))
    return Subquery(hashed.values("hash"), output_field=DecimalField(max_digits=40, decimal_places=0))


def fingerprint_of(rfp: RFP) -> tuple | None:
    """What the kept standings were computed from, summed up by PostgreSQL in one query: a hash
    of every column read of every submitted review and every live assignment of the call, added
    over the rows (the pk in each, so no two rows are alike). A changed total, recommendation,
    reviewer, application or assignment, a review submitted, reopened or deleted, an assignment
    made, ended or moved: each changes its row's hash and so the sum, but for a 1 in 2^64 chance.
    None where the database has no such hash (SQLite, for `make run`): nothing is kept there."""
    if connection.vendor != "postgresql":
        return None
    reviews = Review.objects.filter(rfp=OuterRef("pk"), status=Review.Status.SUBMITTED)
    live = Assignment.objects.filter(rfp=OuterRef("pk"), status=Assignment.Status.ACTIVE)
    return (
        RFP.objects.filter(pk=rfp.pk)
        .annotate(
            reviews_hash=_summed_hash(reviews, *REVIEW_FIELDS),
            assignments_hash=_summed_hash(live, *ASSIGNMENT_FIELDS),
        )
        .values_list("reviews_hash", "assignments_hash")
        .get()
    )


# Exactly the columns the fingerprint covers: read nothing it does not.
REVIEW_FIELDS = ("pk", "application_id", "reviewer_id", "total", "recommendation", "assignment_id")
ASSIGNMENT_FIELDS = ("pk", "application_id")


def submitted_totals_of(rfp: RFP) -> list[tuple]:
    """REVIEW_FIELDS of every submitted review of the call."""
    return list(Review.objects.filter(rfp=rfp, status=Review.Status.SUBMITTED).values_list(*REVIEW_FIELDS))


def live_assignments_of(rfp: RFP) -> list[tuple]:
    """ASSIGNMENT_FIELDS of every live assignment of the call."""
    return list(Assignment.objects.filter(rfp=rfp, status=Assignment.Status.ACTIVE).values_list(*ASSIGNMENT_FIELDS))


@dataclass(frozen=True)
class CallReviews:
    """What the ranking takes from the call's reviews and assignments, by application id."""

    standing: dict[int, Standing]
    recommended: Counter  # submitted reviews by (application, recommendation)
    assigned: Counter  # live assignments
    waiting: Counter  # live assignments without a submitted review


def _call_reviews(totals: list[tuple], live: list[tuple]) -> CallReviews:
    found = standings(SubmittedTotal(application, reviewer, total) for _pk, application, reviewer, total, *_ in totals)
    reviewed = {assignment for *_review, assignment in totals}
    return CallReviews(
        standing=found,
        recommended=Counter(map(itemgetter(1, 4), totals)),
        assigned=Counter(application for _pk, application in live),
        waiting=Counter(application for pk, application in live if pk not in reviewed),
    )


# The standings are the costliest step of the page and the reviews read for them the next: each
# of the last few calls' result is kept in this process beside the fingerprint of what it came
# from, read again from the database on every request, so a change made through any process is
# seen by the next request in every one.
_KEPT: OrderedDict[int, tuple[tuple, CallReviews]] = OrderedDict()
KEEP = 8


def call_reviews(rfp: RFP) -> CallReviews:
    fingerprint = fingerprint_of(rfp)
    kept = _KEPT.get(rfp.pk)
    if fingerprint is not None and kept is not None and kept[0] == fingerprint:
        _KEPT.move_to_end(rfp.pk)
        return kept[1]
    # Read after the fingerprint, so at least as recent: a change in between only makes the next
    # request read again. Kept only if nothing changed while they were read (each query sees the
    # database as it is then), lest a change and its undoing leave a mix of the two kept.
    found = _call_reviews(submitted_totals_of(rfp), live_assignments_of(rfp))
    if fingerprint is not None and fingerprint_of(rfp) == fingerprint:
        _KEPT[rfp.pk] = (fingerprint, found)
        _KEPT.move_to_end(rfp.pk)
        while len(_KEPT) > KEEP:
            _KEPT.popitem(last=False)
    return found


def call_standings(rfp: RFP) -> dict[int, Standing]:
    """Every reviewed application's standing in the call, by application id."""
    return call_reviews(rfp).standing


RECOMMENDATIONS = Review.Recommendation.values


def ranking_entries(rfp: RFP) -> tuple[list[tuple], Counter]:
    """Every ranked application of the call as an entry, unsorted, and the submitted reviews
    counted by (application, recommendation)."""
    reviews = call_reviews(rfp)
    standing_of, assigned_of, waiting_of = reviews.standing, reviews.assigned, reviews.waiting
    applications = Application.objects.filter(rfp=rfp, status__in=RANKED_STATUSES).values_list(*APPLICATION_FIELDS)
    default_currency = rfp.currency
    entries = [
        (
            pk,
            reference or "",
            status,
            amount,
            currency or default_currency,
            panel or "",
            standing_of.get(pk, NO_REVIEWS),
            assigned_of[pk],
            waiting_of[pk],
        )
        for pk, reference, status, amount, currency, panel in applications
    ]
    return entries, reviews.recommended


def details_of(rfp: RFP, pks: list[int]) -> dict[int, tuple]:
    """DETAIL_FIELDS of these applications of the call, by id: one query (none for no id)."""
    if not pks:
        return {}
    applications = Application.objects.filter(rfp=rfp)
    applications = applications.filter(pk__in=pks) if len(pks) <= BY_ID else applications
    read = applications.annotate(public_text=Cast("public_id", CharField())).values_list(*DETAIL_FIELDS)
    return {details[0]: details for details in read}


def full_row(
    entry: tuple, details: tuple, position: int, running_total: Decimal, rfp: RFP, recommended: Counter
) -> RankingRow:
    pk, reference, status, amount, currency, panel, standing, assigned, waiting = entry
    _pk, public_text, title, country, organisation_country = details
    return RankingRow(
        pk=pk,
        public_id=UUID(public_text),
        reference=reference,
        title=title,
        status=status,
        country=country or organisation_country or "",
        requested_amount=amount,
        currency=currency,
        panel=panel,
        standing=standing,
        spread_flagged=standing.spread_flagged(rfp.spread_threshold),
        assigned=assigned,
        waiting=waiting,
        recommendations={kind: recommended[pk, kind] for kind in RECOMMENDATIONS},
        position=position,
        running_total=running_total,
        within_budget=running_total <= rfp.budget,
    )


class RankedRows(Sequence):
    """The rows as filtered and sorted, numbered and added up; each a RankingRow once read
    (by index or slice: a page of the Paginator)."""

    def __init__(self, entries: list[tuple], running: list[Decimal], rfp: RFP, recommended: Counter):
        self.entries, self.running, self.rfp, self.recommended = entries, running, rfp, recommended

    def __len__(self) -> int:
        return len(self.entries)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._rows(range(*index.indices(len(self.entries))))
        if index < 0:
            index += len(self.entries)
        if not 0 <= index < len(self.entries):
            raise IndexError(index)
        return self._rows([index])[0]

    def __iter__(self):
        return iter(self._rows(range(len(self.entries))))

    def reference_at(self, index: int) -> str:
        return self.entries[index][REFERENCE]

    def running_total_at(self, index: int) -> Decimal:
        return self.running[index]

    def _rows(self, indexes) -> list[RankingRow]:
        """The rows at these indexes, their details read in one query."""
        entries = self.entries
        details = details_of(self.rfp, [entries[index][PK] for index in indexes])
        return [
            full_row(
                entries[index], details[entries[index][PK]], index + 1, self.running[index], self.rfp, self.recommended
            )
            for index in indexes
        ]

    def __eq__(self, other) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented


def _reads(attribute: str):
    return lambda entry: getattr(entry[STANDING], attribute)


# What each sort key reads from an Entry; a missing value (no review yet, no amount) sorts last
# either way.
SORT_KEYS = {
    "normalised": _reads("normalised"),
    "mean": _reads("mean"),
    "spread": _reads("spread"),
    "reviews": _reads("reviews"),
    "amount": itemgetter(AMOUNT),
    "reference": itemgetter(REFERENCE),
}
DEFAULT_SORT = "-normalised"


def sort_entries(entries: list[tuple], sort: str) -> list[tuple]:
    """The entries in a whitelisted order ("-normalised", "amount"...; a KeyError for any other),
    ties broken by reference then id, ascending, so one order is always the same."""
    key = SORT_KEYS[sort.removeprefix("-")]
    # Sorted by the tie-breaker first: Python's sort is stable, reversed or not. Each key is read
    # once, beside its entry.
    keyed = [(key(entry), entry) for entry in sorted(entries, key=itemgetter(REFERENCE, PK))]
    present = [pair for pair in keyed if pair[0] is not None]
    present.sort(key=itemgetter(0), reverse=sort.startswith("-"))
    return [entry for _key, entry in present] + [entry for value, entry in keyed if value is None]


def filter_entries(entries: list[tuple], filters: dict, *, threshold: Decimal, wanted_reviews: int) -> list[tuple]:
    """The entries matching RankingFilterForm.filters()."""
    if "status" in filters:
        entries = [entry for entry in entries if entry[STATUS] == filters["status"]]
    if "spread" in filters:
        flagged = filters["spread"] == "flagged"
        entries = [entry for entry in entries if entry[STANDING].spread_flagged(threshold) == flagged]
    if "panel" in filters:
        wanted = "" if filters["panel"] == NO_PANEL else filters["panel"]
        entries = [entry for entry in entries if entry[PANEL] == wanted]
    if "complete" in filters:
        complete = filters["complete"] == "yes"
        entries = [
            entry
            for entry in entries
            if (entry[WAITING] == 0 and entry[STANDING].reviews >= wanted_reviews) == complete
        ]
    return entries


def running_totals(entries: list[tuple], rfp: RFP) -> tuple[list[Decimal], int | None]:
    """What the entries ask, added up in order in the call's currency (an amount in another
    currency, or none, adds nothing: totals are never summed across currencies), and the index
    of the first entry past the budget, where the line is drawn."""
    running, line, totals = Decimal(0), None, []
    currency, budget = rfp.currency, rfp.budget
    for index, entry in enumerate(entries):
        amount = entry[AMOUNT]
        if amount is not None and entry[CURRENCY] == currency:
            running += amount
        if line is None and running > budget:
            line = index
        totals.append(running)
    return totals, line


def ranking_of(rfp: RFP, filters: dict) -> Ranking:
    """The call's ranking as staff filtered and sorted it."""
    entries, recommended = ranking_entries(rfp)
    entries = filter_entries(
        entries, filters, threshold=rfp.spread_threshold, wanted_reviews=rfp.reviewers_per_application
    )
    entries = sort_entries(entries, filters.get("sort") or DEFAULT_SORT)
    running, line = running_totals(entries, rfp)
    rows = RankedRows(entries, running, rfp, recommended)
    return Ranking(rfp=rfp, rows=rows, budget=rfp.budget, budget_line=line)
