"""The staff table of a call's submitted applications: the rows that match the filters, in a
whitelisted order that always ends in the primary key, so pages never repeat or skip a row
(sorted by status alone, rows of one status come back in any order from one page to the next)."""

import zoneinfo
from datetime import datetime, time, timedelta

from django.db.models import F, QuerySet

from .models import RFP, Application
from .search import matching
from .selectors import submitted_to

# Only the amount may be missing on a submitted application; the others sort without NULLS
# LAST, which would keep PostgreSQL from reading them in the order of an index.
NULLABLE = {"requested_amount"}
SORTS = {
    "reference": "reference",
    "title": "title",
    "status": "status",
    "amount": "requested_amount",
    "country": "country",
    "submitted": "submitted_at",
}


def default_sort(rfp: RFP) -> str:
    """Rapid-response calls are decided one by one: whoever has waited longest comes first."""
    return "submitted" if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE else "-submitted"


def ordering_of(sort: str) -> list:
    """The order for a whitelisted `sort` ("status", "-amount"...); a KeyError for any other,
    which the form never lets through."""
    descending = sort.startswith("-")
    column = SORTS[sort.removeprefix("-")]
    nulls_last = True if column in NULLABLE else None
    if descending:
        return [F(column).desc(nulls_last=nulls_last), F("pk").desc()]
    return [F(column).asc(nulls_last=nulls_last), F("pk").asc()]


def _start_of(day, zone: zoneinfo.ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone)


def table_rows(rfp: RFP, filters: dict, *, time_zone: str = "UTC") -> QuerySet[Application]:
    """The call's submitted applications matching `filters` (TableFilterForm.filters), in their
    order. Dates are whole days in the reader's time zone."""
    rows = submitted_to(rfp)
    zone = zoneinfo.ZoneInfo(time_zone)
    if "status" in filters:
        rows = rows.filter(status=filters["status"])
    if "country" in filters:
        rows = rows.filter(country=filters["country"])
    if "amount_min" in filters:
        rows = rows.filter(requested_amount__gte=filters["amount_min"])
    if "amount_max" in filters:
        rows = rows.filter(requested_amount__lte=filters["amount_max"])
    if "submitted_from" in filters:
        rows = rows.filter(submitted_at__gte=_start_of(filters["submitted_from"], zone))
    if "submitted_to" in filters:
        rows = rows.filter(submitted_at__lt=_start_of(filters["submitted_to"] + timedelta(days=1), zone))
    if "q" in filters:
        rows = matching(rows, filters["q"])
    return rows.order_by(*ordering_of(filters.get("sort") or default_sort(rfp)))
