"""The title and setup screen: your side (or both, two players at this keyboard: hotseat, with
both names), the scenario, the counterpart (or a surprise) and the seed.
What the command line already chose is filled in. A saved game is a key away (Ctrl+O, or
the button): the app's load screen."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, RadioButton, RadioSet, Select, Static

from game.engine.model import JAPAN, US, Scenario, other
from game.present.safe_text import safe_text
from game.present.words import side_name
from game.session.session import new_seed
from game.tui.messages import StartGame
from game.tui.screens.base import GameScreen
from game.tui.settings import Settings

SURPRISE = "surprise"
SIDE_LABELS = {  # also the assignment screen's
    JAPAN: "Japan: Tokyo's negotiator, Ryosei Akazawa",
    US: "U.S.: the Washington delegation",
}
HOTSEAT = "hotseat"
_BOTH = "Both: two players at this keyboard (hotseat)"
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
    HOTSEAT = True  # `?` explains two players at one keyboard here, where they are chosen
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
        from game.content.loader import list_scenarios

        role = self.settings.role or JAPAN
        seed = self.settings.seed
        if seed is None:
            seed = new_seed()
        scenarios = list_scenarios(self.content_dir) or [self.scenario.id]
        with VerticalScroll(id="setup"):
            yield Static(Content("Tariffs & Troops"), id="title")
            yield Static(
                Content("The 2025 U.S.–Japan talks on tariffs and troop costs"), id="subtitle"
            )
            yield Static(Content(_INTRO), classes="para")
            hotseat = self.settings.hotseat
            with Horizontal(classes="field"):
                yield Label("Your side")
                with RadioSet(id="role", compact=True):
                    yield SideButton(
                        SIDE_LABELS[JAPAN], value=role == JAPAN and not hotseat, id="japan"
                    )
                    yield SideButton(SIDE_LABELS[US], value=role == US and not hotseat, id="us")
                    yield SideButton(_BOTH, value=hotseat, id=HOTSEAT)
            # hotseat: both names instead of a counterpart (tnt.tcss shows one or the other)
            for side, label in ((JAPAN, "Tokyo player"), (US, "U.S. player")):
                with Horizontal(classes="field -two"):
                    yield Label(label)
                    yield Input(
                        self.settings.names[0 if side == JAPAN else 1],
                        placeholder=f"{side_name(side)}'s player's name",
                        max_length=60,
                        compact=True,
                        id=f"name-{side}",
                    )
            with Horizontal(classes="field"):
                yield Label("Scenario")
                yield Select(
                    [(self._scenario_label(s), s) for s in scenarios],
                    value=self.scenario.id if self.scenario.id in scenarios else scenarios[0],
                    allow_blank=False,
                    compact=True,
                    id="scenario",
                )
            if self.scenario.variants:
                with Horizontal(classes="field"):
                    yield Label("Variant")
                    yield Select(
                        [(v.name, v.id) for v in self.scenario.variants],
                        value=self.scenario.setup.variant or self.scenario.variants[0].id,
                        allow_blank=False,
                        compact=True,
                        id="variant",
                    )
            if self.scenario.difficulties:
                with Horizontal(classes="field"):
                    yield Label("Difficulty")
                    yield Select(
                        [(d.name, d.id) for d in self.scenario.difficulties],
                        value=self.scenario.difficulty.id,
                        allow_blank=False,
                        compact=True,
                        id="difficulty",
                    )
            with Horizontal(classes="field -solo"):
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
        self._show_players()
        self.query_one("#role", RadioSet).focus()

    def _hotseat(self) -> bool:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return pressed is not None and pressed.id == HOTSEAT

    def _show_players(self) -> None:
        self.query_one("#setup").set_class(self._hotseat(), "-hotseat")

    def _chosen(self, selector: str) -> str:
        """A Select's value, or "" when the scenario offers no such choice."""
        found = self.query(selector)
        return str(found.first(Select).value) if found else ""

    def _role(self) -> str:
        pressed = self.query_one("#role", RadioSet).pressed_button
        return US if pressed is not None and pressed.id == US else JAPAN

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._show_players()
        if self._hotseat():
            return
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
        if event.input.id == f"name-{JAPAN}":  # Enter after the first name goes to the second
            self.query_one(f"#name-{US}", Input).focus()
            return
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
        scenario_id = str(self.query_one("#scenario", Select).value)
        if self._hotseat():
            names = tuple(
                safe_text(self.query_one(f"#name-{s}", Input).value.strip()) for s in (JAPAN, US)
            )
            if any("&" in name for name in names):  # '&' joins the two names in the save
                self.notify("A player's name cannot hold '&'.", severity="warning")
                return
            self.post_message(
                StartGame(
                    JAPAN,
                    scenario_id,
                    None,
                    seed,
                    False,
                    self._chosen("#variant"),
                    self._chosen("#difficulty"),
                    hotseat=True,
                    names=(names[0], names[1]),
                )
            )
            return
        persona = str(self.query_one("#persona", Select).value)
        surprise = persona == SURPRISE
        self.post_message(
            StartGame(
                self._role(),
                scenario_id,
                None if surprise else persona,
                seed,
                surprise,
                self._chosen("#variant"),
                self._chosen("#difficulty"),
            )
        )
