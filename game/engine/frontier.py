"""The Pareto frontier of two additive score sheets, exact and built issue by issue (see
analysis.py for what it means). Its own module because content checks the zone of agreement with
it when a scenario is read, and that should not cost the rest of the analysis at start-up."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

from attrs import frozen

from game.engine.model import Terms, Utility, side_index

# Two utilities closer than this are the same: sums of weights times values differ in the last
# bits depending on the order they are added in, and no player can tell 1e-9 of a point apart.
EPSILON = 1e-9

Pair = tuple[float, float]  # (japan, us), indexed by side_index


@frozen
class FrontierPoint:
    """A package on the Pareto frontier and what it is worth to each side."""

    utilities: Pair
    terms: Terms

    @property
    def japan(self) -> float:
        return self.utilities[0]

    @property
    def us(self) -> float:
        return self.utilities[1]


@frozen
class Frontier:
    """The Pareto frontier, best for Japan first (so worst for the U.S. first)."""

    points: tuple[FrontierPoint, ...]

    def __len__(self) -> int:
        return len(self.points)

    def best_for(self, side: str, other_at_least: float) -> FrontierPoint | None:
        """The frontier package best for `side` among those worth at least `other_at_least` to
        the other side; None when there is none."""
        me = side_index(side)
        them = 1 - me
        eligible = [p for p in self.points if p.utilities[them] >= other_at_least - EPSILON]
        return max(eligible, key=lambda p: p.utilities[me], default=None)


def pareto_frontier(japan: Utility, us: Utility) -> Frontier:
    """The exact Pareto frontier of (japan(terms), us(terms)), built issue by issue; each point
    keeps a package that reaches it. Packages worth the same to both sides are one point."""
    return _frontier_cached(japan, us)


@lru_cache(maxsize=16)
def _frontier_cached(japan: Utility, us: Utility) -> Frontier:
    # each layer holds, for every point kept after that issue, (parent point, option picked)
    points: list[Pair] = [(0.0, 0.0)]
    layers: list[list[tuple[int, int]]] = []
    for issue in range(len(japan.weights)):
        steps = _issue_steps(japan, us, issue)
        candidates = [
            (x + dx, y + dy, parent, option)
            for parent, (x, y) in enumerate(points)
            for dx, dy, option in steps
        ]
        kept = _undominated(candidates)
        points = [(c[0], c[1]) for c in kept]
        layers.append([(c[2], c[3]) for c in kept])
    return Frontier(tuple(FrontierPoint(p, _trace(layers, i)) for i, p in enumerate(points)))


def _issue_steps(japan: Utility, us: Utility, issue: int) -> list[tuple[float, float, int]]:
    """What each option of one issue adds to each side, without the options another option of
    the same issue beats for both sides: they can never be part of a frontier package."""
    wj, wu = japan.weights[issue], us.weights[issue]
    steps = [
        (wj * vj, wu * vu, option)
        for option, (vj, vu) in enumerate(zip(japan.values[issue], us.values[issue], strict=True))
    ]
    return [(dx, dy, option) for dx, dy, option, _ in _undominated([(*s, 0) for s in steps])]


def _undominated(
    candidates: Iterable[tuple[float, float, int, int]],
) -> list[tuple[float, float, int, int]]:
    """The candidates no other candidate beats on one side without losing on the other (by more
    than EPSILON), best for Japan first. Ties keep one candidate, chosen deterministically."""
    ordered = sorted(candidates, key=lambda c: (-c[0], -c[1], c[2], c[3]))
    # best for Japan first: a candidate survives only by beating, for the U.S., every one before
    rising: list[tuple[float, float, int, int]] = []
    best_us = -math.inf
    for c in ordered:
        if c[1] > best_us + EPSILON:
            rising.append(c)
            best_us = c[1]
    # and back again, so that a candidate a hair better for Japan but clearly worse for the U.S.
    # than its neighbour does not survive as a near-duplicate
    kept: list[tuple[float, float, int, int]] = []
    best_japan = -math.inf
    for c in reversed(rising):
        if c[0] > best_japan + EPSILON:
            kept.append(c)
            best_japan = c[0]
    kept.reverse()
    return kept


def _trace(layers: Sequence[Sequence[tuple[int, int]]], index: int) -> Terms:
    """Follow the back-pointers from a point of the last layer to the package that reaches it."""
    picks: list[int] = []
    for layer in reversed(layers):
        index, option = layer[index]
        picks.append(option)
    picks.reverse()
    return Terms(tuple(picks))
