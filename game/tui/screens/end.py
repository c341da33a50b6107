"""The end of the game: the summary (ending, both scores, the terms beside the real deal), then
the whole game's transcript. The debrief, new game, export and quit are one key each."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from game.present.view import log_entries
from game.session.session import Session
from game.tui.messages import OpenDebrief
from game.tui.screens.base import GameScreen
from game.tui.widgets.end_summary import EndSummary


class EndScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d",
            "debrief",
            "Debrief",
            tooltip="The negotiation dance, the real deal term by term, teaching points",
            id="debrief",
        ),
        Binding("n", "app.new_game", "New game", tooltip="Set up another game"),
        Binding("x", "app.export", "Export", tooltip="The transcript as text, in the saves folder"),
    ]

    def __init__(self, session: Session, surprise: bool = False) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise

    def compose_body(self) -> ComposeResult:
        yield Static(
            Content("Game over · d debrief · ↑/↓ to read · n new game · x export"),
            classes="topbar",
        )
        with VerticalScroll(id="end"):
            yield Static(
                Content(
                    "Press d for the debrief: the negotiation dance, the money left on the "
                    "table, the real deal term by term and what this game teaches."
                ),
                classes="para next",
                id="debrief-hint",
            )
            yield EndSummary(self.session.state, self.surprise, id="summary")
            yield Static(Content("The whole game"), classes="heading")
            for entry in log_entries(self.session.transcript, self.session.view()):
                yield Static(Content(entry.text), classes=f"log-{entry.kind}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end", VerticalScroll).focus()

    def action_debrief(self) -> None:
        self.post_message(OpenDebrief())
