"""What a CSV export of the portfolio can hold: the awards' own columns, and who holds them
(the applicant, the organisation), left out unless staff tick them."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Award


@dataclass(frozen=True)
class Column:
    key: str  # what the audit keeps: never a label
    label: str
    identifying: bool = False
    sensitive: bool = False  # as grants' export form asks: nothing of the portfolio is

    @property
    def by_default(self) -> bool:
        return not self.identifying


def _money(value) -> str:
    return f"{value:f}"


def _outstanding(award) -> str:
    if award.status not in ("offered", "active", "closed"):
        return _money(0)
    return _money(award.amount - award.paid)


AWARD_COLUMNS = {
    "reference": (_("Reference"), lambda a: a.reference),
    "application": (_("Application"), lambda a: a.application.reference or ""),
    "call": (_("Call"), lambda a: a.rfp_id),
    "status": (_("Status"), lambda a: str(Award.Status(a.status).label)),
    "amount": (_("Amount"), lambda a: _money(a.amount)),
    "currency": (_("Currency"), lambda a: a.currency),
    "paid": (_("Paid"), lambda a: _money(a.paid)),
    "outstanding": (_("Outstanding"), _outstanding),
    "country": (_("Country (ISO code)"), lambda a: a.application.country.code if a.application.country else ""),
    "starts_on": (_("Starts"), lambda a: a.starts_on.isoformat()),
    "ends_on": (_("Ends"), lambda a: a.ends_on.isoformat()),
}
IDENTIFYING_COLUMNS = {
    "applicant": (_("Applicant"), lambda a: a.application.applicant.name),
    "organisation": (
        _("Organisation"),
        lambda a: a.application.organisation.name if a.application.organisation_id else "",
    ),
}


def columns() -> list[Column]:
    return [Column(key, str(label)) for key, (label, _v) in AWARD_COLUMNS.items()] + [
        Column(key, str(label), identifying=True) for key, (label, _v) in IDENTIFYING_COLUMNS.items()
    ]


def export_cells(awards: QuerySet[Award], chosen: list[Column]) -> Iterator[list]:
    """The cells of each award, labels in the reader's language (taken now: the lines are
    written while the response streams, after the request's language is gone)."""
    language = translation.get_language()
    if any(column.identifying for column in chosen):
        awards = awards.select_related("application__applicant", "application__organisation")
    values = [(AWARD_COLUMNS.get(column.key) or IDENTIFYING_COLUMNS[column.key])[1] for column in chosen]
    return _cells(awards, values, language)


def _cells(awards, values, language):
    with translation.override(language):
        for award in awards.iterator(chunk_size=500):
            yield [value(award) for value in values]
