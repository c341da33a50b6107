"""A terminal that goes without a SIGHUP for the game (closing the window of `make play`: make,
not the game, is the terminal's controlling process) still stops the game, saved, within a
second or so, instead of leaving it running on a dead terminal (game/tui/terminal.py)."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX ptys")

ROOT = Path(__file__).parent.parent


def test_a_terminal_closed_without_a_sighup_stops_the_game(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": str(ROOT)}
    env.pop("NO_COLOR", None)
    # a session of its own with no controlling terminal: closing the pty sends it no SIGHUP
    game = subprocess.Popen(
        [sys.executable, "-m", "game", "play", "--role", "japan", "--seed", "3"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        cwd=tmp_path,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    output = b""
    try:
        deadline = time.monotonic() + 30
        while b"Confidential brief" not in output and time.monotonic() < deadline:
            if select.select([master], [], [], 0.1)[0]:
                output += os.read(master, 65536)
        assert b"Confidential brief" in output, "the game never showed its brief"
        os.close(master)  # the window closes
        code = game.wait(timeout=20)  # spinning on a dead terminal, it would never end
    finally:
        if game.poll() is None:
            game.kill()
            game.wait()
    assert code == 128 + signal.SIGHUP
    assert list((tmp_path / "saves").glob("april-2025-japan-seed3.json"))
