"""What a negotiation was worth: scores, the Pareto frontier, the Nash point, money left on the
table, missed trades across issues and concessions, all from the hidden score sheets.

Everything is in utilities (0..1, as `Utility` computes them), one pair per outcome indexed by
`side_index` (Japan first). Front ends show utilities as points out of 100.

- **Score** (0-100 per side): 0 is what no deal is worth to that side (its reservation value),
  100 is the best that side could get in any package the other side also finds at least as good
  as no deal (the top of the zone of agreement for that side). Below 0 is worse than no deal.
- **Pareto frontier**: the packages no other package beats for one side without costing the
  other. Utilities are additive over issues, so the frontier of the whole is built issue by
  issue: the frontier of the first k issues, plus each option of issue k+1, pruned of dominated
  points. Only frontier points can become frontier points later (adding the same option to a
  dominated point leaves it dominated), so this is exact, and its cost grows with the size of
  the frontier, never with the number of packages (68 billion for 12 issues of 8 options).
- **Nash point**: the frontier package that maximises the product of both sides' gains over
  their reservation values (the Nash bargaining solution restricted to real packages).
- **Joint gains left**: the most both sides could have added together by moving to a frontier
  package that leaves neither worse off.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import combinations

from attrs import frozen

# the frontier is its own module; its names are still the analysis's, importable from here
from game.engine.frontier import EPSILON as EPSILON
from game.engine.frontier import Frontier as Frontier
from game.engine.frontier import FrontierPoint as FrontierPoint
from game.engine.frontier import Pair as Pair
from game.engine.frontier import pareto_frontier as pareto_frontier
from game.engine.model import SIDES, Offer, Terms, Utility, side_index


@frozen
class Trade:
    """Moves on one or two issues away from some terms that leave both sides better off.

    `changes` holds (issue index, option before, option after); `gains` what the whole trade adds
    to each side's utility. A trade of two changes where each change alone costs one side is a
    logroll: each side gives on the issue it cares less about."""

    changes: tuple[tuple[int, int, int], ...]
    gains: Pair
    terms: Terms

    @property
    def joint_gain(self) -> float:
        return self.gains[0] + self.gains[1]


@frozen
class Concession:
    """One offer measured against the same side's previous offer.

    `given` is what the new offer adds for the other side (positive: a concession, negative: a
    hardening); `cost` is what it takes away from the side that made it."""

    side: str
    round: int
    offer_index: int  # position in the game's list of offers
    given: float
    cost: float


@frozen
class Analysis:
    """Every figure of one outcome against the scenario's frontier."""

    frontier: Frontier
    reservations: Pair
    ideals: Pair  # the utility that scores 100 for each side
    outcome: Pair
    scores: Pair
    nash: FrontierPoint | None
    distance_to_frontier: float
    distance_to_nash: float | None
    joint_gains_left: float
    best_improvement: FrontierPoint | None  # the frontier package behind joint_gains_left


# ---------------------------------------------------------------------------------------------
# The frontier


# ---------------------------------------------------------------------------------------------
# Points on the frontier: the ideal, the Nash point, distances


def ideal_values(frontier: Frontier, reservations: Pair) -> Pair:
    """For each side, the most it can get from a package the other side prefers to no deal
    (at least as good); when no such package exists, its best on the whole frontier."""
    ideals: list[float] = []
    for me, side in enumerate(SIDES):
        point = frontier.best_for(side, reservations[1 - me])
        if point is None:
            point = max(frontier.points, key=lambda p: p.utilities[me])
        ideals.append(point.utilities[me])
    return ideals[0], ideals[1]


def score(utility: float, reservation: float, ideal: float) -> float:
    """0 at the reservation value, 100 at the ideal, linear between and beyond. When nothing
    beats no deal for this side, every outcome scores 0 (there was nothing to win)."""
    span = ideal - reservation
    if span <= EPSILON:
        return 0.0
    return 100.0 * (utility - reservation) / span


def nash_point(frontier: Frontier, reservations: Pair) -> FrontierPoint | None:
    """The frontier package with the largest product of gains over both reservation values,
    among those better than no deal for both; None when there is no zone of agreement."""
    rj, ru = reservations
    best: FrontierPoint | None = None
    best_product = 0.0
    for point in frontier.points:
        gain_j, gain_u = point.japan - rj, point.us - ru
        if gain_j <= EPSILON or gain_u <= EPSILON:
            continue
        product = gain_j * gain_u
        if product > best_product + EPSILON**2:
            best, best_product = point, product
    return best


def distance(a: Pair, b: Pair) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def distance_to_frontier(point: Pair, frontier: Frontier) -> float:
    """How far `point` is from the nearest frontier package (0 on the frontier). The frontier is
    a set of real packages, so the distance is to the nearest of them, not to a line."""
    nearest = min(distance(point, p.utilities) for p in frontier.points)
    return 0.0 if nearest <= EPSILON else nearest


def best_improvement(point: Pair, frontier: Frontier) -> FrontierPoint | None:
    """The frontier package, no worse for either side than `point`, that adds the most for both
    together; None when every such package adds nothing (the point is on the frontier)."""
    best: FrontierPoint | None = None
    best_gain = EPSILON
    for candidate in frontier.points:
        gain_j, gain_u = candidate.japan - point[0], candidate.us - point[1]
        if gain_j < -EPSILON or gain_u < -EPSILON:
            continue
        if gain_j + gain_u > best_gain:
            best, best_gain = candidate, gain_j + gain_u
    return best


def joint_gains_left(point: Pair, frontier: Frontier) -> float:
    """What both sides together left on the table at `point` (see best_improvement)."""
    improvement = best_improvement(point, frontier)
    if improvement is None:
        return 0.0
    return improvement.japan - point[0] + improvement.us - point[1]


def analyse(utilities: tuple[Utility, Utility], reservations: Pair, outcome: Pair) -> Analysis:
    """Every figure of an outcome (its utility to each side) given both reservation values."""
    frontier = pareto_frontier(*utilities)
    ideals = ideal_values(frontier, reservations)
    nash = nash_point(frontier, reservations)
    improvement = best_improvement(outcome, frontier)
    return Analysis(
        frontier=frontier,
        reservations=reservations,
        ideals=ideals,
        outcome=outcome,
        scores=(
            score(outcome[0], reservations[0], ideals[0]),
            score(outcome[1], reservations[1], ideals[1]),
        ),
        nash=nash,
        distance_to_frontier=distance_to_frontier(outcome, frontier),
        distance_to_nash=distance(outcome, nash.utilities) if nash is not None else None,
        joint_gains_left=joint_gains_left(outcome, frontier),
        best_improvement=improvement,
    )


def value_pair(utilities: tuple[Utility, Utility], terms: Terms) -> Pair:
    return utilities[0](terms), utilities[1](terms)


# ---------------------------------------------------------------------------------------------
# Missed trades across issues


def missed_trades(
    utilities: tuple[Utility, Utility], terms: Terms, limit: int = 5
) -> tuple[Trade, ...]:
    """Changes to one or two issues of `terms` that make both sides better off, largest joint
    gain first, at most `limit`. Single changes come in only when both sides prefer the other
    option outright; pairs only when neither change alone would do (a real logroll), and only
    the best pair per pair of issues, so the list names different trades."""
    japan, us = utilities
    deltas = _option_deltas(japan, us, terms)
    trades: list[Trade] = []
    for issue, row in enumerate(deltas):
        for option, (dj, du) in enumerate(row):
            if dj > EPSILON and du > EPSILON:
                trades.append(_trade(terms, ((issue, option),), (dj, du)))
    for a, b in combinations(range(len(deltas)), 2):
        best = _best_logroll(deltas, a, b)
        if best is not None:
            trades.append(_trade(terms, best[0], best[1]))
    trades.sort(key=lambda t: (-t.joint_gain, t.changes))
    return tuple(trades[:limit])


def _option_deltas(japan: Utility, us: Utility, terms: Terms) -> list[list[Pair]]:
    """For every issue and option: what switching `terms` to that option adds to each side."""
    rows: list[list[Pair]] = []
    for issue, pick in enumerate(terms.picks):
        wj, wu = japan.weights[issue], us.weights[issue]
        vj, vu = japan.values[issue], us.values[issue]
        rows.append([(wj * (vj[o] - vj[pick]), wu * (vu[o] - vu[pick])) for o in range(len(vj))])
    return rows


def _best_logroll(
    deltas: Sequence[Sequence[Pair]], a: int, b: int
) -> tuple[tuple[tuple[int, int], ...], Pair] | None:
    """The best trade changing issues a and b where one change favours each side (each costs the
    other), and together they leave both better off."""
    best: tuple[tuple[tuple[int, int], ...], Pair] | None = None
    best_gain = 0.0
    for oa, (ja, ua) in enumerate(deltas[a]):
        if not _one_sided(ja, ua):
            continue
        for ob, (jb, ub) in enumerate(deltas[b]):
            if not _one_sided(jb, ub) or (ja > 0) == (jb > 0):
                continue
            gain = (ja + jb, ua + ub)
            if gain[0] > EPSILON and gain[1] > EPSILON and gain[0] + gain[1] > best_gain:
                best, best_gain = (((a, oa), (b, ob)), gain), gain[0] + gain[1]
    return best


def _one_sided(dj: float, du: float) -> bool:
    """A change that helps one side and costs the other."""
    return (dj > EPSILON and du < -EPSILON) or (dj < -EPSILON and du > EPSILON)


def _trade(terms: Terms, changes: tuple[tuple[int, int], ...], gains: Pair) -> Trade:
    new = terms
    for issue, option in changes:
        new = new.with_pick(issue, option)
    return Trade(
        changes=tuple((issue, terms.picks[issue], option) for issue, option in changes),
        gains=gains,
        terms=new,
    )


# ---------------------------------------------------------------------------------------------
# Concessions


def concessions(
    offers: Sequence[Offer], utilities: tuple[Utility, Utility]
) -> tuple[Concession, ...]:
    """Every offer after a side's first, measured against that side's previous offer: what it
    gave the other side and what it cost itself (in their own utilities)."""
    out: list[Concession] = []
    last: dict[str, Terms] = {}
    for index, offer in enumerate(offers):
        previous = last.get(offer.by)
        last[offer.by] = offer.terms
        if previous is None:
            continue
        mine = utilities[side_index(offer.by)]
        theirs = utilities[1 - side_index(offer.by)]
        out.append(
            Concession(
                side=offer.by,
                round=offer.round,
                offer_index=index,
                given=theirs(offer.terms) - theirs(previous),
                cost=mine(previous) - mine(offer.terms),
            )
        )
    return tuple(out)
