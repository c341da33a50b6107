"""The glossary: short, plain definitions of the negotiation and trade terms a player meets
(BATNA, reservation value, ZOPA, logrolling, Section 232 ...), read from `content/glossary.toml`.

Kept apart from the scenario loader because every scenario shares it and a front end may open it
before any game starts. Problems are reported like every other content problem, as ContentErrors
with the file, the line and the key path, all at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from game.content.tables import (
    TEXT,
    ContentError,
    ContentErrors,
    Table,
    check_unique,
    read_toml,
    unknown,
)

GLOSSARY_FILE = "glossary.toml"


@frozen
class Entry:
    id: str
    term: str
    definition: str
    in_game: str = ""
    sources: tuple[int, ...] = ()
    see_also: tuple[str, ...] = ()


@frozen
class Glossary:
    entries: tuple[Entry, ...]

    def entry(self, entry_id: str) -> Entry:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def find(self, word: str) -> Entry | None:
        """An entry by id or by its term, ignoring case ('batna', 'BATNA', 'ZOPA')."""
        key = word.strip().lower()
        for entry in self.entries:
            if key in (entry.id, entry.term.lower()):
                return entry
        return None


def load_glossary(content_dir: Path) -> Glossary:
    """The content folder's glossary; ContentErrors listing every problem if it is unusable."""
    glossary, errors = _read(content_dir / GLOSSARY_FILE)
    if errors:
        raise ContentErrors(errors)
    return glossary


def check_glossary(content_dir: Path) -> list[ContentError]:
    """Every problem in the glossary file: missing or misspelt keys, wrong types, duplicate ids,
    references to unknown entries. [] when it is usable."""
    return _read(content_dir / GLOSSARY_FILE)[1]


def _read(path: Path) -> tuple[Glossary, list[ContentError]]:
    """The glossary through the one TOML reader (content/tables.py), with every problem."""
    errors: list[ContentError] = []
    root = read_toml(path, errors)
    if root is None:
        return Glossary(()), errors
    tables = root.some_tables("terms")
    entries = [(table, _entry(table)) for table in tables]
    check_unique(((table, entry.id) for table, entry in entries), "term")
    known = {entry.id for _, entry in entries}
    for table, entry in entries:
        for m, ref in enumerate(entry.see_also):
            if ref not in known:
                table.error(f"see_also[{m}]", unknown("term", ref, known))
    root.source.finish()
    return Glossary(tuple(entry for _, entry in entries)), errors


def _entry(table: Table) -> Entry:
    return Entry(
        id=table.ident(),
        term=table.words("term"),
        definition=_one_paragraph(table.words("definition")),
        in_game=_one_paragraph(table.value("in_game", TEXT, "")),
        sources=table.sources(),
        see_also=tuple(table.array("see_also", TEXT)),
    )


def _one_paragraph(text: str) -> str:
    return " ".join(text.split())


def entry_lines(entry: Entry, glossary: Glossary | None = None) -> Sequence[str]:
    """The entry as lines of plain text, each readable on its own."""
    lines = [f"{entry.term}: {entry.definition}"]
    if entry.in_game:
        lines.append(f"In the game: {entry.in_game}")
    if entry.sources:
        lines.append("Sources: " + ", ".join(f"[{n}]" for n in entry.sources) + ".")
    if entry.see_also and glossary is not None:
        names = [glossary.entry(ref).term for ref in entry.see_also]
        lines.append("See also: " + ", ".join(names) + ".")
    return lines
