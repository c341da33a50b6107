"""`tnt export`: one game's debrief and transcript, as a file a student hands in (the class
report over many saves is game.present.class_report).

    tnt export SAVE [--format md|html|json] [-o FILE] [--reveal]

It reads saves through game.session.saves (replayed, never trusted) and show the figures of
game.debrief. A game still in play exports only the player's own view (game.present.view_export:
its transcript and its own figures, nothing of the other side's hand, no frontier or Nash point),
so a student cannot read the counterpart's score sheet mid-game; `--reveal`, for teachers, gives
the whole debrief of it (as of now) instead. A finished game always exports the whole debrief.

Every export carries a stamp so a teacher can tell which game it came from: the game's version,
the content fingerprint of the scenario it was made with and the one the save recorded, the
save's hash chain and whether it verifies, and a sha256 over the moves.

Markdown and HTML render the same document (game.present.debrief_document: headings,
paragraphs, lists, tables and the dance's picture); the HTML is semantic and self-contained, so
the file needs nothing from the network. JSON holds every figure for tools.

Exit codes, as everywhere in tnt: 0 done; 1 done, but some saves could not be read (a report
lists them and reports the rest); 2 unusable input (a save or content that cannot be read, no
saves at all, an output file that cannot be written), one line on stderr naming the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from game import __version__
from game.engine.analysis import Analysis, Pair
from game.engine.events import Event
from game.engine.model import SIDES, Scenario, Terms
from game.engine.view import PlayerView
from game.present.dance import draw_dance
from game.present.debrief import Debrief
from game.present.debrief_document import debrief_document
from game.present.html import to_html
from game.present.markdown import to_markdown
from game.present.view_export import view_document, view_transcript
from game.present.words import side_name
from game.session.games import LoadedGame
from game.session.saves import write_atomic
from game.session.session import Session

# figures in JSON are rounded to this many places: enough for any analysis, and stable text
_PLACES = 6

# ---------------------------------------------------------------------------------------------
# Which game an export came from


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


# ---------------------------------------------------------------------------------------------
# tnt export


def render_export(
    debrief: Debrief,
    stamp: Mapping[str, Any],
    fmt: str,
    session: Session | None = None,
    glossary: Mapping[str, str] | None = None,
    teaching_problem: str = "",
) -> str:
    if fmt == "json":
        data = debrief_json(debrief, stamp)
        if session is not None:
            data["events"] = session.transcript_dicts()
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    document = debrief_document(debrief, stamp, glossary or {}, teaching_problem=teaching_problem)
    if fmt == "html":
        return to_html(document.blocks(title=False), document.title)
    return to_markdown(document.blocks())


def render_view_export(
    view: PlayerView,
    transcript: Sequence[Event],
    stamp: Mapping[str, Any],
    fmt: str,
    name: str = "",
) -> str:
    """An unfinished game as `view`'s side saw it (game.present.view_export)."""
    if fmt == "json":
        return (
            json.dumps(view_json(view, transcript, stamp, name), indent=1, ensure_ascii=False)
            + "\n"
        )
    document = view_document(view, transcript, stamp, name)
    if fmt == "html":
        return to_html(document.blocks(title=False), document.title)
    return to_markdown(document.blocks())


def export_debrief(
    session: Session,
    debrief: Debrief,
    concepts: Mapping[str, str],
    save_path: Path,
    teaching_problem: str = "",
) -> Path:
    """`tnt export SAVE` (Markdown) for the game in memory, written beside its save: the
    debrief screen's `x`, plain mode's `export` and the server's download. Those come after the
    end; a game still in play would get the player's own view only, as `tnt export` gives it."""
    from game.session.saves import integrity_problem

    save = session.save_data()
    problem = integrity_problem(save)
    game = LoadedGame(save_path, session, save, not problem, False, session.notes)
    path = save_path.with_name(f"{save_path.stem}-debrief.md")
    if session.over:
        text = render_export(debrief, stamp(game), "md", session, concepts, teaching_problem)
    else:
        view = session.view(session.player)
        text = render_view_export(view, session.transcript, stamp(game), "md", session.name)
    write_atomic(path, text)
    return path


def export_transcript(session: Session, folder: Path, side: str | None = None) -> Path:
    """The game so far, told as plain text from the player's side, into `folder`: the app's
    "Export transcript", plain mode's `export` and, before the end, the server's download.
    Told from the player's view (in hotseat, `side`'s: whoever has the keyboard), so nothing of
    the other side's hand is in it mid-game."""
    side = side or session.player
    stem = (
        session.save_path.stem
        if session.save_path is not None
        else f"{session.scenario.id}-{side}-seed{session.state.seed}"
    )
    heading = (
        f"{session.scenario.title}: transcript. You play {side_name(side)}, "
        f"seed {session.state.seed}."
    )
    lines = [heading, *view_transcript(session.view(side), session.transcript)]
    if side != session.player:  # hotseat: each side's own file, neither overwrites the other
        stem = f"{stem}-{side}"
    path = folder / f"{stem}-transcript.txt"
    write_atomic(path, "\n".join(lines) + "\n")
    return path


# ---------------------------------------------------------------------------------------------
# An unfinished game: the player's own view


def view_json(
    view: PlayerView, transcript: Sequence[Event], stamp: Mapping[str, Any], name: str
) -> dict[str, Any]:
    """The same, for tools: utilities as 0–1, as the debrief's JSON has them."""
    state = view.state
    scenario = state.scenario

    def worth(terms: Any) -> float:
        return rounded(view.utility(terms))

    standing = state.standing
    return {
        "stamp": dict(stamp),
        "revealed": False,
        "game": {
            "scenario": scenario.id,
            "title": scenario.title,
            "name": name,
            "player": view.side,
            "hotseat": state.hotseat,
            "seed": state.seed,
            "phase": state.phase.value,
            "round": state.round,
            "last_round": state.last_round,
            "finished": False,
        },
        "view": {
            "side": view.side,
            "reservation": rounded(view.reservation),
            "on_the_table": None
            if standing is None
            else {
                "by": standing.by,
                "terms": scenario.terms_to_ids(standing.terms),
                "worth": worth(standing.terms),
            },
            "signed": None if state.agreed is None else scenario.terms_to_ids(state.agreed),
            "vote_chance": None if view.vote_chance is None else rounded(view.vote_chance),
            "offers": [
                {
                    "side": offer.by,
                    "round": offer.round,
                    "terms": scenario.terms_to_ids(offer.terms),
                    "worth": worth(offer.terms),
                }
                for offer in state.offers
            ],
            "meters": {
                meter.id: value for meter, value in zip(scenario.meters, state.meters, strict=True)
            },
        },
        "transcript": view_transcript(view, transcript),
    }


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
                "utility": rounded(r.utility),
                "reservation": rounded(r.reservation),
                "ideal": rounded(r.ideal),
                "score": rounded(r.score),
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
                "given": rounded(c.given),
                "cost": rounded(c.cost),
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
        "distance_to_frontier": rounded(analysis.distance_to_frontier),
        "distance_to_nash": _r_or_none(analysis.distance_to_nash),
        "joint_gains_left": rounded(analysis.joint_gains_left),
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
                "japan": rounded(row.japan),
                "us": rounded(row.us),
                "note": row.note,
                "sources": list(row.sources),
            }
            for row in real.rows
        ],
    }


def _ids(scenario: Scenario, terms: Terms | None) -> dict[str, str] | None:
    return scenario.terms_to_ids(terms) if terms is not None else None


def _pair(pair: Pair) -> dict[str, float]:
    return {SIDES[0]: rounded(pair[0]), SIDES[1]: rounded(pair[1])}


def rounded(value: float) -> float:
    rounded = round(value, _PLACES)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the file


def _r_or_none(value: float | None) -> float | None:
    return None if value is None else rounded(value)
