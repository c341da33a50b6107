"""The debrief as one document: every sentence and figure the export, plain mode and the
Textual debrief show, worded here once (game.present.document for the blocks).

Sections, by id: "about" (which game and save this is: exports only, from their stamp),
"result" (the ending, both sides' scores, the final terms beside the real deal, the frontier
and the missed trades), "dance" (the picture, the offers, the points of reference, the
concessions), "teaching" (each point with its moment and concept) and "transcript".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from game.engine.model import SIDES, side_index
from game.present.dance import draw_dance
from game.present.debrief import (
    SCORE_MEANING,
    Debrief,
    frontier_items,
    real_deal_notes,
    score_rows,
    terms_column,
)
from game.present.document import Block, Bullets, Document, Heading, Para, Pre, Section, Table
from game.present.words import nice_date, points, side_name, signed

REAL = "Real deal (22 July 2025)"
NO_TEACHING = "No teaching point applies to this game."


def debrief_document(
    debrief: Debrief,
    stamp: Mapping[str, Any] | None = None,
    concepts: Mapping[str, str] | None = None,
    you: bool = False,
    teaching_problem: str = "",
) -> Document:
    """The whole debrief. `stamp` (game.present.exports.stamp) adds the "about" section;
    `concepts` maps a glossary id to 'Term: definition'; `you` marks the player's side in the
    tables (on screen, to the player; an export is read by a teacher too, and in hotseat both
    sides were "you"); `teaching_problem` says why there are no teaching points, if broken."""
    sections = [
        *([_about(debrief, stamp)] if stamp is not None else []),
        _result(debrief, you and not debrief.hotseat),
        _dance(debrief),
        _teaching(debrief, concepts or {}, teaching_problem),
        _transcript(debrief),
    ]
    return Document(title(debrief), tuple(sections))


def title(debrief: Debrief) -> str:
    who = f"{debrief.name}, " if debrief.name else ""
    return (
        f"Debrief: {debrief.scenario.title} ({who}{side_name(debrief.player)}, seed {debrief.seed})"
    )


def side_headers(debrief: Debrief, you: bool) -> tuple[str, str]:
    names = [side_name(side) for side in SIDES]
    if you:
        names = [
            f"{n} (you)" if s == debrief.player else n for n, s in zip(names, SIDES, strict=True)
        ]
    return names[0], names[1]


def _about(debrief: Debrief, stamp: Mapping[str, Any]) -> Section:
    scenario = debrief.scenario
    counterpart = scenario.persona(debrief.personas[side_index(debrief.counterpart)])
    against = (
        "another player (hotseat)" if debrief.hotseat else f"{counterpart.name} ({counterpart.id})"
    )
    played = f"Played as {side_name(debrief.player)} against {against}, seed {debrief.seed}"
    return about_section(stamp, debrief.name, played)


def about_section(stamp: Mapping[str, Any], name: str, played: str) -> Section:
    """Which game and save an export is: the student, `played` (who against whom), the stamp
    (game.present.exports.stamp). Shared by the debrief and an unfinished game's own view."""
    verified = "verifies" if stamp.get("chain_verifies") else "does NOT verify"
    items = [
        f"Student: {name or 'not given'}",
        played,
        f"Save: {stamp['save']}, {stamp['moves']} moves, moves sha256 "
        f"{str(stamp['moves_sha256'])[:16]}; hash chain {verified}",
        f"Made by tnt {stamp['tnt_version']} (the save by {stamp['saved_by_version']}); "
        f"scenario {stamp['scenario']}, content fingerprint {stamp['content_fingerprint']} "
        f"(the save's: {stamp['saved_content_fingerprint'] or 'none'})",
    ]
    items += [f"Note: {note}" for note in stamp.get("notes", ())]
    return Section("about", "", (Bullets(tuple(items)),))


def _result(debrief: Debrief, you: bool) -> Section:
    blocks: list[Block] = [
        Para(f"{debrief.ending_text} Round {debrief.round} of {debrief.last_round}."),
        Heading(3, "Both sides' points and scores"),
        Table(("", *side_headers(debrief, you)), score_rows(debrief), ("l", "r", "r")),
        Para(SCORE_MEANING),
        *_terms(debrief),
        *_others(debrief),
        Heading(2, "The frontier, the Nash point and money left on the table"),
        Bullets(tuple(frontier_items(debrief))),
    ]
    if debrief.trades:
        blocks += [
            Heading(3, f"Missed trades, from {debrief.trades_from}"),
            Bullets(tuple(t.sentence for t in debrief.trades)),
        ]
    else:
        whence = f" than {debrief.trades_from}" if debrief.trades_from else ""
        blocks += [
            Heading(3, "Missed trades"),
            Para(f"No trade of one or two issues would have left both sides better off{whence}."),
        ]
    blocks += _epilogue(debrief)
    return Section("result", "Outcome", tuple(blocks))


def _terms(debrief: Debrief) -> list[Block]:
    if debrief.historical is None:
        return []
    column, which = terms_column(debrief)
    rows = tuple(
        (row.issue, row.game, "same" if row.same else row.real, signed(row.japan), signed(row.us))
        for row in debrief.historical.rows
    )
    blocks: list[Block] = [
        Heading(2, "Final terms and the real deal, term by term"),
        Para(
            f"{which} The last two columns say what this game's option is worth to each side "
            "compared with the real deal's, in points."
        ),
        Table(
            ("Issue", column, REAL, *side_headers(debrief, False)),
            rows,
            ("l", "l", "l", "r", "r"),
        ),
    ]
    notes = real_deal_notes(debrief)
    if notes:
        blocks += [
            Para("What the real deal says on each issue (numbers in brackets: docs/facts.md):"),
            Bullets(tuple(notes)),
        ]
    return blocks


def _cited(sources: tuple[int, ...]) -> str:
    return " " + "".join(f"[{n}]" for n in sources) if sources else ""


def _others(debrief: Debrief) -> list[Block]:
    """What others got: the deals that set Tokyo's reference point, and those that came after."""
    benchmarks = debrief.scenario.benchmarks
    if not benchmarks:
        return []
    rows = tuple(
        (b.partner, nice_date(b.date), f"{b.terms}{_cited(b.sources)}") for b in benchmarks
    )
    return [
        Heading(2, "What others got"),
        Para(
            "The deals Washington struck with other partners in the same months, as they came: "
            "each moved what Tokyo, and a class, could count as a good deal (numbers in "
            "brackets: docs/facts.md)."
        ),
        Table(("Partner", "Date", "Terms"), rows, ("l", "l", "l")),
    ]


def _epilogue(debrief: Debrief) -> list[Block]:
    """After the deal: a signed deal is not the end of a two-level game."""
    notes = debrief.scenario.epilogue
    if not notes:
        return []
    blocks: list[Block] = [
        Heading(2, "Epilogue: after the real deal"),
        Para("A signed deal is not the end of a two-level game. What came after 22 July 2025:"),
    ]
    for note in notes:
        blocks += [
            Heading(3, f"{nice_date(note.date)}: {note.title}"),
            Para(note.text + _cited(note.sources)),
        ]
    return blocks


def _dance(debrief: Debrief) -> Section:
    japan, us = side_headers(debrief, False)
    analysis = debrief.analysis
    picture = draw_dance(debrief)
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
    marks = [("No deal at the end", analysis.reservations)]
    if analysis.nash is not None:
        marks.append(("The Nash point", analysis.nash.utilities))
    marks.append(("The outcome", analysis.outcome))
    if debrief.historical is not None:
        marks.append(("The real deal of 22 July 2025", debrief.historical.utilities))
    rows = tuple((str(r.round), _given(r.japan), _given(r.us)) for r in debrief.rounds)
    blocks: list[Block] = [
        Pre((*picture.lines, "", *picture.legend, *picture.notes), picture=True),
        Para(
            f"Every offer by its value to {japan} (across) and to {us} (up). Offers up and to "
            "the right are better for both."
        ),
        Heading(3, "Every offer"),
        Table(("Move", "Round", "Offer by", japan, us), offers, ("r", "r", "l", "r", "r"))
        if offers
        else Para("No offer was made."),
        Heading(3, "Points of reference"),
        Bullets(
            tuple(
                f"{what}: {points(a)} to {japan} and {points(b)} to {us}." for what, (a, b) in marks
            )
        ),
        Para(
            "The zone of agreement is every package worth more than no deal to both sides; the "
            "Nash point is the one with the largest product of both sides' gains over no deal."
        ),
        Heading(3, "Concessions per round"),
        Para(
            "What each side's offer gave the other side compared with its previous offer, in "
            "the other side's points (negative: it hardened)."
        ),
        Table(("Round", f"{japan} gave", f"{us} gave"), rows, ("r", "r", "r")),
    ]
    return Section("dance", "The negotiation dance", tuple(blocks))


def _given(value: float | None) -> str:
    return "no new offer" if value is None else signed(value)


def _teaching(debrief: Debrief, concepts: Mapping[str, str], problem: str) -> Section:
    teaching = debrief.teaching
    if not teaching:
        return Section("teaching", "Teaching points", (Para(problem or NO_TEACHING),))
    blocks: list[Block] = [
        Para(
            f"{len(teaching)} teaching points: what happened in this game, and the idea behind it."
        )
    ]
    for n, point in enumerate(teaching, 1):
        # numbered: plain mode's `moment N` and a teacher's "see point 3" name them so
        blocks += [Heading(3, f"Teaching point {n}: {point.title}")]
        blocks += [Para(f"At {point.moment.describe()}.")]
        blocks += [Para(text) for text in paragraphs(point.text)]
        concept = concepts.get(point.term)
        if concept:
            blocks.append(Para(f"Concept: {concept}"))
    return Section("teaching", "Teaching points", tuple(blocks))


def paragraphs(text: str) -> list[str]:
    """A content text as one string per paragraph: TOML's wrapped lines joined."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _transcript(debrief: Debrief) -> Section:
    return Section(
        "transcript",
        "Transcript",
        (
            Para(
                "Moves are numbered as in the teaching points. Values are shown to both sides: "
                "the debrief reveals both score sheets."
            ),
            Pre(debrief.transcript),
        ),
    )
