"""`tnt export` (one game's debrief and transcript, as a file a student hands in) and `tnt report`
(the class report over many saves).

    tnt export SAVE [--format md|html|json] [-o FILE]
    tnt report SAVES... [--format md|csv] [-o FILE]     # files, folders, globs

Both read saves through game.session.saves (replayed, never trusted) and show the figures of
game.debrief. Every export carries a stamp so a teacher can tell which game it came from: the
game's version, the content fingerprint of the scenario it was made with and the one the save
recorded, the save's hash chain and whether it verifies, and a sha256 over the moves.

Markdown and HTML are built from the same blocks (headings, paragraphs, lists, tables and
preformatted pictures); HTML goes through Rich's recording console with inline styles, so the
file needs nothing from the network. JSON holds every figure for tools.

Exit codes, as everywhere in tnt: 0 done; 1 done, but some saves could not be read (a report
lists them and reports the rest); 2 unusable input (a save or content that cannot be read, no
saves at all, an output file that cannot be written), one line on stderr naming the file.
"""

from __future__ import annotations

import csv
import glob
import hashlib
import io
import json
import statistics
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import frozen

from game import __version__
from game.content.loader import ContentErrors
from game.engine.analysis import Analysis, Pair, analyse
from game.engine.machine import outcome_value, reservation_value
from game.engine.model import SIDES, GameState, Scenario, Terms, other, side_index
from game.present.dance import DancePicture, draw_dance
from game.present.debrief import (
    Debrief,
    Moment,
    real_deal_notes,
    scenario_reference,
    score_rows,
    score_text,
)
from game.present.words import nice_date, points, side_name
from game.session.games import LoadedGame, load_game
from game.session.saves import SaveError, write_atomic
from game.session.session import Session

# figures in JSON are rounded to this many places: enough for any analysis, and stable text
_PLACES = 6
_HTML_WIDTH = 100

# ---------------------------------------------------------------------------------------------
# Blocks: one document, two renderings (Markdown and Rich)


@frozen
class Heading:
    level: int
    text: str


@frozen
class Para:
    text: str


@frozen
class Bullets:
    items: tuple[str, ...]


@frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # "r" for columns of numbers
    align: tuple[str, ...] = ()


@frozen
class Pre:
    lines: tuple[str, ...]
    picture: bool = False  # the dance: characters coloured by what they mark


Block = Heading | Para | Bullets | Table | Pre


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                out += ["#" * level + " " + text, ""]
            case Para(text=text):
                out += [text, ""]
            case Bullets(items=items):
                out += [*(f"- {item}" for item in items), ""]
            case Table():
                out += [*_markdown_table(block), ""]
            case Pre(lines=lines):
                out += ["```text", *lines, "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _markdown_table(table: Table) -> list[str]:
    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    align = table.align or ("l",) * len(table.header)
    rule = ["---:" if a == "r" else "---" for a in align]
    return [row(table.header), "| " + " | ".join(rule) + " |", *(row(r) for r in table.rows)]


# the dance's characters in colour (each is also told by its character and the legend)
_PICTURE_STYLES = {
    "t": "bold red",
    "w": "bold blue",
    "b": "bold magenta",
    ".": "green",
    "N": "bold black on yellow",
    "R": "bold white on dark_green",
    "*": "bold white on red",
    "|": "dim",
    "-": "dim",
    "+": "dim",
}


def to_html(blocks: Sequence[Block], title: str) -> str:
    """A self-contained HTML page: Rich records what it would print and exports it with every
    style inlined (no stylesheet link, no script, no font from the web)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table as RichTable
    from rich.text import Text

    console = Console(
        record=True,
        width=_HTML_WIDTH,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        highlight=False,
        emoji=False,
    )
    console.print(Text(title, style="bold"))
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                console.print()
                console.print(Text(text, style="bold underline" if level <= 2 else "bold"))
            case Para(text=text):
                console.print(Text(text))
            case Bullets(items=items):
                for item in items:
                    console.print(Text("• " + item))
            case Table(header=header, rows=rows, align=align):
                table = RichTable(box=box.SIMPLE_HEAD, show_edge=False)
                for i, name in enumerate(header):
                    right = bool(align) and align[i] == "r"
                    table.add_column(name, justify="right" if right else "left")
                for cells in rows:
                    table.add_row(*cells)
                console.print(table)
            case Pre(lines=lines, picture=picture):
                for line in lines:
                    rich_line = Text(line, no_wrap=True, overflow="ignore")
                    if picture:
                        _colour_picture_line(rich_line, line)
                    console.print(rich_line, soft_wrap=True)
    html = console.export_html(inline_styles=True)
    return html.replace("<head>", f"<head>\n<title>{_escape(title)}</title>", 1)


def _colour_picture_line(rich_line: Any, line: str) -> None:
    """Colour the marks of a dance picture: the plot rows ('100 |...', past the axis) and the
    mark at the head of each legend line ('  t  an offer by Tokyo'); titles stay plain."""
    if len(line) > 4 and line[4] == "|":
        columns: Iterable[int] = range(5, len(line))
    elif len(line) > 5 and line[:2] == "  " and line[3:5] == "  ":
        columns = (2,)
    else:
        return
    for i in columns:
        style = _PICTURE_STYLES.get(line[i])
        if style:
            rich_line.stylize(style, i, i + 1)


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


# ---------------------------------------------------------------------------------------------
# Loading saves


def moves_fingerprint(commands: Sequence[Mapping[str, Any]]) -> str:
    """sha256 over the save's moves in a canonical JSON form: the same moves, the same digest."""
    text = json.dumps(list(commands), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamp(game: LoadedGame) -> dict[str, Any]:
    """Which game this came from, and on what."""
    scenario = game.session.scenario
    save = game.save
    return {
        "tnt_version": __version__,
        "saved_by_version": save.game_version,
        "save": game.path.name,
        "scenario": scenario.id,
        "content_fingerprint": scenario.fingerprint,
        "saved_content_fingerprint": save.content_fingerprint,
        "moves": len(save.commands),
        "moves_sha256": moves_fingerprint(save.commands),
        "chain": save.chain,
        "chain_verifies": game.verified,
        "notes": list(game.notes),
    }


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


def _glossary_definitions(content_dir: Path) -> dict[str, str]:
    """{entry id: 'Term: definition'} from the glossary, or {} when it cannot be read (the
    debrief is still whole without definitions; `tnt check` reports a broken glossary)."""
    try:
        from game.content.glossary import load_glossary

        glossary = load_glossary(content_dir)
    except (ImportError, ContentErrors, OSError, KeyError, TypeError):
        return {}
    return {entry.id: f"{entry.term}: {entry.definition}" for entry in glossary.entries}


# ---------------------------------------------------------------------------------------------
# tnt export


def render_export(
    debrief: Debrief,
    stamp: Mapping[str, Any],
    fmt: str,
    session: Session | None = None,
    glossary: Mapping[str, str] | None = None,
) -> str:
    if fmt == "json":
        data = debrief_json(debrief, stamp)
        if session is not None:
            data["events"] = session.transcript_dicts()
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    blocks = debrief_blocks(debrief, stamp, glossary or {})
    if fmt == "html":
        return to_html(blocks, _title(debrief))
    return to_markdown([Heading(1, _title(debrief)), *blocks])


def export_debrief(
    session: Session, debrief: Debrief, concepts: Mapping[str, str], save_path: Path
) -> Path:
    """`tnt export SAVE` (Markdown) for the game in memory, written beside its save: the
    debrief screen's `x` and plain mode's `export` (moved here from the debrief screen)."""
    from game.session.saves import integrity_problem

    save = session.save_data()
    problem = integrity_problem(save)
    game = LoadedGame(save_path, session, save, not problem, False, session.notes)
    path = save_path.with_name(f"{save_path.stem}-debrief.md")
    write_atomic(path, render_export(debrief, stamp(game), "md", session, concepts))
    return path


def export_transcript(session: Session, folder: Path) -> Path:
    """The game so far, told as plain text from the player's side, into `folder`: the app's
    "Export transcript" and plain mode's `export` (moved here from the app)."""
    from game.present.narrate import transcript_lines

    stem = (
        session.save_path.stem
        if session.save_path is not None
        else f"{session.scenario.id}-{session.player}-seed{session.state.seed}"
    )
    heading = (
        f"{session.scenario.title}: transcript. You play {side_name(session.player)}, "
        f"seed {session.state.seed}."
    )
    lines = transcript_lines(session.transcript, session.state, session.player, heading)
    path = folder / f"{stem}-transcript.txt"
    write_atomic(path, "\n".join(lines) + "\n")
    return path


def _title(debrief: Debrief) -> str:
    who = f"{debrief.name}, " if debrief.name else ""
    return (
        f"Debrief: {debrief.scenario.title} ({who}{side_name(debrief.player)}, seed {debrief.seed})"
    )


# ---------------------------------------------------------------------------------------------
# The debrief as blocks


def debrief_blocks(
    debrief: Debrief, stamp: Mapping[str, Any], glossary: Mapping[str, str]
) -> list[Block]:
    return [
        *_about_blocks(debrief, stamp),
        *_outcome_blocks(debrief),
        *_terms_blocks(debrief),
        *_frontier_blocks(debrief),
        *_dance_blocks(debrief),
        *_concession_blocks(debrief),
        *_teaching_blocks(debrief, glossary),
        Heading(2, "Transcript"),
        Para(
            "Moves are numbered as in the teaching points. Values are shown to both sides: "
            "the debrief reveals both score sheets."
        ),
        Pre(tuple(line for line in debrief.transcript)),
    ]


def _about_blocks(debrief: Debrief, stamp: Mapping[str, Any]) -> list[Block]:
    scenario = debrief.scenario
    counterpart = scenario.persona(debrief.personas[side_index(debrief.counterpart)])
    against = (
        "another player (hotseat)" if debrief.hotseat else f"{counterpart.name} ({counterpart.id})"
    )
    verified = "verifies" if stamp.get("chain_verifies") else "does NOT verify"
    items = [
        f"Student: {debrief.name or 'not given'}",
        f"Played as {side_name(debrief.player)} against {against}, seed {debrief.seed}",
        f"Save: {stamp['save']}, {stamp['moves']} moves, moves sha256 "
        f"{str(stamp['moves_sha256'])[:16]}; hash chain {verified}",
        f"Made by tnt {stamp['tnt_version']} (the save by {stamp['saved_by_version']}); "
        f"scenario {stamp['scenario']}, content fingerprint {stamp['content_fingerprint']} "
        f"(the save's: {stamp['saved_content_fingerprint'] or 'none'})",
    ]
    items += [f"Note: {note}" for note in stamp.get("notes", ())]
    return [Bullets(tuple(items))]


def _outcome_blocks(debrief: Debrief) -> list[Block]:
    rows = score_rows(debrief)
    ended = f"{debrief.ending_text} Round {debrief.round} of {debrief.last_round}."
    return [
        Heading(2, "Outcome"),
        Para(ended),
        Table(("", side_name(SIDES[0]), side_name(SIDES[1])), rows, ("l", "r", "r")),
    ]


def _terms_blocks(debrief: Debrief) -> list[Block]:
    if debrief.historical is None:
        return []
    if debrief.signed_terms is None:
        which = "No deal was signed: the terms in force are the no-deal terms."
        column = "No deal"
    elif debrief.signed_terms == debrief.outcome_terms:
        which = "The deal signed and ratified."
        column = "This game"
    else:
        which = "The deal signed, though it did not take effect (no-deal terms apply)."
        column = "Deal signed"
    rows = tuple(
        (
            row.issue,
            row.game,
            "same" if row.same else row.real,
            _signed_points(row.japan),
            _signed_points(row.us),
        )
        for row in debrief.historical.rows
    )
    return [
        Heading(2, "Final terms and the real deal, term by term"),
        Para(
            f"{which} The last two columns say what this game's option is worth to each side "
            "compared with the real deal's, in points."
        ),
        Table(
            (
                "Issue",
                column,
                "Real deal (22 July 2025)",
                side_name(SIDES[0]),
                side_name(SIDES[1]),
            ),
            rows,
            ("l", "l", "l", "r", "r"),
        ),
        *_real_deal_note_blocks(debrief),
    ]


def _real_deal_note_blocks(debrief: Debrief) -> list[Block]:
    notes = real_deal_notes(debrief)
    if not notes:
        return []
    return [
        Para("What the real deal says on each issue (numbers in brackets: docs/facts.md):"),
        Bullets(tuple(notes)),
    ]


def _signed_points(utility: float) -> str:
    text = points(utility)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def _frontier_blocks(debrief: Debrief) -> list[Block]:
    analysis = debrief.analysis
    scenario = debrief.scenario
    items = [
        f"The Pareto frontier holds {len(analysis.frontier)} packages: none of them can be "
        "made better for one side without making it worse for the other.",
        f"Distance from the outcome to the frontier: {points(analysis.distance_to_frontier)} "
        "points.",
    ]
    if analysis.nash is not None:
        nash = analysis.nash
        items.append(
            f"Nash point: {points(nash.japan)} points to {side_name(SIDES[0])} and "
            f"{points(nash.us)} to {side_name(SIDES[1])}; distance from the outcome "
            f"{points(analysis.distance_to_nash or 0.0)} points. Its terms: "
            f"{_terms_words(scenario, nash.terms)}."
        )
    if analysis.best_improvement is not None:
        best = analysis.best_improvement
        items.append(
            f"Joint gains left on the table: {points(analysis.joint_gains_left)} points. "
            f"Both sides would have been at least as well off with "
            f"{_terms_words(scenario, best.terms)} ({points(best.japan)} to "
            f"{side_name(SIDES[0])}, {points(best.us)} to {side_name(SIDES[1])})."
        )
    else:
        items.append("Joint gains left on the table: none; the outcome is on the frontier.")
    blocks: list[Block] = [Heading(2, "The frontier, the Nash point and money left on the table")]
    blocks.append(Bullets(tuple(items)))
    if debrief.trades:
        blocks.append(Heading(3, f"Missed trades, from {debrief.trades_from}"))
        blocks.append(Bullets(tuple(t.sentence for t in debrief.trades)))
    return blocks


def _terms_words(scenario: Scenario, terms: Terms) -> str:
    return "; ".join(
        f"{issue.name} {issue.options[pick].label}"
        for issue, pick in zip(scenario.issues, terms.picks, strict=True)
    )


def _dance_blocks(debrief: Debrief) -> list[Block]:
    picture: DancePicture = draw_dance(debrief)
    offers = tuple(
        (
            str(o.moment.move),
            str(o.round),
            side_name(o.side),
            points(o.utilities[0]),
            points(o.utilities[1]),
        )
        for o in debrief.offers
    )
    return [
        Heading(2, "The negotiation dance"),
        Para(
            f"Every offer by its value to {side_name(SIDES[0])} (across) and to "
            f"{side_name(SIDES[1])} (up). Offers up and to the right are better for both."
        ),
        Pre((*picture.lines, "", *picture.legend, *picture.notes), picture=True),
        Table(
            ("Move", "Round", "Offer by", side_name(SIDES[0]), side_name(SIDES[1])),
            offers,
            ("r", "r", "l", "r", "r"),
        ),
    ]


def _concession_blocks(debrief: Debrief) -> list[Block]:
    def cell(value: float | None) -> str:
        return "" if value is None else _signed_points(value)

    rows = tuple((str(r.round), cell(r.japan), cell(r.us)) for r in debrief.rounds)
    return [
        Heading(2, "Concessions per round"),
        Para(
            "What each side's offer gave the other side compared with its previous offer, in "
            "the other side's points (negative: it hardened; blank: no new offer)."
        ),
        Table(
            ("Round", f"{side_name(SIDES[0])} gave", f"{side_name(SIDES[1])} gave"),
            rows,
            ("r", "r", "r"),
        ),
    ]


def _teaching_blocks(debrief: Debrief, glossary: Mapping[str, str]) -> list[Block]:
    if not debrief.teaching:
        return []
    blocks: list[Block] = [Heading(2, "Teaching points")]
    for point in debrief.teaching:
        blocks.append(Heading(3, f"{point.title} ({_short_moment(point.moment)})"))
        blocks.append(Para(point.text))
        concept = glossary.get(point.term)
        if concept:
            blocks.append(Para(f"Concept: {concept}"))
    return blocks


def _short_moment(moment: Moment) -> str:
    text = f"round {moment.round}" if moment.round else "briefing"
    return text + (f", move {moment.move}" if moment.is_move else "")


# ---------------------------------------------------------------------------------------------
# The debrief as JSON


def debrief_json(debrief: Debrief, stamp: Mapping[str, Any]) -> dict[str, Any]:
    scenario = debrief.scenario
    analysis = debrief.analysis
    picture = draw_dance(debrief)
    return {
        "stamp": dict(stamp),
        "game": {
            "scenario": scenario.id,
            "title": scenario.title,
            "name": debrief.name,
            "player": debrief.player,
            "personas": dict(zip(SIDES, debrief.personas, strict=True)),
            "seed": debrief.seed,
            "ending": debrief.ending.value if debrief.ending else None,
            "ended_by": debrief.ended_by,
            "ending_text": debrief.ending_text,
            "round": debrief.round,
            "last_round": debrief.last_round,
        },
        "terms": {
            "in_force": scenario.terms_to_ids(debrief.outcome_terms),
            "signed": _ids(scenario, debrief.signed_terms),
            "compared": scenario.terms_to_ids(debrief.final_terms),
        },
        "sides": {
            r.side: {
                "utility": _r(r.utility),
                "reservation": _r(r.reservation),
                "ideal": _r(r.ideal),
                "score": _r(r.score),
            }
            for r in debrief.sides
        },
        "analysis": _analysis_json(scenario, analysis),
        "historical": _historical_json(debrief),
        "missed_trades": {
            "from": debrief.trades_from,
            "trades": [
                {
                    "changes": [
                        {
                            "issue": scenario.issues[i].id,
                            "from": scenario.issues[i].options[a].id,
                            "to": scenario.issues[i].options[b].id,
                        }
                        for i, a, b in t.trade.changes
                    ],
                    "gains": _pair(t.trade.gains),
                    "sentence": t.sentence,
                }
                for t in debrief.trades
            ],
        },
        "concessions": [
            {
                "side": c.side,
                "round": c.round,
                "offer": c.offer_index + 1,
                "given": _r(c.given),
                "cost": _r(c.cost),
            }
            for c in debrief.concessions
        ],
        "rounds": [
            {"round": r.round, "japan": _r_or_none(r.japan), "us": _r_or_none(r.us)}
            for r in debrief.rounds
        ],
        "offers": [
            {"side": o.side, "round": o.round, "move": o.moment.move, **_pair(o.utilities)}
            for o in debrief.offers
        ],
        "teaching": [
            {
                "id": p.id,
                "kind": p.kind,
                "when": p.when,
                "term": p.term,
                "title": p.title,
                "text": p.text,
                "moment": {
                    "round": p.moment.round,
                    "date": p.moment.date,
                    "move": p.moment.move,
                    "is_move": p.moment.is_move,
                    "event_index": p.moment.event_index,
                    "what": p.moment.what,
                },
            }
            for p in debrief.teaching
        ],
        "dance": {
            "lines": list(picture.lines),
            "legend": [{"mark": c, "meaning": m} for c, m in picture.marks],
            "notes": list(picture.notes),
        },
        "transcript": list(debrief.transcript),
    }


def _analysis_json(scenario: Scenario, analysis: Analysis) -> dict[str, Any]:
    def point(p: Any) -> dict[str, Any] | None:
        if p is None:
            return None
        return {**_pair(p.utilities), "terms": scenario.terms_to_ids(p.terms)}

    return {
        "reservations": _pair(analysis.reservations),
        "ideals": _pair(analysis.ideals),
        "outcome": _pair(analysis.outcome),
        "scores": _pair(analysis.scores),
        "distance_to_frontier": _r(analysis.distance_to_frontier),
        "distance_to_nash": _r_or_none(analysis.distance_to_nash),
        "joint_gains_left": _r(analysis.joint_gains_left),
        "best_improvement": point(analysis.best_improvement),
        "nash": point(analysis.nash),
        "frontier": [point(p) for p in analysis.frontier.points],
    }


def _historical_json(debrief: Debrief) -> dict[str, Any] | None:
    real = debrief.historical
    if real is None:
        return None
    return {
        "terms": debrief.scenario.terms_to_ids(real.terms),
        "utilities": _pair(real.utilities),
        "scores": _pair(real.scores),
        "rows": [
            {
                "issue": row.issue_id,
                "game": row.game,
                "real": row.real,
                "same": row.same,
                "japan": _r(row.japan),
                "us": _r(row.us),
                "note": row.note,
                "sources": list(row.sources),
            }
            for row in real.rows
        ],
    }


def _ids(scenario: Scenario, terms: Terms | None) -> dict[str, str] | None:
    return scenario.terms_to_ids(terms) if terms is not None else None


def _pair(pair: Pair) -> dict[str, float]:
    return {SIDES[0]: _r(pair[0]), SIDES[1]: _r(pair[1])}


def _r(value: float) -> float:
    rounded = round(value, _PLACES)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the file


def _r_or_none(value: float | None) -> float | None:
    return None if value is None else _r(value)


# ---------------------------------------------------------------------------------------------
# tnt report: one row per game


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
                _r(row.utilities[0]),
                _r(row.utilities[1]),
                round(row.scores[0], 2),
                round(row.scores[1], 2),
                _r(row.distance),
                _r(row.gains_left),
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
                _r(ref.outcome[0]),
                _r(ref.outcome[1]),
                round(ref.scores[0], 2),
                round(ref.scores[1], 2),
                _r(ref.distance_to_frontier),
                _r(ref.joint_gains_left),
                *(terms.get(i, "") for i in issues),
                "",
                "",
            ]
        )
    for where, reason in report.unreadable:
        writer.writerow([where, *[""] * (len(CSV_COLUMNS) - 1 + len(issues) + 1), reason])
    return out.getvalue()
