"""A side-event that waits for the player's answer: its headline, date, text and source note,
what it has already done, and each answer with what it would do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from game.engine.model import Effect, SideEvent
from game.engine.view import PlayerView
from game.present.narrate import effect_lines
from game.present.words import nice_date, sources_note
from game.tui.screens.base import GameModal

_ANSWERS = Binding.Group("Answer", compact=True)


class EventDialog(GameModal[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"answer({n})", f"Answer {n}", group=_ANSWERS) for n in range(1, 10)),
    ]

    def __init__(self, event: SideEvent, seen: PlayerView) -> None:
        super().__init__()
        self.event = event
        self.seen = seen  # the answering side's view: its own no-deal value, never theirs

    def compose_body(self) -> ComposeResult:
        event = self.event
        state, viewer = self.seen.state, self.seen.side
        with VerticalScroll(classes="dialog", id="event"):
            when = f" · {nice_date(event.date)}" if event.date else ""
            yield Static(Content(f"{event.title}{when}"), classes="heading", id="headline")
            yield Static(Content(" ".join(event.text.split())), classes="para")
            yield Static(
                Content(sources_note(event.sources, event.invented)), classes="para source"
            )
            done = effect_lines(self._effects(event.effects), state, viewer)
            if done:
                yield Static(
                    Content("It has already moved: " + "; ".join(done) + "."), classes="para"
                )
            yield Static(
                Content(f"Your answer (1–{len(event.options)}, or ↑/↓ and Enter):"),
                classes="para",
            )
            options = []
            for n, option in enumerate(event.options, 1):
                text = f"{n}. {option.label}"
                if option.description:
                    text += "\n   " + " ".join(option.description.split())
                effects = effect_lines(self._effects(option.effects), state, viewer)
                text += "\n   Effect: " + ("; ".join(effects) if effects else "none at once") + "."
                options.append(Option(Content(text), id=option.id))
            yield OptionList(*options, id="answers")
        yield Footer()

    def _effects(self, effects: Sequence[Effect]) -> list[Effect]:
        # hotseat: no computer, so no mood for an event to move (the engine skips them)
        return [e for e in effects if not (self.seen.state.hotseat and e.verb == "temper")]

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(event.option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "answer":
            (number,) = parameters
            return isinstance(number, int) and number <= len(self.event.options)
        return super().check_action(action, parameters)

    def action_answer(self, number: int) -> None:
        if 1 <= number <= len(self.event.options):
            self.dismiss(self.event.options[number - 1].id)
