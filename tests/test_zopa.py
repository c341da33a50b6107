"""The shipped scenario can be won by both sides: for every counterpart, variant and difficulty a
zone of agreement exists at the start of the game, trading across issues beats splitting the
difference, and the real deal of July 22, 2025 sits inside the zone."""

from __future__ import annotations

import itertools

import pytest

from game.content.loader import default_content_dir, load_scenario
from game.engine.analysis import missed_trades, nash_point, pareto_frontier, value_pair
from game.engine.machine import new_game, reservation_value
from game.engine.model import JAPAN, SIDES, US, Scenario, Terms, other

CONTENT = default_content_dir()
SCENARIO = "april-2025"
# a zone this thin would leave no room to bargain: both sides must be able to gain this much
ROOM = 0.05


def _base() -> Scenario:
    return load_scenario(CONTENT, SCENARIO)


def _setups() -> list[tuple[str, str]]:
    base = _base()
    return list(itertools.product([v.id for v in base.variants], [d.id for d in base.difficulties]))


SETUPS = _setups()
PERSONAS = sorted(p.id for p in _base().personas)


def test_the_scenario_has_the_variants_and_difficulties_these_tests_cover() -> None:
    base = _base()
    assert {"full", "classic"} <= {v.id for v in base.variants}
    assert {"easy", "normal", "hard"} <= {d.id for d in base.difficulties}
    assert len(base.issues) >= 9
    assert {"stacking", "sectors"} <= {i.id for i in base.issues}


@pytest.mark.parametrize(("variant", "difficulty"), SETUPS)
def test_a_zone_of_agreement_exists_against_every_persona(variant: str, difficulty: str) -> None:
    scenario = load_scenario(CONTENT, SCENARIO, variant, difficulty)
    frontier = pareto_frontier(*scenario.utilities)
    for persona in scenario.personas:
        player = other(persona.side)
        personas = [scenario.default_personas[0], scenario.default_personas[1]]
        personas[SIDES.index(persona.side)] = persona.id
        state, _ = new_game(scenario, player, 1, (personas[0], personas[1]))
        rv = (reservation_value(state, JAPAN), reservation_value(state, US))
        both_gain = [p for p in frontier.points if p.japan >= rv[0] + ROOM and p.us >= rv[1] + ROOM]
        assert both_gain, f"{variant}/{difficulty} vs {persona.id}: no zone of agreement"
        # the Nash point is a real package inside the zone
        nash = nash_point(frontier, rv)
        assert nash is not None
        assert nash.japan > rv[0] and nash.us > rv[1]


def _middle(scenario: Scenario) -> Terms:
    """Splitting the difference on every issue: the middle option of each."""
    return Terms(tuple(len(issue.options) // 2 for issue in scenario.issues))


@pytest.mark.parametrize("variant", sorted({v for v, _ in SETUPS}))
def test_trading_across_issues_beats_splitting_the_difference(variant: str) -> None:
    scenario = load_scenario(CONTENT, SCENARIO, variant)
    japan, us = scenario.utilities
    # each side's heaviest issue, and the other side weighs it less than its own heaviest
    top_j = max(range(len(japan.weights)), key=japan.weights.__getitem__)
    top_u = max(range(len(us.weights)), key=us.weights.__getitem__)
    assert top_j != top_u
    assert japan.weights[top_j] > japan.weights[top_u]
    assert us.weights[top_u] > us.weights[top_j]
    split = _middle(scenario)
    # the logroll: each side gets its best option on the issue it cares about most
    best_j = japan.best_terms().picks[top_j]
    best_u = us.best_terms().picks[top_u]
    logroll = split.with_pick(top_j, best_j).with_pick(top_u, best_u)
    assert japan(logroll) > japan(split) + 0.02
    assert us(logroll) > us(split) + 0.02
    # ... and the analysis finds such trades by itself: two-issue trades that help both
    trades = missed_trades(scenario.utilities, split, limit=10)
    pairs = [t for t in trades if len(t.changes) == 2]
    assert pairs and all(t.gains[0] > 0 and t.gains[1] > 0 for t in pairs)


@pytest.mark.parametrize("variant", sorted({v for v, _ in SETUPS}))
def test_every_issue_weighs_differently_for_the_two_sides(variant: str) -> None:
    # logrolling needs issues that matter far more to one side than to the other
    scenario = load_scenario(CONTENT, SCENARIO, variant)
    japan, us = scenario.utilities
    ratios = [wj / wu for wj, wu in zip(japan.weights, us.weights, strict=True)]
    assert max(ratios) >= 2.0  # something Tokyo cares about twice as much ...
    assert min(ratios) <= 0.5  # ... and something Washington does
    for utility in (japan, us):
        assert sum(utility.weights) == pytest.approx(1.0)
        assert all(0.0 <= v <= 1.0 for row in utility.values for v in row)


@pytest.mark.parametrize("variant", sorted({v for v, _ in SETUPS}))
def test_the_real_deal_is_inside_the_zone(variant: str) -> None:
    scenario = load_scenario(CONTENT, SCENARIO, variant)
    assert scenario.historical is not None
    real = value_pair(scenario.utilities, scenario.historical)
    rv = value_pair(scenario.utilities, scenario.no_deal)
    assert real[0] > rv[0] + ROOM and real[1] > rv[1] + ROOM


def test_no_deal_and_status_quo_are_the_real_ones() -> None:
    scenario = _base()
    status_quo = scenario.terms_to_ids(scenario.status_quo)
    no_deal = scenario.terms_to_ids(scenario.no_deal)
    real = scenario.terms_to_ids(scenario.historical or scenario.status_quo)
    # April 16: 10% baseline, stacked on ordinary duties, cars at 27.5%, no sector terms
    assert status_quo["reciprocal"] == "10" and status_quo["autos"] == "27-5"
    assert status_quo["stacking"] == "stacked" and status_quo["sectors"] == "none"
    # July 9 without a deal: the paused 24% comes back, still stacked
    assert no_deal["reciprocal"] == "24" and no_deal["stacking"] == "stacked"
    assert no_deal["sectors"] == "none"
    # the deal: 15% inclusive, cars 15%, the exemptions and the chips-and-pharma promise
    assert real["reciprocal"] == "15" and real["stacking"] == "inclusive"
    assert real["autos"] == "15" and real["sectors"] == "both"
    assert real["steel"] == "50" and real["investment"] == "550-9010"
