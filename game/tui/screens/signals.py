"""The player's signals with what each does: pick one with its number, or ↑/↓ and Enter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import SignalDef
from game.tui.screens.base import GameModal


class SignalMenu(GameModal[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="Send no signal"),
        *(Binding(str(n), f"pick({n})", f"Signal {n}", show=False) for n in range(1, 10)),
    ]

    def __init__(self, signals: Sequence[SignalDef], issue: str) -> None:
        super().__init__()
        self.signals = list(signals)
        self.issue = issue

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                Content("Send a signal (one a turn; it is not an offer)"), classes="heading"
            )
            options = []
            for n, signal in enumerate(self.signals, 1):
                label = signal.label + (f": {self.issue}" if signal.needs_issue else "")
                text = f"{n}. {label}"
                if signal.description:
                    text += "\n   " + " ".join(signal.description.split())
                options.append(Option(Content(text), id=signal.id))
            yield OptionList(*options, id="signals")
            yield Static(
                Content(
                    "A signal about an issue names the issue highlighted on the table. "
                    "Escape sends nothing."
                ),
                classes="hint",
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_pick(self, number: int) -> None:
        if 1 <= number <= len(self.signals):
            self.dismiss(self.signals[number - 1].id)

    def action_close(self) -> None:
        self.dismiss(None)
