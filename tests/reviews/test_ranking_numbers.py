"""The ranking writes its numbers with the separators looked up once: exactly as
formats.number_format and format_amount write them, in every language."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import formats, translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from grants.presentation import format_amount
from reviews.ranking_html import Numbers

amounts = st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)
scores = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@given(amount=amounts, score=scores)
def test_numbers_are_written_as_django_writes_them(language, amount, score):
    with translation.override(language):
        numbers = Numbers()
        assert numbers.amount(amount, "USD") == escape(format_amount(amount, "USD"))
        assert numbers.score(score) == formats.number_format(score, 2, use_l10n=True)
    assert Numbers().score(None) == "—"


def test_a_thousand_dollars_in_english_and_french():
    with translation.override("en"):
        assert Numbers().amount(Decimal("1234.5"), "USD") == "1,234.50 USD"
    with translation.override("fr"):
        assert Numbers().amount(Decimal(1234), "USD") == "1\xa0234 USD"
