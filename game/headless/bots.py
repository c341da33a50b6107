"""Player bots for the simulator, the benchmark and the property tests.

A bot is a callable `(state, rng) -> (command, rng)` that acts for `actor(state)` with a legal
move: a command from `legal_commands`, or a complete package for `Propose`. Bots are pure, like the
engine: everything they remember is read back from the state (their own past offers, the AI's), and
their randomness comes from the generator they are handed and hand back, so a simulated game is
reproducible from its seed.

Bots know their own side's utility and reservation value (a human player is told both in the
briefing) and nothing about the other side's, so when they give ground they move toward what the
AI last asked for: that is the only evidence a player has of what the AI wants.

`BOTS` names every bot; `tnt simulate --player mix` (`MIX`) deals the games out among all of them.
"""

from __future__ import annotations

from typing import Protocol

from attrs import frozen

from game.engine.commands import Accept, Command, Proceed, Propose
from game.engine.machine import (
    actor,
    apply,
    discount_factor,
    legal_commands,
    ratification_chance,
    reservation_value,
)
from game.engine.model import GameState, Offer, Phase, Terms, Utility, evolve_state, other
from game.engine.opponent import best_utility
from game.engine.rng import Rng


class Bot(Protocol):
    def __call__(self, state: GameState, rng: Rng) -> tuple[Command, Rng]: ...


# ---------------------------------------------------------------------------------------------
# Shared pieces


def _acting_side(state: GameState) -> str:
    side = actor(state)
    if side is None:
        raise ValueError("the game is over: no side is to act")
    return side


def _pick(items: list[Command], rng: Rng) -> tuple[Command, Rng]:
    index, rng = rng.below(len(items))
    return items[index], rng


def _outside_talks(state: GameState, rng: Rng) -> tuple[Command, Rng] | None:
    """The moves every bot makes the same way: a random answer to a pending side-event, and
    `Proceed` between phases (the only legal move then). None while negotiating."""
    if state.pending:
        # legal_commands lists exactly the options of the first pending event
        return _pick(legal_commands(state), rng)
    if state.phase is not Phase.NEGOTIATION:
        return Proceed(state.player), rng
    return None


def random_package(state: GameState, rng: Rng) -> tuple[Terms, Rng]:
    """A uniformly random complete package (every issue an option of its own)."""
    picks: list[int] = []
    for issue in state.scenario.issues:
        pick, rng = rng.below(len(issue.options))
        picks.append(pick)
    return Terms(tuple(picks)), rng


def package_for(utility: Utility, target: float, toward: Terms | None) -> Terms:
    """A package worth at least `target` to the owner of `utility`, as close above it as greedy
    single steps get, conceding in the direction of `toward` (the counterpart's last offer).

    Starts from the owner's best package and, while the slack allows, takes the step toward the
    counterpart that moves furthest per unit of own utility lost, so free steps go first. Without
    an offer to move toward it moves toward its own worst options, which is where a counterpart with
    opposed interests must be. Cost grows with the number of options, not packages."""
    values = utility.values
    weights = utility.weights
    picks = [max(range(len(v)), key=v.__getitem__) for v in values]
    if toward is None:
        goal = [min(range(len(v)), key=v.__getitem__) for v in values]
    else:
        goal = list(toward.picks)
    slack = sum(w * v[p] for w, v, p in zip(weights, values, picks, strict=True)) - target
    while True:
        best: tuple[float, int, int, float] | None = None
        for i, (w, row) in enumerate(zip(weights, values, strict=True)):
            here, there = picks[i], goal[i]
            if here == there:
                continue
            step = 1 if there > here else -1
            # every option between here and the goal, nearest first
            for j in range(here + step, there + step, step):
                loss = w * (row[here] - row[j])
                if loss > slack + 1e-12:
                    continue
                score = abs(j - here) / (max(loss, 0.0) + 1e-9)
                if best is None or score > best[0]:
                    best = (score, i, j, loss)
        if best is None:
            return Terms(tuple(picks))
        _, i, j, loss = best
        picks[i] = j
        slack -= loss


def _their_last_offer(state: GameState, side: str) -> Terms | None:
    them = other(side)
    for offer in reversed(state.offers):
        if offer.by == them:
            return offer.terms
    return None


def _on_table_for(state: GameState, side: str) -> Terms | None:
    """The counterpart's offer this side may accept now, if any."""
    standing = state.standing
    if standing is not None and standing.by != side:
        return standing.terms
    return None


# ---------------------------------------------------------------------------------------------
# The bots


class _TalkingBot:
    """What every bot does the same way: answer events at random and proceed between phases;
    subclasses decide only their moves at the table (`negotiate`)."""

    def __call__(self, state: GameState, rng: Rng) -> tuple[Command, Rng]:
        fixed = _outside_talks(state, rng)
        if fixed is not None:
            return fixed
        return self.negotiate(state, _acting_side(state), rng)

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        raise NotImplementedError


@frozen
class RandomBot(_TalkingBot):
    """Any legal command, uniformly from `legal_commands`; now and then (`package_chance`) a
    uniformly random complete package instead, since the listed proposals are only one-issue
    changes of the table and would never wander far from it."""

    package_chance: float = 0.2

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        roll, rng = rng.random()
        if roll < self.package_chance:
            terms, rng = random_package(state, rng)
            return Propose(side, terms), rng
        return _pick(legal_commands(state), rng)


@frozen
class Hardliner(_TalkingBot):
    """Proposes its own best package every time, accepts only offers worth at least `accept_at`
    of its best, and never walks away."""

    accept_at: float = 0.9

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        utility = state.scenario.utility(side)
        offered = _on_table_for(state, side)
        if offered is not None and utility(offered) >= self.accept_at * best_utility(utility):
            return Accept(side), rng
        return Propose(side, utility.best_terms()), rng


@frozen
class Conceder(_TalkingBot):
    """Concedes linearly from its best package toward its reservation value as the rounds pass
    (target = best - (best - rv) * t) and accepts anything worth at least its current target."""

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        utility = state.scenario.utility(side)
        best = best_utility(utility)
        rv = reservation_value(state, side)
        target = best if rv >= best else best - (best - rv) * state.t
        offered = _on_table_for(state, side)
        if offered is not None and utility(offered) >= target - 1e-9:
            return Accept(side), rng
        return Propose(side, package_for(utility, target, _their_last_offer(state, side))), rng


@frozen
class Mirror(_TalkingBot):
    """Tit-for-tat: opens with its best package, then concedes exactly as much as the AI conceded
    with its last offer, measured in the mirror's own utility (a hardening is answered by holding,
    not by taking back). Never bids below its reservation value; accepts an offer at least as good
    as the bid it would make next."""

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        utility = state.scenario.utility(side)
        toward = _their_last_offer(state, side)
        bid = package_for(utility, self.next_target(state, side), toward)
        offered = _on_table_for(state, side)
        if offered is not None and utility(offered) >= utility(bid) - 1e-9:
            return Accept(side), rng
        return Propose(side, bid), rng

    @staticmethod
    def next_target(state: GameState, side: str) -> float:
        utility = state.scenario.utility(side)
        best = best_utility(utility)
        mine = [utility(o.terms) for o in state.offers if o.by == side]
        theirs = [utility(o.terms) for o in state.offers if o.by != side]
        if not mine:
            return best
        conceded = theirs[-1] - theirs[-2] if len(theirs) >= 2 else 0.0
        floor = min(best, reservation_value(state, side))
        return max(floor, mine[-1] - max(0.0, conceded))


def logroll_package(utility: Utility, target: float, asks: Terms | None) -> Terms:
    """A package worth at least `target` to the owner of `utility` that gives the counterpart
    what it `asks` for on the issues the owner weighs least.

    Starts from the owner's best package and takes the issues from the lightest to the heaviest:
    each moves all the way to the ask if the slack above `target` allows, else as far toward it
    as the slack allows (the option nearest the ask that fits), else stays. Without an ask it is
    the owner's best package."""
    picks = [max(range(len(v)), key=v.__getitem__) for v in utility.values]
    if asks is None:
        return Terms(tuple(picks))
    slack = utility(Terms(tuple(picks))) - target
    lightest_first = sorted(range(len(picks)), key=lambda i: (utility.weights[i], i))
    for i in lightest_first:
        here, want = picks[i], asks.picks[i]
        if here == want:
            continue
        weight, row = utility.weights[i], utility.values[i]
        step = 1 if want > here else -1
        # from the ask back toward the owner's best: the first option that fits is nearest the ask
        for j in range(want, here, -step):
            loss = weight * (row[here] - row[j])
            if loss <= slack + 1e-12:
                picks[i] = j
                slack -= loss
                break
    return Terms(tuple(picks))


def home_ratification(state: GameState, side: str, terms: Terms) -> float:
    """The chance that `side`'s own stages at home pass a deal on `terms` signed now, after the
    meters move for it: the machine is asked what would happen if the other side offered these
    terms and `side` accepted. `side` must be the one to move at the table."""
    offer = Offer(terms, other(side), state.round)
    signed, _ = apply(evolve_state(state, standing=offer), Accept(side))
    chance = 1.0
    for index, stage in enumerate(state.scenario.ratification):
        if stage.side == side:
            chance *= ratification_chance(signed, index)
    return chance


@frozen
class Logroller(_TalkingBot):
    """Trades across issues, as the debrief teaches.

    Its aspiration falls along a curve from its best package to its reservation value plus
    `margin` (target = best - (best - floor) * t ** (1 / e)); every offer keeps its own utility
    at the target while giving the AI what the AI last asked for on the issues the logroller
    weighs least. It offers and accepts only what its own side at home would ratify with a
    chance of at least `ratify_at` (it asks for more until its offer would pass); it accepts an
    offer worth at least its target, or in the last round at least its floor. Values are what a
    deal signed now is worth to it (the difficulty's discount counted), so it never takes a deal
    that no deal would beat. It never walks away."""

    e: float = 1.0
    margin: float = 0.05
    ratify_at: float = 0.7
    # how much more it asks for at a time when its offer would not pass at home
    step: float = 0.02

    def negotiate(self, state: GameState, side: str, rng: Rng) -> tuple[Command, Rng]:
        utility = state.scenario.utility(side)
        # what one point of utility signed now is worth at the end (below 1 on hard difficulty)
        keep = discount_factor(state, side)
        target = self.target(state, side) / keep
        offered = _on_table_for(state, side)
        if offered is not None:
            last_call = state.round >= state.last_round
            floor = (reservation_value(state, side) + self.margin) / keep
            enough = utility(offered) >= (floor if last_call else target) - 1e-9
            if enough and home_ratification(state, side, offered) >= self.ratify_at:
                return Accept(side), rng
        asks = _their_last_offer(state, side)
        best = best_utility(utility)
        bid = logroll_package(utility, target, asks)
        while target < best and home_ratification(state, side, bid) < self.ratify_at:
            target = min(best, target + self.step)
            bid = logroll_package(utility, target, asks)
        return Propose(side, bid), rng

    def target(self, state: GameState, side: str) -> float:
        """Its aspiration now, in the value of a deal at the end of the game."""
        best = best_utility(state.scenario.utility(side)) * discount_factor(state, side)
        floor = min(best, reservation_value(state, side) + self.margin)
        curve: float = state.t ** (1.0 / self.e)
        return best - (best - floor) * curve


BOTS: dict[str, Bot] = {
    "random": RandomBot(),
    "hardliner": Hardliner(),
    "conceder": Conceder(),
    "mirror": Mirror(),
    "logroller": Logroller(),
}

# `tnt simulate --player mix`: the games are dealt out among every bot in `BOTS`, in turn.
MIX = "mix"
