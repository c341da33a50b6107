"""What every screen shares: below the minimum size, a plain "enlarge the terminal" message in
place of a squeezed, broken layout, and no game keys acting on what cannot be seen."""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget

from game.tui.turn import Turn

# The table needs this much to show every issue, both offers and the footer without cutting a
# word; tmux's status line leaves 23 rows of an 80x24 terminal, so 22 rows must do.
MIN_WIDTH = 72
MIN_HEIGHT = 22
# from here the table screen puts the meters and the transcript beside the offers
WIDE = 118

TOO_SMALL_CLASSES = ("-too-narrow", "-too-short")
HORIZONTAL = [(0, "-too-narrow"), (MIN_WIDTH, "-normal"), (WIDE, "-wide")]
VERTICAL = [(0, "-too-short"), (MIN_HEIGHT, "-tall-enough")]

ResultT = TypeVar("ResultT")


class TooSmall(Widget):
    """Shown instead of everything else while the terminal is smaller than the minimum."""

    def render(self) -> Content:
        width, height = self.app.size
        return Content(
            f"Enlarge the terminal to at least {MIN_WIDTH}×{MIN_HEIGHT} to play "
            f"(it is {width}×{height} now). The game is saved; nothing is lost."
        )


def _too_small(screen: Screen[Any]) -> bool:
    return any(screen.has_class(name) for name in TOO_SMALL_CLASSES)


def binding_help(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding of the screen's class, hidden ones included."""
    out = []
    for binding in type(screen).BINDINGS:
        if not isinstance(binding, Binding):
            continue
        keys = " / ".join(
            screen.app.get_key_display(Binding(key.strip(), binding.action))
            for key in binding.key.split(",")
        )
        what, tip = binding.description, binding.tooltip
        if tip and what and tip.split()[0].lower() == what.split()[0].lower():
            what = tip  # "Propose your draft package" says all that "Propose" does
        elif tip:
            what = f"{what}: {tip}" if what else tip
        out.append((keys, what))
    return out


class GameScreen(Screen[None]):
    """A full screen of the game. The app hands it each turn through `show_turn`."""

    HORIZONTAL_BREAKPOINTS = HORIZONTAL
    VERTICAL_BREAKPOINTS = VERTICAL
    # when the game ends on this screen, it stays to show the last move (the player then asks
    # for the end screen) instead of giving way at once
    STAYS_AT_THE_END: ClassVar[bool] = False

    def compose(self) -> ComposeResult:
        yield from self.compose_body()
        yield TooSmall()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def show_turn(self, turn: Turn) -> None:
        """Render the game as it stands after a move; `turn.events` are what just happened."""

    def show_busy(self, busy: bool) -> None:
        """The counterpart is answering (True) or has answered (False)."""

    def help_keys(self) -> list[tuple[str, str]]:
        """The keys the help screen lists for this screen."""
        return binding_help(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # hidden behind the message, a key must not make a move the player cannot see
        return not _too_small(self)


class GameModal(ModalScreen[ResultT]):
    HORIZONTAL_BREAKPOINTS = HORIZONTAL
    VERTICAL_BREAKPOINTS = VERTICAL

    def compose(self) -> ComposeResult:
        yield from self.compose_body()
        yield TooSmall()

    def compose_body(self) -> ComposeResult:
        raise NotImplementedError

    def help_keys(self) -> list[tuple[str, str]]:
        return binding_help(self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not _too_small(self)
