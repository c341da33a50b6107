"""Balance of the shipped scenario, on seeded simulations (the same games every run).

- A sensible player who trades across issues (the logroller bot) reaches a ratified deal with
  every counterpart, in every variant and at every difficulty, often but not always: between 30%
  and 90% of games (deals fail at home, and counterparts hold out).
- Refusing to move (the hardliner bot) does worse for its own side than trading.
- A few thousand games mixing every bot, on both sides and against every persona, fire every
  side-event of the scenario at least once and reach every ending. The events are read from the
  scenario, so an event added to the content is covered (or reported) here at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from game.content.loader import default_content_dir, load_scenario
from game.engine.model import Ending, Scenario
from game.headless.simulate import SimulationReport, simulate

CONTENT = default_content_dir()
SCENARIO = "april-2025"
SEED = 2025
# games per counterpart and setup: enough for a deal rate to within about +-5 points
GAMES = 120
HARDLINER_GAMES = 40
COVERAGE_GAMES = 2000
DEAL_RATE = (0.30, 0.90)


def _setups() -> list[tuple[str, str]]:
    base = load_scenario(CONTENT, SCENARIO)
    return list(itertools.product([v.id for v in base.variants], [d.id for d in base.difficulties]))


SETUPS = _setups()


@pytest.fixture(scope="module")
def scenarios() -> Iterator[dict[tuple[str, str], Scenario]]:
    yield {(v, d): load_scenario(CONTENT, SCENARIO, v, d) for v, d in SETUPS}


def _own(report: SimulationReport) -> float:
    values = report.own_utilities()
    assert values and not report.crashes
    return sum(values) / len(values)


@pytest.mark.parametrize(("variant", "difficulty"), SETUPS)
def test_logroller_deals_often_but_not_always_and_beats_the_hardliner(
    scenarios: dict[tuple[str, str], Scenario], variant: str, difficulty: str
) -> None:
    scenario = scenarios[variant, difficulty]
    for persona in scenario.personas:
        where = f"{variant}/{difficulty} vs {persona.id}"
        trader = simulate(scenario, GAMES, SEED, "logroller", persona=persona.id)
        low, high = DEAL_RATE
        assert low <= trader.deal_rate <= high, f"{where}: deal rate {trader.deal_rate:.2f}"
        hardliner = simulate(scenario, HARDLINER_GAMES, SEED, "hardliner", persona=persona.id)
        assert _own(hardliner) < _own(trader), (
            f"{where}: the hardliner ({_own(hardliner):.3f}) did no worse than the logroller "
            f"({_own(trader):.3f})"
        )


@pytest.mark.parametrize("variant", sorted({v for v, _ in SETUPS}))
def test_a_mix_of_bots_fires_every_event_and_reaches_every_ending(variant: str) -> None:
    scenario = load_scenario(CONTENT, SCENARIO, variant)
    report = simulate(scenario, COVERAGE_GAMES, SEED, "mix")
    assert not report.crashes, report.crashes[0].trace
    # every bot played, on both sides, against every persona
    assert {r.bot for r in report.results} == set(report.bots)
    assert {(r.bot, r.role) for r in report.results} == {
        (b, side) for b in report.bots for side in ("japan", "us")
    }
    assert {r.persona for r in report.results} == {p.id for p in scenario.personas}
    assert report.event_ids == tuple(e.id for e in scenario.events)
    assert report.never_fired == [], f"{variant}: never fired: {report.never_fired}"
    assert report.unreached_endings() == [], f"{variant}: never reached"
    assert {r.ending for r in report.results} == {e.value for e in Ending}
