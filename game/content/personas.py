"""Personas (content/personas/*.toml): the AI counterparts every scenario shares."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from attrs import define, field

from game.content.limits import outside
from game.content.tables import (
    BOOLEAN,
    ID,
    NUMBER,
    TEXT,
    UNIT,
    ContentError,
    Range,
    Table,
    check_unique,
    joined,
    number_in,
    read_toml,
    unknown,
)
from game.engine.model import SIGNAL_VERBS, SITUATIONS, Persona

# ---------------------------------------------------------------------------------------------
# Personas


@define
class Personas:
    """Every persona file that could be read, and the ids of those that could not (so that a
    scenario naming a broken persona is not told, falsely, that it does not exist)."""

    personas: list[Persona] = field(factory=list)
    unreadable: set[str] = field(factory=set)
    refused: bool = False  # the folder itself was refused: no persona can be looked up

    def readable(self, persona_id: str) -> bool:
        return not self.refused and persona_id not in self.unreadable

    def side_of(self, persona_id: str) -> str | None:
        for persona in self.personas:
            if persona.id == persona_id:
                return persona.side
        return None


def read_personas(content_dir: Path, errors: list[ContentError]) -> Personas:
    folder = content_dir / "personas"
    found = Personas()
    if not folder.is_dir():
        errors.append(ContentError(str(folder), None, "", "folder is missing"))
        return found
    linked = outside(content_dir, folder)
    if linked is not None:
        errors.append(ContentError(str(folder), None, "", linked))
        found.refused = True
        return found
    tables: list[tuple[Table, str]] = []
    for path in sorted(folder.glob("*.toml")):
        root = read_toml(path, errors)
        if root is None:
            found.unreadable.add(path.stem)
            continue
        persona = _read_persona(root, path.stem)
        root.source.finish()
        found.personas.append(persona)
        tables.append((root, persona.id))
    check_unique(tables, "persona")
    return found


_PERSONA_RANGES: Mapping[str, tuple[float, Range]] = {
    "e": (1.0, Range(0, None, low_open=True)),
    "floor": (0.0, Range(0, 1, high_open=True)),
    "reciprocity": (0.5, Range(0, 2)),
    "volatility": (0.0, Range(0, 0.5)),
    "deadline_t": (0.9, Range(0, 1, low_open=True)),
    "walk_mood": (-0.8, Range(-1, 0)),
    "walk_chance": (0.5, UNIT),
}


def _read_persona(root: Table, file_id: str) -> Persona:
    ident = root.ident()
    if ident and ident != file_id and ID.fullmatch(ident):
        root.error("id", f"id '{ident}' does not match the file name '{file_id}.toml'")
    numbers = {
        name: number_in(root, name, default, allowed)
        for name, (default, allowed) in _PERSONA_RANGES.items()
    }
    return Persona(
        id=ident,
        side=root.side("side", required=True) or "",
        name=root.value("name", TEXT, "", required=True),
        title=root.value("title", TEXT, "", required=True),
        description=root.value("description", TEXT, "", required=True),
        reactions=_read_reactions(root),
        lines=_read_lines(root),
        opening_signal=_read_opening_signal(root),
        invented=root.value("invented", BOOLEAN, True),
        e=numbers["e"],
        floor=numbers["floor"],
        reciprocity=numbers["reciprocity"],
        volatility=numbers["volatility"],
        deadline_t=numbers["deadline_t"],
        walk_mood=numbers["walk_mood"],
        walk_chance=numbers["walk_chance"],
    )


def _read_reactions(root: Table) -> tuple[tuple[str, float], ...]:
    table = root.table("reactions")
    if table is None:
        return ()
    reactions = table.entries(NUMBER)
    for signal, _ in reactions:
        if signal not in SIGNAL_VERBS:
            table.error(signal, unknown("signal", signal, SIGNAL_VERBS))
    return tuple(reactions)


def _read_opening_signal(root: Table) -> str:
    signal = root.value("opening_signal", TEXT, "")
    if signal and signal not in SIGNAL_VERBS:
        root.error("opening_signal", unknown("signal", signal, SIGNAL_VERBS))
    return signal


def _read_lines(root: Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = root.table("lines", required=True)
    if table is None:
        return ()
    lines = [(situation, tuple(table.array(situation, TEXT))) for situation in SITUATIONS]
    missing = [s for s, said in lines if not said and s not in table.data]
    if missing:
        table.source.error(
            table.path, f"every situation needs at least one line; missing: {joined(missing)}"
        )
    for situation, said in lines:
        if not said and situation in table.data:
            table.error(situation, "needs at least one line")
    return tuple(lines)
