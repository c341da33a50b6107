"""Shared by the Textual app's tests: building the app the one way the CLI does, waiting for the
AI's worker instead of sleeping, and reading the screen as the player sees it."""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

from rich.console import Console
from textual.pilot import Pilot

from game.content.loader import default_content_dir, load_scenario
from game.engine.model import Scenario
from game.tui.app import TntApp, make_app
from game.tui.settings import Settings

CONTENT = default_content_dir()


@cache
def scenario() -> Scenario:
    return load_scenario(CONTENT, "april-2025")


def build(saves: Path | None, **settings: Any) -> TntApp:
    return make_app(scenario(), content_dir=CONTENT, settings=Settings(saves_dir=saves, **settings))


async def settle(pilot: Pilot[Any]) -> None:
    """Until the counterpart has answered and the screen shows it."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def press(pilot: Pilot[Any], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def screen_text(app: TntApp) -> str:
    """The whole terminal as plain text, dialogs over the screen below included."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def flat(text: str) -> str:
    """Screen text with its line breaks undone, for phrases that wrap."""
    return " ".join(text.split())
