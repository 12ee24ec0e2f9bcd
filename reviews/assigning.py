"""Automatic assignment: which reviewer reviews which application. Pure (plain ids in, pairs
out), so it is tested by property and timed on its own.

Every application gets the reviewers it still needs, never one barred from it (a conflict, their
own organisation, an exclusion, an assignment they already have). Among the valid plans, the
one chosen leaves the reviewers' loads (their live assignments in the call, old and new) as even
as they can be: the largest load as small as possible and the smallest as large as possible, so
the loads differ by at most one whenever some plan achieves that.

How: a greedy pass, the most constrained application first, each taking its least-loaded
eligible reviewers. That is already even unless the bars get in the way; then exchanges fix it.
The reviewers' load vectors of all valid plans are the bases of a polymatroid, where a separable
convex cost (the sum of squared loads) is minimal exactly when no single exchange lowers it, and
that minimum is at once the smallest maximum and the largest minimum. One exchange moves one
unit of load from a reviewer to one with at least two fewer, along an alternating path: the
reviewer gives up an application, whose place goes to another reviewer who gives up one, ...
A breadth-first search finds such a path, or proves there is none, in time linear in the pairs.

A max-flow could do it too, but it would search levels of load one flow at a time; the greedy
pass costs one sort per application and, in practice, leaves few exchanges to make.
"""

from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Uncovered:
    """An application that cannot get the reviewers it needs: `eligible` of the chosen
    reviewers may review it, and it still needs `needed`."""

    application: int
    needed: int
    eligible: int

    @property
    def missing(self) -> int:
        return self.needed - self.eligible


@dataclass(frozen=True)
class Plan:
    """The new pairs (application, reviewer), or why there are none: the applications that
    cannot be covered. `missing` is how many more reviewers, eligible for every application,
    it would take."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    uncovered: list[Uncovered] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return not self.uncovered

    @property
    def missing(self) -> int:
        return max((row.missing for row in self.uncovered), default=0)


def plan(
    needs: Mapping[int, int],
    reviewers: Sequence[int],
    *,
    loads: Mapping[int, int] | None = None,
    barred: Mapping[int, Iterable[int]] | None = None,
) -> Plan:
    """`needs`: application id -> how many more reviewers it needs. `reviewers`: the ids of
    those to choose from. `loads`: each reviewer's live assignments already (default none).
    `barred`: application id -> reviewer ids that must not review it (its current reviewers
    among them). All or nothing: when one application cannot be covered, no pair is given."""
    loads = {reviewer: (loads or {}).get(reviewer, 0) for reviewer in reviewers}
    barred = barred or {}
    chosen = list(dict.fromkeys(reviewers))
    eligible: dict[int, list[int]] = {}
    uncovered = []
    for application, needed in needs.items():
        if needed <= 0:
            continue
        bars = set(barred.get(application, ()))
        allowed = [reviewer for reviewer in chosen if reviewer not in bars] if bars else chosen
        if len(allowed) < needed:
            uncovered.append(Uncovered(application, needed, len(allowed)))
        eligible[application] = allowed
    if uncovered:
        return Plan(uncovered=sorted(uncovered, key=lambda row: (-row.missing, row.application)))

    given: dict[int, set[int]] = {application: set() for application in eligible}
    # The most constrained first: those with the fewest reviewers to spare.
    for application in sorted(eligible, key=lambda a: (len(eligible[a]) - needs[a], a)):
        allowed = eligible[application]
        picked = sorted(allowed, key=lambda r: (loads[r], r))[: needs[application]]
        for reviewer in picked:
            loads[reviewer] += 1
        given[application].update(picked)

    _even_out(given, eligible, loads)
    return Plan(pairs=[(application, reviewer) for application, chosen in given.items() for reviewer in sorted(chosen)])


def _even_out(given: dict[int, set[int]], eligible: dict[int, list[int]], loads: dict[int, int]) -> None:
    """Exchange until no reviewer could hand a unit of load to one with two fewer."""
    reviews_of: dict[int, set[int]] = {reviewer: set() for reviewer in loads}
    for application, reviewers in given.items():
        for reviewer in reviewers:
            reviews_of[reviewer].add(application)
    while True:
        lowest = min(loads.values(), default=0)
        for giver in sorted(loads, key=lambda r: (-loads[r], r)):
            if loads[giver] < lowest + 2:
                return
            if _exchange(giver, given, eligible, loads, reviews_of):
                break
        else:
            return


def _exchange(giver, given, eligible, loads, reviews_of) -> bool:
    """One alternating path from `giver` to a reviewer with at least two fewer, applied."""
    # came_from[reviewer] = (application, previous reviewer): that application passes from the
    # previous reviewer to this one.
    came_from: dict[int, tuple[int, int]] = {giver: (0, 0)}
    seen_applications: set[int] = set()
    queue = deque([giver])
    while queue:
        reviewer = queue.popleft()
        for application in reviews_of[reviewer]:
            if application in seen_applications:
                continue
            seen_applications.add(application)
            taken = given[application]
            for other in eligible[application]:
                if other in came_from or other in taken:
                    continue
                came_from[other] = (application, reviewer)
                if loads[other] <= loads[giver] - 2:
                    _apply(other, giver, came_from, given, loads, reviews_of)
                    return True
                queue.append(other)
    return False


def _apply(taker, giver, came_from, given, loads, reviews_of) -> None:
    reviewer = taker
    while reviewer != giver:
        application, previous = came_from[reviewer]
        given[application].discard(previous)
        given[application].add(reviewer)
        reviews_of[previous].discard(application)
        reviews_of[reviewer].add(application)
        reviewer = previous
    loads[giver] -= 1
    loads[taker] += 1
