"""The Textual app (`tnt play` in a terminal). Only `run_tui` lives here, and it imports the app
when called, so `import game.tui` costs nothing: the CLI's other commands never load Textual."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.model import Scenario
    from game.session import Session


def run_tui(
    args: argparse.Namespace,
    content_dir: Path,
    scenario: Scenario,
    session: Session | None,
) -> int:
    """Play in the Textual app; 0 however the player leaves (every move is saved), 2 for an
    unusable choice on the command line (one line on stderr)."""
    from game.tui.app import make_app
    from game.tui.settings import Settings

    settings = Settings.from_args(args)
    try:
        app = make_app(scenario, content_dir=content_dir, settings=settings, session=session)
    except KeyError:
        theirs = ", ".join(p.id for p in scenario.personas if p.side != settings.role)
        print(f"tnt play: unknown opponent '{settings.persona}'. Known: {theirs}.", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"tnt play: {exc}", file=sys.stderr)
        return 2
    app.run()
    if app.session is not None and app.session.save_path is not None:
        print(f"The game is saved in {app.session.save_path}; tnt play --resume continues it.")
    return 0
