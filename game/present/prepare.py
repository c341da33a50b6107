"""Preparing a finished game's debrief, once for every front end: the teaching file, the
glossary's concepts and `debrief_session`, with what each does when its content is broken.

Broken teaching content (which `tnt check` reports) costs only the teaching points: the debrief
says why in their place. A broken glossary costs only the concepts under them.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from game.content.glossary import Glossary
from game.content.loader import ContentErrors
from game.present.debrief import Debrief, debrief_session
from game.session.session import Session


@frozen
class PreparedDebrief:
    debrief: Debrief
    teaching_problem: str  # why there are no teaching points, or ""


def prepare_debrief(session: Session, content_dir: Path) -> PreparedDebrief:
    from game.content.teaching import scenario_teaching

    try:
        teaching = scenario_teaching(content_dir, session.scenario)
    except ContentErrors as exc:
        problem = f"The teaching points could not be read ({exc.errors[0]}); run tnt check."
        return PreparedDebrief(debrief_session(session, None), problem)
    return PreparedDebrief(debrief_session(session, teaching), "")


def concepts(glossary: Glossary | None) -> dict[str, str]:
    """{entry id: 'Term: definition'}: what a teaching point's concept line says."""
    if glossary is None:
        return {}
    return {entry.id: f"{entry.term}: {entry.definition}" for entry in glossary.entries}


def read_concepts(content_dir: Path) -> dict[str, str]:
    """The concepts of the content folder's glossary, or {} when it cannot be read (the
    debrief is still whole without them; `tnt check` reports a broken glossary)."""
    from game.content.glossary import load_glossary

    try:
        return concepts(load_glossary(content_dir))
    except (ContentErrors, OSError):
        return {}
