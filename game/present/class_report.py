"""`tnt report`: the class report over many saves, one row per game, as Markdown (grouped by
seed, the distribution of scores, the real deal as a reference) or CSV (one row per game, the
real deal and every unreadable save with its reason, so a missing student shows).

    tnt report SAVES... [--format md|csv] [-o FILE]     # files, folders, globs

Saves are read through game.session.games (replayed, never trusted); the figures are the
debrief's (game.present.debrief), without its words.
"""

from __future__ import annotations

import csv
import glob
import io
import statistics
from collections.abc import Sequence
from pathlib import Path

from attrs import frozen

from game import __version__
from game.engine.analysis import Analysis, Pair, analyse
from game.engine.machine import outcome_value, reservation_value
from game.engine.model import SIDES, GameState, Scenario, other, side_index
from game.present.debrief import scenario_reference, score_text
from game.present.document import Block, Bullets, Heading, Para, Table
from game.present.exports import rounded
from game.present.markdown import to_markdown
from game.present.words import nice_date, points, side_name
from game.session.games import LoadedGame, load_game
from game.session.saves import SaveError


def find_saves(inputs: Sequence[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The save files named by `inputs` (files, folders searched for *.json, or globs), in the
    order given and each once; and (input, reason) for every input that names none."""
    found: dict[Path, None] = {}
    missing: list[tuple[str, str]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = [p for p in sorted(path.rglob("*.json")) if not _hidden(p, path)]
            if not files:
                missing.append((item, "a folder with no saves (*.json) in it"))
        elif path.exists() or path.is_symlink():
            files = [path]  # a file that is no save is reported by the loader, with its reason
        elif glob.has_magic(item):
            files = [Path(p) for p in sorted(glob.glob(item, recursive=True))]
            files = [p for p in files if p.suffix == ".json" and not p.is_dir()]
            if not files:
                missing.append((item, "no saves match"))
        else:
            files = []
            missing.append((item, "no such file or folder"))
        for file in files:
            found.setdefault(file, None)
    return list(found), missing


def _hidden(path: Path, root: Path) -> bool:
    """Temporary files of an interrupted write (.name.tmp) and hidden folders are not saves."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


# ---------------------------------------------------------------------------------------------
# One row per game


@frozen
class GameRow:
    file: str
    student: str
    scenario: str
    role: str
    opponent: str
    seed: int
    ending: str
    ended_by: str
    rounds: int
    signed: dict[str, str] | None  # the deal signed (issue id -> option id), ratified or not
    utilities: Pair
    scores: Pair
    distance: float
    gains_left: float
    checks: str  # "ok", or what the save's checks found
    variant: str = ""
    difficulty: str = ""
    assignment: str = ""  # the assignment's title

    @property
    def ratified(self) -> bool:
        return self.ending == "deal-ratified"

    @property
    def cut(self) -> str:
        """The scenario as played, for grouping: 'april-2025', or with its variant and level."""
        return cut_label(self.scenario, self.variant, self.difficulty)


def cut_label(scenario: str, variant: str, difficulty: str) -> str:
    details = ", ".join(x for x in (variant, difficulty) if x)
    return f"{scenario} ({details})" if details else scenario


def _scenario_label(scenario: Scenario) -> str:
    return cut_label(scenario.id, scenario.setup.variant, scenario.setup.difficulty)


def game_row(game: LoadedGame) -> GameRow:
    state = game.session.state
    analysis = _analysis(state)
    return GameRow(
        file=str(game.path),
        student=game.save.name or game.path.stem,
        scenario=state.scenario.id,
        role=state.player,
        opponent="hotseat"
        if game.save.hotseat
        else state.personas[side_index(other(state.player))],
        seed=state.seed,
        ending=state.ending.value if state.ending else "not finished",
        ended_by=state.ended_by or "",
        rounds=state.round,
        signed=state.scenario.terms_to_ids(state.agreed) if state.agreed else None,
        utilities=analysis.outcome,
        scores=analysis.scores,
        distance=analysis.distance_to_frontier,
        gains_left=analysis.joint_gains_left,
        checks="; ".join(game.notes) or "ok",
        variant=state.scenario.setup.variant,
        difficulty=state.scenario.setup.difficulty,
        assignment=state.scenario.setup.title,
    )


def _analysis(state: GameState) -> Analysis:
    """The same figures as the debrief's (game.debrief.build_debrief), without the words."""
    reservations = (reservation_value(state, SIDES[0]), reservation_value(state, SIDES[1]))
    outcome = (outcome_value(state, SIDES[0]), outcome_value(state, SIDES[1]))
    return analyse(state.scenario.utilities, reservations, outcome)


@frozen
class ClassReport:
    rows: tuple[GameRow, ...]  # grouped by scenario and seed
    unreadable: tuple[tuple[str, str], ...]  # (file or input, reason)
    scenarios: tuple[Scenario, ...]
    saves_found: int


def build_report(inputs: Sequence[str], content_dir: Path) -> ClassReport:
    files, unreadable = find_saves(inputs)
    rows: list[GameRow] = []
    # one scenario per cut: a class may play the classic and the full variant side by side
    scenarios_by_id: dict[str, Scenario] = {}
    for path in files:
        try:
            # load_game keeps each scenario cached, so a class of saves loads its content once
            game = load_game(path, content_dir, read_only=True)
        except SaveError as exc:
            unreadable.append((str(path), exc.problem))
            continue
        scenarios_by_id[_scenario_label(game.session.scenario)] = game.session.scenario
        rows.append(game_row(game))
    rows.sort(key=lambda r: (r.cut, r.seed, r.student.lower(), r.file))
    scenarios = tuple(scenarios_by_id[s] for s in sorted(scenarios_by_id))
    return ClassReport(tuple(rows), tuple(unreadable), scenarios, len(files))


# -- Markdown


def report_markdown(report: ClassReport) -> str:
    titles = ", ".join(dict.fromkeys(s.title for s in report.scenarios))
    assignments = sorted({r.assignment for r in report.rows if r.assignment})
    blocks: list[Block] = [
        Heading(1, f"Class report: {titles}"),
        Para(
            f"tnt {__version__}. {len(report.rows)} games read from {report.saves_found} saves"
            + (f"; {len(report.unreadable)} could not be read." if report.unreadable else ".")
            + " Scores: 0 is what no deal was worth to that side at the end of its game, 100 the "
            "best it could have had in a package the other side preferred to no deal."
        ),
    ]
    if assignments:
        blocks.append(Para("Assignment: " + "; ".join(assignments) + "."))
    blocks += _groups(report)
    blocks += _distribution(report.rows)
    blocks += _reference_blocks(report.scenarios)
    marked = [r for r in report.rows if r.checks != "ok"]
    if marked:
        blocks += [
            Heading(2, "Games with notes"),
            Bullets(tuple(f"{r.student} ({Path(r.file).name}): {r.checks}" for r in marked)),
        ]
    if report.unreadable:
        blocks += [
            Heading(2, "Saves that could not be read (skipped)"),
            Bullets(tuple(f"{where}: {reason}" for where, reason in report.unreadable)),
        ]
    return to_markdown(blocks)


def _issue_ids(report: ClassReport) -> list[str]:
    seen: dict[str, None] = {}
    for scenario in report.scenarios:
        for issue in scenario.issues:
            seen.setdefault(issue.id, None)
    return list(seen)


def _groups(report: ClassReport) -> list[Block]:
    issues = _issue_ids(report)
    header = (
        "Student",
        "Role",
        "Opponent",
        "Ending",
        "Rounds",
        f"{side_name(SIDES[0])} score",
        f"{side_name(SIDES[1])} score",
        "Distance to frontier",
        *issues,
        "Checks",
    )
    align = ("l", "l", "l", "l", "r", "r", "r", "r", *("l" for _ in issues), "l")
    blocks: list[Block] = [
        Heading(2, "Games, grouped by seed"),
        Para(
            "Games on the same seed rolled the same dice for every side-event; in an assignment "
            "with same_events they met the same events on the same dates: compare them. "
            "Terms are the deal signed (option ids; blank when no deal was signed)."
        ),
    ]
    for key, rows in _by_seed(report.rows):
        scenario, seed = key
        ratified = sum(1 for r in rows if r.ratified)
        title = f"Seed {seed}: {len(rows)} game{'s' if len(rows) != 1 else ''}, {ratified} ratified"
        if len(report.scenarios) > 1:
            title += f" — {scenario}"
        blocks.append(Heading(3, title))
        blocks.append(Table(header, tuple(_markdown_row(r, issues) for r in rows), align))
    return blocks


def _by_seed(rows: Sequence[GameRow]) -> list[tuple[tuple[str, int], list[GameRow]]]:
    groups: dict[tuple[str, int], list[GameRow]] = {}
    for row in rows:
        groups.setdefault((row.cut, row.seed), []).append(row)
    return list(groups.items())


def _markdown_row(row: GameRow, issues: Sequence[str]) -> tuple[str, ...]:
    ending = row.ending + (f" ({side_name(row.ended_by)})" if row.ended_by else "")
    terms = row.signed or {}
    return (
        row.student,
        side_name(row.role),
        row.opponent,
        ending,
        str(row.rounds),
        score_text(row.scores[0]),
        score_text(row.scores[1]),
        points(row.distance),
        *(terms.get(i, "") for i in issues),
        "ok" if row.checks == "ok" else "see notes",
    )


def _distribution(rows: Sequence[GameRow]) -> list[Block]:
    n = len(rows)
    ratified = [r for r in rows if r.ratified]
    signed = [r for r in rows if r.signed is not None]
    items = [
        f"Deal rate: {len(ratified)} of {n} games ended in a ratified deal "
        f"({_percent(len(ratified), n)}); {len(signed)} signed one.",
    ]
    for i, side in enumerate(SIDES):
        scores = [r.scores[i] for r in rows]
        items.append(
            f"{side_name(side)}'s score: mean {statistics.fmean(scores):.1f}, "
            f"standard deviation {_spread(scores):.1f}, from {min(scores):.0f} to "
            f"{max(scores):.0f}."
        )
    distances = [r.distance for r in rows]
    items.append(
        f"Distance to the frontier: mean {points(statistics.fmean(distances))} points; "
        f"{sum(1 for d in distances if d == 0)} games ended on the frontier."
    )
    if ratified:
        best = max(ratified, key=lambda r: (r.utilities[0] + r.utilities[1], r.student))
        items.append(
            f"Best joint gains: {best.student} ({side_name(best.role)}, seed {best.seed}), "
            f"{points(best.utilities[0])} + {points(best.utilities[1])} = "
            f"{points(best.utilities[0] + best.utilities[1])} points; terms "
            + ", ".join(f"{k} {v}" for k, v in (best.signed or {}).items())
            + "."
        )
    return [Heading(2, "Distribution"), Bullets(tuple(items))]


def _spread(values: Sequence[float]) -> float:
    """The sample standard deviation (0 for a single game)."""
    return statistics.stdev(values) if len(values) > 1 else 0.0


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def _reference_blocks(scenarios: Sequence[Scenario]) -> list[Block]:
    blocks: list[Block] = []
    for scenario in scenarios:
        if scenario.historical is None:
            continue
        reference = scenario_reference(scenario)
        terms = scenario.terms_to_ids(scenario.historical)
        blocks += [
            Heading(2, f"Reference: the real deal of 22 July 2025 ({_scenario_label(scenario)})"),
            Para(
                "Scored on the same score sheets, against the scenario's no-deal terms before "
                "any side-event moved them."
            ),
            Table(
                (
                    f"{side_name(SIDES[0])} score",
                    f"{side_name(SIDES[1])} score",
                    f"{side_name(SIDES[0])} points",
                    f"{side_name(SIDES[1])} points",
                    "Distance to frontier",
                    "Terms",
                ),
                (
                    (
                        score_text(reference.scores[0]),
                        score_text(reference.scores[1]),
                        points(reference.outcome[0]),
                        points(reference.outcome[1]),
                        points(reference.distance_to_frontier),
                        ", ".join(f"{k} {v}" for k, v in terms.items()),
                    ),
                ),
                ("r", "r", "r", "r", "r", "l"),
            ),
        ]
    return blocks


# -- CSV


CSV_COLUMNS = (
    "file",
    "student",
    "scenario",
    "variant",
    "difficulty",
    "assignment",
    "role",
    "opponent",
    "seed",
    "ending",
    "ended_by",
    "rounds",
    "japan_utility",
    "us_utility",
    "japan_score",
    "us_score",
    "distance_to_frontier",
    "joint_gains_left",
)


def report_csv(report: ClassReport) -> str:
    """One row per game, the real deal as a row with ending 'reference', and one row per
    unreadable save with its reason in `error` (so a missing student shows in a spreadsheet)."""
    issues = _issue_ids(report)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_COLUMNS, *(f"term_{i}" for i in issues), "checks", "error"])
    for row in report.rows:
        terms = row.signed or {}
        writer.writerow(
            [
                row.file,
                row.student,
                row.scenario,
                row.variant,
                row.difficulty,
                row.assignment,
                row.role,
                row.opponent,
                row.seed,
                row.ending,
                row.ended_by,
                row.rounds,
                rounded(row.utilities[0]),
                rounded(row.utilities[1]),
                round(row.scores[0], 2),
                round(row.scores[1], 2),
                rounded(row.distance),
                rounded(row.gains_left),
                *(terms.get(i, "") for i in issues),
                row.checks,
                "",
            ]
        )
    for scenario in report.scenarios:
        if scenario.historical is None:
            continue
        ref = scenario_reference(scenario)
        terms = scenario.terms_to_ids(scenario.historical)
        writer.writerow(
            [
                "",
                f"real deal ({nice_date('2025-07-22')})",
                scenario.id,
                scenario.setup.variant,
                scenario.setup.difficulty,
                "",
                "",
                "",
                "",
                "reference",
                "",
                "",
                rounded(ref.outcome[0]),
                rounded(ref.outcome[1]),
                round(ref.scores[0], 2),
                round(ref.scores[1], 2),
                rounded(ref.distance_to_frontier),
                rounded(ref.joint_gains_left),
                *(terms.get(i, "") for i in issues),
                "",
                "",
            ]
        )
    for where, reason in report.unreadable:
        writer.writerow([where, *[""] * (len(CSV_COLUMNS) - 1 + len(issues) + 1), reason])
    return out.getvalue()
