"""Read-only dialogs: one issue in full (its background, every option with its points for you)
and the meters with what each stands for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from game.engine.model import GameState, Terms
from game.engine.view import PlayerView
from game.present.words import meter_side, points, sources_note
from game.tui.screens.base import GameModal


class InfoDialog(GameModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Back", tooltip="Close this"),
    ]

    def __init__(self, title: str, paragraphs: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.paragraphs = list(paragraphs)

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="info"):
            yield Static(Content(self.title_text), classes="heading")
            for text in self.paragraphs:
                yield Static(Content(text), classes="para")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def issue_dialog(view: PlayerView, issue: int, draft: Terms) -> InfoDialog:
    state = view.state
    spec = state.scenario.issues[issue]
    weight = view.utility.weights[issue]
    lines = [" ".join(spec.description.split())] if spec.description else []
    lines.append(f"Up to {points(weight)} points for you. The options, in order:")
    for n, option in enumerate(spec.options):
        marks = []
        if state.standing is not None and state.standing.terms.picks[issue] == n:
            marks.append("on the table")
        if draft.picks[issue] == n:
            marks.append("in your draft")
        if state.no_deal.picks[issue] == n:
            marks.append("if no deal")
        where = f" ({', '.join(marks)})" if marks else ""
        worth = points(weight * view.utility.values[issue][n])
        line = f"{n + 1}. {option.label}: {worth} points for you{where}."
        if option.note:
            line += " " + " ".join(option.note.split())
        lines.append(line)
    lines.append(sources_note(spec.sources, spec.invented))
    return InfoDialog(spec.name, lines)


def meters_dialog(state: GameState) -> InfoDialog:
    scenario = state.scenario
    lines = []
    for meter, value in zip(scenario.meters, state.meters, strict=True):
        line = f"{meter.name}: {value} out of 100 ({meter_side(scenario, meter.id)})."
        if meter.description:
            line += " " + " ".join(meter.description.split())
        lines.append(line)
    lines.append(
        "Meters feed the votes at home on a signed deal, which events fire, and the "
        "counterpart's temper. Events and your moves move them."
    )
    return InfoDialog("The meters, each out of 100", lines)
