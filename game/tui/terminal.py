"""Noticing a terminal that has gone. Closing the window of `make play` (or a tmux pane running
it) hangs up the terminal but sends the game no SIGHUP: make, not the game, was the terminal's
controlling process. The game would then run on with no one to see it, its input loop spinning
on a dead terminal. So the app looks once a second: a standard input that was a terminal and is
no longer one is a closed terminal, and the game gives itself the SIGHUP a closed terminal
gives, which saves the game and stops it (game.session.signals)."""

from __future__ import annotations

import os
import signal
import sys
from typing import Any

from textual.app import App

CHECK_EVERY = 1.0  # seconds: a spinning orphan for at most this long


def watch_terminal(app: App[Any]) -> None:
    """From now on, stop `app` as a SIGHUP would when its terminal goes (not when it never had
    one: headless tests, `tnt serve`'s pipes)."""
    stdin = sys.__stdin__
    if app.is_headless or stdin is None or not hasattr(signal, "SIGHUP"):
        return
    try:
        fd = stdin.fileno()
    except (OSError, ValueError):
        return
    if not os.isatty(fd):
        return

    def check() -> None:
        if not os.isatty(fd):
            os.kill(os.getpid(), signal.SIGHUP)

    app.set_interval(CHECK_EVERY, check)
