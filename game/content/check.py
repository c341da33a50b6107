"""`tnt check`: every checker of a content folder, run in one place. The loader, the glossary,
the teaching points and the assignments each check their own files; this module is the only one
that knows them all, so none of them imports another to be complete."""

from __future__ import annotations

from pathlib import Path

from game.content.assignments import check_assignments
from game.content.glossary import check_glossary
from game.content.loader import check_scenarios
from game.content.tables import ContentError, in_file_order
from game.content.teaching import check_teaching


def check_content(content_dir: Path) -> list[ContentError]:
    """Every problem in every persona, scenario, teaching file, the glossary and the
    assignments of the folder, in file order; [] when it is all playable."""
    errors: list[ContentError] = []
    scenarios = check_scenarios(content_dir, errors)
    if not content_dir.is_dir():
        return errors
    for scenario_id, scenario in scenarios.items():
        errors += check_teaching(content_dir / "scenarios" / scenario_id, scenario)
    glossary = content_dir / "glossary.toml"
    if glossary.exists() or glossary.is_symlink():  # a content folder may do without one
        errors += check_glossary(content_dir)
    if not errors:  # an assignment is checked against content that loads
        errors += check_assignments(content_dir)
    return in_file_order(errors)
