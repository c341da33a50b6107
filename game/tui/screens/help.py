"""`?`: every key of the screen underneath and of the whole app, and the glossary's terms (Enter
opens one)."""

from __future__ import annotations

from typing import Any, ClassVar, Protocol, runtime_checkable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.tui.screens.base import GameModal, binding_help

_EVERYWHERE = [
    ("ctrl+p", "Command palette: new game, load game, save, export the transcript, switch theme"),
    ("q / ctrl+q / ctrl+c", "Save and quit (in a dialog: ctrl+q); --resume continues it"),
    ("?", "This help"),
    ("g", "The glossary"),
]
HOTSEAT_HELP = (
    "Each player sees only their own brief, points, no-deal value and result. Whenever the "
    "keyboard must pass, a hand-over screen hides everything: the player it names presses Enter. "
    "At the end, 1 and 2 show each player their own result alone; r shows both results and the "
    "debrief to both, once you both agree."
)


@runtime_checkable
class HasHelpKeys(Protocol):
    """A screen that lists keys of its own besides its bindings (game screens, dialogs, the
    debrief)."""

    def help_keys(self) -> list[tuple[str, str]]: ...


def _lines(keys: list[tuple[str, str]]) -> str:
    width = max((len(k) for k, _ in keys), default=0)
    return "\n".join(f"{k:>{width}}  {what}" for k, what in keys)


class HelpScreen(GameModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Back", tooltip="Close the help"),
    ]

    def __init__(self, below: Screen[Any]) -> None:
        super().__init__()
        self.below = below

    def compose_body(self) -> ComposeResult:
        below = self.below
        keys = below.help_keys() if isinstance(below, HasHelpKeys) else binding_help(below)
        with VerticalScroll(classes="dialog", id="help"):
            yield Static(Content("Keys on this screen"), classes="heading")
            yield Static(Content(_lines(keys)), classes="keys")
            yield Static(Content("Keys everywhere"), classes="heading")
            yield Static(Content(_lines(_EVERYWHERE)), classes="keys")
            yield Static(
                Content(
                    "Signs, not colours, carry meaning: ▲ better for you, ▼ worse for you, "
                    "• changed but worth the same; (+2) and (−3) show how a meter moved. In "
                    "the debrief's dance every mark is its own character (t, w, N, R, * …), "
                    "and the legend under the picture says what each one is."
                ),
                classes="para",
            )
            # in a hotseat game, and on the setup screen where it is chosen
            if getattr(self.app, "seats", None) is not None or getattr(below, "HOTSEAT", False):
                yield Static(Content("Two players (hotseat)"), classes="heading")
                yield Static(Content(HOTSEAT_HELP), classes="para")
            yield Static(Content("Glossary: Enter opens a term"), classes="heading")
            glossary = self.app.glossary() if hasattr(self.app, "glossary") else None
            if glossary is not None:
                yield OptionList(
                    *(Option(Content(e.term), id=e.id) for e in glossary.entries), id="terms"
                )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = event.option.id or ""
        self.dismiss(None)
        self.app.call_later(self.app.run_action, f"glossary('{entry}')")

    def action_close(self) -> None:
        self.dismiss(None)
