"""Teaching points from content: `content/scenarios/<id>/teaching.toml`.

The file is data only. Each point names a `kind` from the fixed table below (one per detector in
`game.present.debrief`), the `when` case of that detector it is written for, the glossary
`term` of its concept, and a `title` and `text` whose `{fields}` the detector fills. Filling is
`str.format_map` with a fixed dict of known keys, never evaluation, and the checks below refuse
any field a detector does not provide, so an author learns of a misspelt field from `tnt check`,
not from a debrief that breaks at the end of a lesson.

Problems are reported like every other content problem: `path:line: key.path: message`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from pathlib import Path

import attrs
from attrs import frozen

from game.content.tables import (
    TEXT,
    ContentError,
    ContentErrors,
    Table,
    check_unique,
    did_you_mean,
    read_toml,
    unknown,
)
from game.engine.model import Scenario

TEACHING_FILE = "teaching.toml"

# Every detector fills these, naming the moment of the game the point is about.
COMMON_FIELDS = ("player", "counterpart", "round", "date", "move", "moment")


@frozen
class Kind:
    """One detector: the cases it tells apart and the fields it fills (besides COMMON_FIELDS)."""

    cases: tuple[str, ...]
    fields: tuple[str, ...]

    def all_fields(self) -> tuple[str, ...]:
        return COMMON_FIELDS + self.fields


KINDS: Mapping[str, Kind] = {
    # who opened and how far out
    "anchoring": Kind(
        cases=("extreme", "moderate"),
        fields=(
            "opener",
            "responder",
            "opening_for_opener",
            "opening_for_responder",
            "responder_no_deal",
            "outcome_for_opener",
            "nash_for_opener",
        ),
    ),
    # when the concessions came
    "deadline_effect": Kind(
        cases=("late", "early", "none"),
        fields=(
            "share_late",
            "late_from",
            "deadline",
            "biggest_side",
            "biggest_points",
            "player_total",
            "counterpart_total",
        ),
    ),
    # whether troop costs were tied to trade, and what that cost
    "linkage": Kind(
        cases=("linked", "linked_refused", "refused"),
        fields=(
            "linker",
            "refuser",
            "meter_moves",
            "security_issues",
            "security_japan",
            "security_us",
        ),
    ),
    # whether concessions were answered with concessions
    "reciprocity": Kind(
        cases=("matched", "unanswered", "hardened", "one_sided"),
        fields=("step_points", "answer_points", "answer_moment"),
    ),
    # walking away, accepting or signing against what no deal was worth
    "batna": Kind(
        cases=(
            "walked_above",
            "walked_below",
            "counterpart_walked",
            "accepted_below",
            "deal_above",
            "deadline",
        ),
        fields=("side", "offer_points", "no_deal_points", "margin_points"),
    ),
    # the deal at home: ratification
    "two_level": Kind(
        cases=("ratified", "rejected"),
        fields=("stage", "stage_side", "chance", "votes_passed", "votes_total", "margin_points"),
    ),
}

_POINT_KEYS = ("id", "kind", "when", "term", "title", "text")


@frozen
class TeachingText:
    id: str
    kind: str
    when: str
    term: str  # the concept's glossary term
    title: str  # a template, like text
    text: str

    def render(self, fields: Mapping[str, str]) -> tuple[str, str]:
        """(title, text) with the detector's fields filled in."""
        return self.title.format_map(fields), self.text.format_map(fields)


@frozen
class Teaching:
    """A scenario's teaching points; empty when it has no teaching.toml."""

    points: tuple[TeachingText, ...] = ()
    # the issues that count as security (troop costs, defence) for the linkage detector
    security_issues: tuple[str, ...] = ()

    def text_for(self, kind: str, when: str) -> TeachingText | None:
        return next((p for p in self.points if p.kind == kind and p.when == when), None)


def load_teaching(scenario_dir: Path, scenario: Scenario | None = None) -> Teaching:
    """The teaching points of the scenario in `scenario_dir`; ContentErrors listing every
    problem if the file is broken, an empty Teaching if there is no file."""
    teaching, errors = _read(scenario_dir / TEACHING_FILE, scenario)
    if errors:
        raise ContentErrors(errors)
    return teaching


def scenario_teaching(content_dir: Path, scenario: Scenario) -> Teaching:
    """The teaching points of `scenario` in the content folder (what a front end calls). A
    variant may have dropped some of the security issues: `tnt check` checks the ids against
    the whole scenario, and here only the ones this game has are kept."""
    teaching = load_teaching(content_dir / "scenarios" / scenario.id)
    kept = {issue.id for issue in scenario.issues}
    return attrs.evolve(
        teaching, security_issues=tuple(i for i in teaching.security_issues if i in kept)
    )


def check_teaching(scenario_dir: Path, scenario: Scenario | None = None) -> list[ContentError]:
    """Every problem in the scenario's teaching.toml ([] when fine or absent). Without a
    scenario (because it is broken itself) the issue ids are not checked."""
    return _read(scenario_dir / TEACHING_FILE, scenario)[1]


# ---------------------------------------------------------------------------------------------
# Reading and checking, through the one TOML reader (content/tables.py)


def _read(path: Path, scenario: Scenario | None) -> tuple[Teaching, list[ContentError]]:
    if not path.exists() and not path.is_symlink():  # a FIFO or a link is refused by name
        return Teaching(), []
    errors: list[ContentError] = []
    root = read_toml(path, errors)
    if root is None:
        return Teaching(), errors
    security = _security_issues(root, scenario)
    points = [(table, _point(table)) for table in root.some_tables("points")]
    kept = [(table, point) for table, point in points if point is not None]
    _check_cases(kept)
    root.source.finish()
    return Teaching(tuple(point for _, point in kept), security), errors


def _security_issues(root: Table, scenario: Scenario | None) -> tuple[str, ...]:
    issue_ids = root.array("security_issues", TEXT)
    if scenario is not None:
        known = [issue.id for issue in scenario.issues]
        for i, issue_id in enumerate(issue_ids):
            if issue_id not in known:
                root.error(f"security_issues[{i}]", unknown("issue", issue_id, known))
    return tuple(issue_ids)


def _point(table: Table) -> TeachingText | None:
    values = {key: table.words(key) for key in _POINT_KEYS if key != "id"}
    values["id"] = table.ident()
    if not all(value.strip() for value in values.values()):
        return None
    kind = KINDS.get(values["kind"])
    if kind is None:
        table.error(
            "kind", unknown("kind", values["kind"], KINDS) + f" (known: {', '.join(KINDS)})"
        )
        return None
    if values["when"] not in kind.cases:
        table.error(
            "when",
            f"'{values['when']}' is not a case of {values['kind']}"
            f"{did_you_mean(values['when'], kind.cases)} (cases: {', '.join(kind.cases)})",
        )
    for key in ("title", "text"):
        _check_template(table, key, values[key], kind.all_fields())
    return TeachingText(**values)


def _check_template(table: Table, key: str, template: str, known: tuple[str, ...]) -> None:
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        table.error(key, f"{exc} (write '{{{{' and '}}}}' for literal braces)")
        return
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if name not in known:
            hint = did_you_mean(name, known) or f" (fields: {', '.join(known)})"
            table.error(key, f"unknown field '{{{name}}}'{hint}")
        elif spec or conversion:
            table.error(key, f"field '{{{name}}}' takes no format: write '{{{name}}}'")


def _check_cases(points: list[tuple[Table, TeachingText]]) -> None:
    check_unique(((table, point.id) for table, point in points), "teaching point")
    cases: set[tuple[str, str]] = set()
    for table, point in points:
        if (point.kind, point.when) in cases:
            table.error(
                "when", f"a second point for {point.kind} when '{point.when}': one text per case"
            )
        cases.add((point.kind, point.when))
