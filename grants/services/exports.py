"""Exporting a call's applications as CSV: audited (who, which call, how many rows, which
columns by key, never a cell) before the first line is sent."""

from collections.abc import Iterator

from django.db import transaction
from django.db.models import QuerySet

from audit import services as audit
from core.csv import csv_lines

from ..exports import Column, export_rows
from ..models import RFP, Application


@transaction.atomic
def export_applications(rfp: RFP, rows: QuerySet[Application], columns: list[Column], *, by) -> Iterator[str]:
    """The CSV's lines, one at a time, for `rows` (already scoped and filtered) in `columns`."""
    if not columns:
        raise TypeError("An export needs at least one column")
    count = rows.count()
    audit.record(
        by,
        "applications.exported",
        rfp,
        detail={
            "rows": count,
            "columns": [column.key for column in columns if column.question is None],
            "questions": [column.question.pk for column in columns if column.question is not None],
            "sensitive": sum(column.sensitive for column in columns),
        },
    )
    return csv_lines([column.label for column in columns], export_rows(rfp, rows, columns))
