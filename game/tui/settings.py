"""What the app is started with: the command line's choices, each of them optional (what is
missing is asked for on the setup screen)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from attrs import frozen

if TYPE_CHECKING:
    from textual.app import App

    from game.content.assignments import Assignment

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


@frozen
class Settings:
    role: str | None = None
    seed: int | None = None
    persona: str | None = None
    # None: nothing is written (tests that need no files); the CLI always gives a folder
    saves_dir: Path | None = None
    name: str = ""
    theme: str = DARK_THEME
    # two players at one keyboard (`tnt play --hotseat`), Tokyo's player's name first
    hotseat: bool = False
    names: tuple[str, str] = ("", "")
    # a teacher's assignment, read and checked: with no game yet the app opens on the
    # assignment screen (the student's name and, if open, side), not the setup screen
    assignment: Assignment | None = None
    # `tnt serve` hands in how an export reaches the browser (game.web.serve.deliver_export);
    # the app never imports the web front end
    deliver: Callable[[App[None], Path], None] | None = None
