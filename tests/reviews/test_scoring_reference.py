"""scoring.standings() against the definition written the plain way, with statistics' exact
fmean and pstdev: the fast integer arithmetic must give the very same standings, to the cent,
and the very same standard deviations, to the last bit."""

import statistics
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviews.scoring import MIN_REVIEWS_FOR_OWN_SCALE, Standing, SubmittedTotal, _pstdev, _scaled, standings


def cents(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def reference_standings(totals: list[SubmittedTotal]) -> dict[int, Standing]:
    """The module docstring's definition, step by step, in statistics' exact arithmetic."""
    if not totals:
        return {}
    values = [float(item.total) for item in totals]
    mu, sigma = statistics.fmean(values), statistics.pstdev(values)
    by_reviewer = defaultdict(list)
    for item in totals:
        by_reviewer[item.reviewer].append(float(item.total))
    own_scale = {}
    for reviewer, own in by_reviewer.items():
        own_sigma = statistics.pstdev(own) if len(own) >= MIN_REVIEWS_FOR_OWN_SCALE else 0
        own_scale[reviewer] = (statistics.fmean(own), own_sigma) if own_sigma > 0 else None
    z_of, totals_of = defaultdict(list), defaultdict(list)
    for item in totals:
        total, own = float(item.total), own_scale[item.reviewer]
        fallback = (total - mu) / sigma if sigma > 0 else 0.0
        z = (total - own[0]) / own[1] if own is not None else fallback
        totals_of[item.application].append(total)
        z_of[item.application].append(z)
    return {
        application: Standing(
            reviews=len(own),
            mean=cents(statistics.fmean(own)),
            normalised=cents(min(100.0, max(0.0, mu + statistics.fmean(z_of[application]) * sigma))),
            spread=cents(statistics.pstdev(own)),
        )
        for application, own in totals_of.items()
    }


cent_totals = st.integers(min_value=0, max_value=10_000).map(lambda cents: Decimal(cents) / 100)
# Few applications and reviewers, so that groups of three and more, ties and repeats are common.
submitted = st.lists(
    st.builds(SubmittedTotal, st.integers(1, 12), st.integers(1, 5), cent_totals), min_size=0, max_size=60
)


@settings(max_examples=1500)
@given(submitted)
@example([SubmittedTotal(1, 1, Decimal("0.00")), SubmittedTotal(1, 2, Decimal("0.01"))])  # spread 0.005
@example([SubmittedTotal(1, 1, Decimal(70)), SubmittedTotal(2, 1, Decimal(70)), SubmittedTotal(3, 1, Decimal(70))])
def test_standings_are_the_definitions_to_the_cent(totals):
    assert standings(totals) == reference_standings(totals)


@settings(max_examples=1500)
@given(st.lists(st.floats(min_value=0, max_value=100, allow_subnormal=False), min_size=1, max_size=40))
def test_the_standard_deviation_is_statistics_pstdev_to_the_last_bit(values):
    scaled, common = _scaled(values)
    assert _pstdev(len(scaled), sum(scaled), sum(m * m for m in scaled), common) == statistics.pstdev(values)


@settings(max_examples=300)
@given(st.lists(cent_totals, min_size=1, max_size=6))
def test_one_applications_spread_is_its_exact_standard_deviation_to_the_cent(marks):
    totals = [SubmittedTotal(1, reviewer, total) for reviewer, total in enumerate(marks)]
    assert standings(totals)[1].spread == cents(statistics.pstdev([float(total) for total in marks]))
