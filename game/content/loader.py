"""Reading `content/` (TOML) into the engine's models, and checking it.

Every problem becomes a `ContentError(path, line, key, message)`, printed as
`path:line: key.path: message`, and all of them are collected before anything is refused: an
author fixing a scenario wants the whole list at once, never a traceback. `tnt check` calls
`check_content`; the game calls `load_scenario`, which runs the same checks.

Reading works in layers. `Table` wraps one TOML table, hands out typed values (recording a
wrong-type or missing-key error and returning a default), and remembers which keys were asked for,
so whatever was not asked for is an unknown key. References to ids defined elsewhere (a meter in an
event, an event in a queue effect) are collected while reading and resolved once every file has
been read. Checks that need a complete, well-typed scenario (the zone of agreement) run only
when nothing else is wrong.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import attrs
from attrs import define, field

from game.content.afterword import read_benchmarks, read_epilogue
from game.content.events import EventReading
from game.content.limits import Refused, outside, read_bytes
from game.content.personas import Personas, read_personas
from game.content.tables import (
    BOOLEAN,
    DATE,
    ID,
    INTEGER,
    NUMBER,
    PERCENT_METER,
    TEXT,
    UNIT,
    Range,
    Refs,
    Table,
    check_range,
    check_unique,
    joined,
    number_in,
    read_toml,
    unknown,
    wrong_type,
)

# what load_scenario raises, importable beside it
from game.content.tables import ContentError as ContentError
from game.content.tables import ContentErrors as ContentErrors
from game.content.utilities import UtilityReading, check_variant_zones, check_zone
from game.engine.model import (
    ISSUE_KINDS,
    SIDES,
    SIGNAL_VERBS,
    Brief,
    Difficulty,
    Issue,
    Meter,
    Option,
    Persona,
    RatificationStage,
    Round,
    Scenario,
    Setup,
    TermNote,
    Terms,
    Variant,
)
from game.engine.variants import cut

T = TypeVar("T")

SCENARIO_FILES = ("scenario", "issues", "utilities", "events")
# files a scenario may do without: confidential briefs, and its variants and difficulty levels
OPTIONAL_FILES = ("briefs", "variants")
BRIEF_WORDS = 500


_RESERVATION_SHIFT = Range(-0.2, 0.2)
_DISCOUNT = Range(0.8, 1.0)


# ---------------------------------------------------------------------------------------------
# Scenarios


@define
class _ScenarioReader(EventReading, UtilityReading):
    """Reads one scenario folder's four files into a `Scenario`, recording every problem."""

    folder: Path
    files: Mapping[str, Table]
    personas: Personas
    refs: Refs = field(factory=Refs)
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
            benchmarks=read_benchmarks(top),
            epilogue=read_epilogue(top),
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
                root.error(side, unknown("side", side, SIDES) + " (sides are japan and us)")
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
        check_unique(zip(variant_tables, (v.id for v in variants), strict=True), "variant")
        level_tables = root.tables("difficulties")
        levels = tuple(self.read_difficulty(table) for table in level_tables)
        check_unique(zip(level_tables, (d.id for d in levels), strict=True), "difficulty")
        default_variant = root.value("default_variant", TEXT, "")
        if default_variant and default_variant not in {v.id for v in variants}:
            root.error(
                "default_variant", unknown("variant", default_variant, [v.id for v in variants])
            )
        default_level = root.value("default_difficulty", TEXT, "")
        if default_level and default_level not in {d.id for d in levels}:
            root.error(
                "default_difficulty", unknown("difficulty", default_level, [d.id for d in levels])
            )
        return attrs.evolve(
            scenario,
            variants=variants,
            difficulties=levels,
            default_variant=default_variant,
            default_difficulty=default_level,
        )

    def read_variant(self, table: Table, regular_rounds: int) -> Variant:
        issues = table.array("issues", TEXT)
        for index, issue_id in enumerate(issues):
            self.refs.need(table, f"issues[{index}]", "issue", issue_id, "issue")
        if "issues" in table.data and not issues:
            table.error("issues", "a variant needs at least one issue (leave the key out for all)")
        rounds = table.value("rounds", INTEGER, 0)
        check_range(table, "rounds", rounds, Range(1, regular_rounds))
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

    def read_difficulty(self, table: Table) -> Difficulty:
        return Difficulty(
            id=table.ident(),
            name=table.value("name", TEXT, "", required=True),
            description=table.value("description", TEXT, ""),
            player_reservation=number_in(table, "player_reservation", 0.0, _RESERVATION_SHIFT),
            counterpart_reservation=number_in(
                table, "counterpart_reservation", 0.0, _RESERVATION_SHIFT
            ),
            discount=number_in(table, "discount", 1.0, _DISCOUNT),
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

    def read_id(self, top: Table) -> str:
        ident = top.ident()
        if ident and ident != self.folder.name and ID.fullmatch(ident):
            top.error("id", f"id '{ident}' does not match the folder name '{self.folder.name}'")
        return ident

    # -- issues.toml ----------------------------------------------------------------------------

    def read_issues(self) -> tuple[Issue, ...]:
        root = self.files["issues"]
        tables = root.tables("issues", required=True)
        if "issues" in root.data and not tables:
            root.error("issues", "a scenario needs at least one issue")
        issues = tuple(self.read_issue(table) for table in tables)
        check_unique(zip(tables, (issue.id for issue in issues), strict=True), "issue")
        return issues

    def read_issue(self, table: Table) -> Issue:
        ident = table.ident()
        option_tables = table.tables("options", required=True)
        options = tuple(self.read_option(option) for option in option_tables)
        if "options" in table.data and len(options) < 2:
            table.error("options", f"an issue needs at least two options, not {len(options)}")
        check_unique(zip(option_tables, (o.id for o in options), strict=True), "option")
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

    def read_option(self, table: Table) -> Option:
        return Option(
            id=table.ident(),
            label=table.value("label", TEXT, "", required=True),
            value=table.optional("value", NUMBER),
            note=table.value("note", TEXT, ""),
            on_deal=self.meter_moves(table, "on_deal"),
        )

    def meter_moves(self, table: Table, name: str) -> tuple[tuple[str, int], ...]:
        moves = table.table(name)
        if moves is None:
            return ()
        found = moves.entries(INTEGER)
        for meter, _ in found:
            self.refs.need(moves, meter, "meter", meter, "meter")
        return tuple(found)

    # -- scenario.toml --------------------------------------------------------------------------

    def read_meters(self, top: Table) -> tuple[Meter, ...]:
        tables = top.tables("meters")
        meters = tuple(self.read_meter(table) for table in tables)
        check_unique(zip(tables, (meter.id for meter in meters), strict=True), "meter")
        return meters

    def read_meter(self, table: Table) -> Meter:
        initial = table.value("initial", INTEGER, 50, required=True)
        check_range(table, "initial", initial, PERCENT_METER)
        return Meter(
            id=table.ident(),
            name=table.value("name", TEXT, "", required=True),
            initial=initial,
            description=table.value("description", TEXT, ""),
            side=table.side("side"),
            sources=table.sources(),
        )

    def read_rounds(self, top: Table) -> tuple[Round, ...]:
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

    def read_round_date(self, table: Table) -> str:
        date = table.value("date", DATE, "", required=True)
        if date and not _is_date(date):
            table.error("date", f"date '{date}' must be written YYYY-MM-DD")
        return date

    def check_round_order(self, tables: Sequence[Table], rounds: Sequence[Round]) -> None:
        for index in range(1, len(rounds)):
            previous, this, table = rounds[index - 1], rounds[index], tables[index]
            if previous.extension and not this.extension:
                table.error("extension", "extension rounds must come after all the regular ones")
            # ISO dates compare correctly as text; a malformed one is reported on its own
            dated = _is_date(previous.date) and _is_date(this.date)
            if dated and this.date < previous.date:
                table.error("date", f"round {this.number} is dated before round {previous.number}")

    def read_max_events(self, top: Table) -> int:
        count = top.value("max_events_per_round", INTEGER, 2)
        check_range(top, "max_events_per_round", count, Range(0, None))
        return count

    def read_terms(self, top: Table, name: str, *, required: bool = True) -> Terms | None:
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
            top.error(name, f"must name every issue; missing: {joined(missing)}")
        return Terms(tuple(picks.values()))

    def term_entries(self, table: Table) -> list[tuple[str, str]]:
        """A term as an option id, or as a table with the option, a note and its sources (the
        notes are kept in `self.notes`)."""
        table.asked.update(table.data)
        found: list[tuple[str, str]] = []
        for issue_id, value in table.data.items():
            if isinstance(value, str):
                found.append((issue_id, value))
                continue
            if not isinstance(value, dict):
                table.error(issue_id, wrong_type("an option id or a table", value))
                continue
            term = Table.make(table.source, table.key(issue_id), value)
            option = term.value("option", TEXT, "", required=True)
            note = term.value("note", TEXT, "")
            self.notes.append(TermNote(issue_id, " ".join(note.split()), term.sources()))
            found.append((issue_id, option))
        return found

    def option_index(self, table: Table, name: str, issue: Issue, option_id: str) -> int:
        try:
            return issue.option_index(option_id)
        except KeyError:
            options = [option.id for option in issue.options]
            table.error(name, unknown("option", option_id, options, f" of issue '{issue.id}'"))
            return 0

    def read_ratification(self, top: Table) -> tuple[RatificationStage, ...]:
        return tuple(self.read_stage(table) for table in top.tables("ratification"))

    def read_stage(self, table: Table) -> RatificationStage:
        base = table.value("base", NUMBER, 0.5, required=True)
        check_range(table, "base", base, UNIT)  # a chance before meters and margin move it
        return RatificationStage(
            side=table.side("side", required=True) or "",
            name=table.value("name", TEXT, "", required=True),
            base=base,
            margin_weight=table.value("margin_weight", NUMBER, 1.0),
            meters=self.meter_weights(table),
            description=table.value("description", TEXT, ""),
        )

    def meter_weights(self, stage: Table) -> tuple[tuple[str, float], ...]:
        table = stage.table("meters")
        if table is None:
            return ()
        weights = table.entries(NUMBER)
        for meter, _ in weights:
            self.refs.need(table, meter, "meter", meter, "meter")
        return tuple(weights)

    def read_default_personas(self, top: Table) -> tuple[str, str]:
        table = top.table("default_personas", required=True)
        if table is None:
            return ("", "")
        chosen = tuple(self.default_persona(table, side) for side in SIDES)
        return (chosen[0], chosen[1])

    def default_persona(self, table: Table, side: str) -> str:
        persona_id = table.value(side, TEXT, "", required=True)
        if not persona_id or not self.personas.readable(persona_id):
            return persona_id
        plays = self.personas.side_of(persona_id)
        if plays == "":
            return persona_id  # its file's side is wrong, and reported there
        if plays is None:
            known = [p.id for p in self.personas.personas if p.side == side]
            table.error(side, unknown("persona", persona_id, known))
        elif plays != side:
            table.error(side, f"persona '{persona_id}' plays {plays}, not {side}")
        return persona_id


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10  # fromisoformat also takes 20250416; content writes the dashes


def _read_scenario(
    content_dir: Path, scenario_id: str, personas: Personas, errors: list[ContentError]
) -> Scenario | None:
    folder = content_dir / "scenarios" / scenario_id
    if not folder.is_dir():
        known = list_scenarios(content_dir)
        errors.append(ContentError(str(folder), None, "", unknown("scenario", scenario_id, known)))
        return None
    linked = outside(content_dir, folder)  # a scenario folder linked elsewhere is not read
    if linked is not None:
        errors.append(ContentError(str(folder), None, "", linked))
        return None
    files = {name: read_toml(folder / f"{name}.toml", errors) for name in SCENARIO_FILES}
    for name in OPTIONAL_FILES:
        if (folder / f"{name}.toml").exists() or (folder / f"{name}.toml").is_symlink():
            files[name] = read_toml(folder / f"{name}.toml", errors)
    readable = {name: root for name, root in files.items() if root is not None}
    # a file that cannot be read leaves nothing to check the others against
    if len(readable) < len(files):
        return None
    before = len(errors)
    scenario = _ScenarioReader(folder, readable, personas).read()
    for root in readable.values():
        root.source.finish()
    if len(errors) == before:
        check_zone(scenario, readable["scenario"])
        if "variants" in readable:
            check_variant_zones(scenario, readable["variants"])
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
    found = read_personas(content_dir, errors)
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
    personas = read_personas(content_dir, errors)
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
    paths += [
        p
        for p in (folder / "teaching.toml", content_dir / "glossary.toml")
        if p.exists() or p.is_symlink()
    ]
    paths += sorted((content_dir / "personas").glob("*.toml"))
    for path in paths:
        digest.update(path.relative_to(content_dir).as_posix().encode() + b"\0")
        try:  # the reader's limits: no FIFO, device or link out of the folder is read here
            digest.update(read_bytes(path, content_dir) + b"\0")
        except Refused as refused:
            raise ContentErrors([ContentError(str(path), None, "", str(refused))]) from None
    return digest.hexdigest()[:16]


def check_scenarios(content_dir: Path, errors: list[ContentError]) -> dict[str, Scenario | None]:
    """Every problem in every persona and scenario of the folder, added to `errors`; each
    scenario as read (None where it could not be), for the checks that build on it
    (game.content.check runs them all)."""
    if not content_dir.is_dir():
        errors.append(ContentError(str(content_dir), None, "", "no such content folder"))
        return {}
    personas = read_personas(content_dir, errors)
    linked = outside(content_dir, content_dir / "scenarios")
    if linked is not None:
        errors.append(ContentError(str(content_dir / "scenarios"), None, "", linked))
        return {}
    scenario_ids = list_scenarios(content_dir)
    if not scenario_ids:
        errors.append(ContentError(str(content_dir / "scenarios"), None, "", "no scenarios found"))
    return {sid: _read_scenario(content_dir, sid, personas, errors) for sid in scenario_ids}
