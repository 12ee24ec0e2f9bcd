"""The staff table's rows written out in Python: through the template engine, fifty rows of
seven cells (each a variable lookup, a filter and an escape) took most of the page's time. The
markup is the one a template would write, every value escaped."""

import html
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django_countries import countries

from core.numbers import number_formatter
from core.times import machine_readable

from .models import Application

PLACEHOLDER = uuid.UUID(int=0)
WAITING = {Application.Status.SUBMITTED, Application.Status.IN_REVIEW}
NONE = "—"
# The columns a row is written from, read as tuples: no model instance per row.
ROW_FIELDS = ("public_id", "reference", "title", "status", "requested_amount", "currency", "country", "submitted_at")
# Django's escape() with none of its lazy-string checks, which cost more than the escaping: the
# same html.escape of the same str.
escape = html.escape


class PageDateFormat(dateformat.DateFormat):
    """Django's DateFormat with its meridiem words ("p.m.", "PM") translated once for the page
    rather than in each cell, where they were most of a date's cost."""

    def __init__(self, value: datetime, words: dict[str, str]):
        super().__init__(value)
        self.words = words

    def a(self) -> str:
        return self.words["p.m." if self.data.hour > 11 else "a.m."]

    def A(self) -> str:
        return self.words["PM" if self.data.hour > 11 else "AM"]


def meridiems() -> dict[str, str]:
    # Django's own msgids, so each language reads the words it always has.
    return {word: gettext(word) for word in ("a.m.", "p.m.", "AM", "PM")}


class PageDates:
    """The reader's short date and time, in their zone: the format split into its pieces once
    for the page, as DateFormat.format would split it again for each cell."""

    def __init__(self, format_string: str | None = None):
        format_string = str(format_string or formats.get_format("SHORT_DATETIME_FORMAT"))
        self.zone = timezone.get_current_timezone()
        self.words = meridiems()
        self.pieces = [
            (True, piece) if index % 2 else (False, dateformat.re_escaped.sub(r"\1", piece))
            for index, piece in enumerate(dateformat.re_formatchars.split(format_string))
            if piece
        ]

    def __call__(self, instant: datetime) -> str:
        written = PageDateFormat(timezone.localtime(instant, self.zone), self.words)
        return "".join(str(getattr(written, piece)()) if is_code else piece for is_code, piece in self.pieces)


def table_body(rows: Iterable[tuple], *, waiting_since: datetime | None = None) -> SafeString:
    """The `<tr>` of each row (the ROW_FIELDS of an application), with a "waiting" cell when
    `waiting_since` (now) is given: how long a submitted or in-review application has waited,
    as rapid-response calls show it."""
    # One reverse() for the page: the public id is all that changes from one link to the next.
    before, after = escape(reverse("portal:staff-application", args=[PLACEHOLDER])).split(str(PLACEHOLDER))
    # The reader's formats and labels, looked up once rather than once per cell.
    dates = PageDates()
    number = number_formatter()
    statuses = {status.value: escape(str(status.label)) for status in Application.Status}
    country_names: dict[str, str] = {}
    written = []
    for public_id, reference, title, status, amount, currency, country, submitted_at in rows:
        if country not in country_names:
            country_names[country] = escape(str(countries.name(country) or NONE) if country else NONE)
        cells = [
            f'<td><a href="{before}{public_id}{after}"><bdi>{escape(reference)}</bdi></a></td>',
            f'<td dir="auto">{escape(title or NONE)}</td>',
            f"<td>{statuses[status]}</td>",
            f"<td><bdi>{escape(number(amount))} {escape(currency)}</bdi></td>"
            if amount is not None
            else f"<td>{NONE}</td>",
            f"<td>{country_names[country]}</td>",
            f'<td><time datetime="{machine_readable(submitted_at)}">{escape(dates(submitted_at))}</time></td>',
        ]
        if waiting_since is not None:
            waited = timesince(submitted_at, waiting_since) if status in WAITING else NONE
            cells.append(f"<td>{escape(waited)}</td>")
        written.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(written))  # noqa: S308 - every value escaped above
