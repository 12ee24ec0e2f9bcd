"""Exporting a call's ranking as CSV: audited (who, which call, how many rows, which columns by
key, never a cell) before the first line is sent."""

from collections.abc import Iterator

from django.db import transaction

from audit import services as audit
from core.csv import csv_lines
from grants.models import RFP

from ..exports import Column, export_cells
from ..permissions import can_manage_reviews
from ..ranking import Ranking


@transaction.atomic
def export_ranking(rfp: RFP, ranking: Ranking, columns: list[Column], *, by) -> Iterator[str]:
    """The CSV's lines, one at a time, for the ranking's rows (already filtered and sorted)."""
    can_manage_reviews(by, rfp).enforce()
    if not columns:
        raise TypeError("An export needs at least one column")
    audit.record(
        by,
        "ranking.exported",
        rfp,
        detail={
            "rows": len(ranking.rows),
            "columns": [column.key for column in columns],
            "identifying": sum(column.identifying for column in columns),
        },
    )
    return csv_lines([column.label for column in columns], export_cells(ranking.rows, columns))
