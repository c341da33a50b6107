"""Shared by the Textual app's tests: building the app the one way the CLI does, waiting for the
AI's worker instead of sleeping, reading the screen as the player sees it, and games played
headless the way the tests' keys play them, so a screen test can open on a finished game
without pressing its way there (test_tui proves the keys and the headless player make the
same moves)."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.pilot import Pilot

from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Accept, Choose, Command, Proceed, Propose
from game.engine.machine import proposal_base, reservation_value
from game.engine.model import Phase, Scenario
from game.session.session import Session
from game.tui.app import TntApp, make_app
from game.tui.settings import Settings

CONTENT = default_content_dir()


@cache
def scenario() -> Scenario:
    return load_scenario(CONTENT, "april-2025")


def build(saves: Path | None, **settings: Any) -> TntApp:
    return make_app(scenario(), content_dir=CONTENT, settings=Settings(saves_dir=saves, **settings))


def open_on(session: Session, saves: Path | None = None, **settings: Any) -> TntApp:
    """The app as `tnt play --resume` opens it on `session` (a finished game: on its end)."""
    chosen = Settings(saves_dir=saves, **settings)
    return make_app(session.scenario, content_dir=CONTENT, settings=chosen, session=session)


def _outside_the_talks(session: Session) -> Command | None:
    """What the keys do away from the table: the first answer to an event ("1"), and Enter
    on the brief and the votes (Proceed)."""
    state, player = session.state, session.player
    if state.pending:
        event = state.scenario.event(state.pending[0])
        return Choose(player, event.id, event.options[0].id)
    if state.phase is not Phase.NEGOTIATION:
        return Proceed(player)
    return None


def step_that_helps(session: Session, cursor: int) -> tuple[Propose, int]:
    """What test_tui.ask_one_step_more presses: down to the next issue where an arrow makes the
    table's draft better for the player, that arrow, and Enter. Returns the cursor too."""
    player = session.player
    utility = session.scenario.utility(player)
    draft = proposal_base(session.state, player)
    for _ in range(len(utility.values)):
        cursor = (cursor + 1) % len(utility.values)
        values, pick = utility.values[cursor], draft.picks[cursor]
        if pick > 0 and values[pick - 1] > values[pick]:
            return Propose(player, draft.with_pick(cursor, pick - 1)), cursor
        if pick + 1 < len(values) and values[pick + 1] > values[pick]:
            return Propose(player, draft.with_pick(cursor, pick + 1)), cursor
    return Propose(player, draft), cursor


def offers_then_accepts(session: Session, offers: int = 3, moves: int | None = None) -> Session:
    """test_tui.play_to_the_end without the keys: `offers` offers of one step more each, more
    until the offer on the table beats no deal, then accept it and hold the votes. Stops after
    `moves` of the player's moves if given (the rest can then be played through the keys)."""
    made, cursor = 0, 0
    while not session.over and (moves is None or len(session.log) < moves):
        command = _outside_the_talks(session)
        if command is None:
            state, player = session.state, session.player
            standing = state.standing
            good = standing is not None and state.scenario.utility(player)(
                standing.terms
            ) >= reservation_value(state, player)
            if made < offers or not good:
                command, cursor = step_that_helps(session, cursor)
                made += 1
            else:
                command = Accept(player)
        elif session.state.phase is not Phase.NEGOTIATION:
            cursor = 0  # the table after the brief or the votes is a new one, cursor at the top
        session.submit(command)
    return session


def accepts_at_once(session: Session) -> Session:
    """The quick game's keys without them: the brief, the first answer to each event, accept
    the opening offer (and confirm it, though it is worth less than no deal), the votes."""
    while not session.over:
        session.submit(_outside_the_talks(session) or Accept(session.player))
    return session


def game(saves: Path | None, seed: int, role: str = "japan") -> Session:
    """A new game as `build(saves, role=role, seed=seed)` starts it."""
    return Session.start(scenario(), role, seed, saves_dir=saves)


async def settle(pilot: Pilot[Any]) -> None:
    """Until the counterpart has answered and the screen shows it: a move runs in a thread
    worker, whose end puts up the next screen; one pause then lets that screen draw."""
    app = pilot.app
    if len(app.workers):
        await app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    """Each key, then (only when it started a move) until the move's answer is on screen.
    `Pilot.press` itself waits until the key is handled, so a key that moves nothing costs
    one wait."""
    app = pilot.app
    for key in keys:
        await pilot.press(key)
        if len(app.workers) or getattr(app, "busy", False):
            await settle(pilot)


# one run of text in the SVG that Rich exports: its x, its width, its line, the text itself
_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([\d.]+)" [^>]*?textLength="([\d.]+)" '
    r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)


def screen_text(app: TntApp) -> str:
    """The whole terminal as plain text, dialogs over the screen below included: read back
    from the app's public screenshot (an SVG of runs of text, each at its cell), so it shows
    what a player would see without reaching into Textual's compositor."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, length, line, escaped in _SVG_TEXT.findall(app.export_screenshot(simplify=True)):
        text = html.unescape(escaped).replace("\N{NO-BREAK SPACE}", " ")  # Rich's spaces
        column, row = round(float(x) / (float(length) / len(text))), rows[int(line)]
        for char in text:
            row[column] = char
            if cell_len(char) == 2:
                row[column + 1] = ""  # the right half of a wide character
            column += cell_len(char)
    return "\n".join("".join(row) for row in rows)


def flat(text: str) -> str:
    """Screen text with its line breaks undone, for phrases that wrap."""
    return " ".join(text.split())
