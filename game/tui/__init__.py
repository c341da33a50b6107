"""The Textual app (`tnt play` in a terminal, `tnt replay`). Only `run_tui` and `run_replay` live
here, and they import the app when called, so `import game.tui` costs nothing: the CLI's other
commands never load Textual."""

from __future__ import annotations

import os
import signal
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.engine.model import Scenario
    from game.session.session import Session
    from game.tui.app import TntApp
    from game.tui.settings import Settings


def run_tui(
    settings: Settings,
    content_dir: Path,
    scenario: Scenario,
    session: Session | None,
) -> int:
    """Play in the Textual app; 0 however the player leaves (every move is saved), 128 + the
    signal's number when SIGTERM or SIGHUP stopped it (the game is saved first), 2 for an
    unusable choice on the command line (one line on stderr). With an `assignment` (and no
    session) the app opens on its screen, which asks the student's name and perhaps side."""
    from game.session.saves import SaveError
    from game.tui.app import make_app

    try:
        app = make_app(scenario, content_dir=content_dir, settings=settings, session=session)
    except KeyError:
        theirs = ", ".join(p.id for p in scenario.personas if p.side != settings.role)
        print(f"tnt play: unknown opponent '{settings.persona}'. Known: {theirs}.", file=sys.stderr)
        return 2
    except ValueError as exc:
        print(f"tnt play: {exc}", file=sys.stderr)
        return 2
    except SaveError as exc:
        print(f"tnt play: {exc.reason}", file=sys.stderr)
        return 2
    app.run()
    return _after(app)


def run_replay(saves_dir: Path, name: str, content_dir: Path, debug: bool = False) -> int:
    """`tnt replay SAVE`: step through a saved game in the Textual app, reading the file only;
    a fork made there is played on at once, in a new save in the saves folder. 2 with one line
    on stderr for a save that cannot be opened."""
    from game.session.saves import SaveError
    from game.tui.app import make_app
    from game.tui.saved_games import read_history
    from game.tui.settings import Settings

    try:
        history = read_history(_replay_path(saves_dir, name), content_dir)
    except SaveError as exc:
        if debug:
            raise
        print(f"tnt replay: {exc.reason}", file=sys.stderr)
        return 2
    app = make_app(
        history.session.scenario,
        content_dir=content_dir,
        settings=Settings(saves_dir=saves_dir),
        history=history,
    )
    app.run()
    return _after(app)


def _replay_path(saves_dir: Path, name: str) -> Path:
    """A file given by its path is read where it is (a teacher's copy of a student's save);
    otherwise the name is looked up in the saves folder as `tnt play --resume` does."""
    from game.session.save_names import find_save

    given = Path(name)
    in_folder = saves_dir / name
    if len(given.parts) > 1 or (os.path.lexists(given) and not os.path.lexists(in_folder)):
        return given
    return find_save(saves_dir, name)


def _after(app: TntApp) -> int:
    """What to say once the app has gone, and the exit status."""
    session = app.session
    stopped = app.stopped_by
    # after SIGHUP the terminal is gone: nothing to say, and nowhere to say it
    with suppress(OSError):
        if stopped is not None and stopped != getattr(signal, "SIGHUP", None):
            where = (
                f"; the game is saved in {session.save_path}"
                if session and session.save_path
                else ""
            )
            print(f"tnt: stopped by {signal.Signals(stopped).name}{where}", file=sys.stderr)
        elif stopped is None and session is not None and session.save_path is not None:
            print(f"The game is saved in {session.save_path}; tnt play --resume continues it.")
    return 128 + stopped if stopped is not None else 0
