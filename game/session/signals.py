"""Signals: a closed terminal or a kill saves the game before the process stops."""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import asyncio

    from game.session.session import Session
from game.session.saves import SaveError

# ---------------------------------------------------------------------------------------------
# Signals: a closed terminal or a `kill` saves before the game stops


class SavedOnSignal(SystemExit):
    """Raised by the signal handler after saving: the process exits with 128 + the signal's
    number, as a shell expects of a program stopped by a signal."""

    def __init__(self, signum: int) -> None:
        super().__init__(128 + signum)
        self.signum = signum


def _save_signals() -> list[int]:
    names = ("SIGTERM", "SIGHUP", "SIGINT")  # SIGHUP does not exist on Windows
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def install_signal_saves(
    session: Session,
    on_signal: Callable[[int], None] | None = None,
    loop: asyncio.AbstractEventLoop | None = None,
) -> Callable[[], None]:
    """Save `session` on SIGTERM, SIGHUP (a closed terminal) and SIGINT (ctrl+c), then stop: by
    raising SavedOnSignal (KeyboardInterrupt for ctrl+c), or, when `on_signal` is given, by
    calling it with the signal's number instead.

    Safe at any moment, even in the middle of a move: the session commits a move's state and
    log as one object, so the save holds the last whole move. An asyncio program (the Textual
    app) passes its running `loop` and an `on_signal` that exits the app: the save and the call
    then run as a callback of the loop, never in the middle of its own work. Call from the main
    thread; returns a function that puts the previous handlers back."""

    def stop(signum: int) -> None:
        with suppress(OSError, SaveError):  # a full disk: the last autosave is still there
            session.save()
        if on_signal is not None:
            on_signal(signum)
        elif signum == signal.SIGINT:
            raise KeyboardInterrupt
        else:
            raise SavedOnSignal(signum)

    if loop is not None:
        if on_signal is None:
            raise ValueError("with an event loop, pass on_signal: an exception cannot stop it")
        with suppress(NotImplementedError):  # Windows loops: the plain handlers below
            return _loop_handlers(loop, stop)
    previous = {
        signum: signal.signal(signum, lambda signum, frame: stop(signum))
        for signum in _save_signals()
    }

    def uninstall() -> None:
        for signum, old in previous.items():
            signal.signal(signum, old)

    return uninstall


def _loop_handlers(
    loop: asyncio.AbstractEventLoop, stop: Callable[[int], None]
) -> Callable[[], None]:
    signums = _save_signals()
    for signum in signums:
        loop.add_signal_handler(signum, stop, signum)

    def uninstall() -> None:
        for signum in signums:
            loop.remove_signal_handler(signum)

    return uninstall


@contextmanager
def signal_saves(
    session: Session, on_signal: Callable[[int], None] | None = None
) -> Iterator[None]:
    """`install_signal_saves` for the length of a `with` block; on SIGTERM, one line on stderr
    saying where the game is (after SIGHUP nobody is there to read it)."""
    uninstall = install_signal_saves(session, on_signal)
    try:
        yield
    except SavedOnSignal as stop:
        if stop.signum != getattr(signal, "SIGHUP", None):
            with suppress(Exception):  # stderr may be gone too
                where = f"; the game is saved in {session.save_path}" if session.save_path else ""
                print(f"tnt: stopped by {signal.Signals(stop.signum).name}{where}", file=sys.stderr)
        raise
    finally:
        uninstall()
