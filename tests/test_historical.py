"""The real deal of 22 July 2025 as content encodes it: a note and sources per term, read by the
loader and shown by the debrief beside the comparison."""

from __future__ import annotations

import shutil
from pathlib import Path

from game.content.check import check_content
from game.content.loader import load_scenario
from game.engine.commands import Proceed, WalkAway
from game.present.debrief import build_debrief, real_deal_notes
from game.session.session import Session

CONTENT = Path(__file__).resolve().parent.parent / "content"


def test_every_term_of_the_real_deal_has_a_note_and_sources() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    assert scenario.historical is not None
    for issue in scenario.issues:
        note = scenario.historical_note(issue.id)
        assert note is not None, issue.id
        assert len(note.note) > 20, issue.id
        assert note.sources, issue.id
    autos = scenario.historical_note("autos")
    assert autos is not None and "27.5% to 15%" in autos.note


def test_the_debrief_lists_the_real_deal_with_its_sources() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    session = Session.start(scenario, "japan", 3)
    session.submit(Proceed("japan"))
    while session.state.pending:
        command = session.legal()[0]
        session.submit(command)
    session.submit(WalkAway("japan"))
    debrief = build_debrief(session.state, session.transcript)
    notes = real_deal_notes(debrief)
    assert len(notes) == len(scenario.issues)
    assert any(
        n.startswith("Cars and parts: 15%, no volume cap. Cars and parts cut")
        and "[17], [31], [32]" in n
        for n in notes
    )


def test_a_term_table_without_its_option_is_reported(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "scenarios" / "april-2025" / "scenario.toml"
    text = path.read_text()
    start = text.index("[historical.steel]")
    text = text[:start] + text[start:].replace('option = "50"\n', "", 1)
    path.write_text(text)
    lines = [str(e) for e in check_content(content)]
    assert any("historical.steel.option: required key is missing" in x for x in lines), lines
