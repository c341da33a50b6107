"""The assignment screen: the first screen of `tnt play --assignment` in the app and of every
browser visitor of `tnt serve --assignment`. It shows the teacher's title and instructions and
asks what the assignment leaves to the student: their name (it goes into the save for the
teacher) and, when the assignment's role is "either", their side. Everything else (scenario
cut, seed, counterpart) is the assignment's; the app starts the game (`StartAssignment`)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Footer, Input, Label, RadioSet, Static

from game.content.assignments import EITHER, Assignment
from game.engine.model import JAPAN, US, Scenario
from game.present.safe_text import safe_text
from game.present.words import side_name
from game.tui.messages import StartAssignment
from game.tui.screens.base import GameScreen
from game.tui.screens.setup import SIDE_LABELS, SideButton
from game.tui.settings import Settings

NAME_LENGTH = 80  # as `tnt play --assignment` keeps of a typed name
NO_NAME = "! Type your name to start: it goes into your save, for your teacher."
NO_SIDE = "! Choose your side first: ↑/↓ to Japan or the U.S., then Enter."


class NameInput(Input):
    """The name field, which leaves `?` to the screen's help: a student typing their name can
    still ask for the keys (and the footer keeps showing it)."""

    def check_consume_key(self, key: str, character: str | None) -> bool:
        return character != "?" and super().check_consume_key(key, character)


class AssignmentScreen(GameScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start", tooltip="Start the assignment: your brief comes next"),
        # `?` is help here too, even while the name is being typed (NameInput lets it through)
        Binding(
            "question_mark",
            "app.help",
            "Help",
            key_display="?",
            priority=True,
            tooltip="Every key on this screen, and the glossary",
        ),
        Binding("tab", "app.focus_next", "Next field", show=False),
        Binding("pageup", "scroll_text(-1)", "Scroll the instructions up", show=False),
        Binding("pagedown", "scroll_text(1)", "Scroll the instructions down", show=False),
    ]

    def __init__(self, assignment: Assignment, scenario: Scenario, settings: Settings) -> None:
        super().__init__()
        self.assignment = assignment
        self.scenario = scenario  # for the names of the assignment's variant and difficulty
        self.settings = settings
        # the side is the student's to choose only when neither the assignment nor --role
        # fixes it (the CLI has already refused a --role the assignment contradicts)
        fixed = assignment.role if assignment.role != EITHER else settings.role
        self.role: str | None = fixed

    def compose_body(self) -> ComposeResult:
        assignment = self.assignment
        yield Static(
            Content("Tariffs & Troops · an assignment from your teacher"), classes="topbar"
        )
        # not focusable: a click on the text (the first click in a browser tab, often) must
        # not take the keys away from the name; PgUp/PgDn scroll it from anywhere
        with VerticalScroll(id="assignment-text", can_focus=False):
            yield Static(Content(assignment.title), id="assignment-title")
            for paragraph in assignment.instructions.split("\n\n"):
                yield Static(Content(" ".join(paragraph.split())), classes="para")
            yield Static(Content(self._particulars()), classes="hint")
        with Vertical(id="assignment-form"):
            with Horizontal(classes="assignment-field"):
                yield Label("Your name")
                yield NameInput(
                    self.settings.name[:NAME_LENGTH],
                    placeholder="It goes into your save, for your teacher",
                    max_length=NAME_LENGTH,
                    compact=True,
                    id="assignment-name",
                )
            if self.role is None:
                with Horizontal(classes="assignment-field"):
                    yield Label("Your side")
                    with RadioSet(id="assignment-role", compact=True):
                        yield SideButton(SIDE_LABELS[JAPAN], id=JAPAN)
                        yield SideButton(SIDE_LABELS[US], id=US)
            yield Static("", id="assignment-problem")
            with Horizontal(id="assignment-buttons"):
                yield Button(
                    "Start the assignment", id="assignment-start", variant="primary", compact=True
                )
                yield Static(
                    Content("Enter or Ctrl+S starts · ? every key"),
                    classes="hint",
                )
        yield Footer()

    def _particulars(self) -> str:
        """The assignment's settings in one line: what the brief will say at more length.
        Read from the assignment itself (the app's scenario may be another game's by now: a
        new game after a loaded one), with the scenario's names for its ids."""
        assignment, scenario = self.assignment, self.scenario
        parts = [scenario.title]
        variant = assignment.variant or scenario.default_variant
        names = {v.id: v.name for v in scenario.variants}
        if variant:
            parts.append(f"variant {names.get(variant, variant)}")
        difficulty = assignment.difficulty or scenario.default_difficulty
        levels = {d.id: d.name for d in scenario.difficulties}
        if difficulty:
            parts.append(f"difficulty {levels.get(difficulty, difficulty)}")
        parts.append(f"seed {assignment.seed}")
        if self.role is None:
            parts.append("you choose your side")
        else:
            parts.append(f"you play {side_name(self.role)}")
        return " · ".join(parts) + "."

    def on_mount(self) -> None:
        name = self.query_one("#assignment-name", Input)
        if name.value.strip() and self.role is None:
            self.query_one("#assignment-role", RadioSet).focus()
        else:
            name.focus()

    def action_scroll_text(self, pages: int) -> None:
        text = self.query_one("#assignment-text", VerticalScroll)
        if pages < 0:
            text.scroll_page_up()
        else:
            text.scroll_page_down()

    def _chosen_role(self) -> str | None:
        if self.role is not None:
            return self.role
        pressed = self.query_one("#assignment-role", RadioSet).pressed_button
        return pressed.id if pressed is not None else None

    def _say(self, problem: str) -> None:
        """The problem under the answers, in words (not by colour alone); "" clears it."""
        shown = self.query_one("#assignment-problem", Static)
        shown.update(Content(problem))
        shown.set_class(bool(problem), "-shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value.strip() and self._chosen_role() is not None:
            self._say("")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self._say("")
        # the side was the last thing to answer: Enter now starts
        self.query_one("#assignment-start", Button).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_start()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "assignment-start":
            self.action_start()

    def action_start(self) -> None:
        name_input = self.query_one("#assignment-name", Input)
        name = safe_text(name_input.value.strip())[:NAME_LENGTH]
        if not name:
            self._say(NO_NAME)
            name_input.focus()
            return
        role = self._chosen_role()
        if role is None:
            self._say(NO_SIDE)
            self.query_one("#assignment-role", RadioSet).focus()
            return
        self._say("")
        self.post_message(StartAssignment(role, name))

    def help_keys(self) -> list[tuple[str, str]]:
        keys = [
            ("enter", "Start, from your name or the Start button"),
            *(k for k in super().help_keys() if not k[1].startswith("Help")),
        ]
        if self.role is None:
            keys.append(("↑/↓ then enter", "Choose your side (Japan or the U.S.)"))
        keys.append(("shift+tab", "Previous field"))
        return keys
