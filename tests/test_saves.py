"""Saves: the format, atomic writes and backups, resuming, forks, tamper evidence, listings,
and one known-bad file per way a save can be unusable (tests/saves_bad/)."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tiny import tiny_scenario

from game.cli.cli import main
from game.content.loader import load_scenario
from game.engine.commands import Propose
from game.engine.model import Phase
from game.session.games import fork_save, format_listing, list_saves, load_game, resume_session
from game.session.save_names import find_save, save_name
from game.session.saves import (
    SAVE_FORMAT,
    Parent,
    SaveError,
    parse_save,
    read_save,
    verify_chain,
    write_atomic,
    write_save,
)
from game.session.session import Session
from game.session.signals import SavedOnSignal, install_signal_saves, signal_saves

TESTS = Path(__file__).parent
ROOT = TESTS.parent
CONTENT = TESTS / "content_good"
BAD = TESTS / "saves_bad"
EXPECTED = dict(
    line.split(": ", 1) for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines()
)


def tnt(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        input=stdin,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=60,
    )


def play(session: Session, moves: int) -> None:
    """Up to `moves` moves: events get their first answer, talks get Japan's best package."""
    best = session.scenario.utility(session.player).best_terms()
    for _ in range(moves):
        if session.over:
            return
        if session.state.pending or session.state.phase is not Phase.NEGOTIATION:
            session.submit(session.legal()[0])
        else:
            session.submit(Propose(session.player, best))


def tiny_game(saves: Path, moves: int = 2, name: str = "", seed: int = 5) -> Session:
    session = Session.start(
        load_scenario(CONTENT, "tiny"), "japan", seed, saves_dir=saves, name=name
    )
    play(session, moves)
    return session


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# ---------------------------------------------------------------------------------------------
# The format


def test_a_save_holds_the_setup_the_commands_a_chain_and_a_summary(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, name="Aiko")
    assert session.save_path == tmp_path / "aiko-tiny-japan-seed5.json"
    data = json.loads(session.save_path.read_text())
    assert set(data) == {
        "format", "game_version", "scenario", "setup", "content_fingerprint", "role",
        "personas", "hotseat", "seed", "name", "parent", "unverified", "commands", "chain",
        "summary",
    }  # fmt: skip
    assert data["format"] == SAVE_FORMAT and data["scenario"] == "tiny" and data["setup"] == {}
    assert data["content_fingerprint"] == session.scenario.fingerprint != ""
    assert data["personas"] == {"japan": "jp-test", "us": "us-test"}
    assert (data["seed"], data["role"], data["name"], data["parent"]) == (5, "japan", "Aiko", None)
    assert [c["type"] for c in data["commands"]] == ["proceed", "propose"]
    assert data["summary"] == session.summary()
    assert verify_chain(data)


def test_loading_replays_to_the_same_state_and_transcript(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, moves=3)
    game = load_game(session.save_path, CONTENT)  # type: ignore[arg-type]
    assert game.session.state == session.state
    assert game.session.transcript_dicts() == session.transcript_dicts()
    assert game.verified and not game.content_changed and game.notes == ()


def test_format_1_saves_still_load_but_cannot_be_verified(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    data = session.to_save()
    for added in ("setup", "parent", "chain", "unverified", "content_fingerprint"):
        del data[added]
    path = tmp_path / "old.json"
    path.write_text(json.dumps({**data, "format": 1}))
    game = load_game(path, CONTENT, read_only=True)
    assert game.session.state == session.state
    assert not game.verified
    assert game.notes == (
        "it has no hash chain (an older save format), so edits cannot be detected",
    )


# ---------------------------------------------------------------------------------------------
# Writing: atomic, a backup one move behind, never outside the folder


def test_the_previous_save_is_kept_as_a_backup(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, moves=1)
    before = session.save_path.read_bytes()  # type: ignore[union-attr]
    play(session, 1)
    backup = tmp_path / f"{session.save_path.name}.bak"  # type: ignore[union-attr]
    assert backup.read_bytes() == before
    assert len(read_save(backup).commands) == len(session.log) - 1
    assert not [name for name in files(tmp_path) if name.endswith(".tmp")]


def test_an_unchanged_game_is_not_written_again(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    path = session.save_path
    assert path is not None
    stamp = (path.stat().st_ino, path.stat().st_mtime_ns)
    backup = path.with_name(path.name + ".bak").read_bytes()
    session.save()
    resumed = resume_session(tmp_path, path.name, CONTENT)
    resumed.save()
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == stamp
    assert path.with_name(path.name + ".bak").read_bytes() == backup


def test_nothing_is_written_outside_the_saves_folder(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    with pytest.raises(SaveError, match="outside the saves folder"):
        write_save(saves, tmp_path / "escape.json", "{}")
    with pytest.raises(SaveError, match="outside the saves folder"):
        write_save(saves, saves / ".." / "escape.json", "{}")
    session = tiny_game(saves)
    session.save_path = tmp_path / "elsewhere.json"
    with pytest.raises(SaveError, match="outside the saves folder"):
        play(session, 1)
    assert files(tmp_path) == ["saves"]


def test_a_full_disk_is_a_save_error_and_the_old_save_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = tiny_game(tmp_path, moves=1)
    path = session.save_path
    assert path is not None
    before = path.read_bytes()

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(SaveError) as caught:
        play(session, 1)
    assert caught.value.reason == f"{path}: cannot write the save (No space left on device)"
    assert path.read_bytes() == before
    assert not [name for name in files(tmp_path) if name.endswith(".tmp")]


def test_a_damaged_save_points_to_its_backup_which_plays_on_under_a_new_name(
    tmp_path: Path,
) -> None:
    session = tiny_game(tmp_path, moves=2)
    path = session.save_path
    assert path is not None
    backup = path.with_name(path.name + ".bak")
    path.write_text(path.read_text()[:100])  # damaged by something other than the game
    damaged, kept = path.read_bytes(), backup.read_bytes()
    with pytest.raises(SaveError) as caught:
        resume_session(tmp_path, path.stem, CONTENT)
    assert caught.value.reason == (
        f"{path}: the file ends too soon: it was cut short; its backup holds the game a move "
        f"earlier: tnt play --resume {backup.name}"
    )
    resumed = resume_session(tmp_path, backup.name, CONTENT)
    assert resumed.save_path == tmp_path / "tiny-japan-seed5-from-backup.json"
    assert resumed.save_path.exists() and len(resumed.log) == 1
    assert resumed.notes == (
        "this is a backup; the game goes on in tiny-japan-seed5-from-backup.json",
    )
    assert path.read_bytes() == damaged and backup.read_bytes() == kept


def test_write_atomic_replaces_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "t.md"
    write_atomic(path, "one")
    write_atomic(path, "two")
    assert path.read_text() == "two" and files(path.parent) == ["t.md"]


def test_a_save_made_in_the_middle_of_a_move_is_the_last_whole_move(tmp_path: Path) -> None:
    """What a signal handler sees if it fires while the engine is working on a move."""
    session = tiny_game(tmp_path, moves=1)
    committed = session.save_path.read_bytes()  # type: ignore[union-attr]
    real = session._ai_answers
    seen: list[bytes] = []

    def interrupted(state):  # type: ignore[no-untyped-def]
        session._written = ""  # force the write, as the handler's save would
        session.save()
        seen.append(session.save_path.read_bytes())  # type: ignore[union-attr]
        return real(state)

    session._ai_answers = interrupted  # type: ignore[method-assign]
    play(session, 1)
    assert seen == [committed]
    assert load_game(session.save_path, CONTENT).session.state == session.state  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Names: sanitised, found, and refused when they leave the folder


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Aiko Tanaka", "aiko-tanaka"),
        ("../../etc/passwd", "etc-passwd"),
        ("/abs/path\\win", "abs-path-win"),
        ("..", "game"),
        ("", "game"),
        ("Zoë Ōtani", "zoe-otani"),
        ("あかざわ", "game"),
        ("CON", "con-game"),
        ("x" * 100, "x" * 60),
        ("a\x1b[31mred\x00", "a-31mred"),
    ],
)
def test_save_names_typed_by_a_player_are_sanitised(typed: str, name: str) -> None:
    assert save_name(typed) == name


def test_a_hostile_player_name_still_saves_inside_the_folder(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    session = tiny_game(saves, name="../../../evil/x")
    assert session.save_path is not None and session.save_path.parent == saves
    assert session.save_path.name == "evil-x-tiny-japan-seed5.json"
    assert files(tmp_path) == ["saves"]
    assert read_save(session.save_path).name == "../../../evil/x"


def test_find_save_takes_a_name_a_file_name_or_the_most_recent(tmp_path: Path) -> None:
    old = tiny_game(tmp_path, seed=1).save_path
    new = tiny_game(tmp_path, seed=2).save_path
    assert old is not None and new is not None
    os.utime(old, (time.time() + 60, time.time() + 60))
    assert find_save(tmp_path, None) == old
    assert find_save(tmp_path, "tiny-japan-seed2") == new
    assert find_save(tmp_path, "tiny-japan-seed2.json") == new
    assert find_save(tmp_path, str(new)) == new
    with pytest.raises(SaveError, match="no saved games in"):
        find_save(tmp_path / "empty", None)


@pytest.mark.parametrize("name", ["../x.json", "saves/../../x.json", "/etc/passwd", "..", ".x"])
def test_a_name_outside_the_saves_folder_is_refused(tmp_path: Path, name: str) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    with pytest.raises(SaveError, match="outside the saves folder") as caught:
        find_save(saves, name)
    assert caught.value.reason.startswith(f"{name}: ")


# ---------------------------------------------------------------------------------------------
# Bad files: each has its own one-line message naming the file; nothing is written


def test_every_fixture_has_its_own_message() -> None:
    assert set(EXPECTED) == {p.name for p in BAD.glob("*.json")}
    assert len(set(EXPECTED.values())) == len(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_bad_file_is_refused_with_its_own_message(tmp_path: Path, case: str) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    path = saves / case
    shutil.copyfile(BAD / case, path)
    before = path.read_bytes()
    with pytest.raises(SaveError) as caught:
        load_game(path, CONTENT, saves_dir=saves)
    assert caught.value.reason == f"{path}: {EXPECTED[case]}"
    assert "\n" not in caught.value.reason
    assert path.read_bytes() == before and files(saves) == [case]


def _path_cases(tmp_path: Path) -> dict[str, str]:
    """The bad cases that are about the file system, not the bytes: made here, not in git."""
    saves = tmp_path / "saves"
    good = tiny_game(tmp_path / "elsewhere").save_path
    assert good is not None
    saves.mkdir()
    (saves / "link.json").symlink_to(good)
    with (saves / "huge.json").open("wb") as handle:
        handle.write(b"{" + b" " * (5 * 2**20) + b"}")
    (saves / "folder.json").mkdir()
    os.mkfifo(saves / "pipe.json")
    return {
        "link": f"{saves / 'link.json'}: is a symbolic link; a save must be the file itself",
        "huge": f"{saves / 'huge.json'}: the file is 5.0 MB; a save is never larger than 5 MB",
        "folder": f"{saves / 'folder.json'}: is a folder, not a save",
        "pipe": f"{saves / 'pipe.json'}: is not a regular file",
        "missing": f"{saves / 'missing.json'}: no such save",
        "../elsewhere/tiny-japan-seed5.json": (
            f"../elsewhere/tiny-japan-seed5.json: outside the saves folder {saves}; saves are "
            "only read from and written to that folder"
        ),
        str(good): (
            f"{good}: outside the saves folder {saves}; saves are only read from and written "
            "to that folder"
        ),
    }


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")
def test_links_pipes_folders_huge_files_and_paths_outside_are_refused(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    for name, message in _path_cases(tmp_path).items():
        before = sorted((p.name, p.is_symlink()) for p in saves.iterdir())
        with pytest.raises(SaveError) as caught:
            resume_session(saves, name, CONTENT)
        assert caught.value.reason == message
        assert sorted((p.name, p.is_symlink()) for p in saves.iterdir()) == before


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")
def test_the_cli_answers_every_bad_save_in_one_line_with_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # in this process, through the CLI's own main (the next test runs one case as a process)
    monkeypatch.chdir(tmp_path)
    cases = _path_cases(tmp_path)
    saves = tmp_path / "saves"
    for case in EXPECTED:
        shutil.copyfile(BAD / case, saves / case)
    snapshot = {p.name: p.read_bytes() for p in saves.iterdir() if p.is_file()}
    wanted = {f"{case[:-5]}": f"{saves / case}: {message}" for case, message in EXPECTED.items()}
    wanted |= cases
    for name, message in wanted.items():
        code = main(
            ["play", "--plain", "--resume", name, "--saves", str(saves), "--content", str(CONTENT)]
        )
        out, err = capsys.readouterr()
        assert (code, err, out) == (2, f"tnt play: {message}\n", ""), name
    assert {p.name: p.read_bytes() for p in saves.iterdir() if p.is_file()} == snapshot


def test_a_bad_save_is_one_line_on_stderr_and_exit_2_from_the_real_command(
    tmp_path: Path,
) -> None:
    saves = tmp_path / "saves"
    saves.mkdir()
    case = next(iter(EXPECTED))
    shutil.copyfile(BAD / case, saves / case)
    run = tnt(
        "play", "--plain", "--resume", case[:-5], "--saves", str(saves), "--content", str(CONTENT),
        cwd=tmp_path,
    )  # fmt: skip
    assert (run.returncode, run.stderr, run.stdout) == (
        2,
        f"tnt play: {saves / case}: {EXPECTED[case]}\n",
        "",
    )


# ---------------------------------------------------------------------------------------------
# Tamper evidence


def test_an_edited_save_still_loads_but_is_flagged_for_good(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    path = session.save_path
    assert path is not None
    data = json.loads(path.read_text())
    data["name"] = "Someone Else"  # copying a classmate's game
    path.write_text(json.dumps(data))
    assert not verify_chain(data)
    game = load_game(path, CONTENT, read_only=True)
    assert not game.verified
    assert game.notes == ("its hash chain does not verify: it was changed outside the game",)
    # playing on re-seals the chain, but the save stays marked
    resumed = resume_session(tmp_path, path.name, CONTENT)
    play(resumed, 1)
    again = read_save(path)
    assert verify_chain(again) and again.unverified
    assert not load_game(path, CONTENT, read_only=True).verified
    fork = resumed.fork(1)
    assert fork.unverified


def test_verify_chain_covers_the_setup_and_every_command(tmp_path: Path) -> None:
    data = tiny_game(tmp_path, moves=3).to_save()
    assert verify_chain(data)
    for key, value in [("seed", 6), ("role", "us"), ("hotseat", True), ("chain", "0" * 64)]:
        assert not verify_chain({**data, key: value})
    swapped = {**data, "commands": list(reversed(data["commands"]))}
    assert not verify_chain(swapped)
    assert verify_chain({**data, "summary": {**data["summary"], "moves": 99}})  # checked by replay
    assert not verify_chain({"not": "a save"})


# ---------------------------------------------------------------------------------------------
# Content changed since the save


def _content_copy(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    return content


def test_changed_content_replays_with_a_note(tmp_path: Path) -> None:
    content = _content_copy(tmp_path)
    session = Session.start(load_scenario(content, "tiny"), "japan", 5, saves_dir=tmp_path / "s")
    play(session, 2)
    scenario_file = content / "scenarios" / "tiny" / "scenario.toml"
    scenario_file.write_text(scenario_file.read_text().replace("Tiny talks", "Tiny talks, v2"))
    game = load_game(session.save_path, content)  # type: ignore[arg-type]
    assert game.content_changed and game.session.state.round == session.state.round
    assert game.notes == (
        "the content has changed since this game was saved; its moves were replayed on it",
    )
    listing = list_saves(tmp_path / "s", content)
    assert "content changed since" in format_listing(listing)[1]


def test_changed_content_stops_at_the_first_move_no_longer_legal(tmp_path: Path) -> None:
    content = _content_copy(tmp_path)
    session = Session.start(load_scenario(content, "tiny"), "japan", 5, saves_dir=tmp_path / "s")
    play(session, 2)
    path = session.save_path
    assert path is not None
    before = path.read_bytes()
    for name, old, new in [("issues", 'id = "0"', 'id = "zero"'), ("utilities", '"0" =', "zero =")]:
        file = content / "scenarios" / "tiny" / f"{name}.toml"
        file.write_text(file.read_text().replace(old, new))
    for read_only in (False, True):
        with pytest.raises(SaveError) as caught:
            load_game(path, content, read_only=read_only)
        assert caught.value.reason == (
            f"{path}: the content has changed since this game was saved, and move 2 of 2 "
            "(propose by japan) is no longer legal: unknown option '0'"
        )
    assert path.read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Forks


def _states_by_move(session: Session) -> list[tuple[int, object]]:
    """(round, state) after each of the game's commands, replayed from scratch."""
    again = Session.start(session.scenario, session.player, session.state.seed)
    out = [(again.state.round, again.state)]
    for command in session.log:
        again.submit(command)
        out.append((again.state.round, again.state))
    return out


def test_a_fork_starts_where_its_round_began_and_records_its_parent(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(rounds=6), "japan", 3, saves_dir=tmp_path)
    play(session, 6)
    assert session.state.round >= 4
    parent_bytes = session.save_path.read_bytes()  # type: ignore[union-attr]
    fork = session.fork(3)
    first_in_round_3 = next(state for r, state in _states_by_move(session) if r >= 3)
    assert fork.state == first_in_round_3
    assert fork.log == session.log[: len(fork.log)]
    assert fork.parent == Parent("tiny-japan-seed3.json", 3)
    assert fork.save_path == tmp_path / "tiny-japan-seed3-fork-r3.json"
    saved = read_save(fork.save_path)
    assert saved.parent == Parent("tiny-japan-seed3.json", 3) and verify_chain(saved)
    # the what-if: play on differently; the parent's file is untouched
    fork.submit(fork.legal()[-1])
    assert session.save_path.read_bytes() == parent_bytes  # type: ignore[union-attr]


def test_a_fork_needs_a_round_the_game_reached(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(rounds=6), "japan", 3)
    with pytest.raises(ValueError, match="not reached round 1"):
        session.fork(1)
    play(session, 3)
    with pytest.raises(ValueError, match=f"1 to {session.state.round}, not 9"):
        session.fork(9)
    assert session.fork(1).save_path is None  # an unsaved game forks unsaved


def test_fork_save_forks_a_saved_game_without_writing_to_it(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, moves=2)
    path = session.save_path
    assert path is not None
    before = path.read_bytes()
    fork = fork_save(tmp_path, path.stem, 1, CONTENT)
    assert fork.parent == Parent(path.name, 1) and fork.save_path is not None
    assert fork.save_path.parent == tmp_path and path.read_bytes() == before
    with pytest.raises(SaveError, match=r"tiny-japan-seed5.json: a fork starts at a round"):
        fork_save(tmp_path, path.stem, 7, CONTENT)


# ---------------------------------------------------------------------------------------------
# Listing, and the CLI


def test_list_saves_newest_first_with_unreadable_ones_and_notes(tmp_path: Path) -> None:
    older = tiny_game(tmp_path, seed=1, name="Ren")
    newer = tiny_game(tmp_path, seed=2)
    fork = newer.fork(1)
    shutil.copyfile(BAD / "truncated.json", tmp_path / "broken.json")
    stamps = {older.save_path: 100, newer.save_path: 300, fork.save_path: 400}
    stamps[tmp_path / "broken.json"] = 200
    for path, stamp in stamps.items():
        os.utime(path, (stamp, stamp))  # type: ignore[arg-type]
    listing = list_saves(tmp_path, CONTENT)
    assert [item.path.name for item in listing] == [
        "tiny-japan-seed2-fork-r1.json",
        "tiny-japan-seed2.json",
        "broken.json",
        "ren-tiny-japan-seed1.json",
    ]
    lines = format_listing(listing)
    assert lines[0].split() == [
        "SAVE", "PLAYER", "SCENARIO", "ROLE", "ROUND", "ENDING", "LAST", "PLAYED", "NOTE"
    ]  # fmt: skip
    assert lines[1].endswith("fork of tiny-japan-seed2.json at round 1")
    assert lines[3].startswith("broken ") and lines[3].endswith(
        "unreadable: the file ends too soon: it was cut short"
    )
    assert " Ren " in lines[4] and " tiny " in lines[4] and " japan " in lines[4]
    assert " 2 of 2 " in lines[2] and " in play " in lines[2]


def test_a_name_from_a_file_cannot_send_escape_codes_to_the_terminal(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, name="\x1b[2J\x1b]0;pwned\x07Eve")
    lines = format_listing(list_saves(tmp_path))
    assert "\x1b" not in "".join(lines) and "\\x1b[2J" in lines[1]
    assert session.save_path is not None


def test_tnt_saves_and_resume_through_the_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the listings in this process through the CLI's main; the games as real processes
    saves = tmp_path / "saves"
    assert main(["saves", "--saves", str(saves)]) == 0
    assert capsys.readouterr().out == f"No saved games in {saves}. Start one with: tnt play\n"
    common = ("--saves", str(saves), "--content", str(CONTENT))
    first = tnt(
        "play",
        "--plain",
        "--role",
        "japan",
        "--seed",
        "5",
        "--scenario",
        "tiny",
        *common,
        cwd=tmp_path,
        stdin="\n",
    )
    assert first.returncode == 0, first.stderr
    assert main(["saves", *common]) == 0
    listed = capsys.readouterr().out
    assert "tiny-japan-seed5" in listed and "1 saved game(s)" in listed
    resumed = tnt("play", "--plain", "--resume", *common, cwd=tmp_path, stdin="table\n")
    assert resumed.returncode == 0, resumed.stderr
    assert "Your turn. Round 1" in resumed.stdout
    assert resumed.stderr == ""


# ---------------------------------------------------------------------------------------------
# Signals (in this process; tests/test_saves_kill.py does it to a real game)


def test_sigterm_saves_and_exits_with_128_plus_the_signal(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    previous = signal.getsignal(signal.SIGTERM)
    session._written = ""  # so the handler's save shows up as a write
    path = session.save_path
    assert path is not None
    path.unlink()
    with pytest.raises(SavedOnSignal) as caught, signal_saves(session):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(1)  # the handler runs before this ends
    assert caught.value.code == 128 + signal.SIGTERM
    assert read_save(path).commands == tuple(session.to_save()["commands"])
    assert signal.getsignal(signal.SIGTERM) == previous


def test_a_front_end_can_take_the_signal_itself(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    got: list[int] = []
    uninstall = install_signal_saves(session, on_signal=got.append)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(0.05)
    finally:
        uninstall()
    assert got == [signal.SIGHUP]


def test_an_asyncio_front_end_gets_the_signal_as_a_loop_callback(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    path = session.save_path
    assert path is not None
    path.unlink()  # so the save made for the signal shows
    session._written = ""

    async def main() -> list[tuple[int, bool]]:
        got: list[tuple[int, bool]] = []
        stopped = asyncio.Event()

        def exit_app(signum: int) -> None:
            got.append((signum, path.exists()))
            stopped.set()

        uninstall = install_signal_saves(session, exit_app, asyncio.get_running_loop())
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            await asyncio.wait_for(stopped.wait(), 5)
        finally:
            uninstall()
        return got

    assert asyncio.run(main()) == [(signal.SIGTERM, True)]
    loop = asyncio.new_event_loop()
    try:
        with pytest.raises(ValueError, match="pass on_signal"):
            install_signal_saves(session, loop=loop)
    finally:
        loop.close()


def test_ctrl_c_saves_and_stays_a_keyboard_interrupt(tmp_path: Path) -> None:
    session = tiny_game(tmp_path)
    with pytest.raises(KeyboardInterrupt), signal_saves(session):
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)


def test_parse_save_accepts_what_a_session_writes(tmp_path: Path) -> None:
    session = tiny_game(tmp_path, moves=3)
    assert parse_save(session.to_save()) == session.save_data()
