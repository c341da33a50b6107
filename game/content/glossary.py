"""The glossary: short, plain definitions of the negotiation and trade terms a player meets
(BATNA, reservation value, ZOPA, logrolling, Section 232 ...), read from `content/glossary.toml`.

Kept apart from the scenario loader because every scenario shares it and a front end may open it
before any game starts. Problems are reported like every other content problem, as ContentErrors
with the file, the line and the key path, all at once.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from game.content.reader import key_lines, line_of
from game.content.tables import ContentError, ContentErrors

GLOSSARY_FILE = "glossary.toml"
_REQUIRED = ("id", "term", "definition")
_KNOWN = {*_REQUIRED, "in_game", "sources", "see_also"}


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
    errors = check_glossary(content_dir)
    if errors:
        raise ContentErrors(errors)
    data = tomllib.loads((content_dir / GLOSSARY_FILE).read_text(encoding="utf-8"))
    return Glossary(tuple(_entry(raw) for raw in data["terms"]))


def check_glossary(content_dir: Path) -> list[ContentError]:
    """Every problem in the glossary file: missing or misspelt keys, wrong types, duplicate ids,
    references to unknown entries. [] when it is usable."""
    path = content_dir / GLOSSARY_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return [ContentError(str(path), None, "", "no glossary file")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return [ContentError(str(path), None, "", f"not valid TOML ({exc})")]
    lines = key_lines(text)
    terms = data.get("terms")
    if not isinstance(terms, list) or not terms:
        return [ContentError(str(path), None, "terms", "the glossary needs [[terms]] tables")]
    errors: list[ContentError] = []

    def problem(key: str, message: str) -> None:
        errors.append(ContentError(str(path), line_of(lines, key), key, message))

    seen: set[str] = set()
    for n, raw in enumerate(terms):
        at = f"terms[{n}]"
        if not isinstance(raw, dict):
            problem(at, "each term is a table")
            continue
        for key in _REQUIRED:
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problem(f"{at}.{key}", "a term needs a non-empty text here")
        for key in sorted(set(raw) - _KNOWN):
            problem(f"{at}.{key}", f"unknown key; known: {', '.join(sorted(_KNOWN))}")
        if "in_game" in raw and not isinstance(raw["in_game"], str):
            problem(f"{at}.in_game", "expected a text")
        sources = raw.get("sources", [])
        if not isinstance(sources, list) or not all(
            isinstance(s, int) and not isinstance(s, bool) and s > 0 for s in sources
        ):
            problem(f"{at}.sources", "expected a list of source numbers")
        if not isinstance(raw.get("see_also", []), list):
            problem(f"{at}.see_also", "expected a list of term ids")
        entry_id = raw.get("id")
        if isinstance(entry_id, str):
            if entry_id in seen:
                problem(f"{at}.id", f"the id {entry_id!r} is used twice")
            seen.add(entry_id)
    for n, raw in enumerate(terms):
        if isinstance(raw, dict) and isinstance(raw.get("see_also"), list):
            for m, ref in enumerate(raw["see_also"]):
                if ref not in seen:
                    problem(f"terms[{n}].see_also[{m}]", f"no term has the id {ref!r}")
    return errors


def _entry(raw: dict[str, object]) -> Entry:
    sources = raw.get("sources", [])
    see_also = raw.get("see_also", [])
    assert isinstance(sources, list) and isinstance(see_also, list)  # check_glossary saw to it
    return Entry(
        id=str(raw["id"]),
        term=str(raw["term"]),
        definition=_one_paragraph(str(raw["definition"])),
        in_game=_one_paragraph(str(raw.get("in_game", ""))),
        sources=tuple(int(s) for s in sources),
        see_also=tuple(str(s) for s in see_also),
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
