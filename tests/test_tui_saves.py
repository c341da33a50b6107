"""The Textual app's saved games, driven through its keys at 80x24: the load screen (a corrupt save
listed with its reason, a game resumed at its last move, content changed since the save), the
replay (stepping a finished game back and forth, read-only), forks from the replay and from the
load screen, a save that fails mid-game, and SIGTERM and SIGHUP to the app running in a
pseudo-terminal, after which `tnt play --resume` finds the game at its last move."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.widgets import OptionList
from tui_helpers import CONTENT, build, flat, press, scenario, screen_text, settle

from game.content.loader import load_scenario
from game.engine.commands import Choose, Command, Proceed, Propose, WalkAway
from game.engine.machine import proposal_base
from game.engine.model import Phase
from game.present.words import points, side_name
from game.session.games import load_game, resume_session
from game.session.saves import SaveError, read_save
from game.session.session import Session
from game.tui import run_replay
from game.tui.app import make_app
from game.tui.saved_games import read_history
from game.tui.screens.confirm import ConfirmDialog
from game.tui.screens.event import EventDialog
from game.tui.screens.load import ForkDialog, LoadScreen
from game.tui.screens.replay import ReplayScreen
from game.tui.screens.table import TableScreen
from game.tui.settings import Settings

SIZE = (80, 24)
TINY_CONTENT = Path(__file__).parent / "content_good"


def next_move(session: Session, walk_in_round: int = 0) -> Command:
    """What the tests' player does: the first answer to an event, Proceed outside the talks,
    a lower reciprocal tariff than the table's (what ← then Enter do at the table), or walking
    out once the talks reach `walk_in_round`."""
    state, player = session.state, session.player
    if state.pending:
        event = state.scenario.event(state.pending[0])
        return Choose(player, event.id, event.options[0].id)
    if state.phase is not Phase.NEGOTIATION:
        return Proceed(player)
    if walk_in_round and state.round >= walk_in_round:
        return WalkAway(player)
    draft = proposal_base(state, player)
    return Propose(player, draft.with_pick(0, 0))


def two_offers(session: Session) -> None:
    offers = 0
    while offers < 2:
        command = next_move(session)
        session.submit(command)
        offers += isinstance(command, Propose)


def finished_game(folder: Path, seed: int = 3) -> Session:
    session = Session.start(scenario(), "japan", seed, saves_dir=folder, name="Aiko")
    while not session.over:
        session.submit(next_move(session, walk_in_round=3))
    return session


def notes(seen: list[Message]) -> list[str]:
    return [
        f"{m.notification.title}: {m.notification.message}" for m in seen if isinstance(m, Notify)
    ]


def replay_app(path: Path, saves: Path, content: Path = CONTENT) -> Any:
    """The app as `tnt replay` builds it."""
    history = read_history(path, content)
    settings = Settings(saves_dir=saves)
    return make_app(
        history.session.scenario, content_dir=content, settings=settings, history=history
    )


# ---------------------------------------------------------------------------------------------
# The load screen


async def test_the_load_screen_lists_saves_newest_first_and_resumes_one(tmp_path: Path) -> None:
    aiko = Session.start(scenario(), "japan", 42, saves_dir=tmp_path, name="Aiko")
    two_offers(aiko)
    other = Session.start(scenario(), "us", 7, saves_dir=tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 2, "scenario": "april-2')
    assert aiko.save_path is not None and other.save_path is not None
    for age, path in enumerate([aiko.save_path, broken, other.save_path]):
        os.utime(path, (time.time() - 60 * age, time.time() - 60 * age))

    app = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+o")  # from the title screen
        screen = app.screen
        assert isinstance(screen, LoadScreen)
        lines = screen_text(app).splitlines()
        rows = [line for line in lines if "april-2025" in line or "broken" in line][:3]
        assert [row.split()[0] for row in rows] == [
            "aiko-april-2025-japan-seed42",
            "broken",
            "april-2025-us-seed7",
        ]
        assert rows[0].split()[1:5] == ["april-2025", "Japan", f"{aiko.state.round}/8", "in"]
        assert "unreadable: the file ends too soon: it was cut short" in flat(screen_text(app))
        saves = screen.query_one(OptionList)
        assert saves.get_option_at_index(1).disabled  # the broken save cannot be chosen
        assert "played by Aiko · seed 42" in screen_text(app)
        await press(pilot, "down")  # skips the broken save
        assert saves.highlighted == 2
        await press(pilot, "up", "enter")
        session = app.session
        assert session is not None and session.save_path == aiko.save_path
        assert session.log == aiko.log and session.state == aiko.state
        assert isinstance(app.game_screen, TableScreen)  # under the event waiting for Aiko
        assert isinstance(app.screen, EventDialog) and aiko.state.pending
        assert f"Round {aiko.state.round} of 8" in screen_text(app)


async def test_a_save_of_changed_content_is_replayed_or_else_viewed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    tiny = load_scenario(content, "tiny")
    saves = tmp_path / "saves"
    session = Session.start(tiny, "japan", 5, saves_dir=saves)
    best = tiny.utility("japan").best_terms()
    session.submit(Proceed("japan"))
    session.submit(Propose("japan", best))
    session.submit(Propose("japan", best))
    assert session.save_path is not None
    before = session.save_path.read_bytes()
    scenario_file = content / "scenarios" / "tiny" / "scenario.toml"
    scenario_file.write_text(scenario_file.read_text().replace("Tiny talks", "Tiny talks, v2"))

    seen: list[Message] = []
    settings = Settings(saves_dir=saves)
    app = make_app(load_scenario(content, "tiny"), content_dir=content, settings=settings)
    async with app.run_test(size=SIZE, notifications=True, message_hook=seen.append) as pilot:
        await press(pilot, "ctrl+o")
        assert "the content has changed since" in screen_text(app)
        await press(pilot, "enter")
        assert app.session is not None and len(app.session.log) == len(session.log)
        assert any("The content has changed since this game was saved" in n for n in notes(seen))

    # now a move of the game names an option the content no longer has
    for name, old, new in [("issues", 'id = "0"', 'id = "zero"'), ("utilities", '"0" =', "zero =")]:
        file = content / "scenarios" / "tiny" / f"{name}.toml"
        file.write_text(file.read_text().replace(old, new))
    app = make_app(load_scenario(content, "tiny"), content_dir=content, settings=settings)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+o", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert "is no longer legal" in flat(screen_text(app))
        await press(pilot, "y")  # view it read-only, as far as it replays
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.history.stopped
        assert app.session is None
        await press(pilot, "end")
        assert replay.index == replay.history.moves < len(session.log)
    assert session.save_path.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Replay and forks


async def test_replay_steps_through_a_finished_game_and_never_writes(tmp_path: Path) -> None:
    game = finished_game(tmp_path)
    path = game.save_path
    assert path is not None
    before, files = path.read_bytes(), sorted(tmp_path.iterdir())
    app = replay_app(path, tmp_path)
    moves = len(game.log)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        assert f"Move 0 of {moves} · before the talks" in screen_text(app)
        await press(pilot, "end")
        assert f"Move {moves} of {moves}" in screen_text(app)
        assert "game over" in screen_text(app)
        await press(pilot, "p", "left")
        assert screen.index == moves - 2
        await press(pilot, "home")
        for index in range(1, moves + 1):
            await press(pilot, "right" if index % 2 else "n")
            state = screen.history.steps[index].state
            text = flat(screen_text(app))
            assert f"Move {index} of {moves} · Round {state.round} of 8" in text
            standing = state.standing
            if standing is None:
                assert "Nothing is on the table" in text
            else:
                whose = "your" if standing.by == "japan" else f"{side_name(standing.by)}'s"
                worth = points(state.scenario.utility("japan")(standing.terms))
                assert f"On the table: {whose} offer, {worth} pts to you" in text
        await press(pilot, "right")  # past the end: stays
        assert screen.index == moves
        await pilot.press("q")
    assert path.read_bytes() == before and sorted(tmp_path.iterdir()) == files


async def test_fork_from_the_replay_starts_at_that_round_with_the_same_seed(
    tmp_path: Path,
) -> None:
    game = finished_game(tmp_path)
    path = game.save_path
    assert path is not None
    before = path.read_bytes()
    app = replay_app(path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReplayScreen)
        while screen.history.steps[screen.index].state.round < 2:
            await press(pilot, "right")
        await press(pilot, "right", "f")  # a later move of round 2: the fork starts at its start
        assert isinstance(app.screen, ConfirmDialog)
        assert "from the start of round 2" in flat(screen_text(app))
        await press(pilot, "y")
        fork = app.session
        assert fork is not None and fork.save_path is not None
        assert isinstance(app.screen, TableScreen | EventDialog)
        assert fork.state.round == 2 and fork.state.seed == game.state.seed
        assert fork.parent is not None and fork.parent.round == 2
        data = json.loads(fork.save_path.read_text())
        assert data["parent"] == {"file": path.name, "round": 2}
        assert fork.save_path.name == f"{path.stem}-fork-r2.json"
        # the fork plays on and saves to its own file
        await press(pilot, *(["1"] if isinstance(app.screen, EventDialog) else ["enter"]))
        assert len(read_save(fork.save_path).commands) == len(fork.log)
    assert path.read_bytes() == before


async def test_fork_from_the_load_screen_asks_for_the_round(tmp_path: Path) -> None:
    game = Session.start(scenario(), "japan", 42, saves_dir=tmp_path)
    two_offers(game)
    reached = game.state.round
    assert game.save_path is not None and reached > 1
    app = build(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "ctrl+o", "f")
        assert isinstance(app.screen, ForkDialog)
        assert f"From which round, 1 to {reached}?" in flat(screen_text(app))
        await press(pilot, "backspace", str(reached + 1), "enter")  # not reached: asked again
        assert isinstance(app.screen, ForkDialog)
        await press(pilot, "backspace", "1", "enter")
        fork = app.session
        assert fork is not None and fork.save_path is not None
        assert fork.state.round == 1 and fork.state.seed == 42
        assert json.loads(fork.save_path.read_text())["parent"] == {
            "file": game.save_path.name,
            "round": 1,
        }


def test_tnt_replay_refuses_a_save_it_cannot_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_replay(tmp_path, "nothing", CONTENT) == 2
    err = capsys.readouterr().err
    assert err == f"tnt replay: {tmp_path / 'nothing.json'}: no such save\n"


# ---------------------------------------------------------------------------------------------
# A save that fails


async def test_a_failed_save_is_told_and_the_game_goes_on(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    app = build(saves, role="japan", seed=42)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, notifications=True, message_hook=seen.append) as pilot:
        await press(pilot, "enter", "1", "1")
        session = app.session
        assert session is not None and session.save_path is not None
        saved = session.save_path.read_bytes()
        # the saves folder disappears mid-game, a file in its place (chmod would not stop root)
        saves.rename(tmp_path / "elsewhere")
        saves.write_text("not a folder")
        moves = len(session.log)
        await press(pilot, "enter")
        assert len(session.log) == moves + 1  # the move is made
        assert any(
            n.startswith("Not saved: Your move is made, but the game could not be saved")
            for n in notes(seen)
        )
        assert isinstance(app.screen, TableScreen | EventDialog)
        await press(pilot, "ctrl+q")  # quitting cannot save either: it asks
        assert isinstance(app.screen, ConfirmDialog)
        assert "Quit anyway?" in flat(screen_text(app))
        await press(pilot, "n")
        saves.unlink()
        (tmp_path / "elsewhere").rename(saves)
        assert session.save_path.read_bytes() == saved  # the last good save is untouched
        await pilot.press("ctrl+q")
    assert len(read_save(session.save_path).commands) == len(session.log)


# ---------------------------------------------------------------------------------------------
# Signals: the app in a pseudo-terminal, killed or with its terminal closed


class Terminal:
    """`tnt` in a pseudo-terminal of 80x24, and what it has written."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        env.pop("NO_COLOR", None)
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child: the pty is its controlling terminal
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.chdir(cwd)
                os.execve(sys.executable, [sys.executable, "-m", "game", *args], env)
            finally:
                os._exit(127)
        self.output = b""
        self.open = True

    def read(self, seconds: float) -> bool:
        """Read what comes within `seconds`; False once nothing more will."""
        if select.select([self.master], [], [], seconds)[0]:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            if not data:
                return False
            self.output += data
        return True

    def wait(self, condition: Callable[[], bool], what: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline or not self.read(0.05):
                raise AssertionError(f"never happened: {what}")

    def settle(self, quiet: float = 0.3) -> None:
        """Until the app has drawn everything (nothing written for `quiet` seconds)."""
        while select.select([self.master], [], [], quiet)[0] and self.read(0):
            pass

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def close(self) -> None:
        if self.open:
            os.close(self.master)
            self.open = False

    def exit_code(self, timeout: float = 20) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.close()
                return os.waitstatus_to_exitcode(status)
            if not self.open or not self.read(0.05):
                time.sleep(0.05)  # the terminal is gone: only the exit is left to wait for
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        self.close()
        raise AssertionError("the app did not stop")


def commands_saved(path: Path) -> int:
    try:
        return len(read_save(path).commands)
    except SaveError:
        return -1


@pytest.mark.parametrize("stop", ["SIGTERM", "SIGHUP"])
def test_sigterm_and_a_closed_terminal_leave_a_save_that_resumes(tmp_path: Path, stop: str) -> None:
    # the same game played in-process gives the keys to press and where the game must stand
    mirror = Session.start(scenario(), "japan", 42)
    keys: list[tuple[bytes, bool]] = []  # the key, and whether a dialog asks next
    while sum(isinstance(c, Propose) for c in mirror.log) < 2:
        command = next_move(mirror)
        key = {Choose: b"1", Propose: b"\r"}.get(type(command), b"\r")
        if isinstance(command, Propose):  # ← until the reciprocal tariff is at its lowest
            key = b"\x1b[D" * proposal_base(mirror.state, "japan").picks[0] + key
        mirror.submit(command)
        keys.append((key, bool(mirror.state.pending)))

    saves = tmp_path / "saves"
    path = saves / "april-2025-japan-seed42.json"
    app = Terminal(["play", "--role", "japan", "--seed", "42", "--saves", "saves"], tmp_path)
    try:
        app.wait(lambda: b"Confidential brief for Tokyo" in app.output, "the brief")
        app.settle()
        for n, (key, dialog_next) in enumerate(keys, 1):
            mark = len(app.output)
            app.send(key)
            app.wait(lambda n=n: commands_saved(path) == n, f"move {n} saved")  # type: ignore[misc]
            if dialog_next:
                app.wait(lambda mark=mark: b"Your answer" in app.output[mark:], "the dialog")  # type: ignore[misc]
            app.settle()
        if stop == "SIGTERM":
            os.kill(app.pid, signal.SIGTERM)
        else:
            app.close()  # the terminal closes: the kernel sends SIGHUP
        code = app.exit_code()
    finally:
        if app.open:
            os.kill(app.pid, signal.SIGKILL)
            app.close()
    assert code == 128 + getattr(signal, stop)
    if stop == "SIGTERM":
        assert b"stopped by SIGTERM; the game is saved in saves/april-2025-japan-seed42.json" in (
            app.output
        )
    assert not list(saves.glob(".*.tmp"))  # no write was left half done

    session = resume_session(saves, None, CONTENT)  # what `tnt play --resume` does
    assert len(session.log) == len(mirror.log) == len(keys)
    assert session.state.standing == mirror.state.standing is not None
    assert session.state.round == mirror.state.round
    assert load_game(path, CONTENT, read_only=True).verified

    if stop == "SIGTERM":  # and the app itself opens it at the same round, then quits cleanly
        again = Terminal(["play", "--resume", "--saves", "saves"], tmp_path)
        try:
            marker = f"Round {mirror.state.round} of 8".encode()
            again.wait(lambda: marker in again.output, "the resumed table")
            again.settle()
            again.send(b"\x11")  # ctrl+q
            assert again.exit_code() == 0
        finally:
            if again.open:
                os.kill(again.pid, signal.SIGKILL)
                again.close()
        assert len(read_save(path).commands) == len(mirror.log)
