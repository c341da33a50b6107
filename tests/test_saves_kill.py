"""A game is never lost: SIGKILL at random moments leaves the old save or the new one; SIGTERM,
SIGHUP and a closed terminal leave a save that resumes at the last move.

These run real processes (`python -m game play --plain`, and a small driver on the Session API),
so they are bounded: ten kills of each kind, a few seconds in all. Run with -s to see where the
kills landed.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from game.content.loader import default_content_dir
from game.session.games import load_game
from game.session.saves import SaveData, read_save

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and ptys")

ROOT = Path(__file__).parent.parent
CONTENT = default_content_dir()
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
# Japan's best package, every time: the AI never takes it, so the game runs to the deadline
OFFER = "offer reciprocal=0 autos=2-5 steel=0 hns=211 defence=2027 investment=100 farm=sq"
# answers whatever comes up (lines that do not fit are refused and change nothing)
PLAY_ON = ["", "choose 1", "choose 1", OFFER] * 20
PLAY = [sys.executable, "-m", "game", "play", "--plain", "--role", "japan", "--seed", "42"]
KILLS = 10

# A driver that plays a hotseat game with a bot on both sides and prints, after each move is
# committed (so saved), how many moves the save holds.
DRIVER = """
import sys
from pathlib import Path
from game.headless.bots import BOTS
from game.content.loader import default_content_dir, load_scenario
from game.engine.rng import Rng
from game.session.session import Session

scenario = load_scenario(default_content_dir(), "april-2025")
session = Session.start(scenario, "japan", 7, saves_dir=Path(sys.argv[1]), hotseat=True)
rng = Rng.seeded(7)
print(0, flush=True)
while not session.over:
    command, rng = BOTS["random"](session.state, rng)
    session.submit(command)
    print(len(session.log), flush=True)
"""


def check_save(path: Path, reference: list[dict[str, object]]) -> SaveData:
    """The save loads, replays to its summary, and is some moment of the reference game; its
    backup is the moment before (or the same one, if the kill fell between the two renames)."""
    game = load_game(path, CONTENT, read_only=True)
    assert game.verified
    commands = [dict(c) for c in game.save.commands]
    assert commands == reference[: len(commands)]
    backup = path.with_name(path.name + ".bak")
    if backup.exists():
        kept = load_game(backup, CONTENT, read_only=True).save
        assert len(commands) - len(kept.commands) in (0, 1)
        assert [dict(c) for c in kept.commands] == reference[: len(kept.commands)]
    else:
        assert commands == []
    return game.save


def feed(process: subprocess.Popen[bytes], lines: list[str], pause: float, path: Path) -> None:
    """Type `lines` into the game one by one, like a fast player, from the moment the game has
    started (its first save); stops when the game is gone."""
    assert process.stdin is not None
    wait_for(path)
    try:
        for line in lines:
            process.stdin.write(f"{line}\n".encode())
            process.stdin.flush()
            time.sleep(pause)
    except (BrokenPipeError, ValueError, OSError):
        pass


def wait_for(path: Path, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.005)


def reference_game(tmp_path: Path) -> list[dict[str, object]]:
    saves = tmp_path / "reference"
    run = subprocess.run(
        [*PLAY, "--saves", str(saves)],
        input="\n".join(PLAY_ON) + "\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    (path,) = saves.glob("*.json")
    return [dict(c) for c in read_save(path).commands]


def test_sigkill_at_random_moments_of_a_plain_game_leaves_the_old_or_the_new_save(
    tmp_path: Path,
) -> None:
    reference = reference_game(tmp_path)
    assert len(reference) > 10
    rng = random.Random(20250409)
    landed = []
    for n in range(KILLS):
        saves = tmp_path / f"kill{n}"
        process = subprocess.Popen(
            [*PLAY, "--saves", str(saves)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
        )
        path = saves / "april-2025-japan-seed42.json"
        typist = threading.Thread(target=feed, args=(process, PLAY_ON, 0.008, path), daemon=True)
        typist.start()
        wait_for(path)
        time.sleep(rng.uniform(0, 0.3))  # the game takes about 0.3 s at this pace
        process.kill()
        process.wait(timeout=10)
        typist.join(timeout=10)
        save = check_save(path, reference)
        temps = [p.name for p in saves.iterdir() if p.name.endswith(".tmp")]
        landed.append((len(save.commands), len(temps)))
    print(f"\nplain game, {len(reference)} moves; kills left (moves saved, temp files): {landed}")
    # the kills must have landed at different moments of the game, not all before or after it
    assert len({moves for moves, _ in landed}) >= 3


def test_sigkill_during_a_stream_of_saves_leaves_the_previous_or_the_new_move(
    tmp_path: Path,
) -> None:
    """Here the driver says which move was last committed, so the check is exact: the save on
    disk holds that move or the one after it (whose write the kill may have caught)."""
    rng = random.Random(71)
    landed = []
    for n in range(KILLS):
        saves = tmp_path / f"kill{n}"
        process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(saves)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=ENV,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == b"0", process.stderr.read()  # type: ignore[union-attr]
        time.sleep(rng.uniform(0, 0.08))  # the whole game takes about 0.1 s
        process.kill()
        out, _ = process.communicate(timeout=10)
        committed = int([b"0", *out.split()][-1])
        (path,) = saves.glob("*.json")
        game = load_game(path, CONTENT, read_only=True)
        on_disk = len(game.save.commands)
        assert on_disk in (committed, committed + 1), (committed, on_disk)
        assert game.verified and not game.notes
        landed.append((committed, on_disk))
    print(f"\ndriver: kills left (moves committed, moves on disk): {landed}")
    assert len({moves for moves, _ in landed}) >= 3


# ---------------------------------------------------------------------------------------------
# SIGTERM and SIGHUP: save, then stop cleanly


OPENING = ["", *["choose 1"] * 3, OFFER, *["choose 1"] * 2, OFFER, *["choose 1"] * 3]


def _after_opening(tmp_path: Path) -> SaveData:
    """The save the opening lines leave when the input simply ends."""
    saves = tmp_path / "expected"
    run = subprocess.run(
        [*PLAY, "--saves", str(saves)],
        input="\n".join(OPENING) + "\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    (path,) = saves.glob("*.json")
    return read_save(path)


def _wait_for_moves(path: Path, moves: int, timeout: float = 20) -> None:
    end = time.monotonic() + timeout
    while True:
        try:
            if len(read_save(path).commands) == moves:
                return
        except Exception:
            pass  # not written yet
        assert time.monotonic() < end, f"{path} never reached {moves} moves"
        time.sleep(0.01)


def _resume_and_look(saves: Path) -> str:
    """What `tnt play --resume` says to `table`, with the saves folder's name taken out."""
    run = subprocess.run(
        [sys.executable, "-m", "game", "play", "--plain", "--resume", "--saves", str(saves)],
        input="table\n",
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert (run.returncode, run.stderr) == (0, "")
    return run.stdout.split("> table\n", 1)[1].replace(str(saves), "SAVES")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_mid_game_saves_and_the_game_resumes_at_the_last_move(
    tmp_path: Path, signum: int
) -> None:
    expected = _after_opening(tmp_path)
    offers = [c for c in expected.commands if c["type"] == "propose"]
    assert len(offers) == 2  # two offers made, as a player would before closing the window
    saves = tmp_path / "saves"
    process = subprocess.Popen(
        [*PLAY, "--saves", str(saves)],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert process.stdin is not None
    process.stdin.write(("\n".join(OPENING) + "\n").encode())
    process.stdin.flush()  # and the input stays open: the game waits for the next line
    path = saves / "april-2025-japan-seed42.json"
    _wait_for_moves(path, len(expected.commands))
    process.send_signal(signum)
    _, err = process.communicate(timeout=10)
    assert process.returncode == 128 + signum
    if signum == signal.SIGTERM:
        assert err.decode() == f"tnt: stopped by SIGTERM; the game is saved in {path}\n"
    else:
        assert err == b""  # after a hang-up nobody reads stderr; nothing else is said either
    saved = read_save(path)
    assert saved.commands == expected.commands and saved.summary == expected.summary
    # `tnt play --resume` finds the game at the same round with the same offer standing
    resumed = load_game(path, CONTENT, read_only=True).session
    assert resumed.state.standing is not None
    assert resumed.state == load_game(tmp_path / "expected" / path.name, CONTENT).session.state
    reference = _resume_and_look(tmp_path / "expected")
    assert _resume_and_look(saves) == reference
    assert "The offer on the table" in reference


def test_closing_the_terminal_saves_the_game(tmp_path: Path) -> None:
    """As closing a tmux window does: the terminal goes away, the kernel sends SIGHUP."""
    expected = _after_opening(tmp_path)
    saves = tmp_path / "saves"
    pid, terminal = os.forkpty()
    if pid == 0:  # the child: the game, with the pty as its controlling terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [*PLAY, "--saves", str(saves)], ENV)
    stop = threading.Event()

    def drain() -> None:  # a terminal that is not read fills up and blocks the game
        while not stop.is_set():
            ready, _, _ = select.select([terminal], [], [], 0.05)
            if ready:
                try:
                    os.read(terminal, 65536)
                except OSError:
                    return

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    for line in OPENING:
        os.write(terminal, f"{line}\r".encode())
    path = saves / "april-2025-japan-seed42.json"
    try:
        _wait_for_moves(path, len(expected.commands))
    finally:
        stop.set()
        reader.join(timeout=5)
        os.close(terminal)  # the window closes
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 128 + signal.SIGHUP
    saved = read_save(path)
    assert saved.commands == expected.commands
