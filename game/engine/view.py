"""What one side may know: the game with the other side's hand taken out.

A front end draws a `PlayerView`, never the full `GameState` (as boardgame.io's playerView and
OpenSpiel's information states): the hidden information is then kept out by structure, not by
care. The view holds a redacted copy of the state, so every renderer that reads a state keeps
working, in which

- `player` is the viewing side (hotseat: the side at the keyboard), so the narration's "you"
  and "your points" are that side's;
- the other side's utility is an empty `Utility` (no weights, no values): code that tries to
  value terms for it fails loudly (an IndexError or a zip length error), it never computes
  with made-up zeros;
- the other side's brief is gone from the scenario, and its reservation shift (from the
  difficulty and from events) is zero.

What the rules show both sides is kept: the issues, the offers, the meters, the events, and the
chance of the vote at home about to be held (the game tells it before each vote), which the
view carries as a number because the redacted state can no longer work it out.

The end of the game reveals both sides (the end screen and the debrief read the full state
then); a view is for the game in play, and for a student's export of an unfinished game.
"""

from __future__ import annotations

import attrs
from attrs import frozen

from game.engine.machine import ratification_chance, reservation_value
from game.engine.model import (
    SIDES,
    Brief,
    GameState,
    Phase,
    Utility,
    evolve_state,
    other,
    side_index,
)

HIDDEN = Utility(weights=(), values=())


@frozen
class PlayerView:
    """The game as `side` may see it. `state` is redacted (see the module's docstring); the
    side's own utility, reservation value and brief are also here by name."""

    side: str
    state: GameState
    utility: Utility
    reservation: float
    brief: Brief | None
    # the chance of the next vote at home, between the signature and the last vote
    vote_chance: float | None = None


def player_view(state: GameState, side: str) -> PlayerView:
    """`state` as `side` may know it. Pure: `state` is not changed."""
    if side not in SIDES:
        raise ValueError(f"unknown side {side!r}")
    them = other(side)
    scenario = state.scenario
    utilities = list(scenario.utilities)
    utilities[side_index(them)] = HIDDEN
    redacted = attrs.evolve(
        scenario,
        utilities=(utilities[0], utilities[1]),
        briefs=tuple(brief for brief in scenario.briefs if brief.side != them),
    )
    shift = list(state.reservation_shift)
    shift[side_index(them)] = 0.0
    seen = evolve_state(
        state, scenario=redacted, player=side, reservation_shift=(shift[0], shift[1])
    )
    return PlayerView(
        side=side,
        state=seen,
        utility=scenario.utility(side),
        reservation=reservation_value(state, side),
        brief=scenario.brief(side),
        vote_chance=_vote_chance(state),
    )


def _vote_chance(state: GameState) -> float | None:
    voting = state.phase in (Phase.AGREEMENT, Phase.RATIFICATION)
    if not voting or state.agreed is None or state.ratify_step >= len(state.scenario.ratification):
        return None
    return ratification_chance(state, state.ratify_step)
