"""The AI counterpart, built from the parts of the BOA architecture of automated negotiation:

- an offering curve: target(t) falls from its best package to a floor above its reservation value,
  target = best - (best - floor) * t ** (1 / e); e < 1 holds firm (Boulware), e > 1 concedes early;
- reciprocity: it mirrors the player's concessions (measured in its own utility) and holds its
  ground when the player hardens;
- an opponent model: it learns the player's priorities from the player's offers (issues the player
  never moves on matter to them; options the player keeps asking for are worth more to them) and
  from stated priorities;
- a bid-finder that, among packages worth at least the target to itself, greedily gives the player
  what the model says the player values most per point it costs; it always returns a legal package;
- an acceptance rule: accept what is worth at least its own next offer; near the deadline, anything
  at or above its reservation value; never anything below it;
- a temper: seeded volatility, a mood moved by signals and events, frustration when the player keeps
  hardening, and a walk-out when the mood sinks far enough.

Everything is a pure function of the state; its randomness comes from a fork of the state's
generator, so asking twice gives the same answer.
"""

from __future__ import annotations

from itertools import pairwise

from attrs import frozen

from game.engine.commands import Accept, Choose, Command, Proceed, Propose, Signal, WalkAway
from game.engine.machine import actor, reservation_value
from game.engine.model import GameState, Offer, Persona, Phase, Terms, Utility, other, side_index
from game.engine.rng import Rng

# Only offers that move the utility by more than this count as a concession or a hardening.
_STEP = 0.005


@frozen
class Thought:
    """What the AI decided and why (for narration and tests)."""

    command: Command
    situation: str
    target: float


def decide(state: GameState) -> Command:
    return think(state).command


def think(state: GameState) -> Thought:
    side = actor(state)
    if side is None:
        raise ValueError("the game is over")
    if state.pending:
        return Thought(choose_option(state, side), "event", 0.0)
    if state.phase is not Phase.NEGOTIATION:
        return Thought(Proceed(state.player), "proceed", 0.0)
    return _negotiate(state, side)


def _negotiate(state: GameState, side: str) -> Thought:
    persona = state.persona_for(side)
    utility = state.scenario.utility(side)
    rv = reservation_value(state, side)
    rng = state.rng.fork(f"ai:{side}:{state.moves}")
    own_offers = [o for o in state.offers if o.by == side]

    opening = not own_offers and not state.signalled_this_turn
    if opening and persona.opening_signal and _may_signal(state, side, persona.opening_signal):
        return Thought(Signal(side, persona.opening_signal), "linkage", 0.0)

    target, rng = target_utility(state, side, rng)
    bid = find_bid(state, side, target)
    standing = state.standing
    if standing is not None and standing.by != side:
        offered = utility(standing.terms)
        if acceptable(state, side, offered, utility(bid)):
            return Thought(Accept(side), "accepting", target)
        if _walks(state, side, persona, offered, rv, rng):
            return Thought(WalkAway(side), "walking_out", target)
    return Thought(Propose(side, bid), _situation(state, side, bid, own_offers), target)


def acceptable(state: GameState, side: str, offered: float, next_bid: float) -> bool:
    """Accept what beats its own next offer; near the deadline, anything not below its reservation
    value. Never below the reservation value, whatever else holds."""
    rv = reservation_value(state, side)
    if offered < rv:
        return False
    if offered >= next_bid - 1e-9:
        return True
    persona = state.persona_for(side)
    return state.t >= persona.deadline_t or state.round >= state.last_round


# ---------------------------------------------------------------------------------------------
# The offering curve, reciprocity and temper


def best_utility(utility: Utility) -> float:
    return sum(w * max(v) for w, v in zip(utility.weights, utility.values, strict=True))


def target_utility(state: GameState, side: str, rng: Rng) -> tuple[float, Rng]:
    persona = state.persona_for(side)
    utility = state.scenario.utility(side)
    rv = reservation_value(state, side)
    best = best_utility(utility)
    if rv >= best:
        return best, rng
    floor = rv + persona.floor * (best - rv)
    span = best - floor
    conceded, last_step = player_concession(state, side)
    give = span * state.t ** (1.0 / persona.e)
    # A counterpart who has not moved at all (only repeated or rejected) gets less of the
    # time-driven ground: the more reciprocal the persona, the more it waits for a first step.
    if _their_turns(state, side) >= 2 and conceded <= _STEP:
        give *= 1.0 - 0.5 * min(1.0, 0.4 + persona.reciprocity)
    target = best - give

    # Reciprocity: mirror the player's total concession, measured in this side's utility.
    target -= persona.reciprocity * max(0.0, conceded) * 0.5
    # Mood: a warm counterpart gives a little more, an angry one holds.
    target -= effective_mood(state, side) * 0.08 * span
    # Temper: seeded noise, the sum of two uniforms for a softer tail.
    if persona.volatility:
        a, rng = rng.uniform(-1.0, 1.0)
        b, rng = rng.uniform(-1.0, 1.0)
        target += (a + b) * 0.5 * persona.volatility * 2
    # Hold after a hardening: no concession beyond its own last offer.
    if last_step < -_STEP:
        own = [o for o in state.offers if o.by == side]
        if own:
            target = max(target, utility(own[-1].terms))
    return max(floor, min(best, target)), rng


def player_concession(state: GameState, side: str) -> tuple[float, float]:
    """(total, last step) of the counterpart's concessions, in `side`'s utility."""
    utility = state.scenario.utility(side)
    theirs = [utility(o.terms) for o in state.offers if o.by != side]
    if len(theirs) < 2:
        return 0.0, 0.0
    return theirs[-1] - theirs[0], theirs[-1] - theirs[-2]


def _their_turns(state: GameState, side: str) -> int:
    """The counterpart's offers and rejections so far."""
    offers = sum(1 for o in state.offers if o.by != side)
    return offers + state.rejections[side_index(other(side))]


def effective_mood(state: GameState, side: str) -> float:
    """The state's mood (signals, events) less frustration at recent hardening."""
    utility = state.scenario.utility(side)
    theirs = [utility(o.terms) for o in state.offers if o.by != side][-4:]
    hardenings = sum(1 for a, b in pairwise(theirs) if b < a - _STEP)
    return max(-1.0, state.mood[side_index(side)] - 0.2 * hardenings)


def _walks(
    state: GameState, side: str, persona: Persona, offered: float, rv: float, rng: Rng
) -> bool:
    if state.round <= 1 or offered >= rv:
        return False
    if effective_mood(state, side) > persona.walk_mood:
        return False
    roll, _ = rng.random()
    return roll < persona.walk_chance


# ---------------------------------------------------------------------------------------------
# The opponent model and the bid-finder


def opponent_model(state: GameState, side: str) -> tuple[list[float], list[list[float]]]:
    """Estimated (weights, values) of the counterpart, from its offers and stated priorities.

    Prior: issues equally weighted, values the mirror of our own (what we want, they do not).
    Weights grow for issues the counterpart does not move on between offers and for issues it
    names as priorities; values grow for options it keeps asking for.
    """
    scenario = state.scenario
    own = scenario.utility(side)
    them = other(side)
    n = len(scenario.issues)
    weight_counts = [1.0] * n
    option_counts = [[0.0] * len(issue.options) for issue in scenario.issues]
    previous: Terms | None = None
    for offer in state.offers:
        if offer.by != them:
            continue
        for i, pick in enumerate(offer.terms.picks):
            option_counts[i][pick] += 1.0
            if previous is not None and previous.picks[i] == pick:
                weight_counts[i] += 0.5
        previous = offer.terms
    for s, signal, issue_id, _ in state.signals:
        if s == them and signal == "state_priority" and issue_id:
            weight_counts[scenario.issue_index(issue_id)] += 2.0
    total = sum(weight_counts)
    weights = [c / total for c in weight_counts]
    values: list[list[float]] = []
    for i in range(n):
        counts = option_counts[i]
        top = max(counts)
        prior = [1.0 - v for v in own.values[i]]
        if top:
            values.append([0.5 * p + 0.5 * c / top for p, c in zip(prior, counts, strict=True)])
        else:
            values.append(prior)
    return weights, values


def find_bid(state: GameState, side: str, target: float) -> Terms:
    """The package worth at least `target` to `side` that the opponent model rates highest,
    found greedily one option change at a time (cost grows with the number of options, not with
    the number of packages). Starts from `side`'s best package, so it always has a legal offer."""
    own = state.scenario.utility(side)
    own_table = [[w * v for v in vals] for w, vals in zip(own.weights, own.values, strict=True)]
    est_w, est_v = opponent_model(state, side)
    their_table = [[w * v for v in vals] for w, vals in zip(est_w, est_v, strict=True)]
    picks = [max(range(len(row)), key=row.__getitem__) for row in own_table]
    slack = sum(row[p] for row, p in zip(own_table, picks, strict=True)) - target
    while True:
        best_score = 0.0
        best_move: tuple[int, int, float] | None = None
        for i, row in enumerate(own_table):
            here = picks[i]
            own_here = row[here]
            their_row = their_table[i]
            their_here = their_row[here]
            for j, own_there in enumerate(row):
                gain = their_row[j] - their_here
                if gain <= 1e-12:
                    continue
                loss = own_here - own_there
                if loss > slack + 1e-12:
                    continue
                score = gain / loss if loss > 1e-12 else gain * 1e12
                if score > best_score:
                    best_score, best_move = score, (i, j, loss)
        if best_move is None:
            return Terms(tuple(picks))
        i, j, loss = best_move
        picks[i] = j
        slack -= loss


# ---------------------------------------------------------------------------------------------
# Event choices, signals, and what it says


def choose_option(state: GameState, side: str) -> Choose:
    """An AI decider picks an event option at random, weighted by the options' `ai_weight`."""
    event = state.scenario.event(state.pending[0])
    weights = [max(0.0, o.ai_weight) for o in event.options]
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(weights), float(len(weights))
    roll, _ = state.rng.fork(f"choose:{event.id}:{state.moves}").random()
    acc = 0.0
    for option, weight in zip(event.options, weights, strict=True):
        acc += weight / total
        if roll < acc:
            return Choose(side, event.id, option.id)
    return Choose(side, event.id, event.options[-1].id)


def _may_signal(state: GameState, side: str, signal_id: str) -> bool:
    try:
        signal = state.scenario.signal(signal_id)
    except KeyError:
        return False
    return side in signal.sides and not signal.needs_issue


def _situation(state: GameState, side: str, bid: Terms, own_offers: list[Offer]) -> str:
    if not own_offers:
        return "opening"
    them = other(side)
    # what they said since our last move: this round, and last round too when we open rounds
    since = state.round - 1 if state.scenario.opens == side else state.round
    recent = [s for s in state.signals if s[0] == them and s[3] >= since]
    if any(s[1] == "threaten" for s in recent):
        return "threat"
    if any(s[1] in ("link_security", "delink_security") for s in recent):
        return "linkage"
    persona = state.persona_for(side)
    if state.t >= persona.deadline_t:
        return "deadline"
    utility = state.scenario.utility(side)
    previous = [o for o in state.offers if o.by == side][-1]
    if utility(bid) < utility(previous.terms) - _STEP:
        return "concession"
    if state.standing is not None and state.standing.by == them:
        if utility(state.standing.terms) < reservation_value(state, side):
            return "bad_offer"
        return "good_offer"
    return "concession"


def remark(state: GameState, side: str, situation: str) -> str:
    """A line of the persona's (invented) dialogue for the situation, chosen by the seed."""
    lines = state.persona_for(side).lines_for(situation)
    if not lines:
        return ""
    index, _ = state.rng.fork(f"say:{side}:{state.moves}:{situation}").below(len(lines))
    return lines[index]
