"""A signed deal goes home: the votes are held one at a time, each narrated with its chance and
its result, until the deal passes or one vote kills it."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from game.engine.commands import Proceed
from game.engine.events import GameEnded, OfferAccepted, RatificationVote
from game.present.narrate import event_lines
from game.present.words import describe_terms, percent, points, side_name, vote_line
from game.session.session import Session
from game.tui.messages import Move, ShowEnding
from game.tui.screens.base import GameScreen
from game.tui.turn import Turn


class RatificationScreen(GameScreen):
    STAYS_AT_THE_END = True  # the last vote is read before the end screen
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", tooltip="Hold the next vote, or see the ending"),
    ]

    def __init__(self, session: Session, hotseat: bool = False) -> None:
        super().__init__()
        self.session = session
        self.hotseat = hotseat  # both players watch the votes: no side's points are shown
        self._busy = False
        self._ready = False

    def compose_body(self) -> ComposeResult:
        yield Static(Content("The deal goes home: ratification"), classes="topbar")
        with VerticalScroll(id="ratification"):
            yield Static(id="signed", classes="para")
            yield Static(id="terms", classes="para")
            yield Static(Content("The votes at home, in order:"), classes="heading")
            yield Static(id="votes", classes="para")
            yield Static(id="next", classes="para next")
        yield Footer()

    def on_mount(self) -> None:
        self._ready = True
        self._redraw()

    def show_turn(self, turn: Turn) -> None:
        if self._ready:
            self._redraw()

    def show_busy(self, busy: bool) -> None:
        self._busy = busy

    def _redraw(self) -> None:
        session = self.session
        # the player's view (in hotseat no side's points are shown; the votes' chances are public)
        seen = session.view(session.player)
        state = seen.state
        scenario = state.scenario
        me = seen.side
        agreed = state.agreed
        if agreed is None:
            return
        accepted = next(
            (e for e in reversed(session.transcript) if isinstance(e, OfferAccepted)), None
        )
        who = ""
        if accepted is not None:
            you = accepted.side == me and not self.hotseat
            who = f"{'You' if you else side_name(accepted.side)} accepted. "
        worth = points(seen.utility(agreed))
        rv = points(seen.reservation)
        value = "" if self.hotseat else f" It is worth {worth} points to you (no deal: {rv})."
        self.query_one("#signed", Static).update(
            Content(
                f"{who}The deal is signed.{value} "
                "It takes effect only if every vote at home passes."
            )
        )
        self.query_one("#terms", Static).update(
            Content("\n".join(describe_terms(agreed, scenario)))
        )
        votes = [e for e in session.transcript if isinstance(e, RatificationVote)]
        lines = []
        for n, stage in enumerate(scenario.ratification):
            where = f"{n + 1}. {stage.name} ({side_name(stage.side)})"
            if n < len(votes):
                vote = votes[n]
                result = "✔ passed" if vote.passed else "✘ rejected the deal"
                lines.append(f"{where}: {result} (its chance was {percent(vote.chance)}).")
            elif session.over:
                lines.append(f"{where}: not held.")
            else:
                lines.append(f"{where}: still to come.")
        self.query_one("#votes", Static).update(Content("\n".join(lines)))
        if session.over:
            ended = next(e for e in reversed(session.transcript) if isinstance(e, GameEnded))
            text = event_lines(ended, state, me)[0] + " Press Enter for the ending."
        else:
            assert seen.vote_chance is not None  # a vote is still to come
            text = vote_line(scenario, state.ratify_step, seen.vote_chance)
            text += " Press Enter to hold this vote."
        self.query_one("#next", Static).update(Content(text))

    def action_next(self) -> None:
        if self.session.over:
            self.post_message(ShowEnding())
        elif not self._busy:
            self.post_message(Move(Proceed(self.session.player)))
