"""The logroller bot: it trades its lightest issues for its heaviest, concedes only down to a floor
above its reservation value, and signs only what its own side at home would likely ratify; and the
`mix` of every bot that `tnt simulate` plays by default."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from tiny import tiny_scenario

from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Accept, Propose, WalkAway
from game.engine.machine import actor, apply, discount_factor, new_game, reservation_value
from game.engine.model import SIDES, Phase, Scenario
from game.engine.opponent import best_utility, think
from game.engine.rng import Rng
from game.headless.bots import BOTS, MIX, Logroller, home_ratification, logroll_package
from game.headless.simulate import simulate


@pytest.fixture(scope="module")
def april() -> Scenario:
    return load_scenario(default_content_dir(), "april-2025")


def _between(pick: int, a: int, b: int) -> bool:
    return min(a, b) <= pick <= max(a, b)


@pytest.mark.parametrize("side", SIDES)
def test_logroll_package_gives_the_lightest_issues_first(april: Scenario, side: str) -> None:
    mine = april.utility(side)
    asks = april.utility("us" if side == "japan" else "japan").best_terms()
    best = best_utility(mine)
    assert logroll_package(mine, best, asks) == mine.best_terms()
    assert logroll_package(mine, 0.0, asks) == asks
    assert logroll_package(mine, 0.5, None) == mine.best_terms()
    heaviest = max(range(len(mine.weights)), key=mine.weights.__getitem__)
    previous = best + 1
    for k in range(1, 20):
        target = best - (best - 0.3) * k / 20
        terms = logroll_package(mine, target, asks)
        worth = mine(terms)
        assert worth >= target - 1e-9
        assert worth <= previous + 1e-9  # a lower target never asks for more
        previous = worth
        # every pick lies between its own best and the ask: it never gives more than was asked
        for i, pick in enumerate(terms.picks):
            assert _between(pick, mine.best_terms().picks[i], asks.picks[i])
        if target > 0.6:
            assert terms.picks[heaviest] == mine.best_terms().picks[heaviest]
    # just enough slack for the lightest issue: that issue, and only it, goes to the ask
    lightest = min(range(len(mine.weights)), key=mine.weights.__getitem__)
    own = mine.best_terms()
    cost = mine(own) - mine(own.with_pick(lightest, asks.picks[lightest]))
    assert cost > 0
    assert logroll_package(mine, best - cost, asks) == own.with_pick(lightest, asks.picks[lightest])


def test_logroller_in_real_games_keeps_its_promises(april: Scenario) -> None:
    bot = Logroller()
    accepted = 0
    for seed in range(24):
        side = SIDES[seed % 2]
        personas = [p.id for p in april.personas if p.side != side]
        persona = personas[seed % len(personas)]
        defaults = list(april.default_personas)
        defaults[1 - SIDES.index(side)] = persona
        state, _ = new_game(april, side, seed, (defaults[0], defaults[1]))
        rng = Rng.seeded(seed)
        utility = april.utility(side)
        while state.phase is not Phase.END:
            if actor(state) == side and state.phase is Phase.NEGOTIATION and not state.pending:
                command, rng = bot(state, rng)
                keep = discount_factor(state, side)
                floor = (reservation_value(state, side) + bot.margin) / keep
                assert not isinstance(command, WalkAway)
                if isinstance(command, Accept):
                    assert state.standing is not None
                    assert utility(state.standing.terms) >= floor - 1e-9
                    chance = home_ratification(state, side, state.standing.terms)
                    assert chance >= bot.ratify_at
                    accepted += 1
                if isinstance(command, Propose):
                    # never offers less than its floor (or its best, if the floor is above it)
                    assert utility(command.terms) >= min(floor, best_utility(utility)) - 1e-9
            elif actor(state) == side:
                command, rng = bot(state, rng)
            else:
                command = think(state).command
            state, _ = apply(state, command)
    assert accepted > 0  # the rule was exercised, not only the proposals


def test_logroller_concedes_over_time_from_its_best(april: Scenario) -> None:
    state, _ = new_game(april, "japan", 3)
    rng = Rng.seeded(3)
    asks: list[float] = []
    utility = april.utility("japan")
    while state.phase is not Phase.END:
        if actor(state) == "japan":
            command, rng = Logroller()(state, rng)
            if isinstance(command, Propose):
                asks.append(utility(command.terms))
        else:
            command = think(state).command
        state, _ = apply(state, command)
    assert asks[0] == pytest.approx(best_utility(utility))
    assert asks[-1] < asks[0]


def test_logroller_plays_legal_moves_on_the_tiny_scenario() -> None:
    tiny = tiny_scenario()
    report = simulate(tiny, 40, 9, "logroller")
    assert not report.crashes, report.crashes[0].trace


def test_mix_deals_games_out_to_every_bot_in_turn(april: Scenario) -> None:
    report = simulate(april, 20, 4, MIX)
    assert report.bot == MIX
    assert report.bots == tuple(BOTS)
    assert [r.bot for r in report.results] == [*BOTS, *BOTS, *BOTS, *BOTS]
    by_bot = report.to_dict()["by_bot"]
    assert set(by_bot) == set(BOTS)
    assert all(v["games"] == 4 for v in by_bot.values())
    assert sum(v["deals"] for v in by_bot.values()) == len(report.deals)
    assert report.to_json() == simulate(april, 20, 4, MIX).to_json()


def _tnt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, timeout=120
    )


def test_tnt_simulate_takes_a_bot_a_variant_and_a_difficulty() -> None:
    out = _tnt(
        "simulate", "--games", "6", "--player", "logroller", "--variant", "classic",
        "--difficulty", "hard", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["bot"] == "logroller" and list(data["by_bot"]) == ["logroller"]
    assert "unreached_endings" in data
    # without --player every bot plays in turn
    default = json.loads(_tnt("simulate", "--games", "10", "--json").stdout)
    assert default["bot"] == MIX and set(default["by_bot"]) == set(BOTS)


def test_tnt_simulate_refuses_an_unknown_variant_in_one_line() -> None:
    out = _tnt("simulate", "--games", "2", "--variant", "nope")
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1 and "nope" in out.stderr
