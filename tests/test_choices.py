"""`Choices` against the engine: on states reached by seeded bot games through `Session`, every
field says what `legal_commands` says, and the plain prompt offers exactly the legal moves."""

from __future__ import annotations

from functools import cache

import pytest

from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Accept, Choose, Command, Proceed, Propose, Reject, Signal, WalkAway
from game.engine.machine import legal_commands
from game.engine.model import GameState, Phase, Scenario
from game.engine.rng import Rng
from game.headless.bots import BOTS
from game.plain.parse import prompt_moves
from game.session.choices import choices_of
from game.session.session import Session


@cache
def _scenario() -> Scenario:
    return load_scenario(default_content_dir(), "april-2025")


def _states(bot: str, role: str, seed: int) -> list[GameState]:
    """Every state a seeded game of `bot` on `role` passes through, the end included."""
    session = Session.start(_scenario(), role, seed, saves_dir=None)
    rng = Rng.seeded(seed).fork("bot")
    states = [session.state]
    for _ in range(200):
        if session.over:
            break
        if session.choices().only_proceed:
            session.proceed_if_only_move()
        else:
            command, rng = BOTS[bot](session.state, rng)
            session.submit(command)
        states.append(session.state)
    return states


GAMES = [(bot, role, seed) for bot in sorted(BOTS) for role in ("us", "japan") for seed in (1, 7)]


@pytest.mark.parametrize(("bot", "role", "seed"), GAMES)
def test_choices_say_what_legal_commands_say(bot: str, role: str, seed: int) -> None:
    for state in _states(bot, role, seed):
        legal = legal_commands(state)
        for side in (None, "us", "japan"):
            choices = choices_of(state, side)
            actor = legal[0].side if legal else None
            viewer = actor if side is None else side
            mine = [c for c in legal if c.side == viewer]
            kinds = {type(c) for c in mine}
            assert choices.phase is state.phase
            assert choices.actor == actor
            assert choices.over == (state.phase is Phase.END)
            assert choices.mine == (actor is not None and viewer == actor)
            assert choices.can_propose == (Propose in kinds)
            assert choices.can_accept == (Accept in kinds)
            assert choices.can_reject == (Reject in kinds)
            assert choices.can_walk_away == (WalkAway in kinds)
            assert set(choices.signals) == {
                (c.signal, c.issue) for c in mine if isinstance(c, Signal)
            }
            assert set(choices.options) == {c.option for c in mine if isinstance(c, Choose)}
            assert choices.event == next((c.event for c in mine if isinstance(c, Choose)), "")
            assert choices.only_proceed == (kinds == {Proceed})


@pytest.mark.parametrize(("bot", "role", "seed"), GAMES[::3])
def test_the_plain_prompt_offers_exactly_the_legal_moves(bot: str, role: str, seed: int) -> None:
    for state in _states(bot, role, seed):
        legal = [c for c in legal_commands(state) if c.side == role]
        kinds = {type(c) for c in legal}
        moves = prompt_moves(choices_of(state, role))
        assert ("accept" in moves) == (Accept in kinds)
        assert ("reject" in moves) == (Reject in kinds)
        assert ("propose" in moves) == (Propose in kinds)
        assert ("signal" in moves) == (Signal in kinds)
        assert ("walk" in moves) == (WalkAway in kinds)


def _session_at(bot: str, role: str, seed: int, moves: int) -> Session:
    """A seeded bot game through `Session`, stopped after `moves` of the player's moves."""
    session = Session.start(_scenario(), role, seed, saves_dir=None)
    rng = Rng.seeded(seed).fork("bot")
    for _ in range(moves):
        if session.over:
            break
        if session.choices().only_proceed:
            session.proceed_if_only_move()
        else:
            command, rng = BOTS[bot](session.state, rng)
            session.submit(command)
    while not session.over and (session.state.pending or session.choices().only_proceed):
        # on to the table: the events waiting are answered, the votes held
        command, rng = BOTS[bot](session.state, rng)
        session.submit(command)
    return session


# Which engine move each of the table's move actions stands for.
_ACTIONS: dict[str, set[type[Command]]] = {
    "propose": {Propose},
    "accept": {Accept},
    "reject": {Reject},
    "walk": {WalkAway},
    "signal": {Signal},
    "signals": {Signal},
}


@pytest.mark.parametrize(
    ("bot", "role", "seed", "moves"),
    [
        ("random", "us", 1, 1),
        ("conceder", "us", 7, 3),
        ("mirror", "japan", 1, 2),
        ("hardliner", "us", 7, 5),
        ("logroller", "japan", 7, 4),
    ],
)
async def test_the_table_footer_offers_no_key_the_engine_would_refuse(
    bot: str, role: str, seed: int, moves: int
) -> None:
    from game.tui.app import make_app
    from game.tui.screens.table import TableScreen

    session = _session_at(bot, role, seed, moves)
    app = make_app(session.scenario, content_dir=default_content_dir(), session=session)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        if not isinstance(screen, TableScreen):
            pytest.skip(f"the game opens on {type(screen).__name__}")
        kinds = {type(c) for c in legal_commands(session.state) if c.side == screen.side}
        offered = {
            active.binding.action.split("(")[0]
            for active in screen.active_bindings.values()
            if active.enabled and active.binding.show
        }
        for action, moves_of in _ACTIONS.items():
            if action in offered:
                assert moves_of & kinds, f"{action} is offered but the engine would refuse it"
        for action in ("propose", "accept", "reject", "walk"):
            assert bool(screen.check_action(action, ())) == bool(_ACTIONS[action] & kinds)
