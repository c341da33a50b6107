"""`tnt play`: a game from the command line's choices, in the Textual app or plain mode."""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.content.assignments import Assignment
    from game.engine.model import Scenario
    from game.session.session import Session
    from game.tui.settings import Settings

# The plain front end (its debrief, glossary, document) is imported by the functions that play
# it: the app's start-up reads `settings_from_args` from here and must not pay for plain mode.


def settings_from_args(args: argparse.Namespace, assignment: Assignment | None = None) -> Settings:
    """The app's settings from `tnt play`'s options (what is missing the setup screen asks)."""
    from game.tui.settings import Settings

    saves = getattr(args, "saves", None)
    names = [n.strip() for n in (getattr(args, "names", None) or ",").split(",", 1)]
    return Settings(
        hotseat=bool(getattr(args, "hotseat", False)),
        names=(names[0], names[-1] if len(names) > 1 else ""),
        role=getattr(args, "role", None),
        seed=getattr(args, "seed", None),
        persona=getattr(args, "opponent", None),
        saves_dir=Path(saves) if saves else None,
        name=getattr(args, "name", "") or "",
        assignment=assignment,
    )


def play_plain_cli(
    args: argparse.Namespace, scenario: Scenario, session: Session | None = None
) -> int:
    """`tnt play --plain`: set up the Session from the command line (or take a resumed one),
    then play on stdin."""
    from game.plain.plain import play_plain
    from game.plain.saving import session_save_note
    from game.session.signals import signal_saves

    if session is None:
        started = _start_session(args, scenario)
        if started is None:
            return 2
        session = started
    elif not session.ai_sides:
        print(
            "tnt play: this game has two players at one screen; plain mode plays against the "
            "computer only, so resume it without --plain",
            file=sys.stderr,
        )
        return 2
    content = getattr(args, "content", None)
    content_dir = Path(content) if content else None
    try:
        # SIGTERM, a closed terminal (SIGHUP) and ctrl+c save the game before it stops
        with signal_saves(session):
            return play_plain(
                session, sys.stdin, sys.stdout, echo=not sys.stdin.isatty(), content_dir=content_dir
            )
    except KeyboardInterrupt:
        # ctrl+c: the handler saved the game; say so, on a line of its own (after the ^C)
        with suppress(OSError):
            print(f"\nStopped. {session_save_note(session)}", flush=True)
        return 130
    except BrokenPipeError:
        # the reader went away (`tnt play --plain | head`); the game is saved, so that is fine
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


def _start_session(args: argparse.Namespace, scenario: Scenario) -> Session | None:
    """A new Session from the command line's options; None (after one line) if they are bad."""
    from game.plain.parse import did_you_mean
    from game.plain.setup import ask_role
    from game.session.saves import SaveError
    from game.session.session import Session, new_seed

    role = getattr(args, "role", None) or ask_role(sys.stdin, sys.stdout)
    if role is None:
        print("tnt play: no side chosen; use --role japan or --role us", file=sys.stderr)
        return None
    seed = args.seed if getattr(args, "seed", None) is not None else new_seed()
    persona = getattr(args, "opponent", None)
    try:
        return Session.start(
            scenario,
            role,
            seed,
            persona=persona,
            saves_dir=Path(getattr(args, "saves", "saves")),
            name=getattr(args, "name", "") or "",
        )
    except KeyError:
        theirs = [p.id for p in scenario.personas if p.side != role]
        hint = did_you_mean(str(persona), theirs)
        print(
            f"tnt play: unknown opponent '{persona}'.{hint} Known: {', '.join(theirs)}.",
            file=sys.stderr,
        )
        return None
    except ValueError as exc:
        print(f"tnt play: {exc}", file=sys.stderr)
        return None
    except SaveError as exc:  # e.g. the saves folder cannot be made: nothing was played yet
        print(f"tnt play: {exc.reason}", file=sys.stderr)
        return None
