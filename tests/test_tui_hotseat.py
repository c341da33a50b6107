"""Two players at one keyboard (hotseat): the engine with two humans, and the Textual app driven
through its keys at 80x24 -- a whole game from the first hand-over to the joint reveal, with
every hand-over screen read for anything one side must not see of the other; each table showing
its own side's numbers only; the setup screen, a resumed save and the command line."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import attrs
import pytest
from rich.console import Console
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Static
from tiny import tiny_scenario
from tui_helpers import CONTENT, build, flat, press, scenario, screen_text, settle

from game.cli.cli import main
from game.cli.play import settings_from_args
from game.engine.commands import Choose, Proceed, Propose, Signal
from game.engine.events import OfferAccepted, RatificationVote, SideEventFired, TemperChanged
from game.engine.machine import apply, new_game, outcome_value, reservation_value
from game.engine.model import JAPAN, SIDES, US, Ending, GameState, Scenario, Trigger
from game.present.words import points
from game.session.games import load_game
from game.session.session import Session
from game.tui.app import TntApp, make_app
from game.tui.screens import handover
from game.tui.screens.brief import BriefScreen
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.event import EventDialog
from game.tui.screens.handover import (
    HandOverScreen,
    HotseatEndScreen,
    JointEndScreen,
    PrivateResultScreen,
    hotseat_name,
    player_names,
)
from game.tui.screens.ratification import RatificationScreen
from game.tui.screens.setup import SetupScreen
from game.tui.screens.table import TableScreen
from game.tui.settings import Settings

SIZE = (80, 24)
NAMES = ("Aiko", "Ben")
BETTER = {JAPAN: "left", US: "right"}  # on the second issue, the arrow that helps each side


@pytest.fixture(autouse=True)
def _no_arming_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    # the hand-over ignores Enter for a moment against a double press; Pilot presses at once
    monkeypatch.setattr(handover, "ARM_DELAY", 0)


# ---------------------------------------------------------------------------------------------
# The engine with two humans


def _event_scenario(trigger: Trigger) -> Scenario:
    """The tiny scenario with one event, China courting Tokyo, firing when `trigger` holds."""
    event = tiny_scenario().event("china-courts")
    return tiny_scenario(events=(attrs.evolve(event, trigger=trigger),))


def _to_round_2(state: GameState, signal: Signal | None = None) -> GameState:
    state, _ = apply(state, Proceed(state.player))
    if signal is not None:
        state, _ = apply(state, signal)
    state, _ = apply(state, Propose(state.to_move, state.scenario.status_quo))
    state, _ = apply(state, Propose(state.to_move, state.scenario.status_quo))
    return state


@pytest.mark.parametrize("hotseat", [False, True])
def test_a_trigger_on_the_human_side_holds_for_either_side_in_hotseat(hotseat: bool) -> None:
    scenario = _event_scenario(Trigger(round_min=2, round_max=2, player=US))
    state, _ = new_game(scenario, JAPAN, 1, hotseat=hotseat)
    state = _to_round_2(state)
    assert state.has_fired("china-courts") is hotseat


@pytest.mark.parametrize("hotseat", [False, True])
def test_a_signal_trigger_counts_the_other_humans_signals_in_hotseat(hotseat: bool) -> None:
    scenario = _event_scenario(Trigger(round_min=2, round_max=2, signals=("link_security",)))
    state, _ = new_game(scenario, JAPAN, 1, hotseat=hotseat)
    # Washington opens round 1 and sends the signal; the session's own side is Tokyo
    state = _to_round_2(state, Signal(US, "link_security"))
    assert state.has_fired("china-courts") is hotseat


def test_hotseat_moves_no_mood_and_a_replayed_save_stays_hotseat(tmp_path: Path) -> None:
    scenario = tiny_scenario()
    session = Session.start(scenario, JAPAN, 1, saves_dir=tmp_path, name="A & B", hotseat=True)
    assert session.state.hotseat and not session.ai_sides
    session.submit(Proceed(JAPAN))
    events = session.submit(Signal(US, "threaten"))  # would move an AI's mood
    events += session.submit(Propose(US, scenario.status_quo))
    events += session.submit(Propose(JAPAN, scenario.status_quo))  # round 2: China courts
    assert any(isinstance(e, SideEventFired) for e in events)
    assert session.actor() == JAPAN  # the event's decider, a human
    events += session.submit(Choose(JAPAN, "china-courts", "decline"))  # its effect: US mood
    assert not any(isinstance(e, TemperChanged) for e in events)
    assert session.state.mood == (0.0, 0.0)
    assert session.actor() == US
    assert session.save_path is not None
    again = Session.replay(scenario, session.to_save())
    assert again.state.hotseat and not again.ai_sides and again.state == session.state


# ---------------------------------------------------------------------------------------------
# The app


def _all_text(app: TntApp) -> str:
    """Every Static of the screen, scrolled into view or not (a table as Rich draws it)."""
    console = Console(width=100, file=io.StringIO(), record=True)
    parts = []
    for static in app.screen.query(Static):
        content = static.content
        if isinstance(content, Content | str):
            parts.append(str(content))
        else:
            console.print(content)
    return flat(" ".join(parts) + " " + console.export_text())


def _forbidden(state: GameState) -> list[str]:
    """What no hand-over may show: any points, both no-deal values, both briefs' words."""
    scenario = state.scenario
    words = ["point", "pts", "worth", "reservation", "Confidential brief for", "Your priorities"]
    for side in SIDES:
        words.append(points(reservation_value(state, side)))
        note = scenario.utility(side).note
        if note:
            words.append(" ".join(note.split())[:40])
        brief = scenario.brief(side) if hasattr(scenario, "brief") else None
        if brief is not None:
            words.append(" ".join(brief.text.split())[:40])
        if state.ending is not None:
            words.append(points(outcome_value(state, side)))
    return words


def _check_hand_over(app: TntApp, seen: list[str]) -> None:
    session = app.session
    assert session is not None and app.seats is not None
    screen = app.screen
    assert isinstance(screen, HandOverScreen)
    assert app.seats.viewer is None  # nobody's screen is up behind it
    text = flat(screen_text(app))
    name, away = app.seats.names[screen.side], app.seats.names[SIDES[screen.side == JAPAN]]
    assert f"Pass the keyboard to {name}" in text and f"{away}, please look away" in text
    for word in _forbidden(session.state):
        assert word.lower() not in text.lower(), f"the hand-over shows {word!r}: {text}"
    seen.append(text)


async def _play_hotseat(pilot: Pilot[Any], hand_overs: list[str]) -> list[str]:
    """Both players through the keys: each proposes a step its own way twice, then accepts an
    offer that beats its no-deal value; every event gets its first answer. Returns the texts of
    the tables as each side saw them, marked with the side."""
    app = pilot.app
    assert isinstance(app, TntApp)
    made = dict.fromkeys(SIDES, 0)
    tables: list[str] = []
    for _ in range(300):
        screen = app.screen
        session = app.session
        assert session is not None
        if isinstance(screen, HotseatEndScreen):
            return tables
        if isinstance(screen, HandOverScreen):
            _check_hand_over(app, hand_overs)
            await press(pilot, "enter")
        elif isinstance(screen, EventDialog):
            await press(pilot, "1")
        elif isinstance(screen, ConfirmDialog):
            await press(pilot, "y")
        elif isinstance(screen, RatificationScreen):
            votes = flat(screen_text(app))  # both watch the votes: no side's points
            assert "The deal is signed" in votes and "point" not in votes, votes
            await press(pilot, "enter")
        elif isinstance(screen, BriefScreen):
            await press(pilot, "enter")
        elif isinstance(screen, TableScreen):
            side = screen.side
            assert side == session.actor() == app.seats.viewer  # type: ignore[union-attr]
            tables.append(f"{side}: {flat(screen_text(app))}")
            state = session.state
            standing = state.standing
            good = (
                standing is not None
                and standing.by != side
                and state.scenario.utility(side)(standing.terms) >= reservation_value(state, side)
            )
            if made[side] >= 2 and good:
                await press(pilot, "a")
            else:
                await pilot.press("down", BETTER[side])
                await press(pilot, "enter")
                made[side] += 1
        else:
            raise AssertionError(f"unexpected screen {type(screen).__name__}")
    raise AssertionError("the game did not end")


async def test_a_whole_hotseat_game_hides_each_side_from_the_other(tmp_path: Path) -> None:
    app = build(tmp_path, hotseat=True, seed=7, names=NAMES)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hand_overs: list[str] = []
        tables = await _play_hotseat(pilot, hand_overs)
        session = app.session
        assert session is not None and session.over and session.state.ending in set(Ending)
        state = session.state
        # both players moved at the table, and Tokyo answered the events that asked it
        assert {offer.by for offer in state.offers} == set(SIDES)
        assert any(side == JAPAN for _, _, side in state.chosen)
        # a deal was accepted and went home for its votes
        assert any(isinstance(e, OfferAccepted) for e in session.transcript)
        assert any(isinstance(e, RatificationVote) for e in session.transcript)
        # a hand-over before each brief, then at least one per change of player at the table
        assert len(hand_overs) >= 2 + len(state.offers) // 2
        for side in SIDES:
            rv = f"No deal: {points(reservation_value(state, side))} pts"
            mine = [t for t in tables if t.startswith(side)]
            assert mine and all(f"{NAMES[SIDES.index(side)]} (" in t for t in mine)
            other_name = NAMES[1 - SIDES.index(side)]
            assert not any(f"{other_name} (" in t for t in mine)
            assert any(rv in t for t in mine[-1:]), rv

        # the end both may see: how it ended and the terms, no result
        text = flat(screen_text(app))
        assert "Game over" in text and "In force now" in text
        results = [points(outcome_value(state, side)) for side in SIDES]
        assert "points" not in text and "result:" not in text.lower()

        # each player's own result, after a hand-over, and only theirs
        for key, side in (("1", JAPAN), ("2", US)):
            await press(pilot, key)
            _check_hand_over(app, hand_overs)
            assert "own result" in hand_overs[-1]
            await press(pilot, "enter")
            assert isinstance(app.screen, PrivateResultScreen)
            own = _all_text(app)
            mine = results[SIDES.index(side)]
            assert f"Your result: {mine} points out of 100" in own
            assert "Worth to you" in own and "Worth to Washington" not in own
            assert "Tokyo's result" not in own and "Washington's result" not in own
            await press(pilot, "escape")
            assert isinstance(app.screen, HotseatEndScreen)

        # both results: only after both agree, and the screen says it shows both
        await press(pilot, "r")
        assert isinstance(app.screen, ConfirmDialog)
        assert "BOTH" in flat(screen_text(app))
        await press(pilot, "n")
        assert isinstance(app.screen, HotseatEndScreen)
        await press(pilot, "r", "y")
        assert isinstance(app.screen, JointEndScreen)
        joint = _all_text(app)
        assert "Both results, shown to both players" in joint
        assert f"Aiko (Tokyo): {results[0]} points" in joint
        assert f"Ben (Washington): {results[1]} points" in joint
        await press(pilot, "d")
        assert "Debrief" in type(app.screen).__name__
        debrief_text = flat(screen_text(app))
        # both played: the debrief names neither side "you"
        assert "Debrief · two players (hotseat)" in debrief_text
        assert "(you)" not in debrief_text and "you played" not in debrief_text
        # the save is a hotseat game with both names, and resumes into one
        assert session.save_path is not None
        game = load_game(session.save_path, CONTENT, saves_dir=tmp_path)
        assert not game.session.ai_sides and game.session.name == "Aiko & Ben"


async def test_the_hand_over_ignores_enter_until_it_is_armed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(handover, "ARM_DELAY", 3600)  # a double press of Enter, in effect
    app = build(None, hotseat=True, seed=7, names=NAMES)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HandOverScreen)
        await press(pilot, "enter")
        assert app.screen is screen and app.seats is not None and app.seats.viewer is None
        screen._arm()
        await press(pilot, "enter")
        assert isinstance(app.screen, BriefScreen) and app.seats.viewer == JAPAN


async def test_the_setup_screen_starts_a_hotseat_game_with_both_names(tmp_path: Path) -> None:
    app = build(tmp_path, seed=11)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SetupScreen)
        await press(pilot, "question_mark")  # the help explains hotseat where it is chosen
        assert "a hand-over screen hides everything" in _all_text(app)
        await press(pilot, "escape")
        names = app.screen.query_one(f"#name-{JAPAN}", Input)
        assert names.parent is not None and not names.parent.display
        await pilot.click("#hotseat")
        await settle(pilot)
        persona = app.screen.query_one("#persona")
        assert names.parent.display and persona.parent is not None and not persona.parent.display
        names.focus()
        await pilot.press(*"Mei", "enter", *"Sam")
        await press(pilot, "ctrl+s")
        session = app.session
        assert session is not None and not session.ai_sides
        assert session.name == "Mei & Sam"
        assert isinstance(app.screen, HandOverScreen)
        assert "Pass the keyboard to Mei (Tokyo)" in flat(screen_text(app))


def _check_table(app: TntApp, side: str) -> None:
    """The table of `side`: its player's name, its own no-deal value, never the other's."""
    session, screen = app.session, app.screen
    assert session is not None and isinstance(screen, TableScreen) and screen.side == side
    state, text = session.state, flat(screen_text(app))
    mine = points(reservation_value(state, side))
    theirs = points(reservation_value(state, SIDES[side == JAPAN]))
    assert text.startswith(f"{NAMES[SIDES.index(side)]} (")
    assert f"No deal: {mine} pts" in text
    assert theirs not in text, (side, theirs)
    # the offer builder's worth is this side's: the draft, in its own points
    assert f"{points(state.scenario.utility(side)(screen.draft))} of 100" in text


async def test_a_resumed_game_opens_on_a_hand_over_and_each_table_is_its_sides(
    tmp_path: Path,
) -> None:
    session = Session.start(
        scenario(), JAPAN, 7, saves_dir=tmp_path, name="Aiko & Ben", hotseat=True
    )
    session.submit(Proceed(JAPAN))
    while session.state.pending:
        event = session.scenario.event(session.state.pending[0])
        session.submit(Choose(session.actor() or JAPAN, event.id, event.options[0].id))
    assert session.actor() == US
    app = make_app(session.scenario, content_dir=CONTENT, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HandOverScreen) and app.screen.side == US
        assert "Pass the keyboard to Ben (Washington)" in flat(screen_text(app))
        await press(pilot, "enter")
        _check_table(app, US)
        await pilot.press("down", "right")
        _check_table(app, US)  # the worth follows the draft
        await press(pilot, "enter")  # Washington proposes: the keyboard passes to Tokyo
        assert isinstance(app.screen, HandOverScreen) and app.screen.side == JAPAN
        await press(pilot, "enter")
        _check_table(app, JAPAN)
        assert "Their move: Washington proposes" in flat(screen_text(app))


def test_names_live_in_the_saves_one_name() -> None:
    assert hotseat_name(" Aiko ", "Ben") == "Aiko & Ben"
    assert hotseat_name("", "") == ""
    assert player_names("Aiko & Ben") == {JAPAN: "Aiko", US: "Ben"}
    assert player_names("") == {JAPAN: "Tokyo's player", US: "Washington's player"}
    assert player_names(" & Ben")[JAPAN] == "Tokyo's player"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--names", "A,B"], "--names is for --hotseat"),
        (["--hotseat", "--names", "A"], "two names"),
        (["--hotseat", "--names", "A&B,C"], "no '&'"),
        (["--hotseat", "--opponent", "us-dealmaker"], "leave out --opponent"),
        (["--hotseat", "--plain"], "needs the app in a terminal"),
    ],
)
def test_the_command_line_refuses_what_hotseat_cannot_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code = main(["play", "--saves", str(tmp_path), *argv])
    err = capsys.readouterr().err.strip()
    assert code == 2 and says in err and len(err.splitlines()) == 1
    assert not list(tmp_path.iterdir())  # nothing was saved


def test_settings_read_hotseat_and_names_from_the_command_line() -> None:
    import argparse

    args = argparse.Namespace(hotseat=True, names=" Aiko , Ben ")
    assert settings_from_args(args) == Settings(hotseat=True, names=("Aiko", "Ben"))
