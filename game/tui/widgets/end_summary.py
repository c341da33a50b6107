"""How the game ended: the ending, both sides' scores, and the terms now in force beside the real
deal of July 22, 2025. A widget of its own so that a fuller debrief can be built around it.

This is the one place the counterpart's numbers appear: their final score, and what the terms and
the real deal are worth to them. The game is over, so nothing is given away.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from game.engine.events import GameEnded
from game.engine.machine import outcome_terms, outcome_value, reservation_value
from game.engine.model import SIDES, Ending, GameState, other
from game.present.narrate import event_lines
from game.present.words import option_label, points, side_name

_HISTORICAL = "The real deal (22 July 2025)"


class EndSummary(Vertical):
    def __init__(self, state: GameState, surprise: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.state = state
        self.surprise = surprise

    def compose(self) -> ComposeResult:
        state = self.state
        me, them = state.player, other(state.player)
        assert state.ending is not None, "the end screen is shown only when the game is over"
        scores = tuple(outcome_value(state, side) for side in SIDES)
        ended = GameEnded(state.ending, state.ended_by, (scores[0], scores[1]))
        yield Static(Content(event_lines(ended, state, me)[0]), classes="heading", id="ending")
        mine, theirs = (scores[SIDES.index(side)] for side in (me, them))
        yield Static(
            Content(
                f"Your result: {points(mine)} points out of 100. "
                f"{side_name(them)}'s result: {points(theirs)} points out of 100."
            ),
            id="scores",
            classes="para",
        )
        yield Static(Content(against_no_deal(state, state.player)), classes="para")
        persona = state.persona_for(them)
        reveal = "Surprise: " if self.surprise else ""
        who = (
            f"Your assignment keeps who played {side_name(them)} hidden: your teacher will say."
            if state.scenario.setup.hide_persona
            else f"{reveal}{side_name(them)} was played by {persona.name}: "
            f"{persona.title[0].lower()}{persona.title[1:]}."
        )
        yield Static(Content(who), classes="para")
        yield Static(self._comparison(), classes="table", id="comparison")

    def _comparison(self) -> Table:
        me, them = self.state.player, other(self.state.player)
        return terms_table(self.state, ((me, "you"), (them, side_name(them))))


def terms_table(state: GameState, worth: Sequence[tuple[str, str]] = ()) -> Table:
    """The terms in force beside the real deal, with a 'Worth to …' row for each (side, whom)
    in `worth` (none: the table both players may see)."""
    scenario = state.scenario
    in_force = outcome_terms(state)
    historical = scenario.historical
    heading = "In force now" if state.ending is Ending.RATIFIED else "In force now (no deal)"
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    table.add_column("Issue", overflow="fold")
    table.add_column(heading, overflow="fold")
    if historical is not None:
        table.add_column(_HISTORICAL, overflow="fold")
        table.add_column("Same?", overflow="fold")
    for i, issue in enumerate(scenario.issues):
        row = [issue.name, option_label(scenario, i, in_force.picks[i])]
        if historical is not None:
            same = "same" if historical.picks[i] == in_force.picks[i] else "differs"
            row += [option_label(scenario, i, historical.picks[i]), same]
        table.add_row(*row)
    for side, whom in worth:
        row = [f"Worth to {whom}", f"{points(outcome_value(state, side))} points"]
        if historical is not None:
            row += [f"{points(scenario.utility(side)(historical))} points", ""]
        table.add_row(*row, style="bold")
    return table


def against_no_deal(state: GameState, side: str, whom: str = "you") -> str:
    """The result beside what no deal was worth to `side` at the end."""
    rv = reservation_value(state, side)
    if state.ending is not Ending.RATIFIED:
        whose = "your" if whom == "you" else f"{whom}'s"
        return (
            f"Without a deal {whose} result is what no deal was worth to {whom} at the end: "
            f"{points(rv)} points (events can move it)."
        )
    gap = outcome_value(state, side) - rv
    if abs(gap) < 0.0005:
        return f"The deal is worth exactly what no deal was worth to {whom}: {points(rv)} points."
    where = "better" if gap > 0 else "worse"
    return (
        f"The deal is {points(abs(gap))} points {where} for {whom} than no deal, which was worth "
        f"{points(rv)} points at the end."
    )
