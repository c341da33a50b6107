"""The analysis against brute force: on small random scenarios, every package is listed and the
frontier, the Nash point, the ideals and the missed trades are checked against that list."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import default_content_dir, load_scenario
from game.engine.analysis import (
    EPSILON,
    Frontier,
    analyse,
    best_improvement,
    concessions,
    distance_to_frontier,
    ideal_values,
    missed_trades,
    nash_point,
    pareto_frontier,
    score,
    value_pair,
)
from game.engine.model import Offer, Terms, Utility
from game.engine.variants import restrict

TOLERANCE = 1e-7


@st.composite
def small_scenarios(draw: st.DrawFn, grid: bool = True) -> tuple[Utility, Utility]:
    """Two utilities over at most 5 issues of at most 4 options.

    On the grid (integer weights 1..10, values in twentieths, as content is written) any two
    packages are either worth the same, up to rounding, or differ by at least 1/1000, so exact
    comparisons with the brute force are meaningful. Off the grid, any floats: there only what
    holds up to rounding is checked."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=5))
    weight = st.integers(1, 10).map(float) if grid else st.floats(0.01, 1.0)
    value = st.integers(0, 20).map(lambda k: k / 20) if grid else st.floats(0.0, 1.0)
    utilities = []
    for _ in range(2):
        raw = [draw(weight) for _ in sizes]
        weights = tuple(w / sum(raw) for w in raw)
        values = tuple(tuple(draw(value) for _ in range(n)) for n in sizes)
        utilities.append(Utility(weights, values))
    return utilities[0], utilities[1]


def every_package(japan: Utility) -> list[Terms]:
    return [Terms(p) for p in itertools.product(*(range(len(v)) for v in japan.values))]


def brute_points(japan: Utility, us: Utility) -> list[tuple[float, float, Terms]]:
    return [(japan(t), us(t), t) for t in every_package(japan)]


def dominated(point: tuple[float, float], by: tuple[float, float]) -> bool:
    """`by` is better for one side by more than the tolerance and no worse for the other."""
    no_worse = by[0] >= point[0] - TOLERANCE and by[1] >= point[1] - TOLERANCE
    return no_worse and (by[0] > point[0] + TOLERANCE or by[1] > point[1] + TOLERANCE)


def brute_frontier(japan: Utility, us: Utility) -> list[tuple[float, float]]:
    """Every package listed, then a sweep: best for Japan first, a package is on the frontier
    when it beats, for the U.S., every package better for Japan."""
    points = sorted(((x, y) for x, y, _ in brute_points(japan, us)), reverse=True)
    kept: list[tuple[float, float]] = []
    best_us = -math.inf
    for x, y in points:
        if y > best_us + TOLERANCE:
            kept.append((x, y))
            best_us = y
    # a package a rounding error better for Japan than a clearly better one is not a point
    return [p for p in kept if not any(dominated(p, q) for q in kept)]


@settings(max_examples=300, deadline=None)
@given(small_scenarios())
def test_frontier_matches_brute_force(utilities: tuple[Utility, Utility]) -> None:
    japan, us = utilities
    frontier = pareto_frontier(japan, us)
    everything = brute_points(japan, us)
    for point in frontier.points:
        # each frontier point is reached by its own package ...
        assert math.isclose(japan(point.terms), point.japan, abs_tol=1e-12)
        assert math.isclose(us(point.terms), point.us, abs_tol=1e-12)
        # ... and no package beats it
        assert not any(dominated(point.utilities, (x, y)) for x, y, _ in everything)
    # ... and every Pareto-optimal package is on it
    expected = brute_frontier(japan, us)
    assert len(frontier) == len(expected)
    for (x, y), point in zip(expected, frontier.points, strict=True):
        assert point.utilities == pytest.approx((x, y), abs=TOLERANCE)
    # best for Japan first, and no two points the same
    xs = [p.japan for p in frontier.points]
    ys = [p.us for p in frontier.points]
    assert xs == sorted(xs, reverse=True) and ys == sorted(ys)
    assert len({(round(x, 9), round(y, 9)) for x, y in zip(xs, ys, strict=True)}) == len(xs)


@settings(max_examples=300, deadline=None)
@given(small_scenarios(grid=False))
def test_frontier_off_the_grid_is_reachable_and_covers_every_package(
    utilities: tuple[Utility, Utility],
) -> None:
    japan, us = utilities
    frontier = pareto_frontier(japan, us)
    for point in frontier.points:
        assert math.isclose(japan(point.terms), point.japan, abs_tol=1e-12)
        assert math.isclose(us(point.terms), point.us, abs_tol=1e-12)
    # every package is matched by a frontier point at least as good for both, up to rounding
    for x, y, _ in brute_points(japan, us):
        assert any(q.japan >= x - TOLERANCE and q.us >= y - TOLERANCE for q in frontier.points)


@settings(max_examples=300, deadline=None)
@given(small_scenarios(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_nash_point_matches_brute_force(
    utilities: tuple[Utility, Utility], rv_japan: float, rv_us: float
) -> None:
    japan, us = utilities
    frontier = pareto_frontier(japan, us)
    nash = nash_point(frontier, (rv_japan, rv_us))
    gains = [
        (x - rv_japan) * (y - rv_us)
        for x, y, _ in brute_points(japan, us)
        if x - rv_japan > EPSILON and y - rv_us > EPSILON
    ]
    if not gains:
        assert nash is None
        return
    assert nash is not None
    product = (nash.japan - rv_japan) * (nash.us - rv_us)
    assert product >= max(gains) - TOLERANCE


@settings(max_examples=200, deadline=None)
@given(small_scenarios(), st.floats(0.0, 1.0), st.floats(0.0, 1.0))
def test_ideals_and_scores_match_brute_force(
    utilities: tuple[Utility, Utility], rv_japan: float, rv_us: float
) -> None:
    japan, us = utilities
    frontier = pareto_frontier(japan, us)
    ideals = ideal_values(frontier, (rv_japan, rv_us))
    everything = brute_points(japan, us)
    for me, rv_other in ((0, rv_us), (1, rv_japan)):
        acceptable = [p[me] for p in everything if p[1 - me] >= rv_other - EPSILON]
        expected = max(acceptable) if acceptable else max(p[me] for p in everything)
        assert math.isclose(ideals[me], expected, abs_tol=TOLERANCE)
    assert score(rv_japan, rv_japan, ideals[0]) == 0.0
    if ideals[0] - rv_japan > EPSILON:
        assert math.isclose(score(ideals[0], rv_japan, ideals[0]), 100.0)


@settings(max_examples=200, deadline=None)
@given(small_scenarios(), st.data())
def test_joint_gains_and_distance_match_brute_force(
    utilities: tuple[Utility, Utility], data: st.DataObject
) -> None:
    japan, us = utilities
    frontier = pareto_frontier(japan, us)
    packages = every_package(japan)
    terms = data.draw(st.sampled_from(packages))
    point = value_pair(utilities, terms)
    everything = brute_points(japan, us)
    better = [
        (x - point[0]) + (y - point[1])
        for x, y, _ in everything
        if x >= point[0] - EPSILON and y >= point[1] - EPSILON
    ]
    improvement = best_improvement(point, frontier)
    if max(better) <= TOLERANCE:
        assert improvement is None
    else:
        assert improvement is not None
        gained = improvement.japan - point[0] + improvement.us - point[1]
        assert math.isclose(gained, max(better), abs_tol=TOLERANCE)
    on_frontier = not any(dominated(point, (x, y)) for x, y, _ in everything)
    if on_frontier:
        assert distance_to_frontier(point, frontier) <= TOLERANCE


@settings(max_examples=200, deadline=None)
@given(small_scenarios(), st.data())
def test_missed_trades_leave_both_better_off(
    utilities: tuple[Utility, Utility], data: st.DataObject
) -> None:
    terms = data.draw(st.sampled_from(every_package(utilities[0])))
    before = value_pair(utilities, terms)
    for trade in missed_trades(utilities, terms, limit=10):
        after = value_pair(utilities, trade.terms)
        assert after[0] > before[0] and after[1] > before[1]
        assert math.isclose(after[0] - before[0], trade.gains[0], abs_tol=1e-12)
        assert math.isclose(after[1] - before[1], trade.gains[1], abs_tol=1e-12)
        changed = [
            i for i, (a, b) in enumerate(zip(terms.picks, trade.terms.picks, strict=True)) if a != b
        ]
        assert [c[0] for c in trade.changes] == changed
        assert 1 <= len(changed) <= 2


def test_a_logroll_is_found_and_named_by_its_issues() -> None:
    # Japan cares about issue 0, the U.S. about issue 1; the deal gives each what it cares less
    # about, so trading both ways helps both.
    japan = Utility((0.8, 0.2), ((0.0, 1.0), (1.0, 0.0)))
    us = Utility((0.2, 0.8), ((1.0, 0.0), (0.0, 1.0)))
    deal = Terms((0, 0))
    trades = missed_trades((japan, us), deal)
    assert len(trades) == 1
    (trade,) = trades
    assert trade.changes == ((0, 0, 1), (1, 0, 1))
    assert trade.gains == pytest.approx((0.6, 0.6))


def test_concessions_measure_each_offer_against_the_same_sides_last() -> None:
    japan = Utility((1.0,), ((0.0, 0.5, 1.0),))
    us = Utility((1.0,), ((1.0, 0.5, 0.0),))
    offers = (
        Offer(Terms((0,)), "us", 1),
        Offer(Terms((2,)), "japan", 1),
        Offer(Terms((1,)), "us", 2),  # the U.S. gives Japan 0.5
        Offer(Terms((2,)), "japan", 2),  # Japan holds
        Offer(Terms((0,)), "us", 3),  # the U.S. hardens
    )
    made = concessions(offers, (japan, us))
    assert [(c.side, c.round, c.given, c.cost) for c in made] == [
        ("us", 2, 0.5, 0.5),
        ("japan", 2, 0.0, 0.0),
        ("us", 3, -0.5, -0.5),
    ]


def test_the_frontier_is_built_without_listing_every_package() -> None:
    # 12 issues of 8 options: 68,719,476,736 packages, far beyond listing
    issues = 12
    japan = Utility(
        tuple(1 / issues for _ in range(issues)),
        tuple(tuple(k / 7 for k in range(8)) for _ in range(issues)),
    )
    us = Utility(
        tuple((i + 1) / 78 for i in range(issues)),
        tuple(tuple(1 - k / 7 for k in range(8)) for _ in range(issues)),
    )
    frontier = pareto_frontier(japan, us)
    assert 1 < len(frontier) < 10_000
    for point in frontier.points[:: max(1, len(frontier) // 20)]:
        assert math.isclose(japan(point.terms), point.japan, abs_tol=1e-12)


def test_shipped_scenario_historical_deal_is_pinned() -> None:
    scenario = load_scenario(default_content_dir(), "april-2025")
    assert scenario.historical is not None
    reservations = value_pair(scenario.utilities, scenario.no_deal)
    real = analyse(
        scenario.utilities, reservations, value_pair(scenario.utilities, scenario.historical)
    )
    # the July 22 deal on both hidden score sheets (ten issues: stacking and sector treatment,
    # both won by Tokyo, bring its score level with Washington's)
    assert real.outcome == pytest.approx((0.6608, 0.714), abs=1e-9)
    assert reservations == pytest.approx((0.321, 0.423), abs=1e-9)
    assert real.ideals == pytest.approx((0.937, 0.953), abs=1e-9)
    # 0 = no deal, 100 = the best package the other side still prefers to no deal
    assert real.scores == pytest.approx((55.16, 54.91), abs=0.01)
    assert real.distance_to_frontier == pytest.approx(0.0666, abs=1e-4)
    # more troop money and LNG from Tokyo for lower car and reciprocal rates: 10.6 points left
    assert real.joint_gains_left == pytest.approx(0.1057, abs=1e-4)
    assert real.nash is not None
    assert real.nash.utilities == pytest.approx((0.7335, 0.743), abs=1e-9)


@pytest.mark.parametrize(
    "cut",
    [
        # the first lesson's five issues: 2,400 packages
        {"variant": "classic"},
        # the full scenario less its last two issues: 144,000 packages (all ten are 2,304,000,
        # half a minute to list)
        {"drop": ("farm", "purchases")},
    ],
)
def test_frontier_of_the_shipped_scenario_matches_brute_force(cut: dict[str, object]) -> None:
    scenario = load_scenario(default_content_dir(), "april-2025", cut.get("variant"))
    dropped = cut.get("drop", ())
    assert isinstance(dropped, tuple)
    if dropped:
        kept = [issue.id for issue in scenario.issues if issue.id not in dropped]
        scenario = restrict(scenario, issues=kept)
    japan, us = scenario.utilities
    frontier: Frontier = pareto_frontier(japan, us)
    expected = brute_frontier(japan, us)
    assert len(frontier) == len(expected)
    for (x, y), point in zip(expected, frontier.points, strict=True):
        assert point.utilities == pytest.approx((x, y), abs=TOLERANCE)


def test_analysis_imports_no_ui() -> None:
    code = (
        "import sys, game.engine.analysis\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
