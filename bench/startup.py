"""Start-up and key-press figures for the Textual app. Prints figures; asserts nothing.

    python bench/startup.py [--runs 5] [--keys 30]

1. Start-up: `tnt play --role japan --seed 1` is launched in a pseudo-terminal of 80x24 and timed
   until its first interactive screen (the brief) appears in what it writes; its peak memory is
   the process's maximum resident set. A bare Textual app (a Header, a Static and a Footer) is
   launched and measured the same way in the same run, alternating with it, and the medians
   and their ratios are printed (goals: at most 1.3x the time and 1.5x the memory). The CPU
   time each has used by then (all its threads, from /proc) is printed too: on a machine
   busy with other work the wall time swings by half, the CPU time by a few per cent.
   The children may write Python's bytecode cache (PYTHONDONTWRITEBYTECODE is dropped for
   them): Textual comes compiled in its wheel, and a player's copy of the game is compiled on
   install or on its first start, so compiling the game's modules afresh at every start would
   measure something no player sees. The unmeasured first start of each fills the cache.
2. Key press: in the same kind of terminal, at the table, an arrow key changes the draft; the
   time from writing the key to reading the redrawn line that shows the new draft is measured
   end to end, and its median printed (goal: under 50 ms).
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

SIZE = (80, 24)
BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("Bare Textual app ready")
            yield Footer()

    Bare().run()
    """
)
BARE_READY = b"Bare Textual app ready"
GAME_READY = b"Confidential brief for Tokyo"
CTRL_Q = b"\x11"


class Terminal:
    """A program running in a pseudo-terminal of SIZE, and what it has written so far."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.master, slave = pty.openpty()
        columns, rows = SIZE
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
        env.pop("NO_COLOR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # see the docstring
        self.started = time.perf_counter()
        self.pid = os.fork()
        if self.pid == 0:  # the child: the pty is its terminal
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            os.close(self.master)
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        os.close(slave)
        self.output = b""

    def wait_for(self, marker: bytes, timeout: float = 30.0) -> float:
        """Seconds until `marker` appears in the output written from now on."""
        start = len(self.output)
        deadline = time.perf_counter() + timeout
        while marker not in self.output[start:]:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} never appeared")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    self.output += os.read(self.master, 65536)
                except OSError:  # the program has gone
                    raise TimeoutError(f"{marker!r} never appeared") from None
        return time.perf_counter()

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far, all its threads (Linux; 0 elsewhere)."""
        total = 0
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{self.pid}/task").iterdir():
                with contextlib.suppress(OSError, ValueError):
                    total += int((task / "schedstat").read_text().split()[0])
        return total / 1e9

    def send(self, keys: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.master, keys)
        return sent

    def drain(self, quiet: float = 0.2) -> None:
        """Read until the program has written nothing for `quiet` seconds."""
        while select.select([self.master], [], [], quiet)[0]:
            try:
                self.output += os.read(self.master, 65536)
            except OSError:
                return

    def quit(self) -> int:
        """Ask the app to quit; its peak resident memory in KiB."""
        self.send(CTRL_Q)
        deadline = time.perf_counter() + 10
        while time.perf_counter() < deadline:
            pid, _, usage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                os.close(self.master)
                return usage.ru_maxrss
            self.drain(0.05)
        os.kill(self.pid, 9)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.master)
        return usage.ru_maxrss


def tnt() -> list[str]:
    script = Path(sys.executable).with_name("tnt")
    return [str(script)] if script.exists() else [sys.executable, "-m", "game"]


def start_up(argv: list[str], marker: bytes, cwd: Path) -> tuple[float, float, int]:
    """Seconds to the marker, CPU seconds used by then, peak memory in KiB."""
    terminal = Terminal(argv, cwd)
    seconds = terminal.wait_for(marker) - terminal.started
    cpu = terminal.cpu_seconds()
    terminal.drain()
    return seconds, cpu, terminal.quit()


def key_presses(cwd: Path, count: int) -> list[float]:
    """Milliseconds from an arrow key to the redrawn draft, at the table as Japan."""
    terminal = Terminal([*tnt(), "play", "--role", "japan", "--seed", "1", "--saves", "s"], cwd)
    terminal.wait_for(GAME_READY)
    terminal.drain()
    terminal.send(b"\r")  # to the table; round 1 asks Tokyo two questions first
    terminal.wait_for(b"Your answer")
    terminal.drain()
    terminal.send(b"1")
    terminal.wait_for(b"Your answer")
    terminal.drain()
    terminal.send(b"1")
    terminal.wait_for(b"Their move")
    terminal.drain()
    times = []
    # on the reciprocal tariff, left asks for less than the table's 24%, right goes back
    for n in range(count):
        key, shows = (b"\x1b[D", b"option 4 of 6") if n % 2 == 0 else (b"\x1b[C", b"option 5 of 6")
        sent = terminal.send(key)
        times.append((terminal.wait_for(shows) - sent) * 1000)
        terminal.drain(0.05)
    terminal.quit()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="start-ups of each app (5)")
    parser.add_argument("--keys", type=int, default=30, help="key presses timed (30)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        cwd = Path(folder)
        bare = cwd / "bare_app.py"
        bare.write_text(BARE_APP)
        game_argv = [*tnt(), "play", "--role", "japan", "--seed", "1", "--saves", "saves"]
        # one of each first, unmeasured: the first start of anything fills the disk cache
        start_up([sys.executable, str(bare)], BARE_READY, cwd)
        start_up(game_argv, GAME_READY, cwd)
        bare_runs, game_runs = [], []
        for _ in range(args.runs):
            bare_runs.append(start_up([sys.executable, str(bare)], BARE_READY, cwd))
            game_runs.append(start_up(game_argv, GAME_READY, cwd))
        keys = key_presses(cwd, args.keys)

    bare_time = statistics.median(t for t, _, _ in bare_runs)
    game_time = statistics.median(t for t, _, _ in game_runs)
    bare_cpu = statistics.median(c for _, c, _ in bare_runs)
    game_cpu = statistics.median(c for _, c, _ in game_runs)
    bare_mem = statistics.median(m for _, _, m in bare_runs) / 1024
    game_mem = statistics.median(m for _, _, m in game_runs) / 1024
    print(f"start-up to the first screen, median of {args.runs} runs at {SIZE[0]}x{SIZE[1]}:")
    print(f"  bare Textual app (Header, Static, Footer): {bare_time * 1000:7.0f} ms")
    print(f"  tnt play --role japan --seed 1 (brief):    {game_time * 1000:7.0f} ms")
    print(f"  ratio: {game_time / bare_time:.2f}x (goal: at most 1.3x)")
    if bare_cpu:
        print(
            f"  CPU time by then: {bare_cpu * 1000:.0f} ms and {game_cpu * 1000:.0f} ms, "
            f"ratio {game_cpu / bare_cpu:.2f}x (steadier than the wall time on a busy machine)"
        )
    print("peak memory (maximum resident set), median:")
    print(f"  bare Textual app: {bare_mem:6.1f} MiB")
    print(f"  tnt play:         {game_mem:6.1f} MiB")
    print(f"  ratio: {game_mem / bare_mem:.2f}x (goal: at most 1.5x)")
    print(f"key press on the table to the redrawn draft, {len(keys)} presses, end to end:")
    print(
        f"  median {statistics.median(keys):.1f} ms, fastest {min(keys):.1f} ms, "
        f"slowest {max(keys):.1f} ms (goal: median under 50 ms)"
    )


if __name__ == "__main__":
    main()
