"""The confidential brief: before the talks (Enter goes to the table), and again from the table
on `b` as a dialog that closes with Escape."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, Static

from game.engine.commands import Proceed
from game.narrate import side_name
from game.session import Session
from game.tui.messages import Move
from game.tui.screens.base import GameModal, GameScreen
from game.tui.widgets.brief_view import BriefView


class BriefScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "to_table", "To the table", tooltip="Start the talks: round 1"),
    ]

    def __init__(self, session: Session, surprise: bool = False) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise

    def compose_body(self) -> ComposeResult:
        state = self.session.state
        yield Static(
            Content(
                f"Tariffs & Troops · {side_name(state.player)} · your brief · "
                "↑/↓ to read, Enter for the table"
            ),
            classes="topbar",
        )
        yield BriefView(state, self.surprise, self.session.save_path, id="brief")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(BriefView).focus()

    def action_to_table(self) -> None:
        self.post_message(Move(Proceed(self.session.player)))


class BriefDialog(GameModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "close", "Back to the table", tooltip="Close the brief"),
    ]

    def __init__(self, session: Session, surprise: bool = False) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise

    def compose_body(self) -> ComposeResult:
        yield BriefView(self.session.state, self.surprise, self.session.save_path, id="brief")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(BriefView).focus()

    def action_close(self) -> None:
        self.dismiss(None)
