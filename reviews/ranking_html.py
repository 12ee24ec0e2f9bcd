"""The ranking's rows written out in Python, as the staff table's are (grants/table_html.py):
a page of rows of thirteen cells through the template engine would take most of the page's
time. Every value is escaped; the budget line is a row of its own, in words."""

import uuid
from collections.abc import Iterable
from decimal import Decimal

from django.urls import reverse
from django.utils import formats, numberformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from grants.models import Application
from grants.presentation import format_amount

from .models import PanelRecommendation, Review
from .ranking import RankingRow

PLACEHOLDER = uuid.UUID(int=0)
NONE = "—"
COLUMNS = 13
CENT = Decimal("0.01")


class Numbers:
    """formats.number_format and format_amount as they write the reader's numbers, with the
    reader's separators looked up once for all the rows rather than for each cell: those
    lookups made most of a printed ranking's time."""

    def __init__(self):
        language = get_language()
        self.decimal, self.grouping, self.thousands = (
            formats.get_format(name, language, use_l10n=True)
            for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
        )
        self.amount_and_currency = _("%(amount)s %(currency)s")

    def _format(self, value: Decimal, places: int, force_grouping: bool = False) -> str:
        return numberformat.format(
            value, self.decimal, places, self.grouping, self.thousands, force_grouping=force_grouping, use_l10n=True
        )

    def score(self, value: Decimal | None) -> str:
        """Always to the cent, as scoring gives it: 80.00 beside 80.52, never 80."""
        return NONE if value is None else escape(self._format(value, 2))

    def amount(self, value: Decimal, currency: str) -> str:
        """As core.numbers.format_number places it: no decimals when it has none."""
        if value == value.to_integral_value():
            places = 0
        elif value == value.quantize(CENT):
            places = 2
        else:
            places = 3
        number = self._format(value, places, force_grouping=True)
        return escape(self.amount_and_currency % {"amount": number, "currency": currency})


def budget_line_row(budget: Decimal, currency: str) -> str:
    text = _("The budget of %(budget)s runs out here: the applications below go past it.") % {
        "budget": format_amount(budget, currency)
    }
    return f'<tr class="budget-line"><td colspan="{COLUMNS}"><strong>{escape(text)}</strong></td></tr>'


def ranking_body(
    rows: Iterable[RankingRow], rfp, *, line_before: int | None, budget: Decimal, show_line: bool = True
) -> SafeString:
    """The `<tr>` of each row, with the budget line before the row at `line_before` (its position)."""
    link = reverse("reviews:compare", args=[rfp.pk, PLACEHOLDER])
    statuses = {status.value: escape(status.label) for status in Application.Status}
    panels = {choice.value: escape(choice.label) for choice in PanelRecommendation.Recommendation}
    names: dict[str, str] = {}
    flagged = escape(_("wide spread"))
    past = escape(_("past the budget"))
    labels = {choice.value: escape(choice.label) for choice in Review.Recommendation}
    reviews_of = _("%(submitted)s of %(assigned)s")
    numbers = Numbers()
    _score = numbers.score
    out = []
    for row in rows:
        if show_line and line_before is not None and row.position == line_before:
            out.append(budget_line_row(budget, rfp.currency))
        if row.country not in names:
            names[row.country] = escape(countries.name(row.country) or NONE) if row.country else NONE
        standing = row.standing
        spread = _score(standing.spread)
        if row.spread_flagged:
            spread += f' <strong class="spread-flag">({flagged})</strong>'
        recommendations = " · ".join(f"{label} {row.recommendations.get(value, 0)}" for value, label in labels.items())
        amount = (
            f"<bdi>{numbers.amount(row.requested_amount, row.currency)}</bdi>"
            if row.requested_amount is not None
            else NONE
        )
        running = f"<bdi>{numbers.amount(row.running_total, rfp.currency)}</bdi>"
        if not row.within_budget:
            running += f' <span class="past-budget">({past})</span>'
        cells = [
            f"<td>{row.position}</td>",
            f'<th scope="row"><a href="{escape(link.replace(str(PLACEHOLDER), str(row.public_id)))}">'
            f"<bdi>{escape(row.reference)}</bdi></a></th>",
            f'<td dir="auto">{escape(row.title or NONE)}</td>',
            f"<td>{names[row.country]}</td>",
            f"<td>{statuses.get(row.status, escape(row.status))}</td>",
            f"<td>{escape(reviews_of % {'submitted': row.submitted, 'assigned': row.assigned})}</td>",
            f"<td>{_score(standing.mean)}</td>",
            f"<td>{_score(standing.normalised)}</td>",
            f"<td>{spread}</td>",
            f"<td>{recommendations}</td>",
            f"<td>{panels.get(row.panel, NONE)}</td>",
            f"<td>{amount}</td>",
            f"<td>{running}</td>",
        ]
        opening = "<tr>" if row.within_budget else '<tr class="past-budget-row">'
        out.append(f"{opening}{''.join(cells)}</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
