"""Exporting the portfolio as CSV and as 360Giving open data: audited (who, how many rows,
which columns by key, never a cell) before the first line is sent."""

from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

from audit import services as audit
from core.csv import csv_lines

from ..exports import Column, export_cells
from ..models import Award
from ..opendata import package_json
from ..permissions import can_see_portfolio


@transaction.atomic
def export_portfolio(awards: QuerySet[Award], columns: list[Column], *, by) -> Iterator[str]:
    can_see_portfolio(by).enforce()
    if not columns:
        raise TypeError("An export needs at least one column")
    audit.record(
        by,
        "awards.exported",
        detail={
            "rows": awards.count(),
            "columns": [column.key for column in columns],
            "identifying": sum(column.identifying for column in columns),
        },
    )
    return csv_lines([column.label for column in columns], export_cells(awards, columns))


@transaction.atomic
def export_open_data(awards: QuerySet[Award], *, by) -> str:
    """The 360Giving package of these (publishable) awards. `by` None: the management command."""
    if by is not None:
        can_see_portfolio(by).enforce()
    listed = list(awards)
    audit.record(
        by,
        "awards.open_data_exported",
        detail={"grants": len(listed), "anonymous": sum(award.publish_anonymously for award in listed)},
    )
    return package_json(listed)
