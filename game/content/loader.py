"""Reading `content/` (TOML) into the engine's models, and checking it.

Every problem becomes a `ContentError(path, line, key, message)`, printed as
`path:line: key.path: message`, and all of them are collected before anything is refused: an
author fixing a scenario wants the whole list at once, never a traceback. `tnt check` calls
`check_content`; the game calls `load_scenario`, which runs the same checks.

Reading works in layers. `_Table` wraps one TOML table, hands out typed values (recording a
wrong-type or missing-key error and returning a default), and remembers which keys were asked for,
so whatever was not asked for is an unknown key. References to ids defined elsewhere (a meter in an
event, an event in a queue effect) are collected while reading and resolved once every file has
been read. Checks that need a complete, well-typed scenario (the zone of agreement) run only
when nothing else is wrong.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import math
import re
import tomllib
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import attrs
from attrs import define, field, frozen

from game.content.reader import join_key, key_lines, line_of
from game.engine.model import (
    EFFECT_KEYS,
    EFFECT_VERBS,
    EVENT_FAMILIES,
    ISSUE_KINDS,
    SIDES,
    SIGNAL_VERBS,
    SITUATIONS,
    Brief,
    Difficulty,
    Effect,
    EventOption,
    Issue,
    Meter,
    Option,
    Persona,
    RatificationStage,
    Round,
    Scenario,
    Setup,
    SideEvent,
    SignalDef,
    TermNote,
    Terms,
    Trigger,
    Utility,
    Variant,
)
from game.engine.variants import cut

T = TypeVar("T")

SCENARIO_FILES = ("scenario", "issues", "utilities", "events")
# files a scenario may do without: confidential briefs, and its variants and difficulty levels
OPTIONAL_FILES = ("briefs", "variants")
BRIEF_WORDS = 500
_ALL_EFFECT_KEYS = ("verb", "meter", "side", "issue", "option", "event", "delta", "rounds")
_ID = re.compile(r"[a-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_WEIGHT_TOLERANCE = 0.001
# a deal must beat no deal by more than rounding noise to count as a zone of agreement
_ZONE_EPSILON = 1e-9


# ---------------------------------------------------------------------------------------------
# Errors


@frozen
class ContentError:
    path: str
    line: int | None
    key: str  # the key path, e.g. events[3].effects[0].meter; "" for a whole file
    message: str

    def __str__(self) -> str:
        where = _display_path(self.path)
        if self.line is not None:
            where = f"{where}:{self.line}"
        return ": ".join([where, self.key, self.message] if self.key else [where, self.message])


class ContentErrors(Exception):
    """Content that cannot be played, with every problem found."""

    def __init__(self, errors: Iterable[ContentError]) -> None:
        self.errors: list[ContentError] = _in_file_order(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def _display_path(path: str) -> str:
    """Relative to the current directory when the file is under it (shorter, and clickable)."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path


def _in_file_order(errors: Iterable[ContentError]) -> list[ContentError]:
    return sorted(errors, key=lambda e: (e.path, e.line or 0))


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(set(candidates)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""


def _unknown(what: str, value: str, known: Collection[str], suffix: str = "") -> str:
    return f"unknown {what} '{value}'{suffix}{_did_you_mean(value, known)}"


def _names(values: Iterable[str]) -> str:
    return ", ".join(values)


def _num(value: float) -> str:
    return f"{value:g}"


# ---------------------------------------------------------------------------------------------
# Typed reading of TOML tables


@frozen
class _Kind(Generic[T]):
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


TEXT = _Kind("a string", _as_text)
DATE = _Kind('a date (a string such as "2025-04-16")', _as_date)
INTEGER = _Kind("an integer", _as_int)
NUMBER = _Kind("a number", _as_float)
BOOLEAN = _Kind("true or false", _as_bool)


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


def _wrong_type(expected: str, value: object) -> str:
    return f"must be {expected}, not {_type_name(value)}"


@define
class _Source:
    """One TOML file: where its keys are, and every table read from it (so that unknown keys
    can be reported once reading is done)."""

    path: Path
    text: str
    errors: list[ContentError]
    tables: list[_Table] = field(factory=list)
    _lines: dict[str, int] | None = None

    @property
    def lines(self) -> dict[str, int]:
        # mapping keys to lines costs a scan of the file: only a problem to report pays for it
        if self._lines is None:
            self._lines = key_lines(self.text)
        return self._lines

    def error(self, key: str, message: str) -> None:
        self.errors.append(ContentError(str(self.path), line_of(self.lines, key), key, message))

    def line(self, key: str) -> int | None:
        return line_of(self.lines, key)

    def finish(self) -> None:
        for table in self.tables:
            table.report_unknown_keys()


def _read_toml(path: Path, errors: list[ContentError]) -> _Table | None:
    """The file's top-level table, or None (with an error) when it is missing or not TOML."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(ContentError(str(path), None, "", "file is missing"))
        return None
    except (OSError, UnicodeDecodeError) as problem:
        errors.append(ContentError(str(path), None, "", f"cannot read the file: {problem}"))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        errors.append(_syntax_error(path, str(problem)))
        return None
    source = _Source(path, text, errors)
    return _Table.make(source, "", data)


def _syntax_error(path: Path, message: str) -> ContentError:
    # tomllib (3.11) gives no attributes, only "... (at line 3, column 9)" in its message
    found = _TOML_POSITION.search(message)
    if found is None:
        return ContentError(str(path), None, "", f"TOML syntax error: {message}")
    text = message[: found.start()]
    line, column = int(found.group(1)), found.group(2)
    return ContentError(str(path), line, "", f"TOML syntax error: {text} (column {column})")


@define
class _Table:
    source: _Source
    path: str  # key path of this table in its file ("" for the top level)
    data: Mapping[str, object]
    asked: set[str] = field(factory=set)

    @classmethod
    def make(cls, source: _Source, path: str, data: Mapping[str, object]) -> _Table:
        table = cls(source, path, data)
        source.tables.append(table)
        return table

    def key(self, name: str) -> str:
        return join_key(self.path, name)

    def error(self, name: str, message: str) -> None:
        self.source.error(self.key(name), message)

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

    def optional(self, name: str, kind: _Kind[T], *, required: bool = False) -> T | None:
        value = self.raw(name, required)
        if value is None:
            return None
        converted = kind.convert(value)
        if converted is None:
            self.error(name, _wrong_type(kind.name, value))
        return converted

    def value(self, name: str, kind: _Kind[T], default: T, *, required: bool = False) -> T:
        found = self.optional(name, kind, required=required)
        return default if found is None else found

    def array(self, name: str, kind: _Kind[T], *, required: bool = False) -> list[T]:
        """An array of `kind`; elements of the wrong type are reported and left out."""
        value = self.raw(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, _wrong_type(f"an array of {_plural(kind.name)}", value))
            return []
        found: list[T] = []
        for index, element in enumerate(value):
            converted = kind.convert(element)
            if converted is None:
                self.error(f"{name}[{index}]", _wrong_type(kind.name, element))
            else:
                found.append(converted)
        return found

    def entries(self, kind: _Kind[T]) -> list[tuple[str, T]]:
        """Every key of this table, as data (ids mapped to values) rather than fields."""
        self.asked.update(self.data)
        found: list[tuple[str, T]] = []
        for name, value in self.data.items():
            converted = kind.convert(value)
            if converted is None:
                self.error(name, _wrong_type(kind.name, value))
            else:
                found.append((name, converted))
        return found

    def table(self, name: str, *, required: bool = False) -> _Table | None:
        value = self.raw(name, required)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.error(name, _wrong_type("a table", value))
            return None
        return _Table.make(self.source, self.key(name), value)

    def subtables(self) -> list[tuple[str, _Table]]:
        """Every key of this table, each holding a table (as `[japan.values]` does)."""
        self.asked.update(self.data)
        found: list[tuple[str, _Table]] = []
        for name, value in self.data.items():
            if isinstance(value, dict):
                found.append((name, _Table.make(self.source, self.key(name), value)))
            else:
                self.error(name, _wrong_type("a table", value))
        return found

    def tables(self, name: str, *, required: bool = False) -> list[_Table]:
        """An array of tables: `[[name]]` sections or an inline `[{…}, {…}]`."""
        value = self.raw(name, required)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(name, _wrong_type("an array of tables", value))
            return []
        found: list[_Table] = []
        for index, element in enumerate(value):
            key = f"{self.key(name)}[{index}]"
            if isinstance(element, dict):
                found.append(_Table.make(self.source, key, element))
            else:
                self.source.error(key, _wrong_type("a table", element))
        return found

    def ident(self, name: str = "id") -> str:
        value = self.value(name, TEXT, "", required=True)
        if name in self.data and isinstance(self.data[name], str) and not _ID.fullmatch(value):
            self.error(name, f"id '{value}' must be lowercase letters, digits, '-' or '_'")
        return value

    def side(self, name: str, *, required: bool = False) -> str | None:
        value = self.optional(name, TEXT, required=required)
        if value is not None and value not in SIDES:
            self.error(name, _unknown("side", value, SIDES) + " (sides are japan and us)")
            return None
        return value

    def choice(
        self, name: str, allowed: Sequence[str], what: str, default: str, *, required: bool = False
    ) -> str:
        value = self.value(name, TEXT, default, required=required)
        if value not in allowed:
            self.error(name, _unknown(what, value, allowed) + f" (one of: {_names(allowed)})")
        return value

    def sources(self) -> tuple[int, ...]:
        numbers = self.array("sources", INTEGER)
        for index, number in enumerate(numbers):
            if number < 1:
                self.error(f"sources[{index}]", f"source numbers start at 1, not {number}")
        return tuple(numbers)

    def report_unknown_keys(self) -> None:
        for name in self.data:
            if name not in self.asked:
                self.error(name, f"unknown key '{name}'{_did_you_mean(name, self.asked)}")


def _plural(kind_name: str) -> str:
    return {"a string": "strings", "an integer": "integers", "a number": "numbers"}.get(
        kind_name, kind_name
    )


@frozen
class _Range:
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
            return f"between {_num(self.low)} and {_num(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(("more than " if self.low_open else "at least ") + _num(self.low))
        if self.high is not None:
            parts.append(("less than " if self.high_open else "at most ") + _num(self.high))
        return " and ".join(parts)


def _check_range(table: _Table, name: str, value: float, allowed: _Range) -> None:
    if name in table.data and not allowed.holds(value):
        table.error(name, f"must be {allowed.words()}, not {_num(value)}")


UNIT = _Range(0, 1)
_RESERVATION_SHIFT = _Range(-0.2, 0.2)
_DISCOUNT = _Range(0.8, 1.0)
PERCENT_METER = _Range(0, 100)


def _number_in(table: _Table, name: str, default: float, allowed: _Range) -> float:
    value = table.value(name, NUMBER, default)
    _check_range(table, name, value, allowed)
    return value


def _first_at(first: _Table, again: _Table) -> str:
    """Where an id was first defined: a line in the same file, else `path:line`."""
    line = first.line("id")
    if first.source.path == again.source.path:
        return f" (first at line {line})" if line is not None else ""
    where = _display_path(str(first.source.path))
    return f" (first in {where}:{line})" if line is not None else f" (first in {where})"


def _check_unique(items: Iterable[tuple[_Table, str]], what: str) -> None:
    """Report the second and later uses of an id, pointing back at the first."""
    first: dict[str, _Table] = {}
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
class _Ref:
    source: _Source
    key: str
    scope: str  # which set of ids it must be in: "meter", "event", "option:<issue id>", …
    value: str
    what: str
    suffix: str = ""


@define
class _Refs:
    pending: list[_Ref] = field(factory=list)

    def need(
        self, table: _Table, name: str, scope: str, value: str, what: str, suffix: str = ""
    ) -> None:
        if value:
            self.pending.append(_Ref(table.source, table.key(name), scope, value, what, suffix))

    def option(self, table: _Table, name: str, issue: str, value: str) -> None:
        self.need(table, name, f"option:{issue}", value, "option", f" of issue '{issue}'")

    def resolve(self, known: Mapping[str, Collection[str]]) -> None:
        for ref in self.pending:
            ids = known.get(ref.scope)
            # an unknown scope (an option of an issue that does not exist) is already reported
            if ids is not None and ref.value not in ids:
                ref.source.error(ref.key, _unknown(ref.what, ref.value, ids, ref.suffix))


# ---------------------------------------------------------------------------------------------
# Personas


@define
class _Personas:
    """Every persona file that could be read, and the ids of those that could not (so that a
    scenario naming a broken persona is not told, falsely, that it does not exist)."""

    personas: list[Persona] = field(factory=list)
    unreadable: set[str] = field(factory=set)

    def side_of(self, persona_id: str) -> str | None:
        for persona in self.personas:
            if persona.id == persona_id:
                return persona.side
        return None


def _read_personas(content_dir: Path, errors: list[ContentError]) -> _Personas:
    folder = content_dir / "personas"
    found = _Personas()
    if not folder.is_dir():
        errors.append(ContentError(str(folder), None, "", "folder is missing"))
        return found
    tables: list[tuple[_Table, str]] = []
    for path in sorted(folder.glob("*.toml")):
        root = _read_toml(path, errors)
        if root is None:
            found.unreadable.add(path.stem)
            continue
        persona = _read_persona(root, path.stem)
        root.source.finish()
        found.personas.append(persona)
        tables.append((root, persona.id))
    _check_unique(tables, "persona")
    return found


_PERSONA_RANGES: Mapping[str, tuple[float, _Range]] = {
    "e": (1.0, _Range(0, None, low_open=True)),
    "floor": (0.0, _Range(0, 1, high_open=True)),
    "reciprocity": (0.5, _Range(0, 2)),
    "volatility": (0.0, _Range(0, 0.5)),
    "deadline_t": (0.9, _Range(0, 1, low_open=True)),
    "walk_mood": (-0.8, _Range(-1, 0)),
    "walk_chance": (0.5, UNIT),
}


def _read_persona(root: _Table, file_id: str) -> Persona:
    ident = root.ident()
    if ident and ident != file_id and _ID.fullmatch(ident):
        root.error("id", f"id '{ident}' does not match the file name '{file_id}.toml'")
    numbers = {
        name: _number_in(root, name, default, allowed)
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


def _read_reactions(root: _Table) -> tuple[tuple[str, float], ...]:
    table = root.table("reactions")
    if table is None:
        return ()
    reactions = table.entries(NUMBER)
    for signal, _ in reactions:
        if signal not in SIGNAL_VERBS:
            table.error(signal, _unknown("signal", signal, SIGNAL_VERBS))
    return tuple(reactions)


def _read_opening_signal(root: _Table) -> str:
    signal = root.value("opening_signal", TEXT, "")
    if signal and signal not in SIGNAL_VERBS:
        root.error("opening_signal", _unknown("signal", signal, SIGNAL_VERBS))
    return signal


def _read_lines(root: _Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
    table = root.table("lines", required=True)
    if table is None:
        return ()
    lines = [(situation, tuple(table.array(situation, TEXT))) for situation in SITUATIONS]
    missing = [s for s, said in lines if not said and s not in table.data]
    if missing:
        table.source.error(
            table.path, f"every situation needs at least one line; missing: {_names(missing)}"
        )
    for situation, said in lines:
        if not said and situation in table.data:
            table.error(situation, "needs at least one line")
    return tuple(lines)


# ---------------------------------------------------------------------------------------------
# Scenarios


@define
class _ScenarioReader:
    """Reads one scenario folder's four files into a `Scenario`, recording every problem."""

    folder: Path
    files: Mapping[str, _Table]
    personas: _Personas
    refs: _Refs = field(factory=_Refs)
    issues: tuple[Issue, ...] = ()
    signal_ids: tuple[str, ...] = ()
    notes: list[TermNote] = field(factory=list)  # the real deal's, per term

    def read(self) -> Scenario:
        top = self.files["scenario"]
        self.issues = self.read_issues()
        meters = self.read_meters(top)
        # signals before events: a trigger can name only a signal this scenario offers
        signals = self.read_signals(top)
        self.signal_ids = tuple(signal.id for signal in signals if signal.id in SIGNAL_VERBS)
        events = self.read_events()
        scenario = Scenario(
            id=self.read_id(top),
            title=top.value("title", TEXT, "", required=True),
            description=top.value("description", TEXT, "", required=True),
            issues=self.issues,
            utilities=self.read_utilities(),
            status_quo=self.read_terms(top, "status_quo") or Terms(()),
            no_deal=self.read_terms(top, "no_deal") or Terms(()),
            meters=meters,
            rounds=self.read_rounds(top),
            opens=top.side("opens", required=True) or SIDES[0],
            ratification=self.read_ratification(top),
            events=events,
            signals=signals,
            personas=tuple(self.personas.personas),
            default_personas=self.read_default_personas(top),
            max_events_per_round=self.read_max_events(top),
            historical=self.read_terms(top, "historical", required=False),
            sources=top.sources(),
            briefs=self.read_briefs(),
            historical_notes=tuple(self.notes),
        )
        scenario = self.read_variants(scenario)
        self.refs.resolve(self.known_ids(scenario))
        return scenario

    # -- briefs.toml and variants.toml (both optional) -----------------------------------------

    def read_briefs(self) -> tuple[Brief, ...]:
        root = self.files.get("briefs")
        if root is None:
            return ()
        briefs = []
        for side, table in root.subtables():
            if side not in SIDES:
                root.error(side, _unknown("side", side, SIDES) + " (sides are japan and us)")
                table.asked.update(table.data)  # one error for the table, not one per key
                continue
            text = table.value("text", TEXT, "", required=True)
            words = len(text.split())
            if words > BRIEF_WORDS:
                table.error("text", f"the brief has {words} words; keep it under {BRIEF_WORDS}")
            title = table.value("title", TEXT, "", required=True)
            briefs.append(Brief(side, title, text, table.sources()))
        return tuple(briefs)

    def read_variants(self, scenario: Scenario) -> Scenario:
        root = self.files.get("variants")
        if root is None:
            return scenario
        regular = sum(1 for r in scenario.rounds if not r.extension)
        variant_tables = root.tables("variants")
        variants = tuple(self.read_variant(table, regular) for table in variant_tables)
        _check_unique(zip(variant_tables, (v.id for v in variants), strict=True), "variant")
        level_tables = root.tables("difficulties")
        levels = tuple(self.read_difficulty(table) for table in level_tables)
        _check_unique(zip(level_tables, (d.id for d in levels), strict=True), "difficulty")
        default_variant = root.value("default_variant", TEXT, "")
        if default_variant and default_variant not in {v.id for v in variants}:
            root.error(
                "default_variant", _unknown("variant", default_variant, [v.id for v in variants])
            )
        default_level = root.value("default_difficulty", TEXT, "")
        if default_level and default_level not in {d.id for d in levels}:
            root.error(
                "default_difficulty", _unknown("difficulty", default_level, [d.id for d in levels])
            )
        return attrs.evolve(
            scenario,
            variants=variants,
            difficulties=levels,
            default_variant=default_variant,
            default_difficulty=default_level,
        )

    def read_variant(self, table: _Table, regular_rounds: int) -> Variant:
        issues = table.array("issues", TEXT)
        for index, issue_id in enumerate(issues):
            self.refs.need(table, f"issues[{index}]", "issue", issue_id, "issue")
        if "issues" in table.data and not issues:
            table.error("issues", "a variant needs at least one issue (leave the key out for all)")
        rounds = table.value("rounds", INTEGER, 0)
        _check_range(table, "rounds", rounds, _Range(1, regular_rounds))
        events_off = table.array("events_off", TEXT)
        for index, event_id in enumerate(events_off):
            self.refs.need(table, f"events_off[{index}]", "event", event_id, "event")
        return Variant(
            id=table.ident(),
            name=table.value("name", TEXT, "", required=True),
            description=table.value("description", TEXT, ""),
            issues=tuple(issues),
            rounds=rounds,
            events_off=tuple(events_off),
        )

    def read_difficulty(self, table: _Table) -> Difficulty:
        return Difficulty(
            id=table.ident(),
            name=table.value("name", TEXT, "", required=True),
            description=table.value("description", TEXT, ""),
            player_reservation=_number_in(table, "player_reservation", 0.0, _RESERVATION_SHIFT),
            counterpart_reservation=_number_in(
                table, "counterpart_reservation", 0.0, _RESERVATION_SHIFT
            ),
            discount=_number_in(table, "discount", 1.0, _DISCOUNT),
        )

    def known_ids(self, scenario: Scenario) -> dict[str, Collection[str]]:
        known: dict[str, Collection[str]] = {
            "meter": [meter.id for meter in scenario.meters],
            "event": [event.id for event in scenario.events],
            "issue": [issue.id for issue in scenario.issues],
        }
        for issue in scenario.issues:
            known[f"option:{issue.id}"] = [option.id for option in issue.options]
        return known

    def read_id(self, top: _Table) -> str:
        ident = top.ident()
        if ident and ident != self.folder.name and _ID.fullmatch(ident):
            top.error("id", f"id '{ident}' does not match the folder name '{self.folder.name}'")
        return ident

    # -- issues.toml ----------------------------------------------------------------------------

    def read_issues(self) -> tuple[Issue, ...]:
        root = self.files["issues"]
        tables = root.tables("issues", required=True)
        if "issues" in root.data and not tables:
            root.error("issues", "a scenario needs at least one issue")
        issues = tuple(self.read_issue(table) for table in tables)
        _check_unique(zip(tables, (issue.id for issue in issues), strict=True), "issue")
        return issues

    def read_issue(self, table: _Table) -> Issue:
        ident = table.ident()
        option_tables = table.tables("options", required=True)
        options = tuple(self.read_option(option) for option in option_tables)
        if "options" in table.data and len(options) < 2:
            table.error("options", f"an issue needs at least two options, not {len(options)}")
        _check_unique(zip(option_tables, (o.id for o in options), strict=True), "option")
        return Issue(
            id=ident,
            name=table.value("name", TEXT, "", required=True),
            options=options,
            unit=table.value("unit", TEXT, ""),
            kind=table.choice("kind", ISSUE_KINDS, "issue kind", "steps"),
            description=table.value("description", TEXT, ""),
            sources=table.sources(),
            invented=table.value("invented", BOOLEAN, False),
        )

    def read_option(self, table: _Table) -> Option:
        return Option(
            id=table.ident(),
            label=table.value("label", TEXT, "", required=True),
            value=table.optional("value", NUMBER),
            note=table.value("note", TEXT, ""),
            on_deal=self.meter_moves(table, "on_deal"),
        )

    def meter_moves(self, table: _Table, name: str) -> tuple[tuple[str, int], ...]:
        moves = table.table(name)
        if moves is None:
            return ()
        found = moves.entries(INTEGER)
        for meter, _ in found:
            self.refs.need(moves, meter, "meter", meter, "meter")
        return tuple(found)

    # -- scenario.toml --------------------------------------------------------------------------

    def read_meters(self, top: _Table) -> tuple[Meter, ...]:
        tables = top.tables("meters")
        meters = tuple(self.read_meter(table) for table in tables)
        _check_unique(zip(tables, (meter.id for meter in meters), strict=True), "meter")
        return meters

    def read_meter(self, table: _Table) -> Meter:
        initial = table.value("initial", INTEGER, 50, required=True)
        _check_range(table, "initial", initial, PERCENT_METER)
        return Meter(
            id=table.ident(),
            name=table.value("name", TEXT, "", required=True),
            initial=initial,
            description=table.value("description", TEXT, ""),
            side=table.side("side"),
            sources=table.sources(),
        )

    def read_rounds(self, top: _Table) -> tuple[Round, ...]:
        tables = top.tables("rounds", required=True)
        rounds = tuple(
            Round(
                number=index + 1,
                date=self.read_round_date(table),
                label=table.value("label", TEXT, ""),
                extension=table.value("extension", BOOLEAN, False),
            )
            for index, table in enumerate(tables)
        )
        if "rounds" in top.data and not any(not r.extension for r in rounds):
            top.error("rounds", "a scenario needs at least one round (not counting extensions)")
        self.check_round_order(tables, rounds)
        return rounds

    def read_round_date(self, table: _Table) -> str:
        date = table.value("date", DATE, "", required=True)
        if date and not _is_date(date):
            table.error("date", f"date '{date}' must be written YYYY-MM-DD")
        return date

    def check_round_order(self, tables: Sequence[_Table], rounds: Sequence[Round]) -> None:
        for index in range(1, len(rounds)):
            previous, this, table = rounds[index - 1], rounds[index], tables[index]
            if previous.extension and not this.extension:
                table.error("extension", "extension rounds must come after all the regular ones")
            # ISO dates compare correctly as text; a malformed one is reported on its own
            dated = _is_date(previous.date) and _is_date(this.date)
            if dated and this.date < previous.date:
                table.error("date", f"round {this.number} is dated before round {previous.number}")

    def read_max_events(self, top: _Table) -> int:
        count = top.value("max_events_per_round", INTEGER, 2)
        _check_range(top, "max_events_per_round", count, _Range(0, None))
        return count

    def read_terms(self, top: _Table, name: str, *, required: bool = True) -> Terms | None:
        """`[status_quo]`, `[no_deal]`, `[historical]`: an option id for every issue."""
        table = top.table(name, required=required)
        if table is None:
            return None
        picks = dict.fromkeys((issue.id for issue in self.issues), 0)
        # the real deal may explain a term: `autos = { option = "15", note = "…", sources = [1] }`
        entries = self.term_entries(table) if name == "historical" else table.entries(TEXT)
        for issue_id, option_id in entries:
            issue = self.issue(table, issue_id)
            if issue is not None:
                picks[issue_id] = self.option_index(table, issue_id, issue, option_id)
        missing = [issue.id for issue in self.issues if issue.id not in table.data]
        if missing:
            top.error(name, f"must name every issue; missing: {_names(missing)}")
        return Terms(tuple(picks.values()))

    def term_entries(self, table: _Table) -> list[tuple[str, str]]:
        """A term as an option id, or as a table with the option, a note and its sources (the
        notes are kept in `self.notes`)."""
        table.asked.update(table.data)
        found: list[tuple[str, str]] = []
        for issue_id, value in table.data.items():
            if isinstance(value, str):
                found.append((issue_id, value))
                continue
            if not isinstance(value, dict):
                table.error(issue_id, _wrong_type("an option id or a table", value))
                continue
            term = _Table.make(table.source, table.key(issue_id), value)
            option = term.value("option", TEXT, "", required=True)
            note = term.value("note", TEXT, "")
            self.notes.append(TermNote(issue_id, " ".join(note.split()), term.sources()))
            found.append((issue_id, option))
        return found

    def issue(self, table: _Table, issue_id: str) -> Issue | None:
        """The issue named by a key of `table`, or None (reported) when there is no such issue."""
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        table.error(issue_id, _unknown("issue", issue_id, [i.id for i in self.issues]))
        return None

    def option_index(self, table: _Table, name: str, issue: Issue, option_id: str) -> int:
        try:
            return issue.option_index(option_id)
        except KeyError:
            options = [option.id for option in issue.options]
            table.error(name, _unknown("option", option_id, options, f" of issue '{issue.id}'"))
            return 0

    def read_ratification(self, top: _Table) -> tuple[RatificationStage, ...]:
        return tuple(self.read_stage(table) for table in top.tables("ratification"))

    def read_stage(self, table: _Table) -> RatificationStage:
        base = table.value("base", NUMBER, 0.5, required=True)
        _check_range(table, "base", base, UNIT)  # a chance before meters and margin move it
        return RatificationStage(
            side=table.side("side", required=True) or "",
            name=table.value("name", TEXT, "", required=True),
            base=base,
            margin_weight=table.value("margin_weight", NUMBER, 1.0),
            meters=self.meter_weights(table),
            description=table.value("description", TEXT, ""),
        )

    def meter_weights(self, stage: _Table) -> tuple[tuple[str, float], ...]:
        table = stage.table("meters")
        if table is None:
            return ()
        weights = table.entries(NUMBER)
        for meter, _ in weights:
            self.refs.need(table, meter, "meter", meter, "meter")
        return tuple(weights)

    def read_default_personas(self, top: _Table) -> tuple[str, str]:
        table = top.table("default_personas", required=True)
        if table is None:
            return ("", "")
        chosen = tuple(self.default_persona(table, side) for side in SIDES)
        return (chosen[0], chosen[1])

    def default_persona(self, table: _Table, side: str) -> str:
        persona_id = table.value(side, TEXT, "", required=True)
        if not persona_id or persona_id in self.personas.unreadable:
            return persona_id
        plays = self.personas.side_of(persona_id)
        if plays == "":
            return persona_id  # its file's side is wrong, and reported there
        if plays is None:
            known = [p.id for p in self.personas.personas if p.side == side]
            table.error(side, _unknown("persona", persona_id, known))
        elif plays != side:
            table.error(side, f"persona '{persona_id}' plays {plays}, not {side}")
        return persona_id

    def read_signals(self, top: _Table) -> tuple[SignalDef, ...]:
        tables = top.tables("signals")
        signals = tuple(self.read_signal(table) for table in tables)
        _check_unique(zip(tables, (signal.id for signal in signals), strict=True), "signal")
        return signals

    def read_signal(self, table: _Table) -> SignalDef:
        ident = table.value("id", TEXT, "", required=True)
        if "id" in table.data and ident not in SIGNAL_VERBS:
            words = f" (signals are: {_names(SIGNAL_VERBS)})"
            table.error("id", _unknown("signal", ident, SIGNAL_VERBS) + words)
        needs_issue = table.value("needs_issue", BOOLEAN, ident == "state_priority")
        if ident == "state_priority" and not needs_issue:
            table.error("needs_issue", "state_priority names an issue: needs_issue must be true")
        return SignalDef(
            id=ident,
            label=table.value("label", TEXT, "", required=True),
            description=table.value("description", TEXT, ""),
            sides=self.read_sides(table),
            needs_issue=needs_issue,
            effects=self.read_effects(table),
            temper=table.value("temper", NUMBER, 0.0),
        )

    def read_sides(self, table: _Table) -> tuple[str, ...]:
        if not table.has("sides"):
            return SIDES
        sides = table.array("sides", TEXT)
        for index, side in enumerate(sides):
            if side not in SIDES:
                table.error(f"sides[{index}]", _unknown("side", side, SIDES))
        if not sides and isinstance(table.data["sides"], list):
            table.error("sides", "name at least one side (japan, us)")
        return tuple(side for side in sides if side in SIDES)

    # -- effects --------------------------------------------------------------------------------

    def read_effects(self, table: _Table) -> tuple[Effect, ...]:
        return tuple(self.read_effect(effect) for effect in table.tables("effects"))

    def read_effect(self, table: _Table) -> Effect:
        verb = table.value("verb", TEXT, "", required=True)
        if verb not in EFFECT_KEYS:
            if "verb" in table.data and isinstance(table.data["verb"], str):
                words = f" (verbs are: {_names(EFFECT_VERBS)})"
                table.error("verb", _unknown("effect verb", verb, EFFECT_KEYS) + words)
            table.asked.update(_ALL_EFFECT_KEYS)  # its other keys cannot be judged
            return Effect(verb)
        takes = EFFECT_KEYS[verb]
        for name in _ALL_EFFECT_KEYS[1:]:
            if name in table.data and name not in takes:
                table.error(name, f"verb '{verb}' does not use '{name}' (it takes {_names(takes)})")
        # every effect key counts as known, so a misspelt one is told the nearest of them all
        table.asked.update(_ALL_EFFECT_KEYS)
        effect = Effect(
            verb,
            meter=_effect_text(table, takes, "meter"),
            side=(table.side("side", required=True) or "") if "side" in takes else "",
            issue=_effect_text(table, takes, "issue"),
            option=_effect_text(table, takes, "option"),
            event=_effect_text(table, takes, "event"),
            delta=table.value("delta", NUMBER, 0.0, required=True) if "delta" in takes else 0.0,
            rounds=_effect_rounds(table) if "rounds" in takes else 0,
        )
        self.need_effect_ids(table, effect)
        return effect

    def need_effect_ids(self, table: _Table, effect: Effect) -> None:
        self.refs.need(table, "meter", "meter", effect.meter, "meter")
        self.refs.need(table, "event", "event", effect.event, "event")
        self.refs.need(table, "issue", "issue", effect.issue, "issue")
        if effect.issue:
            self.refs.option(table, "option", effect.issue, effect.option)

    # -- events.toml ----------------------------------------------------------------------------

    def read_events(self) -> tuple[SideEvent, ...]:
        tables = self.files["events"].tables("events")
        events = tuple(self.read_event(table) for table in tables)
        _check_unique(zip(tables, (event.id for event in events), strict=True), "event")
        return events

    def read_event(self, table: _Table) -> SideEvent:
        option_tables = table.tables("options")
        options = tuple(self.read_event_option(option) for option in option_tables)
        _check_unique(zip(option_tables, (o.id for o in options), strict=True), "event option")
        decider = table.side("decider")
        self.check_decider(table, options, decider)
        cooldown = table.value("cooldown", INTEGER, 0)
        _check_range(table, "cooldown", cooldown, _Range(0, None))
        trigger = table.table("trigger")
        return SideEvent(
            id=table.ident(),
            family=table.choice("family", EVENT_FAMILIES, "event family", "cross", required=True),
            title=table.value("title", TEXT, "", required=True),
            text=table.value("text", TEXT, "", required=True),
            trigger=self.read_trigger(trigger) if trigger is not None else Trigger(),
            chance=_number_in(table, "chance", 1.0, UNIT),
            once=table.value("once", BOOLEAN, True),
            cooldown=cooldown,
            effects=self.read_effects(table),
            options=options,
            decider=decider,
            date=table.value("date", DATE, ""),
            sources=table.sources(),
            invented=table.value("invented", BOOLEAN, False),
        )

    def check_decider(
        self, table: _Table, options: Sequence[EventOption], decider: str | None
    ) -> None:
        if options and decider is None and not table.has("decider"):
            table.error("decider", "an event with options needs a decider (japan or us)")
        if not options and decider is not None:
            table.error("decider", "a decider is given but the event has no options")
        if len(options) == 1:
            table.error("options", "a choice needs at least two options")

    def read_event_option(self, table: _Table) -> EventOption:
        weight = _number_in(table, "ai_weight", 1.0, _Range(0, None))
        return EventOption(
            id=table.ident(),
            label=table.value("label", TEXT, "", required=True),
            effects=self.read_effects(table),
            description=table.value("description", TEXT, ""),
            ai_weight=weight,
        )

    def read_trigger(self, table: _Table) -> Trigger:
        round_min = table.value("round_min", INTEGER, 1)
        round_max = table.value("round_max", INTEGER, 99)
        _check_range(table, "round_min", round_min, _Range(1, None))
        if round_min > round_max:
            table.error("round_max", f"round_max {round_max} is before round_min {round_min}")
        return Trigger(
            round_min=round_min,
            round_max=round_max,
            meters_above=self.meter_levels(table, "meters_above"),
            meters_below=self.meter_levels(table, "meters_below"),
            after=self.event_list(table, "after"),
            not_after=self.event_list(table, "not_after"),
            player=table.side("player"),
            on_table=self.read_on_table(table),
            signals=self.signal_list(table),
        )

    def meter_levels(self, trigger: _Table, name: str) -> tuple[tuple[str, int], ...]:
        table = trigger.table(name)
        if table is None:
            return ()
        levels = table.entries(INTEGER)
        for meter, level in levels:
            self.refs.need(table, meter, "meter", meter, "meter")
            _check_range(table, meter, level, PERCENT_METER)
        return tuple(levels)

    def event_list(self, table: _Table, name: str) -> tuple[str, ...]:
        events = table.array(name, TEXT)
        for index, event in enumerate(events):
            self.refs.need(table, f"{name}[{index}]", "event", event, "event")
        return tuple(events)

    def signal_list(self, table: _Table) -> tuple[str, ...]:
        signals = table.array("signals", TEXT)
        for index, signal in enumerate(signals):
            key = f"signals[{index}]"
            if signal not in SIGNAL_VERBS:
                table.error(key, _unknown("signal", signal, SIGNAL_VERBS))
            elif signal not in self.signal_ids:
                table.error(key, f"signal '{signal}' is not offered in this scenario's [[signals]]")
        return tuple(signals)

    def read_on_table(self, trigger: _Table) -> tuple[tuple[str, tuple[str, ...]], ...]:
        table = trigger.table("on_table")
        if table is None:
            return ()
        found: list[tuple[str, tuple[str, ...]]] = []
        for issue_id in list(table.data):
            options = table.array(issue_id, TEXT)
            self.refs.need(table, issue_id, "issue", issue_id, "issue")
            for index, option in enumerate(options):
                self.refs.option(table, f"{issue_id}[{index}]", issue_id, option)
            found.append((issue_id, tuple(options)))
        return tuple(found)

    # -- utilities.toml -------------------------------------------------------------------------

    def read_utilities(self) -> tuple[Utility, Utility]:
        root = self.files["utilities"]
        japan, us = (self.read_utility(root, side) for side in SIDES)
        return (japan, us)

    def read_utility(self, root: _Table, side: str) -> Utility:
        table = root.table(side, required=True)
        if table is None:
            return Utility((), ())
        return Utility(
            weights=self.read_weights(table),
            values=self.read_values(table),
            note=table.value("note", TEXT, ""),
        )

    def read_weights(self, side: _Table) -> tuple[float, ...]:
        table = side.table("weights", required=True)
        if table is None:
            return tuple(0.0 for _ in self.issues)
        weights = dict.fromkeys((issue.id for issue in self.issues), 0.0)
        for issue_id, weight in table.entries(NUMBER):
            if self.issue(table, issue_id) is not None:
                weights[issue_id] = weight
                _check_range(table, issue_id, weight, UNIT)
        self.check_covers(side, "weights", table, "must name every issue")
        total = sum(weights.values())
        if abs(total - 1) > _WEIGHT_TOLERANCE:
            side.error("weights", f"weights must sum to 1 (±0.001), not {total:.4g}")
        return tuple(weights.values())

    def check_covers(self, parent: _Table, name: str, table: _Table, words: str) -> None:
        missing = [issue.id for issue in self.issues if issue.id not in table.data]
        if missing:
            parent.error(name, f"{words}; missing: {_names(missing)}")

    def read_values(self, side: _Table) -> tuple[tuple[float, ...], ...]:
        table = side.table("values", required=True)
        values = {issue.id: [0.0] * len(issue.options) for issue in self.issues}
        if table is None:
            return tuple(tuple(v) for v in values.values())
        for issue_id, issue_table in table.subtables():
            issue = self.issue(table, issue_id)
            if issue is not None:
                values[issue_id] = self.read_issue_values(issue_table, issue)
        self.check_covers(side, "values", table, "must value every issue")
        return tuple(tuple(v) for v in values.values())

    def read_issue_values(self, table: _Table, issue: Issue) -> list[float]:
        values = [0.0] * len(issue.options)
        options = [option.id for option in issue.options]
        for option_id, value in table.entries(NUMBER):
            if option_id in options:
                values[options.index(option_id)] = value
                _check_range(table, option_id, value, UNIT)
            else:
                table.error(
                    option_id, _unknown("option", option_id, options, f" of issue '{issue.id}'")
                )
        missing = [option.id for option in issue.options if option.id not in table.data]
        if missing:
            table.source.error(
                table.path, f"every option needs a value; missing: {_names(missing)}"
            )
        return values


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also takes 20250416; content writes the dashes


def _effect_text(table: _Table, takes: Sequence[str], name: str) -> str:
    return table.value(name, TEXT, "", required=True) if name in takes else ""


def _effect_rounds(table: _Table) -> int:
    rounds = table.value("rounds", INTEGER, 1, required=True)
    _check_range(table, "rounds", rounds, _Range(1, None))
    return rounds


def _check_zone(scenario: Scenario, top: _Table) -> None:
    """A zone of possible agreement: some package both sides prefer to no deal."""
    japan, us = scenario.utilities
    reservation = (japan(scenario.no_deal), us(scenario.no_deal))
    frontier = _pareto_frontier(japan, us)
    if not any(
        a > reservation[0] + _ZONE_EPSILON and b > reservation[1] + _ZONE_EPSILON
        for a, b in frontier
    ):
        top.error(
            "no_deal",
            "no zone of possible agreement: no package is better than no deal for both sides "
            f"(reservation values: japan {reservation[0]:.3f}, us {reservation[1]:.3f})",
        )


def _check_variant_zones(scenario: Scenario, root: _Table) -> None:
    """A zone of possible agreement in every variant, at every difficulty, for either role."""
    levels = scenario.difficulties or (Difficulty("normal", "Normal"),)
    for v_index, variant in enumerate(scenario.variants):
        # the frontier depends on the variant's issues only; the levels move the reservations
        cut_scenario = cut(
            scenario, Setup(variant.id, levels[0].id if scenario.difficulties else "")
        )
        japan, us = cut_scenario.utilities
        frontier = _pareto_frontier(japan, us)
        no_deal = (japan(cut_scenario.no_deal), us(cut_scenario.no_deal))
        for level in levels:
            for player in SIDES:
                shift = {side: level.counterpart_reservation for side in SIDES}
                shift[player] = level.player_reservation
                rv = (no_deal[0] + shift[SIDES[0]], no_deal[1] + shift[SIDES[1]])
                if not any(
                    a > rv[0] + _ZONE_EPSILON and b > rv[1] + _ZONE_EPSILON for a, b in frontier
                ):
                    root.error(
                        f"variants[{v_index}]",
                        f"no zone of possible agreement in variant '{variant.id}' at difficulty "
                        f"'{level.id}' with the player as {player} (reservation values: japan "
                        f"{rv[0]:.3f}, us {rv[1]:.3f})",
                    )


def _pareto_frontier(japan: Utility, us: Utility) -> list[tuple[float, float]]:
    """The exact Pareto frontier of (u_japan, u_us). Utilities are additive, so the frontier of
    the whole is built issue by issue from the frontier so far, never the whole outcome space."""
    frontier = [(0.0, 0.0)]
    for wj, vj, wu, vu in zip(japan.weights, japan.values, us.weights, us.values, strict=True):
        steps = [(wj * a, wu * b) for a, b in zip(vj, vu, strict=True)]
        frontier = _undominated([(x + dx, y + dy) for x, y in frontier for dx, dy in steps])
    return frontier


def _undominated(points: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    kept: list[tuple[float, float]] = []
    best_us = -math.inf
    # best for Japan first: a point survives only by beating every point better for Japan
    for point in sorted(set(points), reverse=True):
        if point[1] > best_us:
            kept.append(point)
            best_us = point[1]
    return kept


def _read_scenario(
    content_dir: Path, scenario_id: str, personas: _Personas, errors: list[ContentError]
) -> Scenario | None:
    folder = content_dir / "scenarios" / scenario_id
    if not folder.is_dir():
        known = list_scenarios(content_dir)
        errors.append(ContentError(str(folder), None, "", _unknown("scenario", scenario_id, known)))
        return None
    files = {name: _read_toml(folder / f"{name}.toml", errors) for name in SCENARIO_FILES}
    for name in OPTIONAL_FILES:
        if (folder / f"{name}.toml").exists():
            files[name] = _read_toml(folder / f"{name}.toml", errors)
    readable = {name: root for name, root in files.items() if root is not None}
    # a file that cannot be read leaves nothing to check the others against
    if len(readable) < len(files):
        return None
    before = len(errors)
    scenario = _ScenarioReader(folder, readable, personas).read()
    for root in readable.values():
        root.source.finish()
    if len(errors) == before:
        _check_zone(scenario, readable["scenario"])
        if "variants" in readable:
            _check_variant_zones(scenario, readable["variants"])
    return scenario


# ---------------------------------------------------------------------------------------------
# Public API


def default_content_dir() -> Path:
    """The checkout's top-level content/ when running from the repository, else the copy a
    non-editable install carries inside the package (game/_content)."""
    package = Path(__file__).resolve().parent.parent  # game/, from game/content/loader.py
    checkout = package.parent / "content"
    return checkout if checkout.is_dir() else package / "_content"


def list_scenarios(content_dir: Path) -> list[str]:
    folder = content_dir / "scenarios"
    if not folder.is_dir():
        return []
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.is_dir() and not path.name.startswith((".", "_"))
    )


def list_personas(content_dir: Path) -> list[Persona]:
    errors: list[ContentError] = []
    found = _read_personas(content_dir, errors)
    if errors:
        raise ContentErrors(errors)
    return sorted(found.personas, key=lambda persona: persona.id)


def load_scenario(
    content_dir: Path,
    scenario_id: str,
    variant: str | None = None,
    difficulty: str | None = None,
    *,
    setup: Setup | None = None,
) -> Scenario:
    """The scenario, ready to play, cut to `variant` and `difficulty` (None: the scenario's
    defaults) or to a whole `setup` (an assignment's or a save's); ContentErrors with every
    problem if the content is broken, UnknownSetup for a variant or difficulty it lacks."""
    if setup is None:
        setup = Setup(variant or "", difficulty or "")
    return cut(read_scenario(content_dir, scenario_id), setup)


def read_scenario(content_dir: Path, scenario_id: str) -> Scenario:
    """The scenario as its files hold it, uncut (every issue, round and event), for a caller
    that cuts it itself, perhaps more than once (`engine.variants.cut`); ContentErrors with
    every problem if it is broken."""
    errors: list[ContentError] = []
    personas = _read_personas(content_dir, errors)
    scenario = _read_scenario(content_dir, scenario_id, personas, errors)
    if errors or scenario is None:
        raise ContentErrors(errors)
    return attrs.evolve(scenario, fingerprint=content_fingerprint(content_dir, scenario_id))


def content_fingerprint(content_dir: Path, scenario_id: str) -> str:
    """A short hash of every file a game of this scenario reads (the scenario's files, its
    teaching points, the glossary and all personas): a save records it, so a game played on
    other content can be told apart."""
    digest = hashlib.sha256()
    folder = content_dir / "scenarios" / scenario_id
    paths = [folder / f"{name}.toml" for name in SCENARIO_FILES]
    paths += [
        folder / f"{name}.toml" for name in OPTIONAL_FILES if (folder / f"{name}.toml").exists()
    ]
    # teaching points and the glossary shape the debrief a save is exported with
    paths += [p for p in (folder / "teaching.toml", content_dir / "glossary.toml") if p.exists()]
    paths += sorted((content_dir / "personas").glob("*.toml"))
    for path in paths:
        digest.update(path.relative_to(content_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def check_scenarios(content_dir: Path, errors: list[ContentError]) -> dict[str, Scenario | None]:
    """Every problem in every persona and scenario of the folder, added to `errors`; each
    scenario as read (None where it could not be), for the checks that build on it
    (game.content.check runs them all)."""
    if not content_dir.is_dir():
        errors.append(ContentError(str(content_dir), None, "", "no such content folder"))
        return {}
    personas = _read_personas(content_dir, errors)
    scenario_ids = list_scenarios(content_dir)
    if not scenario_ids:
        errors.append(ContentError(str(content_dir / "scenarios"), None, "", "no scenarios found"))
    return {sid: _read_scenario(content_dir, sid, personas, errors) for sid in scenario_ids}


def in_file_order(errors: list[ContentError]) -> list[ContentError]:
    return _in_file_order(errors)
