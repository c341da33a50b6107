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

import difflib
import re
import string
import tomllib
from collections.abc import Collection, Iterable, Mapping
from pathlib import Path

import attrs
from attrs import frozen

from game.content.reader import key_lines, line_of
from game.content.tables import ContentError, ContentErrors
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
_TOP_KEYS = ("points", "security_issues")
_ID = re.compile(r"[a-z0-9_-]+")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


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
# Reading and checking


def _read(path: Path, scenario: Scenario | None) -> tuple[Teaching, list[ContentError]]:
    if not path.is_file():
        return Teaching(), []
    reader = _Reader(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return Teaching(), [ContentError(str(path), None, "", f"cannot be read ({exc})")]
    except tomllib.TOMLDecodeError as exc:
        return Teaching(), [_syntax_error(path, str(exc))]
    reader.lines = key_lines(text)
    teaching = reader.teaching(data, scenario)
    return teaching, reader.errors


def _syntax_error(path: Path, message: str) -> ContentError:
    position = _TOML_POSITION.search(message)
    line = int(position.group(1)) if position else None
    return ContentError(str(path), line, "", f"not valid TOML: {_TOML_POSITION.sub('', message)}")


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: dict[str, int] = {}
        self.errors: list[ContentError] = []

    def error(self, key: str, message: str) -> None:
        self.errors.append(ContentError(str(self.path), line_of(self.lines, key), key, message))

    def unknown_keys(self, table: Mapping[str, object], known: Collection[str], at: str) -> None:
        for key in table:
            if key not in known:
                where = f"{at}.{key}" if at else key
                self.error(where, f"unknown key '{key}'{_did_you_mean(key, known)}")

    def teaching(self, data: Mapping[str, object], scenario: Scenario | None) -> Teaching:
        self.unknown_keys(data, _TOP_KEYS, "")
        security = self.security_issues(data.get("security_issues", []), scenario)
        raw = data.get("points")
        if not isinstance(raw, list) or not raw:
            self.error("points", "needs at least one [[points]] table")
            return Teaching((), security)
        read = [(i, self.point(item, f"points[{i}]")) for i, item in enumerate(raw)]
        kept = [(i, point) for i, point in read if point is not None]
        self.check_unique(kept)
        return Teaching(tuple(point for _, point in kept), security)

    def security_issues(self, raw: object, scenario: Scenario | None) -> tuple[str, ...]:
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.error("security_issues", "must be a list of issue ids")
            return ()
        if scenario is not None:
            known = [issue.id for issue in scenario.issues]
            for i, issue_id in enumerate(raw):
                if issue_id not in known:
                    self.error(
                        f"security_issues[{i}]",
                        f"unknown issue '{issue_id}'{_did_you_mean(issue_id, known)}",
                    )
        return tuple(raw)

    def point(self, raw: object, at: str) -> TeachingText | None:
        if not isinstance(raw, dict):
            self.error(at, "must be a table")
            return None
        self.unknown_keys(raw, _POINT_KEYS, at)
        values: dict[str, str] = {}
        for key in _POINT_KEYS:
            value = raw.get(key)
            if not isinstance(value, str) or not value.strip():
                what = "is missing" if value is None else "must be a non-empty string"
                self.error(f"{at}.{key}", f"'{key}' {what}")
                continue
            values[key] = value
        if len(values) < len(_POINT_KEYS):
            return None
        if not _ID.fullmatch(values["id"]):
            self.error(f"{at}.id", "an id uses only a-z, 0-9, '-' and '_'")
        kind = KINDS.get(values["kind"])
        if kind is None:
            self.error(
                f"{at}.kind",
                f"unknown kind '{values['kind']}'{_did_you_mean(values['kind'], KINDS)}"
                f" (known: {', '.join(KINDS)})",
            )
            return None
        if values["when"] not in kind.cases:
            self.error(
                f"{at}.when",
                f"'{values['when']}' is not a case of {values['kind']}"
                f"{_did_you_mean(values['when'], kind.cases)} (cases: {', '.join(kind.cases)})",
            )
        for key in ("title", "text"):
            self.check_template(values[key], kind.all_fields(), f"{at}.{key}")
        return TeachingText(**values)

    def check_template(self, template: str, known: tuple[str, ...], at: str) -> None:
        try:
            parsed = list(string.Formatter().parse(template))
        except ValueError as exc:
            self.error(at, f"{exc} (write '{{{{' and '}}}}' for literal braces)")
            return
        for _, name, spec, conversion in parsed:
            if name is None:
                continue
            if name not in known:
                hint = _did_you_mean(name, known) or f" (fields: {', '.join(known)})"
                self.error(at, f"unknown field '{{{name}}}'{hint}")
            elif spec or conversion:
                self.error(at, f"field '{{{name}}}' takes no format: write '{{{name}}}'")

    def check_unique(self, points: Iterable[tuple[int, TeachingText]]) -> None:
        ids: set[str] = set()
        cases: set[tuple[str, str]] = set()
        for i, point in points:
            if point.id in ids:
                self.error(f"points[{i}].id", f"duplicate id '{point.id}'")
            if (point.kind, point.when) in cases:
                self.error(
                    f"points[{i}].when",
                    f"a second point for {point.kind} when '{point.when}': one text per case",
                )
            ids.add(point.id)
            cases.add((point.kind, point.when))


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(set(known)), n=1, cutoff=0.6)
    return f" (did you mean '{matches[0]}'?)" if matches else ""
