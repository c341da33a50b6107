"""The teaching-point detectors: one per kind in game.content.teaching.KINDS, each reading the
finished game (its timeline, analysis and final terms) for a finding with a moment, which a
teaching text of its kind then words."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from attrs import frozen

from game.content.teaching import KINDS, Teaching
from game.engine.analysis import (
    EPSILON,
    Analysis,
    concessions,
)
from game.engine.events import (
    DeadlinePassed,
    DealSigned,
    MeterMoved,
    OfferAccepted,
    OfferMade,
    RatificationVote,
    RoundStarted,
    SignalSent,
    WalkedAway,
)
from game.engine.model import (
    SIDES,
    GameState,
    Terms,
    other,
    side_index,
)
from game.present.debrief_values import Finding, Moment, TeachingPoint
from game.present.timeline import MOVE_EVENTS, Timeline
from game.present.words import nice_date, percent, points, side_name, signed

# offers that move a side's utility by less than half a point are holding, not conceding
# (the same threshold the AI uses when it judges the player's moves)
_STEP = 0.005
# the last third of the calendar, where the deadline effect says concessions pile up
_LATE = 2 / 3


# ---------------------------------------------------------------------------------------------
# Teaching points: one detector per kind in game.teaching.KINDS


@frozen
class GameSeen:
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


def detect_findings(game: GameSeen) -> tuple[Finding, ...]:
    found = (detect(game) for detect in DETECTORS.values())
    return tuple(finding for finding in found if finding is not None)


def write_teaching_points(game: GameSeen, findings: Sequence[Finding]) -> tuple[TeachingPoint, ...]:
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


def _fields(game: GameSeen, finding: Finding) -> dict[str, str]:
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


def _anchoring(game: GameSeen) -> Finding | None:
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


def _deadline_effect(game: GameSeen) -> Finding | None:
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


def _linkage(game: GameSeen) -> Finding | None:
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


def _security_values(game: GameSeen) -> tuple[str, str, str]:
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
    return names, signed(values[0]), signed(values[1])


def _reciprocity(game: GameSeen) -> Finding | None:
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
            "answer_points": signed(answer.given) if answer is not None else "0",
            "answer_moment": (
                game.offer_moment(answer.offer_index).describe()
                if answer is not None
                else "no later offer"
            ),
        },
    )


def _batna(game: GameSeen) -> Finding | None:
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
    game: GameSeen, when: str, index: int, side: str, value: float | None, rv: float
) -> Finding:
    return Finding(
        "batna",
        when,
        game.timeline.moment(index),
        {
            "side": side_name(side),
            "offer_points": points(value) if value is not None else "nothing",
            "no_deal_points": points(rv),
            "margin_points": signed(value - rv) if value is not None else "n/a",
        },
    )


def _two_level(game: GameSeen) -> Finding | None:
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
            "margin_points": signed(margin),
        },
    )


DETECTORS: Mapping[str, Callable[[GameSeen], Finding | None]] = {
    "anchoring": _anchoring,
    "deadline_effect": _deadline_effect,
    "linkage": _linkage,
    "reciprocity": _reciprocity,
    "batna": _batna,
    "two_level": _two_level,
}
assert set(DETECTORS) == set(KINDS), "every kind of teaching point needs its detector"
