"""The transcript as a timeline of rounds, moves and reservation values: what a debrief's
moments are numbered by, and the readable transcript with the same numbers (moves counted
through the whole game, every command but moving the game on)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from game.engine.analysis import (
    Pair,
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
from game.engine.machine import round_date
from game.engine.model import (
    GameState,
    Scenario,
    other,
    side_index,
)
from game.present.debrief_values import Moment
from game.present.narrate import event_lines
from game.present.words import round_line, side_name

# the events that are moves: every command except moving the game on
MOVE_EVENTS = (OfferMade, OfferRejected, OfferAccepted, SignalSent, WalkedAway, EventChoiceMade)
# what a move did to meters, moods and no-deal values: printed as details under the move
_CONSEQUENCES = (MeterMoved, ReservationShifted, NoDealChanged, TemperChanged)


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


def debrief_transcript(events: Sequence[Event], state: GameState, timeline: Timeline) -> list[str]:
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
