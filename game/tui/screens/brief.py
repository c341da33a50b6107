"""The confidential brief: before the talks (Enter goes to the table), and again from the table
on `b` as a dialog that closes with Escape."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from game.engine.commands import Proceed
from game.present.words import side_name
from game.session.session import Session
from game.tui.messages import Move
from game.tui.screens.base import GameModal, GameScreen
from game.tui.widgets.brief_view import BriefView


class BriefScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "to_table", "To the table", tooltip="Start the talks: round 1"),
        # hotseat: the next screen may be the hand-over to the other player, not the table
        Binding("enter", "read", "Done", tooltip="I have read my brief"),
    ]

    class Read(Message):
        """Hotseat: one player has read their brief (the app hands over, or starts the talks)."""

        def __init__(self, side: str) -> None:
            super().__init__()
            self.side = side

    def __init__(
        self, session: Session, surprise: bool = False, side: str | None = None, who: str = ""
    ) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise
        # hotseat: whose brief this is, and `who` names its player ("" against the computer)
        self.side = side or session.player
        self.who = who

    def compose_body(self) -> ComposeResult:
        seen = self.session.view(self.side)
        top = (
            f"{self.who} · your confidential brief · ↑/↓ to read, Enter when done"
            if self.who
            else f"Tariffs & Troops · {side_name(seen.side)} · your brief · "
            "↑/↓ to read, Enter for the table"
        )
        yield Static(Content(top), classes="topbar")
        yield BriefView(
            seen, self.surprise, self.session.save_path, id="brief", hotseat=bool(self.who)
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(BriefView).focus()

    def action_to_table(self) -> None:
        self.post_message(Move(Proceed(self.session.player)))

    def action_read(self) -> None:
        self.post_message(self.Read(self.side))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action in ("to_table", "read"):
            return (action == "read") == bool(self.who)
        return True

    def help_keys(self) -> list[tuple[str, str]]:
        hidden = "To the table" if self.who else "Done"
        return [(k, what) for k, what in super().help_keys() if not what.startswith(hidden)]


class BriefDialog(GameModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "close", "Back to the table", tooltip="Close the brief"),
    ]

    def __init__(
        self,
        session: Session,
        surprise: bool = False,
        side: str | None = None,
        hotseat: bool = False,
    ) -> None:
        super().__init__()
        self.session = session
        self.surprise = surprise
        self.side = side or session.player
        self.hotseat = hotseat

    def compose_body(self) -> ComposeResult:
        yield BriefView(
            self.session.view(self.side),
            self.surprise,
            self.session.save_path,
            id="brief",
            hotseat=self.hotseat,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(BriefView).focus()

    def action_close(self) -> None:
        self.dismiss(None)
