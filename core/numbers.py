"""Numbers in the reader's format, through Django's localisation."""

from collections.abc import Callable
from decimal import Decimal

from django.utils import formats, numberformat
from django.utils.translation import get_language


def places_of(value: Decimal) -> int:
    """No decimals when it has none; money has at most three places."""
    if value == value.to_integral_value():
        return 0
    if value == value.quantize(Decimal("0.01")):
        return 2
    return 3


def format_number(value: Decimal) -> str:
    """`25,000` in English, `25 000` in French: a Decimal, never a float."""
    return number_formatter()(value)


def number_formatter() -> Callable[[Decimal], str]:
    """format_number with the language's separators and grouping read once, for a page that
    writes many numbers (as Django's formats.number_format reads them for each)."""
    language = get_language()
    decimal, grouping, thousands = (
        formats.get_format(name, language, use_l10n=True)
        for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )

    def written(value: Decimal) -> str:
        return numberformat.format(
            value, decimal, places_of(value), grouping, thousands, force_grouping=True, use_l10n=True
        )

    return written
