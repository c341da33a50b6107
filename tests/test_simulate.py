"""The simulator and its bots: every bot finishes games, reports add up and are reproducible, and
`tnt simulate` keeps the exit-code promises (0 ok, 1 a crash, 2 bad usage)."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from tiny import tiny_scenario

from game.cli.simulate import simulate_cli
from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Accept, Command, Propose, WalkAway
from game.engine.machine import actor, apply, legal_commands, new_game
from game.engine.model import SIDES, GameState, Phase, Scenario
from game.engine.opponent import best_utility, think
from game.engine.rng import Rng
from game.headless.bots import BOTS, Conceder, Hardliner, Mirror, package_for
from game.headless.simulate import SimulationReport, schedule, simulate

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny() -> Scenario:
    return tiny_scenario()


@pytest.fixture(scope="module")
def april() -> Scenario:
    # the real content must load; a broken scenario fails here rather than being skipped
    return load_scenario(default_content_dir(), "april-2025")


def check_counts(report: SimulationReport) -> None:
    d = report.to_dict()
    assert d["games"] == report.games
    assert sum(v["count"] for v in d["endings"].values()) + len(d["crashes"]) == d["games"]
    assert d["completed"] == d["games"] - len(d["crashes"])
    assert d["deals"] == d["endings"]["deal-ratified"]["count"]
    assert sum(v["games"] for v in d["by_persona"].values()) == d["games"]
    assert sum(v["deals"] for v in d["by_persona"].values()) == d["deals"]
    assert sum(v["games"] for v in d["by_role"].values()) == d["games"]
    assert set(d["events"]) == set(report.event_ids)
    for event in d["events"].values():
        assert event["games"] <= event["times"]
        assert event["games"] <= d["games"]
    assert d["never_fired"] == [e for e, v in d["events"].items() if v["games"] == 0]


# ---------------------------------------------------------------------------------------------
# Bots


@pytest.mark.parametrize("name", sorted(BOTS))
def test_every_bot_plays_only_legal_moves(tiny: Scenario, name: str) -> None:
    bot = BOTS[name]
    for seed in range(30):
        role = SIDES[seed % 2]
        state, _ = new_game(tiny, role, seed)
        rng = Rng.seeded(seed)
        while state.phase is not Phase.END:
            command: Command
            if actor(state) == role:
                command, rng = bot(state, rng)
                assert command.side == actor(state)
                if not isinstance(command, Propose):
                    assert command in legal_commands(state)
            else:
                command = think(state).command
            state, _ = apply(state, command)


def test_hardliner_never_walks_and_always_asks_its_best(tiny: Scenario) -> None:
    for seed in range(20):
        state, _ = new_game(tiny, "japan", seed)
        rng = Rng.seeded(seed)
        best = tiny.utility("japan").best_terms()
        while state.phase is not Phase.END:
            if actor(state) == "japan":
                command, rng = Hardliner()(state, rng)
                assert not isinstance(command, WalkAway)
                if isinstance(command, Propose):
                    assert command.terms == best
                if isinstance(command, Accept):
                    assert state.standing is not None
                    offered = tiny.utility("japan")(state.standing.terms)
                    assert offered >= 0.9 * best_utility(tiny.utility("japan"))
            else:
                command = think(state).command
            state, _ = apply(state, command)


def test_package_for_reaches_target_and_moves_toward_the_offer(tiny: Scenario) -> None:
    utility = tiny.utility("japan")
    best = best_utility(utility)
    toward = tiny.utility("us").best_terms()
    previous = best + 1
    for k in range(11):
        target = best - (best - 0.2) * k / 10
        terms = package_for(utility, target, toward)
        assert utility(terms) >= target - 1e-9
        assert utility(terms) <= previous + 1e-9  # lower targets never ask for more
        previous = utility(terms)
    # a target it cannot beat leaves it at its best; a target of zero gives the counterpart all
    assert package_for(utility, best + 1, toward) == utility.best_terms()
    assert package_for(utility, 0.0, toward) == toward


def test_conceder_and_mirror_concede_over_time(tiny: Scenario) -> None:
    # the conceder's asks fall as t grows; the mirror never asks for more than it did
    for bot in (Conceder(), Mirror()):
        state, _ = new_game(tiny, "japan", 5)
        rng = Rng.seeded(5)
        asks: list[float] = []
        while state.phase is not Phase.END:
            if actor(state) == "japan":
                command, rng = bot(state, rng)
                if isinstance(command, Propose):
                    asks.append(tiny.utility("japan")(command.terms))
            else:
                command = think(state).command
            state, _ = apply(state, command)
        assert asks == sorted(asks, reverse=True)


# ---------------------------------------------------------------------------------------------
# simulate()


@pytest.mark.parametrize("name", sorted(BOTS))
def test_simulate_tiny_every_bot(tiny: Scenario, name: str) -> None:
    report = simulate(tiny, 40, 3, name)
    assert not report.crashes, report.crashes[0].trace
    check_counts(report)
    assert report.bot == name


@pytest.mark.parametrize("name", sorted(BOTS))
def test_simulate_april_every_bot(april: Scenario, name: str) -> None:
    report = simulate(april, 24, 3, name)
    assert not report.crashes, report.crashes[0].trace
    check_counts(report)


def test_schedule_alternates_sides_and_cycles_personas(tiny: Scenario) -> None:
    plan = schedule(tiny, 8, None, None)
    assert [side for side, _ in plan] == ["japan", "us"] * 4
    us_personas = [p for side, p in plan if side == "japan"]
    assert us_personas == ["us-test", "us-hard"] * 2
    assert {p for side, p in plan if side == "us"} == {"jp-test"}
    # a named persona fixes the bot's side to the other one
    assert set(schedule(tiny, 4, None, "us-hard")) == {("japan", "us-hard")}
    with pytest.raises(ValueError, match="unknown persona"):
        schedule(tiny, 4, None, "nobody")
    with pytest.raises(ValueError, match="own side"):
        schedule(tiny, 4, "us", "us-hard")


def test_report_is_reproducible(tiny: Scenario) -> None:
    first = simulate(tiny, 30, 11, "random")
    assert first.to_json() == simulate(tiny, 30, 11, "random").to_json()
    assert first.to_text() == simulate(tiny, 30, 11, "random").to_text()
    assert first.to_json() != simulate(tiny, 30, 12, "random").to_json()
    json.loads(first.to_json())


def test_report_is_reproducible_on_april(april: Scenario) -> None:
    assert simulate(april, 20, 5, "mirror").to_json() == simulate(april, 20, 5, "mirror").to_json()


def test_random_bot_deals_sometimes_on_april(april: Scenario) -> None:
    report = simulate(april, 200, 1, "random")
    assert not report.crashes
    assert 0 < report.deal_rate < 1


def test_text_report_lists_every_event_and_warns_of_silent_ones(tiny: Scenario) -> None:
    # round 1 only: the tiny scenario's events (from round 2 on) can never fire
    report = simulate(tiny_scenario(rounds=1), 10, 1, "hardliner")
    text = report.to_text()
    for event in report.event_ids:
        assert event in text
    assert "warning: side-events that never fired: china-courts, steel-hike, letter" in text
    assert "crashes: none" in text


def test_a_crashing_game_is_counted_not_raised(tiny: Scenario) -> None:
    def broken(state: GameState, rng: Rng) -> tuple[Command, Rng]:
        if state.round >= 2:
            raise ZeroDivisionError("bot bug")
        return BOTS["conceder"](state, rng)

    report = simulate(tiny, 6, 1, broken)
    assert len(report.crashes) == 6
    check_counts(report)
    crash = report.to_dict()["crashes"][0]
    assert crash["error"] == "ZeroDivisionError: bot bug"
    assert crash["seed"] == report.results[0].seed
    assert "CRASHES: 6 game(s) failed" in report.to_text()


def _args(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = dict(
        games=6, seed=1, player="random", role=None, opponent=None, json=False, debug=False
    )
    base.update(kw)
    return argparse.Namespace(**base)


def test_simulate_cli_exit_codes(
    tiny: Scenario, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert simulate_cli(_args(), tiny) == 0
    assert "deal rate" in capsys.readouterr().out
    assert simulate_cli(_args(player="nobody"), tiny) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown bot 'nobody'" in err
    assert simulate_cli(_args(opponent="jp-test", role="japan"), tiny) == 2
    assert capsys.readouterr().err.count("\n") == 1

    def broken(state: GameState, rng: Rng) -> tuple[Command, Rng]:
        raise RuntimeError("boom")

    monkeypatch.setitem(BOTS, "broken", broken)
    assert simulate_cli(_args(player="broken"), tiny) == 1
    assert "RuntimeError: boom" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------
# `tnt simulate` as a user runs it


def tnt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_tnt_simulate_prints_the_deal_rate() -> None:
    out = tnt("simulate", "--games", "20")
    assert out.returncode == 0, out.stderr
    assert "deal rate" in out.stdout
    assert "Traceback" not in out.stderr


def test_tnt_simulate_json_is_json() -> None:
    out = tnt("simulate", "--games", "10", "--player", "mirror", "--role", "japan", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["games"] == 10 and data["bot"] == "mirror" and data["role"] == "japan"
    assert 0 <= data["deal_rate"] <= 1


@pytest.mark.parametrize(
    "args",
    [
        ("--player", "nobody"),
        ("--opponent", "nobody"),
    ],
)
def test_tnt_simulate_bad_names_exit_2_with_one_line(args: tuple[str, ...]) -> None:
    out = tnt("simulate", "--games", "5", *args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_tnt_simulate_persona_on_the_bots_side_exits_2(april: Scenario) -> None:
    persona = next(p for p in april.personas if p.side == "us")
    out = tnt("simulate", "--games", "5", "--role", "us", "--opponent", persona.id)
    assert out.returncode == 2
    assert len(out.stderr.strip().splitlines()) == 1
