"""reviews/scoring.py against values computed by hand, and the properties it must keep."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviews.scoring import Mark, Standing, SubmittedTotal, review_total, standings

D = Decimal


def test_a_total_weighs_each_criterion_against_the_top_of_its_scale():
    # (2*4 + 1*3) / (2*5 + 1*10) * 100 = 11 / 20 * 100
    marks = [Mark(D(2), 5, 4), Mark(D(1), 10, 3)]
    assert review_total(marks) == D("55.00")


def test_a_criterion_left_unscored_counts_neither_above_nor_below_the_line():
    marks = [Mark(D(2), 5, 4), Mark(D(1), 10, None)]
    assert review_total(marks) == D("80.00")


def test_a_review_with_nothing_scored_has_no_total():
    assert review_total([Mark(D(1), 5, None)]) is None
    assert review_total([]) is None


def test_a_total_is_rounded_to_the_cent_half_up():
    # 1/3 * 100 = 33.333...; 2/3 * 100 = 66.666...
    assert review_total([Mark(D(1), 3, 1)]) == D("33.33")
    assert review_total([Mark(D(1), 3, 2)]) == D("66.67")


def test_one_reviewer_under_three_reviews_is_measured_against_the_whole_call():
    # Totals 40, 60, 80: mu 60, sigma sqrt(800/3) = 16.3299. Reviewer 1 has two reviews (fallback
    # to the call), reviewer 2 one: each z is (total - 60) / 16.3299, so normalised = total.
    totals = [SubmittedTotal(1, 1, D(40)), SubmittedTotal(2, 1, D(60)), SubmittedTotal(3, 2, D(80))]
    result = standings(totals)
    assert result[1] == Standing(reviews=1, mean=D("40.00"), normalised=D("40.00"), spread=D("0.00"))
    assert result[2].normalised == D("60.00")
    assert result[3].normalised == D("80.00")


def test_a_reviewer_with_three_reviews_and_spread_is_measured_against_themselves():
    # Reviewer 7 gives 70, 80, 90 (own mean 80, own sigma 8.1650); reviewer 8 gives 50 to app 1.
    # All totals: 70, 80, 90, 50: mu 72.5, sigma sqrt(((2.5)^2+7.5^2+17.5^2+22.5^2)/4) = 14.7902.
    # App 1: z of 70 by reviewer 7 = -1.2247; z of 50 by reviewer 8 (fallback) = -1.5213;
    # mean z -1.3730; normalised 72.5 - 1.3730 * 14.7902 = 52.1930. Spread of 70 and 50: 10.
    totals = [
        SubmittedTotal(1, 7, D(70)),
        SubmittedTotal(2, 7, D(80)),
        SubmittedTotal(3, 7, D(90)),
        SubmittedTotal(1, 8, D(50)),
    ]
    result = standings(totals)
    assert result[1] == Standing(reviews=2, mean=D("60.00"), normalised=D("52.19"), spread=D("10.00"))
    # App 2: z 0 (the reviewer's own mean): normalised mu.
    assert result[2].normalised == D("72.50")
    # App 3: z +1.2247: 72.5 + 18.1142 = 90.61.
    assert result[3].normalised == D("90.61")


def test_a_reviewer_who_gives_everyone_the_same_falls_back_to_the_call():
    # Reviewer 1 gives 60 three times (no spread: fallback); reviewer 2 gives 90 to app 4.
    # mu 67.5, sigma 12.9904: app 1's z = -0.5774, normalised 60.00; app 4's 90.00.
    totals = [*(SubmittedTotal(app, 1, D(60)) for app in (1, 2, 3)), SubmittedTotal(4, 2, D(90))]
    result = standings(totals)
    assert result[1].normalised == D("60.00")
    assert result[4].normalised == D("90.00")


def test_when_every_total_is_the_same_every_z_is_zero_and_the_score_is_that_total():
    result = standings([SubmittedTotal(1, 1, D(70)), SubmittedTotal(2, 2, D(70))])
    assert result[1] == Standing(reviews=1, mean=D("70.00"), normalised=D("70.00"), spread=D("0.00"))
    assert result[2] == result[1]


def test_ties_stay_ties():
    totals = [SubmittedTotal(1, 1, D(55)), SubmittedTotal(2, 2, D(55)), SubmittedTotal(3, 3, D(85))]
    result = standings(totals)
    assert result[1].normalised == result[2].normalised


def test_the_normalised_score_is_clamped_to_0_and_100():
    # Reviewer 1 gives 0, 0 and 100 (own mean 33.33, own sigma 47.14: the 100's z is +1.4142);
    # reviewer 2 gives 100 ten times. The call's mu is 1,100 / 13 = 84.62 and sigma 36.08, so
    # application 3 would be 84.62 + 1.4142 * 36.08 = 135.64: it is 100.
    totals = [SubmittedTotal(1, 1, D(0)), SubmittedTotal(2, 1, D(0)), SubmittedTotal(3, 1, D(100))]
    totals += [SubmittedTotal(10 + app, 2, D(100)) for app in range(10)]
    result = standings(totals)
    assert result[3].normalised == D("100.00")
    # Reviewer 1's zeros: z -0.7071, 84.62 - 25.51 = 59.10.
    assert result[1].normalised == D("59.10")


def test_the_spread_is_the_population_standard_deviation_and_flagged_above_the_threshold():
    result = standings([SubmittedTotal(1, 1, D(40)), SubmittedTotal(1, 2, D(90))])
    assert result[1].spread == D("25.00")
    assert result[1].spread_flagged(D(20))
    assert not result[1].spread_flagged(D(25))


def test_nothing_submitted_gives_no_standings():
    assert standings([]) == {}


@st.composite
def marks(draw):
    scale = draw(st.integers(1, 10))
    value = draw(st.one_of(st.none(), st.integers(0, scale)))
    weight = draw(st.decimals(D("0.01"), D(100), places=2))
    return Mark(weight, scale, value)


@given(st.lists(marks(), max_size=8))
def test_a_total_stays_within_0_and_100(review):
    total = review_total(review)
    assert total is None or D(0) <= total <= D(100)


totals_strategy = st.lists(
    st.builds(
        SubmittedTotal,
        application=st.integers(1, 12),
        reviewer=st.integers(1, 5),
        total=st.decimals(D(0), D(100), places=2),
    ),
    max_size=40,
)


@given(totals_strategy)
def test_normalised_scores_and_means_stay_within_0_and_100(totals):
    for standing in standings(totals).values():
        assert D(0) <= standing.normalised <= D(100)
        assert D(0) <= standing.mean <= D(100)
        assert standing.spread >= 0


@given(st.lists(st.decimals(D(0), D(100), places=2), min_size=3, max_size=10, unique=True))
def test_normalisation_keeps_the_order_of_one_reviewers_scores(scores):
    # One reviewer, one review per application: a higher total never ranks lower.
    result = standings([SubmittedTotal(app, 1, total) for app, total in enumerate(scores)])
    by_total = sorted(range(len(scores)), key=lambda app: scores[app])
    normalised = [result[app].normalised for app in by_total]
    assert normalised == sorted(normalised)


@given(
    st.lists(st.decimals(D(0), D(80), places=2), min_size=3, max_size=8, unique=True),
    st.lists(st.decimals(D(0), D(80), places=2), min_size=3, max_size=8, unique=True),
)
def test_a_reviewer_ten_points_more_generous_leaves_the_normalised_ranking_unchanged(first, second):
    # Reviewer 1 scores applications 0..n-1; reviewer 2 scores applications 100.., once as they
    # would and once ten points higher: no two applications swap places. (Rounding to the cent
    # may tie two scores a hair apart, never invert them.)
    def normalised(shift):
        totals = [SubmittedTotal(app, 1, total) for app, total in enumerate(first)]
        totals += [SubmittedTotal(100 + app, 2, total + shift) for app, total in enumerate(second)]
        return {app: standing.normalised for app, standing in standings(totals).items()}

    fair, generous = normalised(D(0)), normalised(D(10))
    for a in fair:
        for b in fair:
            assert not (fair[a] < fair[b] and generous[a] > generous[b]), (a, b)


@pytest.mark.parametrize("weights", [(D(1), D(1)), (D(3), D(1))])
def test_a_total_of_full_marks_is_100(weights):
    assert review_total([Mark(weight, 5, 5) for weight in weights]) == D("100.00")
