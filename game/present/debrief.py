"""A finished game turned into a `Debrief`: the value every debrief surface shows (the Textual
screen, `tnt export`, the class report).

    debrief = debrief_session(session, teaching)      # or build_debrief(state, transcript, ...)
    debrief.sides[0].score, debrief.analysis.nash, debrief.trades[0].sentence,
    debrief.historical.rows, debrief.rounds, debrief.teaching[0].moment.describe()

It reveals both hidden score sheets: a debrief is read after the game, by the student and the
teacher together. Pure: no I/O (teaching texts come in as a `Teaching` value), no rich.

Moments: every teaching point names where in the game it happened, as a round and a move. Moves
are numbered through the whole game, counting every command either side made except moving the
game on (offers, acceptances, rejections, signals, walk-outs and answers to side-events); the
debrief's transcript prints the same numbers, so "round 3, move 7" can be found in it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from game.content.teaching import Teaching
from game.engine.analysis import (
    Analysis,
    Trade,
    analyse,
    concessions,
    missed_trades,
    score,
    value_pair,
)
from game.engine.events import (
    Event,
    OfferMade,
)
from game.engine.machine import outcome_terms, outcome_value, reservation_value
from game.engine.model import (
    SIDES,
    Ending,
    GameState,
    Issue,
    Scenario,
    Terms,
)
from game.present.debrief_values import (
    Debrief,
    Finding,
    Historical,
    MissedTrade,
    Moment,
    PlottedOffer,
    RoundConcessions,
    SideResult,
    TeachingPoint,
    TermRow,
)
from game.present.teaching_points import DETECTORS, GameSeen, detect_findings, write_teaching_points
from game.present.timeline import MOVE_EVENTS, Timeline, debrief_transcript
from game.present.words import points, side_name, signed

# the values and detectors moved to their own modules are still read from here
__all__ = [
    "DETECTORS",
    "ENDING_WORDS",
    "MOVE_EVENTS",
    "SCORE_MEANING",
    "Debrief",
    "Finding",
    "Historical",
    "MissedTrade",
    "Moment",
    "PlottedOffer",
    "RoundConcessions",
    "SideResult",
    "TeachingPoint",
    "TermRow",
    "build_debrief",
    "debrief_session",
    "frontier_items",
    "moment_line",
    "real_deal_notes",
    "scenario_reference",
    "score_rows",
    "score_text",
    "terms_column",
    "trade_sentence",
]

if TYPE_CHECKING:  # a debrief needs only what a session holds, not its saving machinery
    from game.session.session import Session

# missed trades listed in a debrief
_TRADES = 3

ENDING_WORDS: Mapping[Ending | None, str] = {
    Ending.RATIFIED: "Deal ratified: approved at home on both sides.",
    Ending.REJECTED_AT_HOME: "Deal signed, then rejected at home in {by}: no-deal terms apply.",
    Ending.WALKED_AWAY: "{by} walked away: no-deal terms apply.",
    Ending.DEADLINE_PASSED: "The deadline passed without a deal: no-deal terms apply.",
    None: "The game is not over yet: figures are for no deal so far.",
}


# ---------------------------------------------------------------------------------------------
# Building a debrief


def debrief_session(session: Session, teaching: Teaching | None = None) -> Debrief:
    """The debrief of a session: its state, its transcript and the player's name."""
    debrief = build_debrief(session.state, session.transcript, teaching, session.name)
    return attrs.evolve(debrief, hotseat=not session.ai_sides)


def build_debrief(
    state: GameState,
    transcript: Sequence[Event],
    teaching: Teaching | None = None,
    name: str = "",
) -> Debrief:
    scenario = state.scenario
    timeline = Timeline.of(transcript, scenario)
    reservations = (reservation_value(state, SIDES[0]), reservation_value(state, SIDES[1]))
    outcome = (outcome_value(state, SIDES[0]), outcome_value(state, SIDES[1]))
    analysis = analyse(scenario.utilities, reservations, outcome)
    final = state.agreed if state.agreed is not None else outcome_terms(state)
    trades, trades_from = _trades(state, timeline)
    game = GameSeen(state, timeline, analysis, teaching or Teaching(), final)
    findings = detect_findings(game)
    return Debrief(
        scenario=scenario,
        name=name,
        player=state.player,
        personas=state.personas,
        seed=state.seed,
        ending=state.ending,
        ended_by=state.ended_by,
        ending_text=ENDING_WORDS[state.ending].format(by=side_name(state.ended_by or "")),
        round=state.round,
        last_round=state.last_round,
        outcome_terms=outcome_terms(state),
        signed_terms=state.agreed,
        final_terms=final,
        analysis=analysis,
        sides=(_side_result(analysis, 0), _side_result(analysis, 1)),
        historical=_historical(scenario, final, analysis),
        trades=trades,
        trades_from=trades_from,
        concessions=concessions(state.offers, scenario.utilities),
        rounds=_rounds(state),
        offers=_plotted_offers(state, timeline),
        findings=findings,
        teaching=write_teaching_points(game, findings),
        transcript=tuple(debrief_transcript(transcript, state, timeline)),
    )


def scenario_reference(scenario: Scenario) -> Analysis:
    """The real deal against the scenario's own no-deal terms, before any event moved them:
    the reference row of a class report, and the figures pinned by the tests."""
    if scenario.historical is None:
        raise ValueError(f"scenario {scenario.id} has no historical deal")
    reservations = value_pair(scenario.utilities, scenario.no_deal)
    return analyse(
        scenario.utilities, reservations, value_pair(scenario.utilities, scenario.historical)
    )


def _side_result(analysis: Analysis, index: int) -> SideResult:
    return SideResult(
        side=SIDES[index],
        utility=analysis.outcome[index],
        reservation=analysis.reservations[index],
        ideal=analysis.ideals[index],
        score=analysis.scores[index],
    )


def _historical(scenario: Scenario, final: Terms, analysis: Analysis) -> Historical | None:
    real = scenario.historical
    if real is None:
        return None
    japan, us = scenario.utilities
    rows = []
    for i, issue in enumerate(scenario.issues):
        mine, theirs = final.picks[i], real.picks[i]
        note = scenario.historical_note(issue.id)
        rows.append(
            TermRow(
                issue_id=issue.id,
                issue=issue.name,
                game=issue.options[mine].label,
                real=issue.options[theirs].label,
                same=mine == theirs,
                japan=japan.weights[i] * (japan.values[i][mine] - japan.values[i][theirs]),
                us=us.weights[i] * (us.values[i][mine] - us.values[i][theirs]),
                note=note.note if note else "",
                sources=note.sources if note else (),
            )
        )
    utilities = value_pair(scenario.utilities, real)
    scores = (
        score(utilities[0], analysis.reservations[0], analysis.ideals[0]),
        score(utilities[1], analysis.reservations[1], analysis.ideals[1]),
    )
    return Historical(real, utilities, scores, tuple(rows))


def _rounds(state: GameState) -> tuple[RoundConcessions, ...]:
    given: dict[tuple[int, str], float] = {}
    for c in concessions(state.offers, state.scenario.utilities):
        given[c.round, c.side] = given.get((c.round, c.side), 0.0) + c.given
    return tuple(
        RoundConcessions(r, given.get((r, SIDES[0])), given.get((r, SIDES[1])))
        for r in range(1, state.round + 1)
    )


def _plotted_offers(state: GameState, timeline: Timeline) -> tuple[PlottedOffer, ...]:
    # the machine appends one offer per OfferMade, so the two lists run in step
    made = [i for i, e in enumerate(timeline.events) if isinstance(e, OfferMade)]
    return tuple(
        PlottedOffer(
            offer.by,
            offer.round,
            value_pair(state.scenario.utilities, offer.terms),
            timeline.moment(index),
        )
        for offer, index in zip(state.offers, made, strict=False)
    )


# ---------------------------------------------------------------------------------------------
# Missed trades in words


def _trades(state: GameState, timeline: Timeline) -> tuple[tuple[MissedTrade, ...], str]:
    """Trades that would have left both sides better off, from the deal signed or, without
    one, from the last offer on the table."""
    if state.agreed is not None:
        start, words = state.agreed, "the deal signed"
    elif state.offers:
        last = state.offers[-1]
        start = last.terms
        words = f"the last offer on the table ({side_name(last.by)}'s, round {last.round})"
    else:
        return (), ""
    found = missed_trades(state.scenario.utilities, start, limit=_TRADES)
    sentences = (trade_sentence(state.scenario, t, state.player) for t in found)
    return tuple(MissedTrade(t, s) for t, s in zip(found, sentences, strict=True)), words


def trade_sentence(scenario: Scenario, trade: Trade, giver: str = SIDES[0]) -> str:
    """'Tokyo could have given more on Rice and farm access, from "No change" to "U.S. rice +75%
    inside the quota", in return for Cars and parts moving down, from "20%" to "15%, no volume
    cap": Tokyo +2.1 and Washington +3.4 points.' Told from `giver`'s side (the player's: it
    is their debrief). Labels are quoted because they hold commas and brackets of their own."""
    gains = (
        f"{side_name(SIDES[0])} {signed(trade.gains[0])} and "
        f"{side_name(SIDES[1])} {signed(trade.gains[1])} points"
    )
    if len(trade.changes) == 1:
        issue, before, after = trade.changes[0]
        name = scenario.issues[issue].name
        change = _from_to(scenario.issues[issue], before, after)
        return f"Both sides would have been better off with {name} {change}: {gains}."
    mine = scenario.utility(giver)
    # in a logroll each change helps one side and costs the other: the giver gives on the one
    # that costs it, and receives the one that helps it
    gives, gets = sorted(
        trade.changes, key=lambda c: mine.values[c[0]][c[2]] - mine.values[c[0]][c[1]]
    )
    given, received = scenario.issues[gives[0]], scenario.issues[gets[0]]
    return (
        f"{side_name(giver)} could have given more on {given.name}, "
        f"{_from_to(given, gives[1], gives[2])}, in return for "
        f"{_direction(received, gets[1], gets[2])}, "
        f"{_from_to(received, gets[1], gets[2])}: {gains}."
    )


def _from_to(issue: Issue, before: int, after: int) -> str:
    return f'from "{issue.options[before].label}" to "{issue.options[after].label}"'


def _direction(issue: Issue, before: int, after: int) -> str:
    """'Cars and parts moving down' when the options are numbers in order, else 'a change on
    Investment vehicle'."""
    a, b = issue.options[before].value, issue.options[after].value
    if issue.kind == "steps" and a is not None and b is not None and a != b:
        return f"{issue.name} moving {'down' if b < a else 'up'}"
    return f"a change on {issue.name}"


def score_text(value: float) -> str:
    """A 0-100 score as a whole number ("0", not "-0", for a hair below no deal)."""
    return f"{value:.0f}" if abs(value) >= 0.5 else "0"


def score_rows(debrief: Debrief) -> tuple[tuple[str, str, str], ...]:
    """The outcome table, as (label, Tokyo, Washington) rows: the export and the debrief screen
    show the same figures in the same words."""
    japan, us = debrief.sides
    # "points" are raw utilities; the score proper is measured from no deal, so the two sides'
    # results can be compared
    rows = [
        ("Points: what the outcome is worth", points(japan.utility), points(us.utility)),
        ("Points no deal was worth at the end", points(japan.reservation), points(us.reservation)),
        ("Points of the best deal the other side takes", points(japan.ideal), points(us.ideal)),
        ("Score: 0 = no deal, 100 = that best deal", score_text(japan.score), score_text(us.score)),
    ]
    if debrief.historical is not None:
        real = debrief.historical
        rows.append(
            (
                "Points the real deal of 22 July 2025 is worth",
                points(real.utilities[0]),
                points(real.utilities[1]),
            )
        )
        rows.append(
            ("The real deal's score", score_text(real.scores[0]), score_text(real.scores[1]))
        )
    return tuple(rows)


# Shared by the debrief screen and plain mode (moved here from game/tui/screens/debrief.py).

SCORE_MEANING = (
    "Points are what the outcome is worth on each side's own score sheet, out of 100; "
    "they cannot be compared across the sides. The score can: 0 is what no deal was "
    "worth to that side at the end, 100 the most it could get from any package the "
    "other side also prefers to no deal, and below 0 is worse than no deal."
)


def real_deal_notes(debrief: Debrief) -> list[str]:
    """The real deal term by term with its note and sources: what the comparison stands on."""
    if debrief.historical is None:
        return []
    return [
        f"{row.issue}: {row.real}. {row.note} "
        + ("Sources: " + ", ".join(f"[{n}]" for n in row.sources) + "." if row.sources else "")
        for row in debrief.historical.rows
        if row.note
    ]


def terms_column(debrief: Debrief) -> tuple[str, str]:
    """The heading of the game's column beside the real deal, and a sentence on which terms
    it holds."""
    if debrief.signed_terms is None:
        return "No deal", "No deal was signed: the terms in force are the no-deal terms."
    if debrief.signed_terms == debrief.outcome_terms:
        return "This game", "The deal signed and ratified."
    return "Deal signed", "The deal signed, though it did not take effect (no-deal terms apply)."


def frontier_items(debrief: Debrief) -> list[str]:
    """The frontier, the Nash point and the joint gains left on the table, one sentence each."""
    analysis = debrief.analysis
    scenario = debrief.scenario
    japan, us = (side_name(side) for side in SIDES)
    items = [
        f"The Pareto frontier holds {len(analysis.frontier)} packages: none of them can be made "
        "better for one side without making it worse for the other.",
        f"Distance from the outcome to the frontier: {points(analysis.distance_to_frontier)} "
        "points.",
    ]
    if analysis.nash is not None:
        nash = analysis.nash
        items.append(
            f"The Nash point: {points(nash.japan)} points to {japan} and {points(nash.us)} to "
            f"{us}, {points(analysis.distance_to_nash or 0.0)} points from the outcome. Its "
            f"terms: {_terms_words(scenario, nash.terms)}."
        )
    if analysis.best_improvement is not None:
        best = analysis.best_improvement
        items.append(
            f"Joint gains left on the table: {points(analysis.joint_gains_left)} points. Both "
            f"sides would have been at least as well off with {_terms_words(scenario, best.terms)}"
            f" ({points(best.japan)} to {japan}, {points(best.us)} to {us})."
        )
    else:
        items.append("Joint gains left on the table: none; the outcome is on the frontier.")
    return items


def _terms_words(scenario: Scenario, terms: Terms) -> str:
    return "; ".join(
        f"{issue.name} {issue.options[pick].label}"
        for issue, pick in zip(scenario.issues, terms.picks, strict=True)
    )


def moment_line(transcript: Sequence[str], moment: Moment, head: str = "") -> int:
    """The index of the transcript line where `moment` is told: a move's numbered line, else the
    first line after the move before it that tells the event (`head`), else its round's header."""
    after = 0
    if moment.move:
        numbered = f"Move {moment.move}. "
        for index, line in enumerate(transcript):
            if line.startswith(numbered):
                if moment.is_move:
                    return index
                after = index
                break
    if head.strip():
        for index in range(after, len(transcript)):
            if transcript[index].strip() == head.strip():
                return index
    if after:
        return after
    header = f"== Round {moment.round} "
    return next(
        (i for i, line in enumerate(transcript) if line.startswith(header)),
        next((i for i, line in enumerate(transcript) if line.strip()), 0),
    )
