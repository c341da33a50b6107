"""A game of the classic variant (five issues) has the whole debrief: teaching points whose
security issues the cut dropped still load, and `tnt export` works on its save."""

from __future__ import annotations

from pathlib import Path

from game.content.loader import load_scenario
from game.content.teaching import scenario_teaching
from game.engine.commands import Proceed, WalkAway
from game.present.debrief import debrief_session
from game.session.session import Session
from tests.test_cli import tnt

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _walked_out(tmp_path: Path) -> Session:
    scenario = load_scenario(CONTENT, "april-2025", "classic")
    session = Session.start(scenario, "japan", 5, saves_dir=tmp_path)
    session.submit(Proceed("japan"))
    while session.state.pending:
        session.submit(session.legal()[0])
    session.submit(WalkAway("japan"))
    assert session.over
    return session


def test_the_teaching_points_load_for_a_cut_scenario(tmp_path: Path) -> None:
    session = _walked_out(tmp_path)
    teaching = scenario_teaching(CONTENT, session.scenario)
    assert teaching.points
    assert set(teaching.security_issues) <= {i.id for i in session.scenario.issues}
    assert "hns" in teaching.security_issues  # kept: the classic variant has troop costs
    debrief = debrief_session(session, teaching)
    assert debrief.teaching


def test_export_of_a_classic_save_works(tmp_path: Path) -> None:
    session = _walked_out(tmp_path)
    assert session.save_path is not None
    result = tnt("export", str(session.save_path))
    assert result.returncode == 0, result.stderr
    assert "\n## Teaching points\n" in result.stdout
