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

import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs
from attrs import field, frozen

from game.content.teaching import KINDS, Teaching
from game.engine.analysis import (
    EPSILON,
    Analysis,
    Concession,
    Pair,
    Trade,
    analyse,
    concessions,
    missed_trades,
    score,
    value_pair,
)
from game.engine.events import (
    DeadlinePassed,
    DealSigned,
    Event,
    EventChoiceMade,
    GameEnded,
    MeterMoved,
    NoDealChanged,
    OfferAccepted,
    OfferMade,
    OfferRejected,
    RatificationVote,
    ReservationShifted,
    RoundStarted,
    SignalSent,
    TemperChanged,
    WalkedAway,
)
from game.engine.machine import outcome_terms, outcome_value, reservation_value, round_date
from game.engine.model import (
    SIDES,
    Ending,
    GameState,
    Issue,
    Scenario,
    Terms,
    other,
    side_index,
)
from game.present.narrate import event_lines
from game.present.words import nice_date, percent, points, round_line, side_name

if TYPE_CHECKING:  # a debrief needs only what a session holds, not its saving machinery
    from game.session.session import Session

# the events that are moves: every command except moving the game on
MOVE_EVENTS = (OfferMade, OfferRejected, OfferAccepted, SignalSent, WalkedAway, EventChoiceMade)
# what a move did to meters, moods and no-deal values: printed as details under the move
_CONSEQUENCES = (MeterMoved, ReservationShifted, NoDealChanged, TemperChanged)
# offers that move a side's utility by less than half a point are holding, not conceding
# (the same threshold the AI uses when it judges the player's moves)
_STEP = 0.005
# the last third of the calendar, where the deadline effect says concessions pile up
_LATE = 2 / 3
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
# Values


@frozen
class Moment:
    """A point in the transcript: the round (and its date), the move, and what happened."""

    round: int
    date: str  # ISO date of the round ("" before round 1)
    move: int  # this move's number, or the number of the last move before this event
    is_move: bool
    event_index: int  # position in the game's list of events (the transcript)
    side: str | None
    what: str

    def describe(self) -> str:
        """'round 3 (16 May 2025), move 7: Tokyo's offer'."""
        when = f"round {self.round}" if self.round else "the briefing"
        if self.date:
            when += f" ({nice_date(self.date)})"
        if self.is_move:
            when += f", move {self.move}"
        elif self.move:
            when += f", after move {self.move}"
        return f"{when}: {self.what}" if self.what else when


@frozen
class SideResult:
    side: str
    utility: float  # what the outcome is worth to this side (0..1)
    reservation: float  # what no deal was worth to it at the end
    ideal: float  # the utility that scores 100
    score: float  # 0 = no deal, 100 = ideal; below 0 is worse than no deal


@frozen
class TermRow:
    """One issue of the final terms beside the real deal: `japan` and `us` are what this game's
    option adds to each side's utility compared with the real deal's (0 when the same)."""

    issue_id: str
    issue: str
    game: str
    real: str
    same: bool
    japan: float
    us: float
    # why the real deal has its option here, and where that is written (content's per-term note)
    note: str = ""
    sources: tuple[int, ...] = ()


@frozen
class Historical:
    """The real deal of 22 July 2025 on both sides' score sheets, against this game's
    reservation values."""

    terms: Terms
    utilities: Pair
    scores: Pair
    rows: tuple[TermRow, ...]


@frozen
class MissedTrade:
    trade: Trade
    sentence: str


@frozen
class RoundConcessions:
    """What each side's offer of a round gave the other side compared with its previous offer
    (in the other side's utility); None when it made no new offer that round or its first."""

    round: int
    japan: float | None
    us: float | None


@frozen
class PlottedOffer:
    side: str
    round: int
    utilities: Pair
    moment: Moment


def _items(fields: Mapping[str, str] | Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict(fields).items())


@frozen
class Finding:
    """What a detector saw: the case of its kind, the moment, and the fields its teaching text
    is filled with (the keys game.teaching.KINDS declares for the kind)."""

    kind: str
    when: str
    moment: Moment
    fields: tuple[tuple[str, str], ...] = field(converter=_items)


@frozen
class TeachingPoint:
    id: str
    kind: str
    when: str
    term: str
    title: str
    text: str
    moment: Moment


@frozen
class Debrief:
    scenario: Scenario = field(eq=False, repr=False)
    name: str
    player: str
    personas: tuple[str, str]
    seed: int
    ending: Ending | None
    ended_by: str | None
    ending_text: str
    round: int  # the round the game ended in
    last_round: int  # the deadline round at the end
    outcome_terms: Terms  # in force now: the ratified deal, else the no-deal terms
    signed_terms: Terms | None  # the deal signed, ratified or not
    final_terms: Terms  # compared with the real deal: the signed deal, else the terms in force
    analysis: Analysis
    sides: tuple[SideResult, SideResult]
    historical: Historical | None
    trades: tuple[MissedTrade, ...]
    trades_from: str  # what the missed trades start from, in words ("" when nothing)
    concessions: tuple[Concession, ...]
    rounds: tuple[RoundConcessions, ...]
    offers: tuple[PlottedOffer, ...]
    findings: tuple[Finding, ...]  # what the detectors saw, with or without a text for it
    teaching: tuple[TeachingPoint, ...]
    transcript: tuple[str, ...]  # readable lines, moves numbered as in every Moment
    hotseat: bool = False  # both sides played by people: the counterpart's persona is unused

    @property
    def counterpart(self) -> str:
        return other(self.player)

    @property
    def rounds_played(self) -> int:
        return self.round


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
    game = _Game(state, timeline, analysis, teaching or Teaching(), final)
    findings = _findings(game)
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
        teaching=_teaching_points(game, findings),
        transcript=tuple(_transcript(transcript, state, timeline)),
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
# The transcript as a timeline of rounds, moves and reservation values


@frozen
class Timeline:
    """The transcript with, for each event, the round it happened in, the move count and both
    reservation values just before it (events shift them, and a teaching point judges a move
    against what no deal was worth at that moment, not at the end)."""

    scenario: Scenario = field(eq=False, repr=False)
    events: tuple[Event, ...]
    rounds: tuple[int, ...]
    moves: tuple[int, ...]
    reservations: tuple[Pair, ...]

    @classmethod
    def of(cls, transcript: Sequence[Event], scenario: Scenario) -> Timeline:
        japan, us = scenario.utilities
        no_deal = scenario.no_deal
        shift = [0.0, 0.0]
        current, move = 0, 0
        rounds, moves, reservations = [], [], []
        for event in transcript:
            reservations.append((japan(no_deal) + shift[0], us(no_deal) + shift[1]))
            if isinstance(event, RoundStarted):
                current = event.round
            if isinstance(event, MOVE_EVENTS):
                move += 1
            rounds.append(current)
            moves.append(move)
            if isinstance(event, ReservationShifted):
                shift[side_index(event.side)] += event.delta
            elif isinstance(event, NoDealChanged):
                no_deal = scenario.terms_from_ids({event.issue: event.option}, no_deal)
        return cls(scenario, tuple(transcript), tuple(rounds), tuple(moves), tuple(reservations))

    def moment(self, index: int) -> Moment:
        event = self.events[index]
        number = self.rounds[index]
        date = round_date(self.scenario, number)[0] if number else ""
        return Moment(
            round=number,
            date=date,
            move=self.moves[index],
            is_move=isinstance(event, MOVE_EVENTS),
            event_index=index,
            side=getattr(event, "side", None),
            what=_what(event, self.scenario),
        )

    def find(self, kind: type, start: int = 0, **match: object) -> int | None:
        """The index of the first event of `kind` from `start` whose attributes equal `match`."""
        for i in range(start, len(self.events)):
            event = self.events[i]
            if isinstance(event, kind) and all(getattr(event, k) == v for k, v in match.items()):
                return i
        return None


def _what(event: Event, scenario: Scenario) -> str:
    """A move or a turning point in a few words, for a Moment."""
    who = side_name(getattr(event, "side", "") or "")
    match event:
        case OfferMade():
            return f"{who}'s offer"
        case OfferAccepted(side=side):
            return f"{who} accepts {side_name(other(side))}'s offer"
        case OfferRejected():
            return f"{who} rejects the offer on the table"
        case SignalSent(signal=signal):
            try:
                return f"{who}'s signal '{scenario.signal(signal).label}'"
            except KeyError:
                return f"{who}'s signal {signal}"
        case WalkedAway():
            return f"{who} walks away"
        case EventChoiceMade(event=event_id):
            try:
                return f"{who}'s answer to {scenario.event(event_id).title}"
            except KeyError:
                return f"{who}'s answer to {event_id}"
        case RatificationVote(stage=stage, side=side):
            return f"the vote of {stage} ({side_name(side)})"
        case DealSigned():
            return "the deal is signed"
        case DeadlinePassed():
            return "the deadline passes"
        case GameEnded():
            return "the game ends"
    return ""


def _transcript(events: Sequence[Event], state: GameState, timeline: Timeline) -> list[str]:
    """The game told as narrate tells it to a neutral observer (both sides' values shown: the
    debrief reveals the score sheets), with each move numbered."""
    out: list[str] = []
    for index, event in enumerate(events):
        if isinstance(event, RoundStarted):
            header = round_line(state.scenario, event.round, event.last_round).removesuffix(".")
            out += ["", f"== {header} =="]
            continue
        lines = event_lines(event, state, None)
        if not lines:
            continue
        if isinstance(event, DealSigned | GameEnded):
            out.append("")
        if isinstance(event, _CONSEQUENCES):
            out += [f"  {line}" for line in lines]
            continue
        head = lines[0]
        if isinstance(event, MOVE_EVENTS):
            head = f"Move {timeline.moves[index]}. {head}"
        out += [head, *(f"  {line}" for line in lines[1:])]
    return out


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
        f"{side_name(SIDES[0])} {_signed(trade.gains[0])} and "
        f"{side_name(SIDES[1])} {_signed(trade.gains[1])} points"
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


def _signed(utility: float) -> str:
    """'+2.1', '-4.5', '0': a change in points, with its sign."""
    text = points(utility)
    return text if text.startswith("-") or text == "0" else f"+{text}"


# ---------------------------------------------------------------------------------------------
# Teaching points: one detector per kind in game.teaching.KINDS


@frozen
class _Game:
    state: GameState
    timeline: Timeline
    analysis: Analysis
    teaching: Teaching
    final_terms: Terms

    @property
    def player(self) -> str:
        return self.state.player

    def utility(self, side: str, terms: Terms) -> float:
        return self.state.scenario.utility(side)(terms)

    def offer_moment(self, offer_index: int) -> Moment:
        made = [i for i, e in enumerate(self.timeline.events) if isinstance(e, OfferMade)]
        return self.timeline.moment(made[offer_index])


def _findings(game: _Game) -> tuple[Finding, ...]:
    found = (detect(game) for detect in DETECTORS.values())
    return tuple(finding for finding in found if finding is not None)


def _teaching_points(game: _Game, findings: Sequence[Finding]) -> tuple[TeachingPoint, ...]:
    out = []
    for finding in findings:
        kind = finding.kind
        text = game.teaching.text_for(kind, finding.when)
        if text is None:
            continue
        title, body = text.render(_fields(game, finding))
        out.append(
            TeachingPoint(text.id, kind, finding.when, text.term, title, body, finding.moment)
        )
    return tuple(out)


def _fields(game: _Game, finding: Finding) -> dict[str, str]:
    moment = finding.moment
    return {
        "player": side_name(game.player),
        "counterpart": side_name(other(game.player)),
        "round": str(moment.round),
        "date": nice_date(moment.date),
        "move": str(moment.move),
        "moment": moment.describe(),
        **dict(finding.fields),
    }


def _anchoring(game: _Game) -> Finding | None:
    """Who opened, and how far out: an opening worth less to the other side than its no deal
    is an extreme anchor."""
    index = game.timeline.find(OfferMade)
    if index is None:
        return None
    event = game.timeline.events[index]
    assert isinstance(event, OfferMade)
    opener, responder = event.side, other(event.side)
    for_responder = game.utility(responder, event.terms)
    responder_rv = game.timeline.reservations[index][side_index(responder)]
    nash = game.analysis.nash
    return Finding(
        "anchoring",
        "extreme" if for_responder < responder_rv - EPSILON else "moderate",
        game.timeline.moment(index),
        {
            "opener": side_name(opener),
            "responder": side_name(responder),
            "opening_for_opener": points(game.utility(opener, event.terms)),
            "opening_for_responder": points(for_responder),
            "responder_no_deal": points(responder_rv),
            "outcome_for_opener": points(game.analysis.outcome[side_index(opener)]),
            "nash_for_opener": points(nash.utilities[side_index(opener)]) if nash else "n/a",
        },
    )


def _deadline_effect(game: _Game) -> Finding | None:
    """When the concessions came: the share made in the last third of the calendar, and the
    biggest single one."""
    state = game.state
    if not state.offers:
        return None
    made = concessions(state.offers, state.scenario.utilities)
    conceded = [c for c in made if c.given > _STEP]
    late_from = math.ceil(_LATE * (state.last_round - 1)) + 1
    totals = {side: sum(c.given for c in conceded if c.side == side) for side in SIDES}
    common = {
        "late_from": str(late_from),
        "deadline": str(state.last_round),
        "player_total": points(totals[game.player]),
        "counterpart_total": points(totals[other(game.player)]),
    }
    if not conceded:
        moment = game.offer_moment(len(state.offers) - 1)
        return Finding(
            "deadline_effect",
            "none",
            moment,
            {**common, "share_late": "0%", "biggest_side": "neither", "biggest_points": "0"},
        )
    total = sum(c.given for c in conceded)
    share = sum(c.given for c in conceded if c.round >= late_from) / total
    biggest = max(conceded, key=lambda c: (c.given, -c.offer_index))
    return Finding(
        "deadline_effect",
        "late" if share >= 0.5 else "early",
        game.offer_moment(biggest.offer_index),
        {
            **common,
            "share_late": f"{round(share * 100)}%",
            "biggest_side": side_name(biggest.side),
            "biggest_points": points(biggest.given),
        },
    )


def _linkage(game: _Game) -> Finding | None:
    """Whether troop costs were tied to trade (and refused), what the signal did to the meters,
    and what the security issues of the final terms gave each side against no deal."""
    timeline = game.timeline
    link = timeline.find(SignalSent, signal="link_security")
    refusal = timeline.find(SignalSent, signal="delink_security")
    if link is None and refusal is None:
        return None
    if link is not None:
        when = "linked" if refusal is None else "linked_refused"
        index = link
    else:
        assert refusal is not None
        when, index = "refused", refusal
    security = _security_values(game)
    return Finding(
        "linkage",
        when,
        timeline.moment(index),
        {
            "linker": _side_of(timeline, link),
            "refuser": _side_of(timeline, refusal),
            "meter_moves": _meter_moves(timeline, index),
            "security_issues": security[0],
            "security_japan": security[1],
            "security_us": security[2],
        },
    )


def _side_of(timeline: Timeline, index: int | None) -> str:
    if index is None:
        return "neither side"
    return side_name(getattr(timeline.events[index], "side", ""))


def _meter_moves(timeline: Timeline, index: int) -> str:
    """'Alliance trust -6, China's pull +3': what the move at `index` did to the meters."""
    moves = []
    for event in timeline.events[index + 1 :]:
        if isinstance(event, (*MOVE_EVENTS, RoundStarted)):
            break
        if isinstance(event, MeterMoved):
            meter = timeline.scenario.meters[timeline.scenario.meter_index(event.meter)]
            moves.append(f"{meter.name} {event.new - event.old:+d}")
    return ", ".join(moves) or "no meter moved"


def _security_values(game: _Game) -> tuple[str, str, str]:
    """(the security issues' names, what their final options gave Japan and the U.S. compared
    with the no-deal terms, as signed points)."""
    scenario = game.state.scenario
    indices = [scenario.issue_index(i) for i in game.teaching.security_issues]
    if not indices:
        return "none named", "0", "0"
    names = " and ".join(scenario.issues[i].name for i in indices)
    values = []
    for side in SIDES:
        utility = scenario.utility(side)
        values.append(
            sum(
                utility.weights[i]
                * (
                    utility.values[i][game.final_terms.picks[i]]
                    - utility.values[i][game.state.no_deal.picks[i]]
                )
                for i in indices
            )
        )
    return names, _signed(values[0]), _signed(values[1])


def _reciprocity(game: _Game) -> Finding | None:
    """The player's first real move (a concession or a hardening) and the counterpart's next
    answer; or, when the player never moved, the counterpart's concessions alone."""
    state = game.state
    made = concessions(state.offers, state.scenario.utilities)
    player, counterpart = game.player, other(game.player)
    first = next((c for c in made if c.side == player and abs(c.given) > _STEP), None)
    if first is None:
        theirs = [c for c in made if c.side == counterpart and c.given > _STEP]
        if not theirs:
            return None
        return Finding(
            "reciprocity",
            "one_sided",
            game.offer_moment(theirs[0].offer_index),
            {
                "step_points": "0",
                "answer_points": points(sum(c.given for c in theirs)),
                "answer_moment": game.offer_moment(theirs[0].offer_index).describe(),
            },
        )
    answer = next(
        (c for c in made if c.side == counterpart and c.offer_index > first.offer_index), None
    )
    if first.given < 0:
        when = "hardened"
    else:
        when = "matched" if answer is not None and answer.given > _STEP else "unanswered"
    return Finding(
        "reciprocity",
        when,
        game.offer_moment(first.offer_index),
        {
            "step_points": points(abs(first.given)),
            "answer_points": _signed(answer.given) if answer is not None else "0",
            "answer_moment": (
                game.offer_moment(answer.offer_index).describe()
                if answer is not None
                else "no later offer"
            ),
        },
    )


def _batna(game: _Game) -> Finding | None:
    """The decision against no deal: a walk-out (above or below the walker's reservation
    value), a signed deal (above or below the player's), or the deadline passing."""
    timeline, state = game.timeline, game.state
    walk = timeline.find(WalkedAway)
    if walk is not None:
        walker = getattr(timeline.events[walk], "side", game.player)
        offer = _last_offer_before(timeline, walk, other(walker))
        value = game.utility(walker, offer.terms) if offer is not None else None
        rv = timeline.reservations[walk][side_index(walker)]
        if walker != game.player:
            when = "counterpart_walked"
        else:
            when = "walked_above" if value is not None and value > rv + EPSILON else "walked_below"
        return _batna_finding(game, when, walk, walker, value, rv)
    signed = timeline.find(DealSigned)
    if signed is not None and state.agreed is not None:
        value = game.utility(game.player, state.agreed)
        rv = timeline.reservations[signed][side_index(game.player)]
        when = "accepted_below" if value < rv - EPSILON else "deal_above"
        accepted = timeline.find(OfferAccepted)
        index = accepted if accepted is not None else signed
        return _batna_finding(game, when, index, game.player, value, rv)
    deadline = timeline.find(DeadlinePassed)
    if deadline is not None:
        offer = _last_offer_before(timeline, deadline, other(game.player))
        value = game.utility(game.player, offer.terms) if offer is not None else None
        rv = timeline.reservations[deadline][side_index(game.player)]
        return _batna_finding(game, "deadline", deadline, game.player, value, rv)
    return None


def _last_offer_before(timeline: Timeline, index: int, side: str) -> OfferMade | None:
    for event in reversed(timeline.events[:index]):
        if isinstance(event, OfferMade) and event.side == side:
            return event
    return None


def _batna_finding(
    game: _Game, when: str, index: int, side: str, value: float | None, rv: float
) -> Finding:
    return Finding(
        "batna",
        when,
        game.timeline.moment(index),
        {
            "side": side_name(side),
            "offer_points": points(value) if value is not None else "nothing",
            "no_deal_points": points(rv),
            "margin_points": _signed(value - rv) if value is not None else "n/a",
        },
    )


def _two_level(game: _Game) -> Finding | None:
    """Ratification: the vote that threw the deal out, or the narrowest one it passed."""
    timeline, state = game.timeline, game.state
    votes = [(i, e) for i, e in enumerate(timeline.events) if isinstance(e, RatificationVote)]
    if not votes or state.agreed is None:
        return None
    failed = next(((i, v) for i, v in votes if not v.passed), None)
    index, vote = failed or min(votes, key=lambda iv: (iv[1].chance, iv[0]))
    margin = (
        game.utility(vote.side, state.agreed) - timeline.reservations[index][side_index(vote.side)]
    )
    return Finding(
        "two_level",
        "rejected" if failed else "ratified",
        timeline.moment(index),
        {
            "stage": vote.stage,
            "stage_side": side_name(vote.side),
            "chance": percent(vote.chance),
            "votes_passed": str(sum(1 for _, v in votes if v.passed)),
            "votes_total": str(len(state.scenario.ratification)),
            "margin_points": _signed(margin),
        },
    )


DETECTORS: Mapping[str, Callable[[_Game], Finding | None]] = {
    "anchoring": _anchoring,
    "deadline_effect": _deadline_effect,
    "linkage": _linkage,
    "reciprocity": _reciprocity,
    "batna": _batna,
    "two_level": _two_level,
}
assert set(DETECTORS) == set(KINDS), "every kind of teaching point needs its detector"


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
