"""Session: the one API every front end uses: moves, the AI's answers, the log and the save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tiny import tiny_scenario

from game.engine.commands import Proceed, Propose
from game.engine.events import OfferMade, Said
from game.engine.machine import IllegalMove
from game.engine.model import Phase
from game.session.session import SaveError, Session, load_save


def play_out(session: Session) -> None:
    """The player re-proposes Japan's own best package each turn; events get option one."""
    best = session.scenario.utility(session.player).best_terms()
    while not session.over:
        if session.state.pending or session.state.phase is not Phase.NEGOTIATION:
            session.submit(session.legal()[0])
        else:
            session.submit(Propose(session.player, best))


def test_the_ai_answers_each_move_and_says_something(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(), "japan", 4, saves_dir=tmp_path)
    events = session.submit(Proceed("japan"))
    assert session.actor() == "japan" and session.state.round == 1
    us_moves = [e for e in events if isinstance(e, OfferMade) and e.side == "us"]
    assert len(us_moves) == 1
    assert any(isinstance(e, Said) and e.side == "us" and e.text for e in events)


def test_a_save_is_written_after_every_move_and_replays_to_the_same_state(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(), "japan", 11, saves_dir=tmp_path)
    assert session.save_path is not None and session.save_path.exists()
    play_out(session)
    data = load_save(session.save_path)
    assert data["commands"] and data["seed"] == 11 and data["role"] == "japan"
    assert data["summary"]["ending"] == session.state.ending.value  # type: ignore[union-attr]
    again = Session.replay(tiny_scenario(), data)
    assert again.state == session.state
    assert again.transcript_dicts() == session.transcript_dicts()


def test_two_games_on_one_seed_do_not_overwrite_each_other(tmp_path: Path) -> None:
    a = Session.start(tiny_scenario(), "us", 2, saves_dir=tmp_path)
    b = Session.start(tiny_scenario(), "us", 2, saves_dir=tmp_path)
    assert a.save_path != b.save_path
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tiny-us-seed2-2.json",
        "tiny-us-seed2.json",
    ]


def test_an_illegal_move_is_refused_and_not_logged(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(), "japan", 1, saves_dir=tmp_path)
    session.submit(Proceed("japan"))
    before = (session.state, list(session.log), session.save_path.read_bytes())  # type: ignore[union-attr]
    with pytest.raises(IllegalMove):
        session.submit(Proceed("japan"))
    with pytest.raises(IllegalMove, match="The AI plays us"):
        session.submit(Propose("us", session.scenario.status_quo))
    assert (session.state, session.log, session.save_path.read_bytes()) == before  # type: ignore[union-attr]


def test_playing_as_the_us_against_the_japanese_ai(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(), "us", 6, saves_dir=None)
    assert session.save_path is None
    play_out(session)
    assert session.over and session.state.ending is not None


def test_a_persona_of_the_players_own_side_is_refused() -> None:
    with pytest.raises(ValueError, match="player's own side"):
        Session.start(tiny_scenario(), "japan", 1, persona="jp-test")
    with pytest.raises(KeyError):
        Session.start(tiny_scenario(), "japan", 1, persona="nobody")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"format": 99}', "save format 99"),
    ],
)
def test_unusable_saves_are_refused_with_a_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(SaveError, match=message):
        load_save(path)
    assert path.read_text() == text


def test_a_save_whose_commands_do_not_replay_is_refused(tmp_path: Path) -> None:
    session = Session.start(tiny_scenario(), "japan", 1, saves_dir=tmp_path)
    play_out(session)
    data = json.loads(session.save_path.read_text())  # type: ignore[union-attr]
    data["commands"].insert(0, {"type": "accept", "side": "japan"})
    with pytest.raises(SaveError, match=r"move 1 of \d+ \(accept by japan\) does not replay"):
        Session.replay(tiny_scenario(), data)
