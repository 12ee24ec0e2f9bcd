"""Numbers in the reader's format, through Django's localisation."""

from decimal import Decimal

from django.utils import formats


def format_number(value: Decimal) -> str:
    """`25,000` in English, `25 000` in French: a Decimal, never a float, with no decimals when
    it has none (money has at most three places)."""
    if value == value.to_integral_value():
        places = 0
    elif value == value.quantize(Decimal("0.01")):
        places = 2
    else:
        places = 3
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)
