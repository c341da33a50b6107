"""Assignments: one small TOML file a teacher writes to hand a class one exercise — the
scenario, variant and difficulty, the side (or the student's choice), the counterpart, one seed
for everyone, fewer rounds or events, and a title and instructions shown on the brief.

`tnt play --assignment FILE` plays one; `tnt check` checks every file in content/assignments/.
Problems are ContentErrors (`path:line: key: message`), all at once, like every content file.
docs/teachers.md explains each key.
"""

from __future__ import annotations

from pathlib import Path

from attrs import frozen

from game.content.limits import outside
from game.content.loader import list_scenarios, read_scenario
from game.content.tables import (
    BOOLEAN,
    INTEGER,
    TEXT,
    ContentError,
    ContentErrors,
    Table,
    read_toml,
    unknown,
)
from game.engine.model import SIDES, Scenario, Setup, other
from game.engine.variants import UnknownSetup, cut

ASSIGNMENTS_DIR = "assignments"
EITHER = "either"
ROLES = (*SIDES, EITHER)
INSTRUCTION_WORDS = 300


@frozen
class Assignment:
    path: Path
    title: str
    instructions: str
    scenario: str
    seed: int
    role: str = EITHER  # japan | us | either
    variant: str = ""
    difficulty: str = ""
    personas: tuple[str, ...] = ()  # at most one per side
    rounds: int = 0
    events_off: tuple[str, ...] = ()
    events_only: tuple[str, ...] = ()
    same_events: bool = True
    reveal_persona: bool = True

    def setup(self, scenario: Scenario) -> Setup:
        """The cut of `scenario` (as read, uncut) this assignment plays."""
        off = self.events_off
        if self.events_only:
            off = tuple(e.id for e in scenario.events if e.id not in self.events_only)
        return Setup(
            self.variant,
            self.difficulty,
            self.rounds,
            off,
            self.same_events,
            self.title,
            self.instructions,
            not self.reveal_persona,
        )

    def persona_against(self, role: str, scenario: Scenario) -> str | None:
        """The counterpart's persona when the student plays `role` (None: the default)."""
        for persona_id in self.personas:
            if scenario.persona(persona_id).side == other(role):
                return persona_id
        return None


def assignment_files(content_dir: Path) -> list[Path]:
    folder = content_dir / ASSIGNMENTS_DIR
    if not folder.is_dir() or outside(content_dir, folder) is not None:
        return []  # check_assignments reports a folder linked elsewhere
    return sorted(folder.glob("*.toml"))


def read_assignment(path: Path, content_dir: Path) -> Assignment:
    """The assignment at `path`, checked against the content; ContentErrors if it is unusable."""
    errors: list[ContentError] = []
    assignment = _read(path, content_dir, errors)
    if errors or assignment is None:
        raise ContentErrors(errors)
    return assignment


def check_assignments(content_dir: Path) -> list[ContentError]:
    errors: list[ContentError] = []
    folder = content_dir / ASSIGNMENTS_DIR
    linked = outside(content_dir, folder) if folder.is_dir() else None
    if linked is not None:
        errors.append(ContentError(str(folder), None, "", linked))
    for path in assignment_files(content_dir):
        _read(path, content_dir, errors)
    return errors


def assignment_scenario(assignment: Assignment, content_dir: Path) -> Scenario:
    """The scenario cut as the assignment asks (ContentErrors / UnknownSetup as load_scenario)."""
    whole = read_scenario(content_dir, assignment.scenario)  # read once, cut once
    return cut(whole, assignment.setup(whole))


# ---------------------------------------------------------------------------------------------


def _read(path: Path, content_dir: Path, errors: list[ContentError]) -> Assignment | None:
    root = read_toml(path, errors)
    if root is None:
        return None
    before = len(errors)
    title = root.value("title", TEXT, "", required=True)
    instructions = root.value("instructions", TEXT, "", required=True)
    words = len(instructions.split())
    if words > INSTRUCTION_WORDS:
        root.error("instructions", f"{words} words; keep instructions under {INSTRUCTION_WORDS}")
    scenario_id = root.value("scenario", TEXT, "", required=True)
    seed = root.value("seed", INTEGER, 0, required=True)
    if "seed" in root.data and not 0 <= seed < 2**63:
        root.error("seed", f"must be a whole number from 0, not {seed}")
    role = root.value("role", TEXT, EITHER)
    if role not in ROLES:
        root.error("role", unknown("role", role, ROLES) + " (japan, us or either)")
    personas = _personas(root)
    assignment = Assignment(
        path=path,
        title=title,
        instructions=instructions,
        scenario=scenario_id,
        seed=seed,
        role=role,
        variant=root.value("variant", TEXT, ""),
        difficulty=root.value("difficulty", TEXT, ""),
        personas=personas,
        rounds=root.value("rounds", INTEGER, 0),
        events_off=tuple(root.array("events_off", TEXT)),
        events_only=tuple(root.array("events_only", TEXT)),
        same_events=root.value("same_events", BOOLEAN, True),
        reveal_persona=root.value("reveal_persona", BOOLEAN, True),
    )
    if assignment.events_off and assignment.events_only:
        root.error("events_only", "give events_off or events_only, not both")
    root.source.finish()  # unknown keys, with a did-you-mean
    if len(errors) == before and scenario_id:
        _check_against_content(root, assignment, content_dir)
    return assignment if len(errors) == before else None


def _personas(root: Table) -> tuple[str, ...]:
    if isinstance(root.data.get("persona"), str):
        return (root.value("persona", TEXT, ""),)
    return tuple(root.array("persona", TEXT))


def _check_against_content(root: Table, assignment: Assignment, content_dir: Path) -> None:
    before = len(root.source.errors)
    known = list_scenarios(content_dir)
    if assignment.scenario not in known:
        root.error("scenario", unknown("scenario", assignment.scenario, known))
        return
    try:
        whole = read_scenario(content_dir, assignment.scenario)
    except ContentErrors:
        root.error("scenario", f"scenario '{assignment.scenario}' is broken; run tnt check")
        return
    for key, value, ids in (
        ("variant", assignment.variant, [v.id for v in whole.variants]),
        ("difficulty", assignment.difficulty, [d.id for d in whole.difficulties]),
    ):
        if value and value not in ids:
            root.error(key, unknown(key, value, ids))
    event_ids = [event.id for event in whole.events]
    for key, values in (
        ("events_off", assignment.events_off),
        ("events_only", assignment.events_only),
    ):
        for index, event_id in enumerate(values):
            if event_id not in event_ids:
                root.error(f"{key}[{index}]", unknown("event", event_id, event_ids))
    persona_ids = [p.id for p in whole.personas]
    sides: dict[str, str] = {}
    for index, persona_id in enumerate(assignment.personas):
        key = "persona" if isinstance(root.data.get("persona"), str) else f"persona[{index}]"
        if persona_id not in persona_ids:
            root.error(key, unknown("persona", persona_id, persona_ids))
            continue
        side = whole.persona(persona_id).side
        if side in sides:
            root.error(key, f"two personas for {side}: '{sides[side]}' and '{persona_id}'")
        elif side == assignment.role:
            root.error(key, f"persona '{persona_id}' plays {side}, the student's own side")
        sides[side] = persona_id
    regular = sum(1 for r in whole.rounds if not r.extension)
    if "rounds" in root.data and not 1 <= assignment.rounds <= regular:
        root.error("rounds", f"must be between 1 and {regular}, not {assignment.rounds}")
        return
    if len(root.source.errors) > before:
        return
    try:
        cut(whole, assignment.setup(whole))  # the same read, cut as the game will cut it
    except UnknownSetup as exc:
        root.error("variant" if assignment.variant else "scenario", str(exc))
