"""The automatic assignment's algorithm, on plain ids: never a barred reviewer, exactly the
reviewers each application needs, loads as even as any valid plan could make them (checked
against every plan of small cases), and the reviewers still missing when it cannot be done."""

import itertools
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews.assigning import Uncovered, plan


@st.composite
def cases(draw, max_applications=5, max_reviewers=5):
    reviewers = list(range(100, 100 + draw(st.integers(1, max_reviewers))))
    applications = list(range(1, 1 + draw(st.integers(1, max_applications))))
    needs = {a: draw(st.integers(0, 3)) for a in applications}
    barred = {a: draw(st.sets(st.sampled_from(reviewers), max_size=len(reviewers))) for a in applications}
    loads = {r: draw(st.integers(0, 3)) for r in reviewers}
    return needs, reviewers, loads, barred


def final_loads(pairs, reviewers, loads):
    given_now = Counter(reviewer for _application, reviewer in pairs)
    return {r: loads.get(r, 0) + given_now[r] for r in reviewers}


def every_valid_plan(needs, reviewers, barred):
    choices = [
        [
            [(application, r) for r in subset]
            for subset in itertools.combinations([r for r in reviewers if r not in barred[application]], needed)
        ]
        for application, needed in needs.items()
    ]
    for combination in itertools.product(*choices):
        yield [pair for pairs in combination for pair in pairs]


@given(cases())
@settings(max_examples=300, deadline=None)
def test_a_plan_gives_each_application_exactly_what_it_needs_and_never_a_barred_reviewer(case):
    needs, reviewers, loads, barred = case
    result = plan(needs, reviewers, loads=loads, barred=barred)
    coverable = all(len(set(reviewers) - barred[a]) >= n for a, n in needs.items())
    assert result.done == coverable
    if not coverable:
        assert result.pairs == []
        return
    assert len(set(result.pairs)) == len(result.pairs)
    assert Counter(application for application, _r in result.pairs) == +Counter(needs)
    for application, reviewer in result.pairs:
        assert reviewer in reviewers
        assert reviewer not in barred[application]


@given(cases(max_applications=4, max_reviewers=4))
@settings(max_examples=300, deadline=None)
def test_the_loads_are_as_even_as_any_valid_plan_makes_them(case):
    needs, reviewers, loads, barred = case
    result = plan(needs, reviewers, loads=loads, barred=barred)
    if not result.done:
        return
    ours = final_loads(result.pairs, reviewers, loads)
    spreads = [final_loads(pairs, reviewers, loads) for pairs in every_valid_plan(needs, reviewers, barred)]
    assert max(ours.values()) == min(max(found.values()) for found in spreads)
    assert min(ours.values()) == max(min(found.values()) for found in spreads)
    if any(max(found.values()) - min(found.values()) <= 1 for found in spreads):
        assert max(ours.values()) - min(ours.values()) <= 1


@given(st.integers(1, 40), st.integers(1, 12), st.integers(1, 5))
@settings(max_examples=100, deadline=None)
def test_without_bars_the_loads_differ_by_at_most_one(applications, reviewers, per_application):
    result = plan(dict.fromkeys(range(applications), per_application), list(range(reviewers)))
    if per_application > reviewers:
        assert result.missing == per_application - reviewers
        return
    loads = final_loads(result.pairs, range(reviewers), {})
    assert max(loads.values()) - min(loads.values()) <= 1
    assert sum(loads.values()) == applications * per_application


@given(st.integers(1, 6), st.integers(0, 5))
def test_too_few_reviewers_say_how_many_more_are_needed(per_application, reviewers):
    result = plan({1: per_application, 2: per_application}, list(range(reviewers)))
    assert result.done == (reviewers >= per_application)
    assert result.missing == max(0, per_application - reviewers)


def test_the_applications_that_cannot_be_covered_come_most_missing_first():
    result = plan({1: 2, 2: 2, 3: 1}, [7, 8], barred={1: {7}, 2: {7, 8}})
    assert result.pairs == []
    assert result.uncovered == [Uncovered(2, needed=2, eligible=0), Uncovered(1, needed=2, eligible=1)]
    assert result.missing == 2


def test_an_exchange_evens_out_what_the_greedy_pass_left_uneven():
    # Greedily 2, then 3 and 4, go to 7, and 1 to 8: loads 3, 2 and 1. One exchange hands 3 on
    # to 9.
    needs = {1: 1, 2: 1, 3: 1, 4: 1}
    barred = {1: {7}, 2: {8, 9}, 3: {8}, 4: {9}}
    result = plan(needs, [7, 8, 9], loads={7: 0, 8: 1, 9: 1}, barred=barred)
    assert sorted(result.pairs) == [(1, 8), (2, 7), (3, 9), (4, 7)]
    assert final_loads(result.pairs, [7, 8, 9], {7: 0, 8: 1, 9: 1}) == {7: 2, 8: 2, 9: 2}
