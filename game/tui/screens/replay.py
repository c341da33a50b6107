"""`tnt replay SAVE`: a saved game, move by move, read-only. Each step shows the table as it was
after that move of the player's: the round and its date, what the player did and what the
counterpart answered, both sides' last offers and which is on the table, the meters, and the
transcript up to there. `f` forks a new game from the start of the round shown.

The screen owns only which step it shows; the app makes the fork (`ForkRequested`).
"""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from game.engine.view import player_view
from game.present.view import LogEntry, fit, log_entries, meter_items
from game.tui.saved_games import History, ReplayView, fork_round, replay_view
from game.tui.screens.base import GameScreen
from game.tui.widgets.lines import MeterLine
from game.tui.widgets.transcript import Transcript

_GAP = 1  # between the offer table's columns


class ReplayScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,p", "step(-1)", "Back", tooltip="Back one move"),
        Binding("right,n", "step(1)", "Next", tooltip="Next move"),
        Binding("home", "go(0)", "First", show=False, tooltip="Before your first move"),
        Binding("end", "go(-1)", "Last", show=False, tooltip="The game's last move"),
        Binding("f", "fork", "Fork from here", tooltip="A new game from the start of this round"),
        Binding("pageup", "scroll_log(-1)", "Transcript up", show=False),
        Binding("pagedown", "scroll_log(1)", "Transcript down", show=False),
    ]

    class ForkRequested(Message):
        """Start a new game from the start of `round` of the game replayed."""

        def __init__(self, history: History, round: int) -> None:
            super().__init__()
            self.history = history
            self.round = round

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history
        self.index = 0
        self._logged = 0  # the step whose transcript the log shows

    def compose_body(self) -> ComposeResult:
        yield Static(id="replay-status", classes="topbar")
        yield Static(id="replay-move")
        with Horizontal(id="replay-body"):
            with Vertical(id="replay-left"):
                yield Static(id="replay-note")
                yield Static(id="replay-offers")
                yield MeterLine(id="replay-meters")
            with Vertical(id="replay-right"):
                yield Transcript(id="replay-log")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        for note in self.history.notes:
            self.notify(note[0].upper() + note[1:] + ".", severity="warning", markup=False)
        self.query_one(Transcript).add(self._entries(0, 0))  # the opening
        self._show()

    def on_resize(self) -> None:
        self._show()

    # -- stepping --------------------------------------------------------------------------------

    async def action_step(self, step: int) -> None:
        await self._go(self.index + step)

    async def action_go(self, index: int) -> None:
        await self._go(index if index >= 0 else len(self.history.steps) - 1)

    async def _go(self, index: int) -> None:
        index = min(len(self.history.steps) - 1, max(0, index))
        if index != self.index:
            self.index = index
            self._show()
            await self._show_log()

    # -- rendering -------------------------------------------------------------------------------

    def _show(self) -> None:
        view = replay_view(self.history, self.index)
        self.query_one("#replay-status", Static).update(Content(f"Replay · {view.position}"))
        move = f"{view.move} {view.answer}".strip()
        self.query_one("#replay-move", Static).update(Content(move))
        self.query_one("#replay-note", Static).update(Content(view.table_note))
        offers = self.query_one("#replay-offers", Static)
        # before the first layout the Static has no width yet: the screen's, less its padding
        offers.update(_offers(view, offers.content_region.width or self.app.size.width - 2))
        state = self.history.steps[self.index].state
        seen = player_view(state, state.player)
        self.query_one(MeterLine).set_items(meter_items(seen, view.meters_before))

    def _entries(self, first: int, step: int) -> list[LogEntry]:
        """The transcript's entries from event `first` up to where it stands at `step`."""
        state = self.history.steps[step].state
        seen = player_view(state, state.player)
        events = self.history.transcript[first : self.history.steps[step].shown]
        return log_entries(events, seen)

    async def _show_log(self) -> None:
        log = self.query_one(Transcript)
        if self.index > self._logged:
            log.add(self._entries(self.history.steps[self._logged].shown, self.index))
        elif self.index < self._logged:
            await log.remove_children()
            log.add(self._entries(0, self.index))
        self._logged = self.index

    def action_scroll_log(self, direction: int) -> None:
        log = self.query_one(Transcript)
        if direction < 0:
            log.scroll_page_up()
        else:
            log.scroll_page_down()

    # -- the what-if -----------------------------------------------------------------------------

    def action_fork(self) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        round = fork_round(self.history.steps[self.index].state)

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(self.ForkRequested(self.history, round))

        self.app.push_screen(
            ConfirmDialog(
                f"Start a new game from the start of round {round}, with the same seed and "
                f"your moves before it? {self.history.path.name} stays as it is.",
                yes="Fork",
                no="Back",
            ),
            answered,
        )


def _offers(view: ReplayView, width: int) -> Table:
    """Both sides' last offers in `width` cells: whole issue names, and the options shortened
    at a word (as the table screen does), never cut inside one."""
    name = max(len(row.issue) for row in view.rows)
    option = max(8, (width - name - 2 * _GAP) // 2)
    table = Table(box=None, pad_edge=False, show_edge=False, padding=(0, _GAP, 0, 0))
    table.add_column(view.headings[0], width=name, no_wrap=True)
    for heading in view.headings[1:]:
        table.add_column(fit(heading, option), width=option, no_wrap=True)
    for row in view.rows:
        table.add_row(row.issue, fit(row.theirs, option), fit(row.mine, option))
    table.add_row(*view.totals, style="bold")
    return table
