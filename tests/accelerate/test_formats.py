"""Dates and numbers read as each language writes them (accelerate/formats/ where Django's
own formats are wrong for our readers)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from grants.presentation import format_amount

DEADLINE = datetime(2026, 12, 31, 16, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("language", "amount", "deadline", "short"),
    [
        ("ar", "25,000.50 USD", "31 ديسمبر 2026، 4:05 م", "31\u200f/12\u200f/2026، 4:05 م"),
        ("fr", "25\xa0000,50 USD", "31 décembre 2026 16:05", "31/12/2026 16:05"),
        ("es", "25\xa0000,50 USD", "31 de diciembre de 2026 a las 16:05", "31/12/2026 16:05"),
        ("en", "25,000.50 USD", "Dec. 31, 2026, 4:05 p.m.", "12/31/2026 4:05 p.m."),
    ],
)
def test_amounts_are_grouped_and_dates_ordered_as_the_language_writes_them(language, amount, deadline, short):
    with translation.override(language):
        assert format_amount(Decimal("25000.5"), "USD") == amount
        assert formats.date_format(DEADLINE, "DATETIME_FORMAT") == deadline
        assert formats.date_format(DEADLINE, "SHORT_DATETIME_FORMAT") == short


def test_a_stored_amount_shows_grouped_without_its_trailing_zeros_or_an_exponent():
    template = Template("{% load numbers %}{{ budget|number }}")
    with translation.override("ar"):
        assert template.render(Context({"budget": Decimal("250000.000")})) == "250,000"
