"""What a CSV export of the ranking can hold: the ranking's own columns, and who applied (the
organisation, the applicant; and the title in a blind call), left out unless staff tick them.
The rows are the ranking as filtered and sorted, with its running total."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from grants.models import RFP, Application

from .models import PanelRecommendation, Review
from .ranking import RankingRow


@dataclass(frozen=True)
class Column:
    key: str  # what the audit keeps: never a label
    label: str
    identifying: bool = False
    sensitive: bool = False  # as grants' export form asks: nothing of the ranking is

    @property
    def by_default(self) -> bool:
        return not self.identifying


def _number(value) -> str:
    return "" if value is None else f"{value:f}"


def _yes(value: bool) -> str:
    return str(_("yes") if value else _("no"))


def _recommending(choice) -> str:
    return gettext("Reviewers recommending: %(choice)s") % {"choice": choice.label}


# The columns are declared once, at import: each label is read in the language of the export.
_recommending_label = lazy(_recommending, str)

RANKING_COLUMNS = {
    "position": (_("Rank"), lambda row, names: row.position),
    "reference": (_("Reference"), lambda row, names: row.reference),
    "title": (_("Title"), lambda row, names: row.title),
    "status": (_("Status"), lambda row, names: str(Application.Status(row.status).label)),
    "country": (_("Country (ISO code)"), lambda row, names: row.country),
    "reviews_submitted": (_("Reviews submitted"), lambda row, names: row.submitted),
    "reviews_assigned": (_("Reviewers assigned"), lambda row, names: row.assigned),
    "mean": (_("Mean score"), lambda row, names: _number(row.standing.mean)),
    "normalised": (_("Normalised score"), lambda row, names: _number(row.standing.normalised)),
    "spread": (_("Spread"), lambda row, names: _number(row.standing.spread)),
    "spread_flagged": (_("Spread above the threshold"), lambda row, names: _yes(row.spread_flagged)),
    **{
        f"recommended_{choice.value}": (
            _recommending_label(choice),
            lambda row, names, value=choice.value: row.recommendations.get(value, 0),
        )
        for choice in Review.Recommendation
    },
    "panel": (
        _("Panel recommendation"),
        lambda row, names: str(PanelRecommendation.Recommendation(row.panel).label) if row.panel else "",
    ),
    "requested_amount": (_("Requested amount"), lambda row, names: _number(row.requested_amount)),
    "currency": (_("Currency"), lambda row, names: row.currency),
    "running_total": (_("Running total"), lambda row, names: _number(row.running_total)),
    "within_budget": (_("Within the budget"), lambda row, names: _yes(row.within_budget)),
}
IDENTIFYING_COLUMNS = {
    "organisation": (_("Organisation"), lambda row, names: names.get(row.pk, ("", ""))[1]),
    "applicant": (_("Applicant"), lambda row, names: names.get(row.pk, ("", ""))[0]),
}


def columns_of(rfp: RFP) -> list[Column]:
    """Every column the export may hold, in order. In a blind call the title counts as
    identifying too: a file can travel to reviewers."""
    return [
        Column(key, str(label), identifying=key == "title" and rfp.blind_review)
        for key, (label, _value) in RANKING_COLUMNS.items()
    ] + [Column(key, str(label), identifying=True) for key, (label, _value) in IDENTIFYING_COLUMNS.items()]


def names_of(rows: list[RankingRow]) -> dict[int, tuple[str, str]]:
    """(applicant, organisation) by application id, in one query: only when they are exported."""
    found = Application.objects.filter(pk__in=[row.pk for row in rows]).values_list(
        "pk", "applicant__name", "organisation__name"
    )
    return {pk: (applicant or "", organisation or "") for pk, applicant, organisation in found}


def export_cells(rows: list[RankingRow], columns: list[Column]) -> Iterator[list]:
    """The cells of each row in the columns' order, labels in the reader's language (taken now:
    the lines are written while the response streams, after the request's language is gone)."""
    language = translation.get_language()
    names = names_of(rows) if any(column.key in IDENTIFYING_COLUMNS for column in columns) else {}
    values = [(RANKING_COLUMNS.get(column.key) or IDENTIFYING_COLUMNS[column.key])[1] for column in columns]
    return _cells(rows, values, names, language)


def _cells(rows, values, names, language):
    with translation.override(language):
        for row in rows:
            yield [value(row, names) for value in values]
