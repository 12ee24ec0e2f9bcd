"""The only code that computes a score (DESIGN.md, "Scoring"). Pure functions of plain values:
pages, the ranking, the CSV, the PDF and the tests all call these.

- A review's total: sum of weight x score over sum of weight x the scale's top, times 100, over
  the criteria scored (None if none is).
- An application's score: the mean of its submitted reviews' totals.
- mu and sigma: population mean and standard deviation of every submitted total of the call.
- A review's z: (total - its reviewer's mean) / its reviewer's sigma when that reviewer has at
  least 3 reviews in the call and some spread; else (total - mu) / sigma, or 0 when sigma is 0.
- Normalised score: mu + (mean of its reviews' z) x sigma, clamped to 0-100.
- Spread: population standard deviation of its totals, flagged above the call's threshold.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from math import fsum, isqrt

MIN_REVIEWS_FOR_OWN_SCALE = 3
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Mark:
    """One criterion's score in a review: its weight, the top of its scale, and the value
    given (None: not scored)."""

    weight: Decimal
    scale_max: int
    value: int | None


@dataclass(frozen=True)
class SubmittedTotal:
    application: int  # ids, so the ranking needs no model instances
    reviewer: int
    total: Decimal


@dataclass(frozen=True)
class Standing:
    """An application's place among the call's reviews."""

    reviews: int
    mean: Decimal | None  # of its totals
    normalised: Decimal | None
    spread: Decimal | None

    def spread_flagged(self, threshold: Decimal) -> bool:
        return self.spread is not None and self.spread > threshold


NO_REVIEWS = Standing(reviews=0, mean=None, normalised=None, spread=None)


def review_total(marks: Iterable[Mark]) -> Decimal | None:
    """The review's total on 0-100, to the cent, over the criteria scored."""
    scored = [mark for mark in marks if mark.value is not None]
    if not scored:
        return None
    reached = sum(mark.weight * mark.value for mark in scored)
    possible = sum(mark.weight * mark.scale_max for mark in scored)
    return _cents(Decimal(reached) / Decimal(possible) * HUNDRED)


def standings(totals: Iterable[SubmittedTotal]) -> dict[int, Standing]:
    """Every reviewed application's standing, by application id, from all the call's submitted
    review totals (the normalisation needs them all at once)."""
    totals = list(totals)
    if not totals:
        return {}
    values = [float(item.total) for item in totals]
    value_of = values.__getitem__
    # Exactly, as integers over one power of two: statistics' fractions made most of the time.
    scaled, common = _scaled(values)
    scaled_of, square_of = scaled.__getitem__, [m * m for m in scaled].__getitem__
    everyone = range(len(values))

    def pstdev(indexes) -> float:
        return _pstdev(len(indexes), sum(map(scaled_of, indexes)), sum(map(square_of, indexes)), common)

    mu, sigma = fsum(values) / len(values), pstdev(everyone)
    by_reviewer: dict[int, list[int]] = defaultdict(list)  # indexes into values
    by_application: dict[int, list[int]] = defaultdict(list)
    for index, item in enumerate(totals):
        by_reviewer[item.reviewer].append(index)
        by_application[item.application].append(index)

    z = [0.0] * len(values) if sigma == 0 else [(total - mu) / sigma for total in values]
    for own in by_reviewer.values():
        if len(own) < MIN_REVIEWS_FOR_OWN_SCALE:
            continue
        own_sigma = pstdev(own)
        if own_sigma > 0:
            own_mu = fsum(map(value_of, own)) / len(own)
            for index in own:
                z[index] = (values[index] - own_mu) / own_sigma

    z_of = z.__getitem__
    result = {}
    for application, own in by_application.items():
        count = len(own)
        normalised = mu + fsum(map(z_of, own)) / count * sigma
        result[application] = Standing(
            reviews=count,
            mean=_cents(fsum(map(value_of, own)) / count),
            normalised=_cents(min(100.0, max(0.0, normalised))),
            spread=_cents(pstdev(own)),
        )
    return result


def _scaled(values: list[float]) -> tuple[list[int], int]:
    """Each float as an integer m over one common power of two d (value = m / d exactly), so
    that sums of them and of their squares are exact."""
    ratios = [value.as_integer_ratio() for value in values]
    common = max(denominator for _numerator, denominator in ratios)
    return [numerator * (common // denominator) for numerator, denominator in ratios], common


def _pstdev(count: int, sum_m: int, sum_squares: int, common: int) -> float:
    """The population standard deviation of count values m / common, from the sums of m and of
    m squared, exactly as statistics.pstdev gives it: the correctly rounded root of the exact
    variance, (count * sum(m^2) - sum(m)^2) / (count * common)^2."""
    spread = count * common
    return _root_of_fraction(count * sum_squares - sum_m * sum_m, spread * spread)


# Twice a float's 53 bits and 3 more: a root rounded to odd at this width rounds correctly to
# the nearest float (https://bugs.python.org/msg407078, as statistics does).
ROOT_BITS = 2 * 53 + 3


def _root_of_fraction(numerator: int, denominator: int) -> float:
    """sqrt(numerator / denominator), correctly rounded to a float."""
    shift = (numerator.bit_length() - denominator.bit_length() - ROOT_BITS) // 2
    if shift >= 0:
        return float(_root_to_odd(numerator, denominator << 2 * shift) << shift)
    return _root_to_odd(numerator << -2 * shift, denominator) / (1 << -shift)


def _root_to_odd(numerator: int, denominator: int) -> int:
    """The integer root of numerator / denominator, its last bit set if it is inexact."""
    root = isqrt(numerator // denominator)
    return root | (root * root * denominator != numerator)


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
