"""Property tests of the engine, the AI and the Session, on the tiny scenario and the real one.

Hypothesis draws whole games: at every turn it picks one of the legal commands (or, now and then,
an arbitrary complete package, since `legal_commands` lists only one-issue changes of the table),
and the AI answers. The properties are the promises the design makes: every game ends in time,
illegal moves change nothing, a game is a pure function of scenario, seed and commands, the AI
never accepts less than its reservation value and never proposes an illegal package.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiny import tiny_scenario

from game.content.loader import default_content_dir, load_scenario
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
from game.engine.events import Event, OfferAccepted
from game.engine.machine import (
    IllegalMove,
    actor,
    apply,
    legal_commands,
    new_game,
    reservation_value,
)
from game.engine.model import SIDES, GameState, Phase, Scenario, Terms, other
from game.engine.opponent import think
from game.session.session import Session

# Hypothesis replays failures from its database, so examples stay few but meaningful; the whole
# file runs in well under a minute on two cores.
GAME = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# a game has a few dozen moves; this only stops a runaway loop from hanging the suite
MAX_MOVES = 2_000


@pytest.fixture(scope="module", params=["tiny", "april-2025"])
def scenario(request: pytest.FixtureRequest) -> Scenario:
    # The real content must load: a broken scenario is a failure here, never a skip.
    if request.param == "tiny":
        return tiny_scenario()
    return load_scenario(default_content_dir(), "april-2025")


def ai_personas(scenario: Scenario, role: str) -> list[str]:
    return [p.id for p in scenario.personas if p.side == other(role)]


def setups(scenario: Scenario) -> st.SearchStrategy[tuple[str, str, int]]:
    """(role, AI persona, seed) with every persona of the AI's side in reach."""
    return st.sampled_from(SIDES).flatmap(
        lambda role: st.tuples(
            st.just(role),
            st.sampled_from(ai_personas(scenario, role) or [scenario.default_personas[0]]),
            st.integers(0, 2**31 - 1),
        )
    )


def draw_command(data: st.DataObject, state: GameState) -> Command:
    """A legal command for `actor(state)`, drawn by kind so that every kind turns up (uniform
    over the list, proposals would crowd out the rest): a listed proposal (one-issue changes of
    the table), a random complete package, the side's own best package (which keeps some games
    going to the deadline), a signal, a rejection, an acceptance or a walk-out."""
    legal = legal_commands(state)
    side = actor(state)
    assert side is not None and legal
    if state.phase is not Phase.NEGOTIATION or state.pending:
        return legal[data.draw(st.integers(0, len(legal) - 1))]
    roll = data.draw(st.integers(0, 99))
    if roll < 20:
        picks = tuple(
            data.draw(st.integers(0, len(issue.options) - 1)) for issue in state.scenario.issues
        )
        return Propose(side, Terms(picks))
    if roll < 35:
        return Propose(side, state.scenario.utility(side).best_terms())
    kinds: list[type] = [Propose]
    if roll >= 95:
        kinds = [WalkAway]
    elif roll >= 90:
        kinds = [Accept, Propose]
    elif roll >= 82:
        kinds = [Reject, Propose]
    elif roll >= 72:
        kinds = [Signal, Propose]
    for kind in kinds:
        options = [c for c in legal if isinstance(c, kind)]
        if options:
            return options[data.draw(st.integers(0, len(options) - 1))]
    raise AssertionError("a side in the talks can always propose")


def max_last_round(scenario: Scenario) -> int:
    """The deadline plus every extension the scenario's events could grant (each at most once:
    extensions are the August 1 letter and its like)."""
    deadline = sum(1 for r in scenario.rounds if not r.extension)
    extra = 0
    for event in scenario.events:
        effects = list(event.effects)
        # only one option of an event is ever taken: count the most generous
        per_option = [
            sum(max(1, e.rounds) for e in o.effects if e.verb == "extend_deadline")
            for o in event.options
        ]
        extra += sum(max(1, e.rounds) for e in effects if e.verb == "extend_deadline")
        extra += max(per_option, default=0)
    return deadline + extra


Step = tuple[GameState, Command, GameState, list[Event]]


def play_raw(
    scenario: Scenario, role: str, persona: str, seed: int, choose: Callable[[GameState], Command]
) -> Iterator[Step]:
    """A game on the bare engine: `choose` moves for the player, `think` for the AI. Yields
    (state before, command, state after, events) for every move, the AI's included."""
    personas = [*scenario.default_personas]
    personas[SIDES.index(other(role))] = persona
    state, _ = new_game(scenario, role, seed, (personas[0], personas[1]))
    for _ in range(MAX_MOVES):
        if state.phase is Phase.END:
            return
        command = choose(state) if actor(state) == role else think(state).command
        after, events = apply(state, command)
        yield state, command, after, events
        state = after
    raise AssertionError(f"no ending after {MAX_MOVES} moves")


# ---------------------------------------------------------------------------------------------
# (a) every game of legal moves ends, in time, without a crash


@GAME
@given(data=st.data())
def test_legal_games_end_in_time(scenario: Scenario, data: st.DataObject) -> None:
    role, persona, seed = data.draw(setups(scenario))
    steps = list(play_raw(scenario, role, persona, seed, lambda s: draw_command(data, s)))
    final = steps[-1][2]
    assert final.phase is Phase.END
    assert final.ending is not None
    assert final.round <= final.last_round <= max_last_round(scenario)
    assert legal_commands(final) == []


@GAME
@given(data=st.data())
def test_hotseat_games_of_legal_moves_end(scenario: Scenario, data: st.DataObject) -> None:
    # both sides human: hypothesis plays the AI's seat too, with moves the AI would never make
    session = Session.start(
        scenario, data.draw(st.sampled_from(SIDES)), data.draw(st.integers(0, 2**31)), hotseat=True
    )
    for _ in range(MAX_MOVES):
        if session.over:
            break
        session.submit(draw_command(data, session.state))
    assert session.over
    assert session.state.round <= session.state.last_round <= max_last_round(scenario)


# ---------------------------------------------------------------------------------------------
# (b) an illegal command raises IllegalMove and changes nothing


def illegal_commands(state: GameState) -> list[Command]:
    """Commands the rules forbid in `state`, whatever it is."""
    scenario = state.scenario
    side = actor(state)
    out: list[Command] = []
    if side is None:  # the game is over: nothing at all is legal
        return [Proceed(state.player), Accept(SIDES[0]), Propose(SIDES[1], scenario.status_quo)]
    out.append(Choose(side, "no-such-event", "x"))
    bad = list(scenario.status_quo.picks)
    bad[0] = len(scenario.issues[0].options)
    out.append(Propose(side, Terms(tuple(bad))))  # an option out of range
    out.append(Propose(side, Terms(scenario.status_quo.picks[:-1])))  # a package too short
    out.append(Propose(side, Terms((*scenario.status_quo.picks[:-1], -1))))
    out.append(WalkAway("china"))  # no such side
    if state.pending:
        out.append(Propose(side, scenario.status_quo))  # a decision comes first
    elif state.phase is Phase.NEGOTIATION:
        out.append(Proceed(side))
        out.append(Propose(other(side), scenario.status_quo))  # out of turn
        out.append(WalkAway(other(side)))
        if state.standing is None or state.standing.by == side:
            out.append(Accept(side))  # nothing (of theirs) on the table
            out.append(Reject(side))
    else:
        out.append(Accept(side))
        out.append(Propose(side, scenario.status_quo))
        out.append(Proceed(other(state.player)))
    return out


@GAME
@given(data=st.data())
def test_illegal_commands_change_nothing(scenario: Scenario, data: st.DataObject) -> None:
    role, persona, seed = data.draw(setups(scenario))
    session = Session.start(scenario, role, seed, persona=persona)
    prefix = data.draw(st.integers(0, 30))
    for _ in range(prefix):
        if session.over:
            break
        session.submit(draw_command(data, session.state))
    before = session.state
    log, transcript = list(session.log), list(session.transcript)
    candidates = illegal_commands(before)
    if not session.over:
        # the AI's seat belongs to the AI, even when a move would otherwise be legal
        ai = other(role)
        candidates += [Accept(ai), WalkAway(ai), Propose(ai, scenario.status_quo)]
    for command in candidates:
        with pytest.raises(IllegalMove):
            apply(before, command)
        with pytest.raises(IllegalMove):
            session.submit(command)
        assert session.state == before
        assert session.state is before
        assert session.log == log and session.transcript == transcript


def test_illegal_examples_named_in_the_design(scenario: Scenario) -> None:
    state, _ = new_game(scenario, "japan", 3)
    with pytest.raises(IllegalMove):
        apply(state, Propose("japan", scenario.status_quo))  # still in the briefing
    state, _ = apply(state, Proceed("japan"))
    mover = state.to_move
    for command in (
        Accept(mover),  # nothing on the table
        Propose(other(mover), scenario.status_quo),  # out of turn
        Choose(mover, scenario.events[0].id, "x"),  # no event pending
    ):
        if state.pending:
            break
        before = state
        with pytest.raises(IllegalMove):
            apply(state, command)
        assert state == before


# ---------------------------------------------------------------------------------------------
# (c) same scenario, seed and commands: the same transcript, byte for byte


def transcript_json(session: Session) -> str:
    return json.dumps(session.transcript_dicts(), sort_keys=True)


@GAME
@given(data=st.data())
def test_same_commands_same_transcript(scenario: Scenario, data: st.DataObject) -> None:
    role, persona, seed = data.draw(setups(scenario))
    first = Session.start(scenario, role, seed, persona=persona)
    for _ in range(MAX_MOVES):
        if first.over:
            break
        first.submit(draw_command(data, first.state))
    second = Session.start(scenario, role, seed, persona=persona)
    for command in first.log:
        second.submit(command)
    assert transcript_json(second) == transcript_json(first)
    assert second.state == first.state
    # and through the save format, which is how a game is resumed
    save: dict[str, Any] = json.loads(json.dumps(first.to_save()))
    replayed = Session.replay(scenario, save)
    assert transcript_json(replayed) == transcript_json(first)


# ---------------------------------------------------------------------------------------------
# (d) and (e): the AI never accepts below its reservation value, never proposes an illegal package


@GAME
@given(data=st.data())
def test_ai_accepts_nothing_below_reservation_and_proposes_legally(
    scenario: Scenario, data: st.DataObject
) -> None:
    role, persona, seed = data.draw(setups(scenario))
    ai = other(role)
    utility = scenario.utility(ai)
    for before, command, _, events in play_raw(
        scenario, role, persona, seed, lambda s: draw_command(data, s)
    ):
        if command.side != ai:
            continue
        for event in events:
            if isinstance(event, OfferAccepted) and event.side == ai:
                assert utility(event.terms) >= reservation_value(before, ai) - 1e-9
        if isinstance(command, Propose):
            picks = command.terms.picks
            assert len(picks) == len(scenario.issues)
            assert all(0 <= p < len(i.options) for p, i in zip(picks, scenario.issues, strict=True))
