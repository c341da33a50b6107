"""Viewing a saved game move by move (`tnt replay`, the load screen's View): the save is replayed
once, through the Session's own replay, and only a fault of the file's reads as a bad save: an
error that is a bug in the game propagates, on the content the game was played on or on changed
content alike."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

import game.session.session as session_module
from game.content.loader import load_scenario
from game.engine.commands import Command, Proceed, Propose
from game.engine.model import GameState
from game.session.games import load_game
from game.session.saves import read_save
from game.session.session import Session
from game.tui.saved_games import read_history

TINY_CONTENT = Path(__file__).parent / "content_good"


def played(content: Path, saves: Path) -> Session:
    """A game of the tiny scenario, saved after three moves of the player's."""
    tiny = load_scenario(content, "tiny")
    session = Session.start(tiny, "japan", 5, saves_dir=saves)
    best = tiny.utility("japan").best_terms()
    session.submit(Proceed("japan"))
    session.submit(Propose("japan", best))
    session.submit(Propose("japan", best))
    assert session.save_path is not None
    return session


def count_moves_replayed(monkeypatch: pytest.MonkeyPatch) -> list[Command]:
    """Every command the Session plays from now on, the real `_advance` still playing it."""
    seen: list[Command] = []
    advance = Session._advance

    def counted(self: Session, command: Command) -> Any:
        seen.append(command)
        return advance(self, command)

    monkeypatch.setattr(Session, "_advance", counted)
    return seen


def engine_bug_on_proposals(monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine, with a bug: a proposal raises TypeError (as a wrong argument would)."""
    apply = session_module.apply

    def buggy(state: GameState, command: Command) -> Any:
        if isinstance(command, Propose):
            raise TypeError("unsupported operand type(s) for +: 'int' and 'NoneType'")
        return apply(state, command)

    monkeypatch.setattr(session_module, "apply", buggy)


def change_content(content: Path) -> None:
    """Rename an option the save's proposals name, so that they no longer replay."""
    for name, old, new in [("issues", 'id = "0"', 'id = "zero"'), ("utilities", '"0" =', "zero =")]:
        file = content / "scenarios" / "tiny" / f"{name}.toml"
        file.write_text(file.read_text().replace(old, new))


def test_viewing_a_save_replays_each_of_its_moves_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = played(TINY_CONTENT, tmp_path)
    assert session.save_path is not None
    seen = count_moves_replayed(monkeypatch)
    history = read_history(session.save_path, TINY_CONTENT)
    assert seen == session.log  # once each, in order: not once to check and again to step
    assert history.moves == len(session.log) == 3 and not history.stopped
    assert [step.command for step in history.steps] == [None, *session.log]
    assert history.steps[-1].state == session.state
    assert history.transcript == tuple(session.transcript)
    assert history.steps[-1].shown == len(session.transcript)
    # the Session set its own fields: where it was loaded from, and no file to write
    assert history.session.loaded_from == session.save_path
    assert history.session.save_path is None and not history.session.unverified


def test_a_save_on_changed_content_is_viewed_as_far_as_its_moves_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    session = played(content, tmp_path / "saves")
    assert session.save_path is not None
    change_content(content)
    seen = count_moves_replayed(monkeypatch)
    history = read_history(session.save_path, content)
    assert history.stopped and history.moves == 1  # Proceed
    assert seen == session.log[:1]  # the proposal fails to read: it never reaches the engine
    assert len(history.notes) == 2
    assert "the content has changed since this game was saved, and move 2 of 3" in history.notes[0]
    assert "is no longer legal" in history.notes[0]
    assert history.notes[1] == "the replay stops after move 1"
    assert history.session.state == history.steps[-1].state
    fork = history.session.fork(1)  # from the game as far as it went, saving nowhere
    assert fork.log == session.log[:1] and fork.save_path is None
    assert fork.parent is not None and fork.parent.file == session.save_path.name


@pytest.mark.parametrize("changed", [False, True], ids=["same content", "changed content"])
def test_an_engine_bug_during_the_replay_is_not_reported_as_a_bad_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: bool
) -> None:
    content = tmp_path / "content"
    shutil.copytree(TINY_CONTENT, content)
    session = played(content, tmp_path / "saves")
    assert session.save_path is not None
    if changed:  # where a bad move ends the replay quietly: a bug must not end it so
        scenario_file = content / "scenarios" / "tiny" / "scenario.toml"
        scenario_file.write_text(scenario_file.read_text().replace("Tiny talks", "Tiny, v2"))
        assert (
            load_scenario(content, "tiny").fingerprint
            != read_save(session.save_path).content_fingerprint
        )
    engine_bug_on_proposals(monkeypatch)
    with pytest.raises(TypeError, match="unsupported operand"):
        read_history(session.save_path, content)
    with pytest.raises(TypeError, match="unsupported operand"):  # nor on resuming it
        load_game(session.save_path, content, saves_dir=tmp_path / "saves")
