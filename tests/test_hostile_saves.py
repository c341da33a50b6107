"""Saves, the small findings of issue 14 (finding 8): `tnt saves` gives the reason resume gives
for a save that cannot replay; resuming and quitting at once rewrites nothing (a compact save,
an unverified one); a fork's parent must be a file name, not a path; a name or label holding a
control character is refused in one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.content.loader import load_scenario
from game.engine.commands import Propose
from game.session.games import resume_session
from game.session.saves import SaveError, read_save
from game.session.session import Session

ROOT = Path(__file__).parent.parent
CONTENT = ROOT / "tests" / "content_good"


def tnt(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args, "--content", str(CONTENT)],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def saved_game(saves: Path, name: str = "Ann") -> Path:
    session = Session.start(load_scenario(CONTENT, "tiny"), "japan", 5, saves_dir=saves, name=name)
    session.submit(session.legal()[0])
    best = session.scenario.utility("japan").best_terms()
    session.submit(Propose("japan", best))
    assert session.save_path is not None
    return session.save_path


def edit(path: Path, change: dict[str, object], *, compact: bool = False) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(change)
    path.write_text(json.dumps(data) if compact else json.dumps(data, indent=1), "utf-8")


def test_tnt_saves_gives_resumes_reason_for_a_save_that_cannot_replay(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    path = saved_game(saves)
    data = json.loads(path.read_text(encoding="utf-8"))
    signal = {"side": "japan", "type": "signal", "signal": "link_security"}
    edit(path, {"commands": data["commands"] + [signal] * 9_991})
    resumed = tnt("play", "--plain", "--resume", path.stem, "--saves", "saves", cwd=tmp_path)
    assert resumed.returncode == 2
    reason = resumed.stderr.strip().split(": ", 2)[2].split("; its backup")[0]
    assert "does not replay" in reason
    listed = tnt("saves", "--saves", "saves", cwd=tmp_path)
    assert listed.returncode == 0
    row = next(line for line in listed.stdout.splitlines() if line.startswith(path.stem))
    assert row.endswith(f"cannot be resumed: {reason}")


def test_a_save_that_replays_is_listed_without_a_reason(tmp_path: Path) -> None:
    path = saved_game(tmp_path / "saves")
    listed = tnt("saves", "--saves", "saves", cwd=tmp_path)
    row = next(line for line in listed.stdout.splitlines() if line.startswith(path.stem))
    assert "cannot be resumed" not in row and "not verified" not in row


@pytest.mark.parametrize(
    ("change", "compact"),
    [({}, True), ({"name": "Someone else"}, False)],  # compact and verified; unverified chain
    ids=["compact", "unverified"],
)
def test_resuming_and_quitting_at_once_rewrites_nothing(
    tmp_path: Path, change: dict[str, object], compact: bool
) -> None:
    saves = tmp_path / "saves"
    path = saved_game(saves)
    edit(path, change, compact=compact)
    before = {p.name: p.read_bytes() for p in saves.iterdir()}
    session = resume_session(saves, path.stem, CONTENT)
    session.save()  # what quitting does
    assert {p.name: p.read_bytes() for p in saves.iterdir()} == before
    session.submit(session.legal()[0])  # a move: now it is written, marked as it must be
    assert path.read_bytes() != before[path.name]
    assert json.loads(path.read_text("utf-8"))["unverified"] is bool(change)


@pytest.mark.parametrize(
    "file", ["../../../etc/passwd", "/etc/passwd", "sub/x.json", "..", "a\\b.json"]
)
def test_a_forks_parent_must_be_a_file_name(tmp_path: Path, file: str) -> None:
    path = saved_game(tmp_path / "saves")
    edit(path, {"parent": {"file": file, "round": 1}})
    with pytest.raises(SaveError, match=r"field 'parent\.file' is not a file name"):
        read_save(path)


def test_a_forks_parent_file_name_is_kept(tmp_path: Path) -> None:
    path = saved_game(tmp_path / "saves")
    edit(path, {"parent": {"file": "ann-tiny-japan-seed5.json", "round": 1}})
    parent = read_save(path).parent
    assert parent is not None and parent.file == "ann-tiny-japan-seed5.json"


@pytest.mark.parametrize(
    "change",
    [
        {"name": "Ann\x1b[2J"},
        {"name": "\x1b]52;c;aGVsbG8=\x07"},
        {"parent": {"file": "x\x9b.json", "round": 1}},
    ],
)
def test_a_control_character_in_a_saves_text_is_shown_written_out(
    tmp_path: Path, change: dict[str, object]
) -> None:
    path = saved_game(tmp_path / "saves")
    edit(path, change)
    listed = tnt("saves", "--saves", "saves", cwd=tmp_path)
    assert listed.returncode == 0 and "\\x" in listed.stdout
    run = tnt("play", "--plain", "--resume", path.stem, "--saves", "saves", cwd=tmp_path)
    for shown in (listed.stdout, listed.stderr, run.stdout, run.stderr):
        assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown


def test_a_name_with_an_escape_code_is_refused_on_the_command_line(tmp_path: Path) -> None:
    for flag, name in (("--name", "\x1b[2JAnn"), ("--names", "Ann,\x1b]8;;x\x1b\\Ben")):
        extra = ("--hotseat",) if flag == "--names" else ("--role", "japan")
        run = tnt("play", "--plain", *extra, flag, name, "--saves", "s", cwd=tmp_path)
        assert run.returncode == 2
        assert run.stderr == ("tnt play: a name cannot hold a control character (an escape code)\n")
        assert not (tmp_path / "s").exists()
