"""The saved games, newest first: Enter resumes one at its last move, `v` steps through it move
by move (read-only), `f` forks a new game from one of its rounds. A file that cannot be read is
listed with the reason and cannot be chosen.

The screen only says which save and what to do with it (`LoadChoice`, through `dismiss`); the
app loads, resumes and forks.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from attrs import frozen
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.saved_games import (
    COLUMNS,
    SaveRow,
    column_widths,
    row_line,
    unreadable_line,
)
from game.tui.screens.base import GameModal

# the list's padding and scrollbar
_CHROME = 3


@frozen
class LoadChoice:
    row: SaveRow
    action: Literal["resume", "view", "fork"]
    round: int = 0  # for a fork: the round the new game starts at


class LoadScreen(GameModal[LoadChoice | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # before the list's own Enter, so the footer shows what Enter does here
        Binding(
            "enter",
            "resume",
            "Resume",
            tooltip="Go on with the game at its last move",
            priority=True,
        ),
        Binding("v", "view", "Replay", tooltip="Step through the game move by move (read-only)"),
        Binding("f", "fork", "Fork from…", tooltip="A new game from a round of it, same seed"),
        Binding("escape", "close", "Back", tooltip="Close the list"),
    ]

    def __init__(self, rows: list[SaveRow], folder: Path) -> None:
        super().__init__()
        self.rows = rows
        self.folder = folder
        self._width = 0

    def compose_body(self) -> ComposeResult:
        with Vertical(id="load"):
            count = sum(row.readable for row in self.rows)
            yield Static(
                Content(f"Saved games in {self.folder} · {count} to open · newest first"),
                classes="topbar",
            )
            if not self.rows:
                yield Static(
                    Content(
                        f"No saved games in {self.folder} yet. A game is saved from its first "
                        "move on; Escape goes back."
                    ),
                    classes="para",
                    id="no-saves",
                )
            yield Static(id="load-header")
            yield OptionList(id="saves")
            yield Static(id="load-detail")
            yield Static(
                Content(
                    "Enter resumes the highlighted game · v steps through it · f forks it from a "
                    "round · Escape goes back"
                ),
                classes="hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self._fill(self.app.size.width)
        self.query_one(OptionList).focus()

    def on_resize(self, event: events.Resize) -> None:
        self._fill(event.size.width)

    def _fill(self, width: int) -> None:
        """The rows laid out for `width` columns (the names take what the others leave)."""
        width = max(40, width - _CHROME)
        if width == self._width:
            return
        self._width = width
        widths = column_widths(self.rows, width)
        self.query_one("#load-header", Static).update(Content(row_line(COLUMNS, widths)))
        saves = self.query_one(OptionList)
        highlighted = saves.highlighted
        saves.clear_options()
        saves.add_options(
            Option(Content(row_line(row.cells, widths)), id=str(n))
            if row.readable
            else Option(Content(unreadable_line(row, widths)), id=str(n), disabled=True)
            for n, row in enumerate(self.rows)
        )
        first = next((n for n, row in enumerate(self.rows) if row.readable), None)
        saves.highlighted = highlighted if highlighted is not None else first
        self._show_detail()

    def _current(self) -> SaveRow | None:
        saves = self.query_one(OptionList)
        if saves.highlighted is None:
            return None
        row = self.rows[saves.highlighted]
        return row if row.readable else None

    def _show_detail(self) -> None:
        saves = self.query_one(OptionList)
        detail = "" if saves.highlighted is None else self.rows[saves.highlighted].detail
        self.query_one("#load-detail", Static).update(Content(detail))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_detail()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_resume()

    def _chosen(self) -> SaveRow | None:
        row = self._current()
        if row is None:
            self.notify("There is no save here that can be opened.", severity="warning")
        return row

    def action_resume(self) -> None:
        row = self._chosen()
        if row is not None:
            self.dismiss(LoadChoice(row, "resume"))

    def action_view(self) -> None:
        row = self._chosen()
        if row is not None:
            self.dismiss(LoadChoice(row, "view"))

    def action_fork(self) -> None:
        row = self._chosen()
        if row is None:
            return
        if row.round < 1:
            self.notify(
                "This game has not reached round 1 yet; there is nothing to fork.",
                severity="warning",
            )
            return

        def answered(round: int | None) -> None:
            if round is not None and row is not None:
                self.dismiss(LoadChoice(row, "fork", round))

        self.app.push_screen(ForkDialog(row.cells[0], row.round), answered)

    def action_close(self) -> None:
        self.dismiss(None)


class ForkDialog(GameModal[int | None]):
    """Which round a fork starts from: 1 to the round the game has reached."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Back", tooltip="No fork"),
    ]

    def __init__(self, name: str, last_round: int) -> None:
        super().__init__()
        self.save_name = name
        self.last_round = last_round

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="dialog", id="fork"):
            yield Static(Content(f"Fork {self.save_name}"), classes="heading")
            yield Static(
                Content(
                    f"From which round, 1 to {self.last_round}? The new game starts at the "
                    "beginning of that round with the same seed and your moves before it; the "
                    "original is not changed."
                ),
                classes="para",
            )
            yield Input(
                str(self.last_round), type="integer", max_length=4, compact=True, id="round"
            )
            yield Static(Content("Enter forks · Escape goes back"), classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            round = int(event.value.strip())
        except ValueError:
            round = 0
        if not 1 <= round <= self.last_round:
            self.notify(
                f"Choose a round from 1 to {self.last_round}.", severity="warning", markup=False
            )
            return
        self.dismiss(round)

    def action_close(self) -> None:
        self.dismiss(None)
