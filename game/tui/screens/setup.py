"""The title and setup screen: your side, the scenario, the counterpart (or a surprise) and the
seed. What the command line already chose is filled in. A saved game is a key away (Ctrl+O, or
the button): the app's load screen."""

from __future__ import annotations

import random
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select, Static

from game.engine.model import JAPAN, US, Scenario, other
from game.tui.messages import StartGame
from game.tui.screens.base import GameScreen
from game.tui.settings import Settings

SURPRISE = "surprise"
_SIDES = {
    JAPAN: "Japan: Tokyo's negotiator, Ryosei Akazawa",
    US: "U.S.: the Washington delegation",
}
_INTRO = (
    "Spring 2025. Washington has put a 24% tariff on Japan, paused until July 9, and the cost "
    "of U.S. troops in Japan is on the table. Trade packages of tariffs, troop costs, "
    "investment, farm access and purchases against the computer, then get the deal through "
    "the votes at home."
)


class SideButton(RadioButton):
    """A radio button that shows its state as ● or ○, not by colour alone (NO_COLOR)."""

    BUTTON_INNER = "○"

    def on_mount(self) -> None:
        self._mark()

    def watch_value(self) -> None:
        self._mark()
        super().watch_value()

    def _mark(self) -> None:
        self.BUTTON_INNER = "●" if self.value else "○"
        self.refresh()


class SetupScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", tooltip="Start the game with these choices"),
        Binding("ctrl+o", "app.load_game", "Load a game", tooltip="Resume, replay or fork a save"),
        Binding("tab", "app.focus_next", "Next field", show=False),
    ]

    def __init__(self, scenario: Scenario, content_dir: Path, settings: Settings) -> None:
        super().__init__()
        self.scenario = scenario
        self.content_dir = content_dir
        self.settings = settings

    def compose_body(self) -> ComposeResult:
        from game.content import list_scenarios

        role = self.settings.role or JAPAN
        seed = self.settings.seed
        if seed is None:
            seed = random.SystemRandom().randrange(1_000_000)
        scenarios = list_scenarios(self.content_dir) or [self.scenario.id]
        with VerticalScroll(id="setup"):
            yield Static(Content("Tariffs & Troops"), id="title")
            yield Static(
                Content("The 2025 U.S.–Japan talks on tariffs and troop costs"), id="subtitle"
            )
            yield Static(Content(_INTRO), classes="para")
            with Horizontal(classes="field"):
                yield Label("Your side")
                with RadioSet(id="role", compact=True):
                    yield SideButton(_SIDES[JAPAN], value=role == JAPAN, id="japan")
                    yield SideButton(_SIDES[US], value=role == US, id="us")
            with Horizontal(classes="field"):
                yield Label("Scenario")
                yield Select(
                    [(self._scenario_label(s), s) for s in scenarios],
                    value=self.scenario.id if self.scenario.id in scenarios else scenarios[0],
                    allow_blank=False,
                    compact=True,
                    id="scenario",
                )
            with Horizontal(classes="field"):
                yield Label("Counterpart")
                yield Select(
                    self._persona_options(role),
                    value=self._default_persona(role),
                    allow_blank=False,
                    compact=True,
                    id="persona",
                )
            with Horizontal(classes="field"):
                yield Label("Seed")
                yield Input(str(seed), type="integer", max_length=9, compact=True, id="seed")
            with Horizontal(classes="buttons-left"):
                yield Button("Start the game", id="start", variant="primary", compact=True)
                yield Button("Load a saved game", id="open-saves", compact=True)
            yield Static(
                Content(
                    "Tab moves between the choices, ↑/↓ or Enter changes one, and Ctrl+S or "
                    "the button starts. The same seed replays the same game. ? shows every key."
                ),
                classes="hint",
            )
        yield Footer()

    def _scenario_label(self, scenario_id: str) -> str:
        return self.scenario.title if scenario_id == self.scenario.id else scenario_id

    def _persona_options(self, role: str) -> list[tuple[str, str]]:
        theirs = [p for p in self.scenario.personas if p.side == other(role)]
        return [("Surprise me (revealed at the end)", SURPRISE)] + [
            (f"{p.name}: {p.title}", p.id) for p in theirs
        ]

    def _default_persona(self, role: str) -> str:
        wanted = self.settings.persona
        theirs = {p.id for p in self.scenario.personas if p.side == other(role)}
        if wanted in theirs:
            return wanted
        return self.scenario.default_personas[0 if other(role) == JAPAN else 1]

    def on_mount(self) -> None:
        self.query_one("#role", RadioSet).focus()

    def _role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return US if pressed is not None and pressed.id == US else JAPAN

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        role = self._role()
        persona = self.query_one("#persona", Select)
        persona.set_options(self._persona_options(role))
        persona.value = self._default_persona(role)

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "open-saves":
            await self.run_action("app.load_game")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def action_start(self) -> None:
        text = self.query_one("#seed", Input).value.strip()
        try:
            seed = int(text)
        except ValueError:
            self.notify("The seed must be a whole number.", severity="warning")
            return
        if seed < 0:
            self.notify("The seed must not be negative.", severity="warning")
            return
        persona = str(self.query_one("#persona", Select).value)
        scenario_id = str(self.query_one("#scenario", Select).value)
        surprise = persona == SURPRISE
        self.post_message(
            StartGame(self._role(), scenario_id, None if surprise else persona, seed, surprise)
        )
