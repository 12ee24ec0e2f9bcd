"""The staff table's rows written out in Python: through the template engine, fifty rows of
seven cells (each a variable lookup, a filter and an escape) took most of the page's time. The
markup is the one a template would write, every value escaped."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse
from django.utils import dateformat, formats, timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince
from django.utils.translation import gettext

from core.numbers import format_number
from core.times import machine_readable

from .models import Application

PLACEHOLDER = uuid.UUID(int=0)
WAITING = {Application.Status.SUBMITTED, Application.Status.IN_REVIEW}
NONE = "—"


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


def table_body(applications: Iterable[Application], *, waiting_since: datetime | None = None) -> SafeString:
    """The `<tr>` of each application, with a "waiting" cell when `waiting_since` (now) is
    given: how long a submitted or in-review application has waited, as rapid-response calls
    show it."""
    # One reverse() for the page: the public id is all that changes from one link to the next.
    before, after = escape(reverse("portal:staff-application", args=[PLACEHOLDER])).split(str(PLACEHOLDER))
    # The format and the zone of the reader, looked up once rather than once per cell.
    date_format = formats.get_format("SHORT_DATETIME_FORMAT")
    zone = timezone.get_current_timezone()
    words = meridiems()
    # Labels made plain strings once: escape() keeps a lazy label lazy, translated again in each row.
    statuses = {status.value: escape(str(status.label)) for status in Application.Status}
    countries: dict[str, str] = {}
    rows = []
    for application in applications:
        country = application.country
        if country.code not in countries:
            countries[country.code] = escape(str(country.name or NONE))
        amount = application.requested_amount
        submitted_at = application.submitted_at
        cells = [
            f'<td><a href="{before}{application.public_id}{after}"><bdi>{escape(application.reference)}</bdi></a></td>',
            f'<td dir="auto">{escape(application.title or NONE)}</td>',
            f"<td>{statuses[application.status]}</td>",
            f"<td><bdi>{escape(format_number(amount))} {escape(application.currency)}</bdi></td>"
            if amount is not None
            else f"<td>{NONE}</td>",
            f"<td>{countries[country.code]}</td>",
            f'<td><time datetime="{machine_readable(submitted_at)}">'
            f"{escape(PageDateFormat(timezone.localtime(submitted_at, zone), words).format(date_format))}</time></td>",
        ]
        if waiting_since is not None:
            waited = timesince(submitted_at, waiting_since) if application.status in WAITING else NONE
            cells.append(f"<td>{escape(waited)}</td>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return mark_safe("".join(rows))  # noqa: S308 - every value escaped above
