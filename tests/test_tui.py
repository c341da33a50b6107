"""The Textual app, driven through its keys at 80x24 like a player: a whole game as Japan, the
end of games as Japan and as the U.S., an illegal move, a side-event's answer, resizing below
the minimum and back, help and the glossary, the command palette's export, quitting, and
NO_COLOR."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import OptionList
from tui_helpers import (
    CONTENT,
    build,
    flat,
    game,
    offers_then_accepts,
    open_on,
    press,
    scenario,
    screen_text,
    settle,
)

from game.cli.play import settings_from_args
from game.engine.commands import Accept, Command, Propose
from game.engine.machine import proposal_base, reservation_value
from game.engine.model import Ending, Phase
from game.session.session import Session
from game.tui import run_tui
from game.tui.app import TntApp
from game.tui.screens.base import MIN_HEIGHT, MIN_WIDTH
from game.tui.screens.brief import BriefScreen
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.end import EndScreen
from game.tui.screens.event import EventDialog
from game.tui.screens.ratification import RatificationScreen
from game.tui.screens.table import TableScreen
from game.tui.settings import Settings

SIZE = (80, 24)


async def ask_one_step_more(pilot: Pilot[Any], screen: TableScreen) -> None:
    """Move the cursor down to the next issue where an arrow makes the draft better for the
    player (issues run both ways: a lower tariff, an inclusive rate), and press that arrow."""
    utility = screen.session.scenario.utility(screen.side)
    for _ in range(len(utility.values)):
        await press(pilot, "down")
        values, pick = utility.values[screen.cursor], screen.draft.picks[screen.cursor]
        if pick > 0 and values[pick - 1] > values[pick]:
            await press(pilot, "left")
            return
        if pick + 1 < len(values) and values[pick + 1] > values[pick]:
            await press(pilot, "right")
            return


async def play_to_the_end(pilot: Pilot[Any], offers: int = 3) -> list[str]:
    """Answer every event with its first answer; make `offers` offers that each ask for one more
    step on one issue, the next one where a step helps the player, and go on offering until the
    offer on the table beats no deal; accept it and hold the votes. Returns the table screen's
    text at each of the player's turns."""
    app = pilot.app
    assert isinstance(app, TntApp)
    news: list[str] = []
    made = 0
    for _ in range(120):
        screen = app.screen
        if isinstance(screen, EndScreen):
            return news
        if isinstance(screen, EventDialog):
            await press(pilot, "1")
        elif isinstance(screen, ConfirmDialog):
            await press(pilot, "y")
        elif isinstance(screen, BriefScreen | RatificationScreen):
            await press(pilot, "enter")
        elif isinstance(screen, TableScreen):
            session = app.session
            assert session is not None
            state = session.state
            standing = state.standing
            good = standing is not None and state.scenario.utility(session.player)(
                standing.terms
            ) >= reservation_value(state, session.player)
            # the table as the player finds it on their turn: the counterpart's move is news
            news.append(flat(screen_text(app)))
            if made < offers or not good:
                before = len(session.state.offers)
                await ask_one_step_more(pilot, screen)
                await press(pilot, "enter")
                made += 1
                mine = [o for o in session.state.offers[before:] if o.by == session.player]
                assert mine, "Enter proposed the draft"
            else:
                await press(pilot, "a")
        else:
            raise AssertionError(f"unexpected screen {type(screen).__name__}")
    raise AssertionError("the game did not end")


def check_the_end(app: TntApp, role: str) -> Session:
    """The end screen of a game played to a deal and its votes, and its save."""
    session = app.session
    assert session is not None and session.over
    assert session.state.ending in set(Ending)
    assert len([o for o in session.state.offers if o.by == role]) >= 2
    end = flat(screen_text(app))
    assert "Game over" in end
    assert "Your result:" in end and "'s result:" in end
    assert "The real deal" in end
    # the save holds every move the player made, for `tnt play --resume`
    assert session.save_path is not None
    saved = json.loads(session.save_path.read_text())
    assert saved["summary"]["phase"] == "end"
    assert len(saved["commands"]) == len(session.log)
    return session


async def test_a_whole_game_through_the_keys(tmp_path: Path) -> None:
    """The one whole game through the app's keys; the other screen tests open on games the
    headless player of tui_helpers plays, which this proves makes the same moves."""
    app = build(tmp_path, role="japan", seed=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Confidential brief for Tokyo" in screen_text(app)
        news = await play_to_the_end(pilot)
        assert any("Their move:" in text for text in news)
        session = check_the_end(app, "japan")
    assert session.log == offers_then_accepts(game(None, 2)).log


def keys_for(session: Session, command: Command) -> list[str]:
    """The keys that make `command` on a table just opened (the cursor on the first issue):
    Accept, or a proposal one step from the table's draft on one issue."""
    if isinstance(command, Accept):
        return ["a"]
    assert isinstance(command, Propose)
    draft = proposal_base(session.state, session.player).picks
    steps = [
        (i, new - old) for i, (old, new) in enumerate(zip(draft, command.terms.picks, strict=True))
    ]
    [(issue, step)] = [(i, step) for i, step in steps if step]
    return ["down"] * issue + ["right" if step > 0 else "left", "enter"]


@pytest.mark.parametrize(("role", "seed"), [("japan", 72), ("us", 12)])
async def test_a_game_ends_through_the_keys(tmp_path: Path, role: str, seed: int) -> None:
    """Either side's brief; then its game, played headless up to the last move at the table,
    resumed in the app, that move and the votes made through the keys: the same game."""
    side = "Tokyo" if role == "japan" else "Washington"
    async with build(None, role=role, seed=seed).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert f"Confidential brief for {side}" in screen_text(pilot.app)
    whole = offers_then_accepts(game(None, seed, role)).log
    last = max(i for i, command in enumerate(whole) if isinstance(command, Propose | Accept))
    session = offers_then_accepts(game(tmp_path, seed, role), moves=last)
    app = open_on(session, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        await press(pilot, *keys_for(session, whole[last]))
        assert session.log == whole[: last + 1]
        await play_to_the_end(pilot, offers=0)
        check_the_end(app, role)
    assert session.log == whole


async def test_the_offer_builder_changes_the_draft_and_its_worth_at_once(tmp_path: Path) -> None:
    app = build(tmp_path, role="us", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, TableScreen)
        start = screen.draft
        before = flat(screen_text(app))
        await press(pilot, "right")
        assert screen.draft.picks[0] == start.picks[0] + 1
        after = flat(screen_text(app))
        assert after != before
        assert "▲" in after  # a higher reciprocal rate is better for Washington, and says so
        await press(pilot, "down", "down")
        assert screen.cursor == 2
        assert "Cars and parts, your draft" in flat(screen_text(app))
        await press(pilot, "x")
        assert screen.draft == start


async def test_a_move_the_engine_would_refuse_is_not_offered_and_its_key_does_nothing(
    tmp_path: Path,
) -> None:
    app = build(tmp_path, role="us", seed=3)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, notifications=True, message_hook=seen.append) as pilot:
        await press(pilot, "enter")
        session = app.session
        assert session is not None
        assert session.state.phase is Phase.NEGOTIATION and session.state.standing is None
        screen = app.screen
        assert isinstance(screen, TableScreen)
        assert not screen.check_action("accept", ())  # nothing on the table: no Accept key
        asked: list[object] = []
        submit = session.submit
        session.submit = lambda command: asked.append(command) or submit(command)  # type: ignore[method-assign]
        state, log = session.state, list(session.log)
        await press(pilot, "a")
        assert asked == []  # the engine is never asked
        assert session.state is state and session.log == log
        notes = [m.notification for m in seen if isinstance(m, Notify)]
        assert [n for n in notes if n.title == "Not allowed"] == []
        assert isinstance(app.screen, TableScreen)


async def test_a_side_event_is_answered_in_a_dialog(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter")
        dialog = app.screen
        assert isinstance(dialog, EventDialog)
        assert dialog.event.id == "treaty-unfair"
        text = flat(screen_text(app))
        assert "Troop costs on the table" in text
        assert "Sources: [8], [9]." in text
        assert "Effect: Alliance trust +3; Cabinet approval −2" in text
        session = app.session
        assert session is not None
        trust = session.state.meter("alliance_trust")
        await press(pilot, "2")
        assert ("treaty-unfair", "separate-channel", "japan") in session.state.chosen
        assert session.state.meter("alliance_trust") == trust + 3
        assert "Tokyo, Beijing and Seoul talk trade" in flat(screen_text(app))


async def test_below_the_minimum_size_a_plain_message_and_back(tmp_path: Path) -> None:
    app = build(tmp_path, role="us", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "right")
        screen = app.screen
        assert isinstance(screen, TableScreen)
        draft = screen.draft
        session = app.session
        assert session is not None
        state = session.state
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        small = flat(screen_text(app))
        assert f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT}" in small
        assert "Issue" not in small
        await press(pilot, "enter", "left")  # hidden keys do nothing
        assert session.state is state and screen.draft == draft
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        back = flat(screen_text(app))
        assert "Enlarge" not in back
        assert "Your draft" in back and "Round 1 of 8" in back
        assert screen.draft == draft


async def test_help_lists_every_key_and_opens_the_glossary(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "1", "1")
        assert isinstance(app.screen, TableScreen)
        await press(pilot, "question_mark")
        keys = flat(screen_text(app))
        for phrase in ("Previous issue", "Propose your draft", "Accept the offer", "Walk out"):
            assert phrase in keys
        await press(pilot, "escape", "g")
        # the definitions wrap beside the list of terms: look for phrases within one line
        assert "BATNA: Best Alternative To a Negotiated" in screen_text(app)
        await press(pilot, "down")
        assert "Reservation value: The least a deal must" in screen_text(app)
        await press(pilot, "escape")
        assert isinstance(app.screen, TableScreen)


async def test_the_command_palette_exports_the_transcript(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "1", "1", "ctrl+p")
        await pilot.press(*"export transcript")
        await settle(pilot)
        await press(pilot, "enter")
        exported = list(tmp_path.glob("*-transcript.txt"))
        assert len(exported) == 1
        text = exported[0].read_text()
        assert "You play Tokyo" in text
        assert "(the game's words, not a quote)" in text
        assert re.search(r'"[^"]*"\s*$', text.splitlines()[0]) is None


async def test_quitting_saves_and_the_save_replays(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "1", "1", "left", "enter")
        session = app.session
        assert session is not None and session.save_path is not None
        await pilot.press("q")
    data = json.loads(session.save_path.read_text())
    again = Session.replay(session.scenario, data)
    assert again.state == session.state


async def test_the_setup_screen_asks_for_what_the_command_line_did_not(tmp_path: Path) -> None:
    app = build(tmp_path, seed=777)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = flat(screen_text(app))
        assert "Tariffs & Troops" in text and "Your side" in text and "Seed" in text
        await press(pilot, "down", "enter", "ctrl+s")  # the second side: the U.S.
        session = app.session
        assert session is not None
        assert session.player == "us" and session.state.seed == 777
        assert isinstance(app.screen, BriefScreen)


async def test_no_color_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "1", "1", "left")
        assert app.no_color
        svg = app.export_screenshot()
        colours = set(re.findall(r"fill: #([0-9a-f]{6})", svg))
        assert colours, "the screenshot has its colours as fills"
        # c5c8c6 is the SVG template's own default text colour, not the app's
        for colour in colours - {"c5c8c6"}:
            r, g, b = colour[0:2], colour[2:4], colour[4:6]
            assert r == g == b, f"#{colour} is a colour under NO_COLOR"
        # the signs that carry the meaning are all there without colour
        assert "▼" in screen_text(app) or "▲" in screen_text(app)


async def test_the_light_theme_switches_from_the_palette(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        app.action_toggle_theme()
        await settle(pilot)
        assert app.theme == "textual-light"


def test_run_tui_refuses_an_unknown_or_own_side_opponent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def args(opponent: str) -> Settings:
        return settings_from_args(
            argparse.Namespace(
                role="us", seed=1, opponent=opponent, saves=str(tmp_path), name="", resume=None
            )
        )

    assert run_tui(args("nobody"), CONTENT, scenario(), None) == 2
    assert "unknown opponent 'nobody'" in capsys.readouterr().err
    assert run_tui(args("us-hardliner"), CONTENT, scenario(), None) == 2
    assert "the player's own side" in capsys.readouterr().err


async def test_walking_out_asks_first_and_then_ends_the_game(tmp_path: Path) -> None:
    app = build(tmp_path, role="us", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "w")
        assert isinstance(app.screen, ConfirmDialog)
        await press(pilot, "n")  # the safe answer changes nothing
        session = app.session
        assert session is not None and not session.over
        await press(pilot, "w", "y")
        assert session.over and session.state.ending is Ending.WALKED_AWAY
        assert isinstance(app.screen, EndScreen)
        assert "You walked away, so no-deal terms apply." in flat(screen_text(app))


async def test_a_glossary_term_opens_from_the_help(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "question_mark")
        help_screen = app.screen
        terms = help_screen.query_one("#terms", OptionList)
        terms.focus()
        await press(pilot, "down", "down", "enter")  # the third term: ZOPA
        assert "ZOPA: Zone Of Possible Agreement" in screen_text(app)


async def test_a_new_game_from_the_palette_keeps_the_old_one_saved(tmp_path: Path) -> None:
    app = build(tmp_path, role="japan", seed=3)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "enter", "1", "1", "ctrl+p")
        await pilot.press(*"new game")
        await settle(pilot)
        await press(pilot, "enter")
        assert app.session is None
        assert "Your side" in screen_text(app)
        await press(pilot, "ctrl+s")
        assert app.session is not None and isinstance(app.screen, BriefScreen)
        assert len(list(tmp_path.glob("*.json"))) == 2
