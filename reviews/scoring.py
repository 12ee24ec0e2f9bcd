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
from statistics import fmean, pstdev

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
    mu, sigma = fmean(values), pstdev(values)
    by_reviewer: dict[int, list[float]] = defaultdict(list)
    for item in totals:
        by_reviewer[item.reviewer].append(float(item.total))
    scale = {reviewer: _own_scale(own) for reviewer, own in by_reviewer.items()}

    z_by_application: dict[int, list[float]] = defaultdict(list)
    totals_by_application: dict[int, list[float]] = defaultdict(list)
    for item in totals:
        total = float(item.total)
        totals_by_application[item.application].append(total)
        z_by_application[item.application].append(_z(total, scale[item.reviewer], mu, sigma))
    return {
        application: Standing(
            reviews=len(own),
            mean=_cents(fmean(own)),
            normalised=_cents(min(100.0, max(0.0, mu + fmean(z_by_application[application]) * sigma))),
            spread=_cents(pstdev(own)),
        )
        for application, own in totals_by_application.items()
    }


def _own_scale(totals: list[float]) -> tuple[float, float] | None:
    """A reviewer's own mean and sigma, when they have enough reviews with some spread."""
    if len(totals) < MIN_REVIEWS_FOR_OWN_SCALE:
        return None
    sigma = pstdev(totals)
    return (fmean(totals), sigma) if sigma > 0 else None


def _z(total: float, own: tuple[float, float] | None, mu: float, sigma: float) -> float:
    if own is not None:
        return (total - own[0]) / own[1]
    return (total - mu) / sigma if sigma > 0 else 0.0


def _cents(value) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)
