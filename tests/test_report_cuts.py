"""`tnt report` on a class that played two cuts of the scenario (the classic and the full
variant) and an assignment: each game says what it played, and each cut has its reference row."""

from __future__ import annotations

import csv
from pathlib import Path

from game.content.assignments import assignment_scenario, read_assignment
from game.content.loader import load_scenario
from game.engine.commands import Proceed, WalkAway
from game.engine.model import Scenario
from game.present.class_report import build_report, report_csv, report_markdown
from game.session.session import Session

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _walk_out(scenario: Scenario, folder: Path, name: str) -> None:
    session = Session.start(scenario, "japan", 11, saves_dir=folder, name=name)
    session.submit(Proceed("japan"))
    while session.state.pending:
        session.submit(session.legal()[0])
    session.submit(WalkAway("japan"))


def test_a_class_of_two_variants_and_an_assignment(tmp_path: Path) -> None:
    _walk_out(load_scenario(CONTENT, "april-2025", "classic"), tmp_path, "Aiko")
    _walk_out(load_scenario(CONTENT, "april-2025", "full", "hard"), tmp_path, "Ben")
    lesson = read_assignment(CONTENT / "assignments" / "first-lesson.toml", CONTENT)
    _walk_out(assignment_scenario(lesson, CONTENT), tmp_path, "Chie")
    report = build_report([str(tmp_path)], CONTENT)
    assert len(report.rows) == 3
    text = report_markdown(report)
    assert "Reference: the real deal of 22 July 2025 (april-2025 (classic, normal))" in text
    assert "Reference: the real deal of 22 July 2025 (april-2025 (full, hard))" in text
    assert f"Assignment: {lesson.title}." in text
    rows = list(csv.DictReader(report_csv(report).splitlines()))
    by_student = {row["student"]: row for row in rows}
    assert (by_student["Aiko"]["variant"], by_student["Aiko"]["difficulty"]) == (
        "classic",
        "normal",
    )
    assert (by_student["Ben"]["variant"], by_student["Ben"]["difficulty"]) == ("full", "hard")
    assert by_student["Chie"]["assignment"] == lesson.title
    references = [row for row in rows if row["ending"] == "reference"]
    assert sorted((r["variant"], r["difficulty"]) for r in references) == [
        ("classic", "normal"),
        ("full", "hard"),
    ]
