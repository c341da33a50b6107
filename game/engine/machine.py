"""The state machine: `apply(state, command) -> (state, events)` and `legal_commands(state)`.

Phases run briefing -> negotiation (dated rounds; in each, the opening side moves, then the
other) -> agreement -> ratification (one vote per `Proceed`) -> end. Side-events fire at the start
of each round. An illegal command raises `IllegalMove` and the state is untouched (states are
immutable, so there is nothing to roll back).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from attrs import define

from game.engine.commands import (
    Accept,
    Choose,
    Command,
    Proceed,
    Propose,
    Reject,
    Signal,
    WalkAway,
)
from game.engine.events import (
    DeadlineExtended,
    DeadlinePassed,
    DealSigned,
    Event,
    EventChoiceMade,
    GameEnded,
    GameStarted,
    MeterMoved,
    NoDealChanged,
    OfferAccepted,
    OfferMade,
    OfferRejected,
    RatificationVote,
    ReservationShifted,
    RoundStarted,
    SideEventFired,
    SignalSent,
    TemperChanged,
    WalkedAway,
)
from game.engine.model import (
    SIDE_NAMES,
    SIDES,
    Effect,
    Ending,
    GameState,
    Offer,
    Phase,
    Scenario,
    SideEvent,
    Terms,
    evolve_state,
    other,
    side_index,
)
from game.engine.rng import Rng


class IllegalMove(Exception):
    """A command the rules do not allow now; `reason` is written for the player."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# ---------------------------------------------------------------------------------------------
# Reading the state


def reservation_value(state: GameState, side: str) -> float:
    """What no deal is worth to `side` now: the no-deal terms plus any shift from events."""
    base = state.scenario.utility(side)(state.no_deal)
    return base + state.reservation_shift[side_index(side)]


def outcome_terms(state: GameState) -> Terms:
    """The terms in force at the end: the deal if ratified, else what no deal brings."""
    if state.ending is Ending.RATIFIED and state.agreed is not None:
        return state.agreed
    return state.no_deal


def outcome_value(state: GameState, side: str) -> float:
    """What the outcome is worth to `side`: the deal's utility if ratified, else its reservation
    value, which counts what events did to its alternatives (China's courting, a sell-off)."""
    if state.ending is Ending.RATIFIED and state.agreed is not None:
        return state.scenario.utility(side)(state.agreed) * discount_factor(state, side)
    return reservation_value(state, side)


def discount_factor(state: GameState, side: str) -> float:
    """What a deal signed in this round keeps of its worth for `side`: the difficulty's
    per-round discount, for the human players only (both in hotseat), counted from round 1
    (1.0 at normal)."""
    discount = state.scenario.difficulty.discount
    human = side == state.player or state.hotseat
    if not human or discount >= 1.0 or state.round <= 1:
        return 1.0
    return float(discount ** (state.round - 1))


def actor(state: GameState) -> str | None:
    """Who must act next: an event's decider, the side to move, or the player between rounds."""
    if state.phase is Phase.END:
        return None
    if state.pending:
        return decider_of(state, state.scenario.event(state.pending[0]))
    if state.phase is Phase.NEGOTIATION:
        return state.to_move
    return state.player


def decider_of(state: GameState, event: SideEvent) -> str:
    """Who answers an event: the side content names (the loader requires one for an event with
    options); the player for an event built in code without one."""
    return event.decider or state.player


def round_date(scenario: Scenario, number: int) -> tuple[str, str]:
    if 1 <= number <= len(scenario.rounds):
        r = scenario.rounds[number - 1]
        return r.date, r.label
    last = scenario.rounds[-1].date if scenario.rounds else ""
    return last, f"Round {number} (extra time)"


# ---------------------------------------------------------------------------------------------
# Starting a game


def new_game(
    scenario: Scenario,
    player: str,
    seed: int,
    personas: tuple[str, str] | None = None,
    hotseat: bool = False,
) -> tuple[GameState, list[Event]]:
    if player not in SIDES:
        raise IllegalMove(f"Unknown side {player!r}: choose japan or us.")
    deadline = sum(1 for r in scenario.rounds if not r.extension)
    state = GameState(
        scenario=scenario,
        player=player,
        personas=personas or scenario.default_personas,
        seed=seed,
        rng=Rng.seeded(seed),
        phase=Phase.BRIEFING,
        round=0,
        last_round=deadline,
        to_move=player,
        meters=tuple(m.initial for m in scenario.meters),
        no_deal=scenario.no_deal,
        reservation_shift=_difficulty_shift(scenario, player, hotseat),
        hotseat=hotseat,
    )
    return state, [GameStarted(scenario.id, player, seed)]


def _difficulty_shift(scenario: Scenario, player: str, hotseat: bool) -> tuple[float, float]:
    """The difficulty's shifts of the reservation values: the player's and the computer's; in
    hotseat both sides are players and get the player's, so the pressure is fair."""
    level = scenario.difficulty
    shift = [level.counterpart_reservation, level.counterpart_reservation]
    if hotseat:
        return (level.player_reservation, level.player_reservation)
    shift[side_index(player)] = level.player_reservation
    return (shift[0], shift[1])


# ---------------------------------------------------------------------------------------------
# Legal commands


def legal_commands(state: GameState) -> list[Command]:
    """Everything the acting side may do now. Proposals are listed as the package on the table
    and every one-issue change of it (the moves of the offer builder); `Propose` accepts any
    complete package, so this list is representative, not exhaustive, for proposals."""
    if state.phase is Phase.END:
        return []
    if state.pending:
        event = state.scenario.event(state.pending[0])
        return [Choose(decider_of(state, event), event.id, o.id) for o in event.options]
    if state.phase is not Phase.NEGOTIATION:
        return [Proceed(state.player)]
    side = state.to_move
    commands: list[Command] = []
    base = proposal_base(state, side)
    commands.append(Propose(side, base))
    for i, issue in enumerate(state.scenario.issues):
        for j in range(len(issue.options)):
            if j != base.picks[i]:
                commands.append(Propose(side, base.with_pick(i, j)))
    if state.standing is not None and state.standing.by != side:
        commands.append(Accept(side))
        commands.append(Reject(side))
    commands.append(WalkAway(side))
    if not state.signalled_this_turn:
        for signal in state.scenario.signals:
            if side not in signal.sides:
                continue
            if signal.needs_issue:
                commands.extend(
                    Signal(side, signal.id, issue.id) for issue in state.scenario.issues
                )
            else:
                commands.append(Signal(side, signal.id))
    return commands


def proposal_base(state: GameState, side: str) -> Terms:
    """Where a new proposal starts: the offer on the table, else this side's last, else today."""
    if state.standing is not None:
        return state.standing.terms
    for offer in reversed(state.offers):
        if offer.by == side:
            return offer.terms
    return state.scenario.status_quo


# ---------------------------------------------------------------------------------------------
# Applying a command


def apply(state: GameState, command: Command) -> tuple[GameState, list[Event]]:
    """The one way the game changes. Raises IllegalMove (state untouched) for an illegal command."""
    _check(state, command)
    events: list[Event] = []
    moves = state.moves + 1
    match command:
        # the common moves fold every change into one evolve: copying the state is the hot path
        case Propose(side=side, terms=terms):
            offer = Offer(terms, side, state.round)
            events.append(OfferMade(side, terms, state.round))
            state = _end_turn(
                state, events, standing=offer, offers=(*state.offers, offer), moves=moves
            )
        case Reject(side=side):
            events.append(OfferRejected(side, state.round))
            rejections = list(state.rejections)
            rejections[side_index(side)] += 1
            state = _end_turn(
                state,
                events,
                standing=None,
                rejections=(rejections[0], rejections[1]),
                moves=moves,
            )
        case _:
            state = _apply_rare(evolve_state(state, moves=moves), command, events)
    return state, events


def _apply_rare(state: GameState, command: Command, events: list[Event]) -> GameState:
    match command:
        case Choose():
            return _choose(state, command, events)
        case Proceed():
            return _proceed(state, events)
        case Accept(side=side):
            assert state.standing is not None  # _check guarantees it
            terms = state.standing.terms
            events.append(OfferAccepted(side, terms, state.round))
            return _sign(state, terms, events)
        case WalkAway(side=side):
            events.append(WalkedAway(side, state.round))
            return _end(state, Ending.WALKED_AWAY, side, events)
        case Signal():
            return _signal(state, command, events)
    raise AssertionError(f"unhandled command {command!r}")


def _check(state: GameState, command: Command) -> None:
    scenario = state.scenario
    if command.side not in SIDES:
        raise IllegalMove(f"Unknown side {command.side!r}.")
    if state.phase is Phase.END:
        raise IllegalMove("The game is over; no more moves can be made.")
    who = SIDE_NAMES[command.side]
    if state.pending:
        event = scenario.event(state.pending[0])
        decider = decider_of(state, event)
        if not isinstance(command, Choose):
            raise IllegalMove(f"First decide how to answer: {event.title}.")
        if command.side != decider:
            raise IllegalMove(f"{SIDE_NAMES[decider]} decides how to answer {event.title}.")
        if command.event != event.id:
            raise IllegalMove(f"The decision waiting is {event.title}, not {command.event!r}.")
        if command.option not in {o.id for o in event.options}:
            choices = ", ".join(o.id for o in event.options)
            raise IllegalMove(f"{command.option!r} is not an answer to {event.title}: {choices}.")
        return
    if isinstance(command, Choose):
        raise IllegalMove("No side-event is waiting for a decision.")
    if state.phase is not Phase.NEGOTIATION:
        if not isinstance(command, Proceed):
            raise IllegalMove(f"Nothing to negotiate during the {state.phase.value}; proceed.")
        if command.side != state.player:
            raise IllegalMove("Only the player moves the game on between rounds.")
        return
    if isinstance(command, Proceed):
        raise IllegalMove("The talks are under way: propose, accept, reject, signal or walk away.")
    if command.side != state.to_move:
        raise IllegalMove(f"It is {SIDE_NAMES[state.to_move]}'s turn, not {who}'s.")
    match command:
        case Propose(terms=terms):
            _check_terms(scenario, terms)
        case Accept() | Reject():
            verb = "accept" if isinstance(command, Accept) else "reject"
            if state.standing is None:
                raise IllegalMove(f"There is no offer on the table to {verb}.")
            if state.standing.by == command.side:
                raise IllegalMove(f"You cannot {verb} your own offer.")
        case Signal(signal=signal_id, issue=issue_id):
            if state.signalled_this_turn:
                raise IllegalMove("One signal per turn: make your move now.")
            try:
                signal = scenario.signal(signal_id)
            except KeyError:
                known = ", ".join(s.id for s in scenario.signals)
                raise IllegalMove(f"Unknown signal {signal_id!r}; known: {known}.") from None
            if command.side not in signal.sides:
                raise IllegalMove(f"{who} cannot send the signal {signal.label!r}.")
            if signal.needs_issue:
                try:
                    scenario.issue_index(issue_id)
                except KeyError:
                    raise IllegalMove(f"{signal.label!r} needs an issue to name.") from None


def _check_terms(scenario: Scenario, terms: Terms) -> None:
    if len(terms.picks) != len(scenario.issues):
        raise IllegalMove(
            f"A package names an option for all {len(scenario.issues)} issues, "
            f"not {len(terms.picks)}."
        )
    for issue, pick in zip(scenario.issues, terms.picks, strict=True):
        if not 0 <= pick < len(issue.options):
            raise IllegalMove(f"{issue.name} has no option number {pick}.")


def _end_turn(state: GameState, events: list[Event], **changes: Any) -> GameState:
    if state.moves_this_round + 1 >= 2:
        return _start_round(state, state.round + 1, events, **changes)
    return evolve_state(
        state,
        to_move=other(state.to_move),
        moves_this_round=state.moves_this_round + 1,
        signalled_this_turn=False,
        **changes,
    )


def _start_round(state: GameState, number: int, events: list[Event], **changes: Any) -> GameState:
    if number > state.last_round:
        if changes:
            state = evolve_state(state, **changes)
        events.append(DeadlinePassed(state.round))
        return _end(state, Ending.DEADLINE_PASSED, None, events)
    date, label = round_date(state.scenario, number)
    state = evolve_state(
        state,
        round=number,
        moves_this_round=0,
        to_move=state.scenario.opens,
        signalled_this_turn=False,
        **changes,
    )
    events.append(RoundStarted(number, date, label, state.last_round))
    return _fire_events(state, events)


# ---------------------------------------------------------------------------------------------
# Side-events


def _fire_events(state: GameState, events: list[Event]) -> GameState:
    scenario = state.scenario
    fired_now = 0
    due = [e for e, r in state.queued if r == state.round]
    if due:
        state = evolve_state(state, queued=tuple(q for q in state.queued if q[1] != state.round))
    for event_id in due:
        state = _fire(state, scenario.event(event_id), events)
        fired_now += 1
    for event in scenario.events:
        if fired_now >= scenario.max_events_per_round:
            break
        if not _eligible(state, event):
            continue
        if event_roll(state.seed, event.id, state.round) < event.chance:
            state = _fire(state, event, events)
            fired_now += 1
    return state


def event_roll(seed: int, event_id: str, round_number: int) -> float:
    """The dice for one event in one round, from the game's seed alone: how the players moved
    never changes them, so a class on one seed sees the same side-events (whose triggers hold)."""
    return Rng.seeded(seed).fork(f"event:{event_id}:{round_number}").random()[0]


def _eligible(state: GameState, event: SideEvent) -> bool:
    last = max((r for e, r in state.fired if e == event.id), default=None)
    if last is not None and (event.once or state.round - last <= event.cooldown):
        return False
    if any(e == event.id for e, _ in state.queued) or event.id in state.pending:
        return False
    trig = event.trigger
    if not trig.round_min <= state.round <= trig.round_max:
        return False
    # "only when the human plays this side": in hotseat both sides are human
    if trig.player is not None and trig.player != state.player and not state.hotseat:
        return False
    if state.scenario.setup.scheduled:
        # an assignment's fixed calendar: only the dates, the dice and other events count
        return all(state.has_fired(e) for e in trig.after) and not any(
            state.has_fired(e) for e in trig.not_after
        )
    if any(state.meter(m) <= level for m, level in trig.meters_above):
        return False
    if any(state.meter(m) >= level for m, level in trig.meters_below):
        return False
    if not all(state.has_fired(e) for e in trig.after):
        return False
    if any(state.has_fired(e) for e in trig.not_after):
        return False
    if trig.signals and not any(
        s[1] in trig.signals for s in state.signals if s[0] == state.player or state.hotseat
    ):
        return False
    if trig.on_table:
        table = state.standing or (state.offers[-1] if state.offers else None)
        if table is None:
            return False
        ids = state.scenario.terms_to_ids(table.terms)
        if not all(ids[issue] in options for issue, options in trig.on_table):
            return False
    return True


def _fire(state: GameState, event: SideEvent, events: list[Event]) -> GameState:
    pending = (*state.pending, event.id) if event.options else state.pending
    decider = decider_of(state, event) if event.options else None
    events.append(SideEventFired(event.id, event.family, event.title, state.round, decider))
    effects = _Effects.of(state)
    effects.apply_all(event.effects, event.id, events)
    return evolve_state(
        state,
        fired=(*state.fired, (event.id, state.round)),
        pending=pending,
        **effects.changes(),
    )


def _choose(state: GameState, command: Choose, events: list[Event]) -> GameState:
    event = state.scenario.event(command.event)
    option = next(o for o in event.options if o.id == command.option)
    events.append(EventChoiceMade(event.id, option.id, command.side, state.round))
    effects = _Effects.of(state)
    effects.apply_all(option.effects, f"{event.id}:{option.id}", events)
    return evolve_state(
        state,
        pending=state.pending[1:],
        chosen=(*state.chosen, (event.id, option.id, command.side)),
        **effects.changes(),
    )


@define
class _Effects:
    """Working copies of everything an effect can change, so that a whole list of effects (and
    the move that caused them) costs one copy of the state: copying is the engine's hot path."""

    scenario: Scenario
    round: int
    meters: list[int]
    mood: list[float]
    shift: list[float]
    no_deal: list[int]
    queued: list[tuple[str, int]]
    last_round: int
    hotseat: bool = False  # no AI, so no mood to move

    @classmethod
    def of(cls, state: GameState) -> _Effects:
        return cls(
            state.scenario,
            state.round,
            list(state.meters),
            list(state.mood),
            list(state.reservation_shift),
            list(state.no_deal.picks),
            list(state.queued),
            state.last_round,
            state.hotseat,
        )

    def changes(self) -> dict[str, Any]:
        return {
            "meters": tuple(self.meters),
            "mood": (self.mood[0], self.mood[1]),
            "reservation_shift": (self.shift[0], self.shift[1]),
            "no_deal": Terms(tuple(self.no_deal)),
            "queued": tuple(self.queued),
            "last_round": self.last_round,
        }

    def apply_all(self, effects: Iterable[Effect], cause: str, events: list[Event]) -> None:
        for effect in effects:
            self.apply(effect, cause, events)

    def apply(self, effect: Effect, cause: str, events: list[Event]) -> None:
        scenario = self.scenario
        match effect.verb:
            case "meter":
                self.move_meter(effect.meter, round(effect.delta), cause, events)
            case "reservation":
                self.shift[side_index(effect.side)] += effect.delta
                events.append(ReservationShifted(effect.side, effect.delta, cause))
            case "no_deal":
                i = scenario.issue_index(effect.issue)
                self.no_deal[i] = scenario.issues[i].option_index(effect.option)
                events.append(NoDealChanged(effect.issue, effect.option, cause))
            case "temper":
                if not self.hotseat:
                    self.move_mood(effect.side, effect.delta, cause, events)
            case "queue":
                self.queued.append((effect.event, self.round + max(1, effect.rounds)))
            case "extend_deadline":
                self.last_round += max(1, effect.rounds)
                date, _ = round_date(scenario, self.last_round)
                events.append(DeadlineExtended(self.last_round, date, cause))
            case _:
                raise ValueError(f"unknown effect verb {effect.verb!r}")  # the loader admits none

    def move_meter(self, meter_id: str, delta: int, cause: str, events: list[Event]) -> None:
        i = self.scenario.meter_index(meter_id)
        old = self.meters[i]
        new = max(0, min(100, old + delta))
        if new != old:
            self.meters[i] = new
            events.append(MeterMoved(meter_id, old, new, cause))

    def move_mood(self, side: str, delta: float, cause: str, events: list[Event]) -> None:
        i = side_index(side)
        old = self.mood[i]
        self.mood[i] = max(-1.0, min(1.0, old + delta))
        events.append(TemperChanged(side, old, self.mood[i], cause))


# ---------------------------------------------------------------------------------------------
# Signals


def _signal(state: GameState, command: Signal, events: list[Event]) -> GameState:
    signal = state.scenario.signal(command.signal)
    issue = command.issue if signal.needs_issue else ""
    linked = {"link_security": True, "delink_security": False}.get(signal.id, state.linked)
    events.append(SignalSent(command.side, signal.id, issue, state.round))
    cause = f"signal:{signal.id}"
    effects = _Effects.of(state)
    effects.apply_all(signal.effects, cause, events)
    counterpart = other(command.side)
    if signal.temper and counterpart != state.player and not state.hotseat:
        scale = state.persona_for(counterpart).reaction(signal.id)
        effects.move_mood(counterpart, signal.temper * scale, cause, events)
    return evolve_state(
        state,
        signalled_this_turn=True,
        signals=(*state.signals, (command.side, signal.id, issue, state.round)),
        linked=linked,
        **effects.changes(),
    )


# ---------------------------------------------------------------------------------------------
# Agreement, ratification, the end


def _sign(state: GameState, terms: Terms, events: list[Event]) -> GameState:
    events.append(DealSigned(terms, state.round))
    effects = _Effects.of(state)
    for issue, pick in zip(state.scenario.issues, terms.picks, strict=True):
        for meter_id, delta in issue.options[pick].on_deal:
            effects.move_meter(meter_id, delta, f"deal:{issue.id}", events)
    return evolve_state(
        state, phase=Phase.AGREEMENT, agreed=terms, standing=None, **effects.changes()
    )


def ratification_chance(state: GameState, stage_index: int) -> float:
    stage = state.scenario.ratification[stage_index]
    assert state.agreed is not None
    margin = state.scenario.utility(stage.side)(state.agreed) - reservation_value(state, stage.side)
    chance = stage.base + stage.margin_weight * margin
    chance += sum(w * (state.meter(m) - 50) / 50 for m, w in stage.meters)
    return max(0.02, min(0.98, chance))


def _proceed(state: GameState, events: list[Event]) -> GameState:
    if state.phase is Phase.BRIEFING:
        state = evolve_state(state, phase=Phase.NEGOTIATION)
        return _start_round(state, 1, events)
    if state.phase is Phase.AGREEMENT:
        state = evolve_state(state, phase=Phase.RATIFICATION, ratify_step=0)
    stages = state.scenario.ratification
    if state.ratify_step >= len(stages):
        return _end(state, Ending.RATIFIED, None, events)
    stage = stages[state.ratify_step]
    chance = ratification_chance(state, state.ratify_step)
    roll, rng = state.rng.random()
    passed = roll < chance
    state = evolve_state(state, rng=rng, ratify_step=state.ratify_step + 1)
    events.append(RatificationVote(stage.side, stage.name, chance, passed))
    if not passed:
        return _end(state, Ending.REJECTED_AT_HOME, stage.side, events)
    if state.ratify_step >= len(stages):
        return _end(state, Ending.RATIFIED, None, events)
    return state


def _end(state: GameState, ending: Ending, by: str | None, events: list[Event]) -> GameState:
    state = evolve_state(state, phase=Phase.END, ending=ending, ended_by=by, pending=())
    utilities = (outcome_value(state, SIDES[0]), outcome_value(state, SIDES[1]))
    events.append(GameEnded(ending, by, utilities))
    return state
