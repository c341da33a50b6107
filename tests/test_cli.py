"""`tnt` as a user meets it: exit codes, one-line errors, no tracebacks, nothing overwritten."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parent.parent


def tnt(*args: str, cwd: Path | None = None, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        timeout=120,
    )


def test_check_passes_on_the_shipped_content() -> None:
    run = tnt("check")
    assert run.returncode == 0, run.stderr
    assert "content is valid" in run.stdout


def test_check_names_the_broken_file_and_the_problem(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    events = content / "scenarios" / "april-2025" / "events.toml"
    original = events.read_text()
    broken = original.replace('verb = "meter"', 'verb = "metre"', 1)
    assert broken != original
    events.write_text(broken)
    run = tnt("check", str(content))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    first = run.stderr.splitlines()[0]
    assert "events.toml:" in first and "unknown effect verb 'metre'" in first
    assert "did you mean 'meter'" in first
    assert events.read_text() == broken  # checking never rewrites a file


def test_play_refuses_broken_content_with_the_same_messages(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    path = content / "scenarios" / "april-2025" / "utilities.toml"
    text = path.read_text()
    path.write_text(text.replace("weights = {", "wieghts = {", 1))
    args = ("--role", "japan", "--content", str(content), "--saves", "s")
    run = tnt("play", "--plain", *args, cwd=tmp_path)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "utilities.toml:16: japan.wieghts: unknown key 'wieghts'" in run.stderr
    assert "the game cannot start" in run.stderr
    assert not (tmp_path / "s").exists()  # nothing is written for a game that cannot start


def test_an_unknown_flag_is_one_line_and_exit_2() -> None:
    run = tnt("play", "--colour")
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0
    assert "unrecognized arguments: --colour" in run.stderr


def test_a_missing_folder_for_check_is_unusable_input(tmp_path: Path) -> None:
    run = tnt("check", str(tmp_path / "nowhere"))
    assert run.returncode == 2 and "no such folder" in run.stderr


def test_an_unknown_scenario_is_refused_with_a_suggestion() -> None:
    run = tnt("play", "--plain", "--role", "japan", "--scenario", "april-2052", cwd=ROOT / "tests")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert "april-2025" in run.stderr


def test_version_and_python_dash_m() -> None:
    run = tnt("--version")
    assert run.returncode == 0 and run.stdout.startswith("tnt ")


def test_a_saves_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    # a saves "folder" that is a file cannot be written: an OSError the game does not expect
    blocker = tmp_path / "file"
    blocker.write_text("x")
    args = ("play", "--plain", "--role", "japan", "--seed", "1", "--saves", str(blocker))
    plain = tnt(*args)
    assert plain.returncode == 2 and "Traceback" not in plain.stderr
    assert plain.stderr.startswith("tnt play: ") and plain.stderr.count("\n") == 1
    assert blocker.read_text() == "x"


def test_bare_tnt_plays_the_default_scenario(tmp_path: Path) -> None:
    run = tnt(cwd=tmp_path, stdin="japan\n")
    assert run.returncode == 0, run.stderr
    assert "Confidential brief for Tokyo" in run.stdout
    assert list((tmp_path / "saves").glob("april-2025-japan-seed*.json"))


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    quiet = tnt("check", str(tmp_path / "nowhere"))
    assert "Traceback" not in quiet.stderr
    loud = tnt("--debug", "check", str(tmp_path / "nowhere"))
    assert loud.returncode != 0 and "Traceback" in loud.stderr
