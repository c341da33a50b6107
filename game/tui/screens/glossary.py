"""The glossary: the terms on the left, the highlighted one's definition on the right."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.content.glossary import Glossary, entry_lines
from game.tui.screens.base import GameModal


class GlossaryScreen(GameModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,g", "close", "Back", tooltip="Close the glossary"),
    ]

    def __init__(self, glossary: Glossary, entry: str = "") -> None:
        super().__init__()
        self.glossary = glossary
        self.start = entry

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="dialog", id="glossary"):
            yield OptionList(
                *(Option(Content(e.term), id=e.id) for e in self.glossary.entries), id="terms"
            )
            with VerticalScroll(id="entry-scroll"):
                yield Static(id="entry", classes="para")
        yield Footer()

    def on_mount(self) -> None:
        terms = self.query_one("#terms", OptionList)
        ids = [e.id for e in self.glossary.entries]
        terms.highlighted = ids.index(self.start) if self.start in ids else 0
        terms.focus()
        self._show(ids[terms.highlighted or 0])

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show(event.option.id)

    def _show(self, entry_id: str) -> None:
        entry = self.glossary.entry(entry_id)
        text = "\n\n".join(entry_lines(entry, self.glossary))
        self.query_one("#entry", Static).update(Content(text))

    def action_close(self) -> None:
        self.dismiss(None)
