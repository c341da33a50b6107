"""A `PlayerView` carries nothing of the other side's hand, for both sides, on states of seeded
games: no weight or value tuple of its utility, no text of its brief, and swapping its hidden
utility changes nothing in the view."""

from __future__ import annotations

from collections.abc import Iterator

import attrs
import pytest
from test_choices import GAMES, _states

from game.engine.model import SIDES, GameState, Utility, other, side_index
from game.engine.view import player_view


def _walk(value: object) -> Iterator[object]:
    """Every value inside `value`: attrs fields, tuples, lists and dicts, recursively."""
    yield value
    if attrs.has(type(value)):
        for name in attrs.asdict(value, recurse=False):  # type: ignore[arg-type]
            yield from _walk(getattr(value, name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(key)
            yield from _walk(item)


def _theirs(state: GameState, them: str) -> tuple[Utility, list[object]]:
    utility = state.scenario.utility(them)
    briefs = [b for b in state.scenario.briefs if b.side == them]
    texts = [v for b in briefs for v in _walk(b) if isinstance(v, str) and len(v) > 40]
    return utility, [utility.weights, *utility.values, *texts]


@pytest.mark.parametrize(("bot", "role", "seed"), GAMES[::4])
def test_a_view_carries_nothing_of_the_other_sides_hand(bot: str, role: str, seed: int) -> None:
    for state in _states(bot, role, seed)[::3]:
        for side in SIDES:
            them = other(side)
            utility, secrets = _theirs(state, them)
            inside = list(_walk(player_view(state, side)))
            assert utility not in inside
            for secret in secrets:
                assert all(secret != value for value in inside if value is not None)
            assert player_view(state, side).state.reservation_shift[side_index(them)] == 0.0


@pytest.mark.parametrize(("bot", "role", "seed"), GAMES[::4])
def test_swapping_the_other_sides_utility_changes_nothing(bot: str, role: str, seed: int) -> None:
    for state in _states(bot, role, seed)[::3]:
        for side in SIDES:
            them = other(side)
            mine = state.scenario.utility(side)
            utilities = list(state.scenario.utilities)
            utilities[side_index(them)] = mine  # any other hand
            swapped = attrs.evolve(
                state, scenario=attrs.evolve(state.scenario, utilities=(utilities[0], utilities[1]))
            )
            # The vote at home about to be held is told to both sides by the rules (its chance
            # reads the deciding side's utility), so it is the one figure that may differ.
            seen, was = player_view(swapped, side), player_view(state, side)
            assert attrs.evolve(seen, vote_chance=None) == attrs.evolve(was, vote_chance=None)
