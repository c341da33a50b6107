"""The one TOML reader of content: every content file (scenarios, personas, teaching points,
the glossary, assignments, scripts) is read through a `Table`, and every problem it finds is a
`ContentError`, printed as `path:line: key.path: message`.

`read_toml` parses a file (a syntax error keeps its line and column); a `Table` hands out typed
values, recording a wrong-type or missing-key error and returning a default, and remembers which
keys were asked for, so whatever was not asked for is reported as an unknown key (with a
did-you-mean). `Refs` collects references to ids defined elsewhere, resolved once every file is
read. `reader.py` maps key paths back to lines.
"""

from __future__ import annotations

import datetime
import difflib
import math
import os
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Generic, TypeVar

from attrs import define, field, frozen

from game.content.limits import (
    MAX_DEPTH,
    MAX_PROBLEMS,
    Refused,
    nesting_problem,
    read_bytes,
    value_problems,
    visible,
)
from game.content.reader import join_key, key_lines, line_of
from game.engine.model import SIDES

T = TypeVar("T")
ID = re.compile(r"[a-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


# ---------------------------------------------------------------------------------------------
# Errors


@frozen
class ContentError:
    path: str
    line: int | None
    key: str  # the key path, e.g. events[3].effects[0].meter; "" for a whole file
    message: str

    def __str__(self) -> str:
        where = display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        parts = [where, self.key, self.message] if self.key else [where, self.message]
        return visible(": ".join(parts))  # a name or key may hold an escape code: show it


class ContentErrors(Exception):
    """Content that cannot be played, with every problem found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: list[ContentError] = in_file_order(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def display_path(path: str) -> str:
    """Relative to the current directory when the file is under it (shorter, and clickable)."""
    try:  # not resolved: a folder linked elsewhere is named as the author wrote it
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix()
    except (ValueError, OSError):
        return path


def in_file_order(errors: Iterable[ContentError]) -> list[ContentError]:
    return sorted(errors, key=lambda e: (e.path, e.line or 0))


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The one near miss of `word` among `candidates` (the game's only fuzzy matching)."""
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""


def unknown(what: str, value: str, known: Collection[str], suffix: str = "") -> str:
    return f"unknown {what} '{value}'{suffix}{did_you_mean(value, known)}"


def joined(values: Iterable[str]) -> str:
    return ", ".join(values)


def number_text(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------------------------------------
# Typed reading of TOML tables


@frozen
class ValueKind(Generic[T]):
    """A TOML value type: its name for messages and a converter (None when the value is not
    of this type)."""

    name: str
    convert: Callable[[object], T | None]


def _as_text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _as_date(value: object) -> str | None:
    # a bare TOML date (date = 2025-04-16) is as good as a quoted one
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    return _as_text(value)


def _as_int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _as_float(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _as_bool(value: object) -> bool | None:
    return value if isinstance(value, bool) else None


TEXT = ValueKind("a string", _as_text)
DATE = ValueKind('a date (a string such as "2025-04-16")', _as_date)
INTEGER = ValueKind("an integer", _as_int)
NUMBER = ValueKind("a number", _as_float)
BOOLEAN = ValueKind("true or false", _as_bool)


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number" if math.isfinite(value) else str(value)  # "must be a number, not inf"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def wrong_type(expected: str, value: object) -> str:
    return f"must be {expected}, not {_type_name(value)}"


@define
class Source:
    """One TOML file: where its keys are, and every table read from it (so that unknown keys
    can be reported once reading is done)."""

    path: Path
    text: str
    errors: list[ContentError]
    tables: list[Table] = field(factory=list)
    _lines: dict[str, int] | None = None
    reported: int = 0

    @property
    def lines(self) -> dict[str, int]:
        # mapping keys to lines costs a scan of the file: only a problem to report pays for it
        if self._lines is None:
            self._lines = key_lines(self.text)
        return self._lines

    @property
    def full(self) -> bool:
        """Enough problems are shown for this file: the rest are not even worded."""
        return self.reported >= MAX_PROBLEMS

    def error(self, key: str, message: str) -> None:
        if self.full:
            if self.reported == MAX_PROBLEMS:  # a hostile file could hold 100,000 mistakes
                more = f"more than {MAX_PROBLEMS} problems; the rest are not shown"
                self.errors.append(ContentError(str(self.path), None, "", more))
            self.reported += 1
            return
        self.reported += 1
        self.errors.append(ContentError(str(self.path), line_of(self.lines, key), key, message))

    def line(self, key: str) -> int | None:
        return line_of(self.lines, key)

    def finish(self) -> None:
        for table in self.tables:
            table.report_unknown_keys()


def read_toml(path: Path, errors: list[ContentError], within: Path | None = None) -> Table | None:
    """The file's top-level table, or None (with an error) when it is missing, not TOML, or
    refused by the limits of game.content.limits: not a regular file inside `within` (default:
    its own folder), too large, too deep, or holding a control character in its text."""
    try:
        text = read_bytes(path, within).decode("utf-8")
    except FileNotFoundError:
        errors.append(ContentError(str(path), None, "", "file is missing"))
        return None
    except Refused as refused:
        errors.append(ContentError(str(path), None, "", str(refused)))
        return None
    except (OSError, UnicodeDecodeError) as problem:
        errors.append(ContentError(str(path), None, "", f"cannot read the file: {problem}"))
        return None
    nested = nesting_problem(text)
    if nested is not None:
        errors.append(ContentError(str(path), nested[0], "", f"{nested[1]}; refused"))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        errors.append(syntax_error(path, str(problem)))
        return None
    except RecursionError:  # the scan above should have stopped it first
        deep = f"values nested more than {MAX_DEPTH} deep; refused"
        errors.append(ContentError(str(path), None, "", deep))
        return None
    source = Source(path, text, errors)
    problems = list(value_problems(data))
    for key, message in problems:
        source.error(key, message)
    return None if problems else Table.make(source, "", data)


def syntax_error(path: Path, message: str) -> ContentError:
    # tomllib (3.11) gives no attributes, only "... (at line 3, column 9)" in its message
    found = _TOML_POSITION.search(message)
    if found is None:
        return ContentError(str(path), None, "", f"TOML syntax error: {message}")
    text = message[: found.start()]
    line, column = int(found.group(1)), found.group(2)
    return ContentError(str(path), line, "", f"TOML syntax error: {text} (column {column})")


@define
class Table:
    source: Source
    path: str  # key path of this table in its file ("" for the top level)
    data: Mapping[str, object]
    asked: set[str] = field(factory=set)

    @classmethod
    def make(cls, source: Source, path: str, data: Mapping[str, object]) -> Table:
        table = cls(source, path, data)
        source.tables.append(table)
        return table

    def key(self, name: str) -> str:
        return join_key(self.path, name)

    def error(self, name: str, message: str) -> None:
        self.source.error(self.key(name), message)

    def here(self, message: str) -> None:
        """A problem of this table as a whole (not of one of its keys)."""
        self.source.error(self.path, message)

    def line(self, name: str = "") -> int | None:
        return self.source.line(self.key(name) if name else self.path)

    def has(self, name: str) -> bool:
        self.asked.add(name)
        return name in self.data

    def raw(self, name: str, required: bool) -> object | None:
        self.asked.add(name)
        if name in self.data:
            return self.data[name]
        if required:
            self.error(name, "required key is missing")
        return None

    def optional(self, name: str, kind: ValueKind[T], *, required: bool = False) -> T | None:
        value = self.raw(name, required)
        if value is None:
            return None
        converted = kind.convert(value)
        if converted is None:
            self.error(name, wrong_type(kind.name, value))
        return converted

    def value(self, name: str, kind: ValueKind[T], default: T, *, required: bool = False) -> T:
        found = self.optional(name, kind, required=required)
        return default if found is None else found

    def array(self, name: str, kind: ValueKind[T], *, required: bool = False) -> list[T]:
        """An array of `kind`; elements of the wrong type are reported and left out."""
        value = self.raw(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, wrong_type(f"an array of {_plural(kind.name)}", value))
            return []
        found: list[T] = []
        for index, element in enumerate(value):
            converted = kind.convert(element)
            if converted is None:
                self.error(f"{name}[{index}]", wrong_type(kind.name, element))
            else:
                found.append(converted)
        return found

    def entries(self, kind: ValueKind[T]) -> list[tuple[str, T]]:
        """Every key of this table, as data (ids mapped to values) rather than fields."""
        self.asked.update(self.data)
        found: list[tuple[str, T]] = []
        for name, value in self.data.items():
            converted = kind.convert(value)
            if converted is None:
                self.error(name, wrong_type(kind.name, value))
            else:
                found.append((name, converted))
        return found

    def table(self, name: str, *, required: bool = False) -> Table | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(name, wrong_type("a table", value))
            return None
        return Table.make(self.source, self.key(name), value)

    def subtables(self) -> list[tuple[str, Table]]:
        """Every key of this table, each holding a table (as `[japan.values]` does)."""
        self.asked.update(self.data)
        found: list[tuple[str, Table]] = []
        for name, value in self.data.items():
            if isinstance(value, dict):
                found.append((name, Table.make(self.source, self.key(name), value)))
            else:
                self.error(name, wrong_type("a table", value))
        return found

    def tables(self, name: str, *, required: bool = False) -> list[Table]:
        """An array of tables: `[[name]]` sections or an inline `[{…}, {…}]`."""
        value = self.raw(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, wrong_type("an array of tables", value))
            return []
        found: list[Table] = []
        for index, element in enumerate(value):
            key = f"{self.key(name)}[{index}]"
            if isinstance(element, dict):
                found.append(Table.make(self.source, key, element))
            else:
                self.source.error(key, wrong_type("a table", element))
        return found

    def some_tables(self, name: str) -> list[Table]:
        """An array of tables that must hold at least one (`[[points]]`, `[[terms]]`)."""
        found = self.tables(name, required=True)
        if isinstance(self.data.get(name), list) and not self.data[name]:
            self.error(name, f"needs at least one [[{name}]] table")
        return found

    def words(self, name: str, *, required: bool = True) -> str:
        """A string that must say something: a title, a term, a definition."""
        value = self.value(name, TEXT, "", required=required)
        if isinstance(self.data.get(name), str) and not value.strip():
            self.error(name, "must not be empty")
        return value

    def ident(self, name: str = "id") -> str:
        value = self.value(name, TEXT, "", required=True)
        if name in self.data and isinstance(self.data[name], str) and not ID.fullmatch(value):
            self.error(name, f"id '{value}' must be lowercase letters, digits, '-' or '_'")
        return value

    def side(self, name: str, *, required: bool = False) -> str | None:
        value = self.optional(name, TEXT, required=required)
        if value is not None and value not in SIDES:
            self.error(name, unknown("side", value, SIDES) + " (sides are japan and us)")
            return None
        return value

    def choice(
        self, name: str, allowed: Sequence[str], what: str, default: str, *, required: bool = False
    ) -> str:
        value = self.value(name, TEXT, default, required=required)
        if value not in allowed:
            self.error(name, unknown(what, value, allowed) + f" (one of: {joined(allowed)})")
        return value

    def sources(self) -> tuple[int, ...]:
        numbers = self.array("sources", INTEGER)
        for index, number in enumerate(numbers):
            if number < 1:
                self.error(f"sources[{index}]", f"source numbers start at 1, not {number}")
        return tuple(numbers)

    def report_unknown_keys(self) -> None:
        for name in self.data:
            if self.source.full:
                self.source.error(name, "")  # counted (the file says there is more), not worded
                return
            if name not in self.asked:
                self.error(name, f"unknown key '{name}'{did_you_mean(name, self.asked)}")


def _plural(kind_name: str) -> str:
    return {"a string": "strings", "an integer": "integers", "a number": "numbers"}.get(
        kind_name, kind_name
    )


@frozen
class Range:
    """Allowed values of a number, and the words that say so."""

    low: float | None
    high: float | None
    low_open: bool = False
    high_open: bool = False

    def holds(self, value: float) -> bool:
        above = self.low is None or (value > self.low if self.low_open else value >= self.low)
        below = self.high is None or (value < self.high if self.high_open else value <= self.high)
        return above and below

    def words(self) -> str:
        closed = not (self.low_open or self.high_open)
        if self.low is not None and self.high is not None and closed:
            return f"between {number_text(self.low)} and {number_text(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(("more than " if self.low_open else "at least ") + number_text(self.low))
        if self.high is not None:
            parts.append(("less than " if self.high_open else "at most ") + number_text(self.high))
        return " and ".join(parts)


def check_range(table: Table, name: str, value: float, allowed: Range) -> None:
    if name in table.data and not allowed.holds(value):
        table.error(name, f"must be {allowed.words()}, not {number_text(value)}")


UNIT = Range(0, 1)
PERCENT_METER = Range(0, 100)


def number_in(table: Table, name: str, default: float, allowed: Range) -> float:
    value = table.value(name, NUMBER, default)
    check_range(table, name, value, allowed)
    return value


def _first_at(first: Table, again: Table) -> str:
    """Where an id was first defined: a line in the same file, else `path:line`."""
    line = first.line("id")
    if first.source.path == again.source.path:
        return f" (first at line {line})" if line is not None else ""
    where = display_path(str(first.source.path))
    return f" (first in {where}:{line})" if line is not None else f" (first in {where})"


def check_unique(items: Iterable[tuple[Table, str]], what: str) -> None:
    """Report the second and later uses of an id, pointing back at the first."""
    first: dict[str, Table] = {}
    for table, ident in items:
        if not ident:
            continue
        if ident in first:
            table.error("id", f"duplicate {what} id '{ident}'{_first_at(first[ident], table)}")
        else:
            first[ident] = table


# ---------------------------------------------------------------------------------------------
# References, resolved after every file is read


@frozen
class Ref:
    source: Source
    key: str
    scope: str  # which set of ids it must be in: "meter", "event", "option:<issue id>", …
    value: str
    what: str
    suffix: str = ""


@define
class Refs:
    pending: list[Ref] = field(factory=list)

    def need(
        self, table: Table, name: str, scope: str, value: str, what: str, suffix: str = ""
    ) -> None:
        if value:
            self.pending.append(Ref(table.source, table.key(name), scope, value, what, suffix))

    def option(self, table: Table, name: str, issue: str, value: str) -> None:
        self.need(table, name, f"option:{issue}", value, "option", f" of issue '{issue}'")

    def resolve(self, known: Mapping[str, Collection[str]]) -> None:
        for ref in self.pending:
            ids = known.get(ref.scope)
            # an unknown scope (an option of an issue that does not exist) is already reported
            if ids is not None and ref.value not in ids:
                ref.source.error(ref.key, unknown(ref.what, ref.value, ids, ref.suffix))
