"""Messages the screens send up to the app, which alone drives the Session."""

from __future__ import annotations

from textual.message import Message

from game.engine.commands import Command


class Move(Message):
    """The player's move: the app submits it to the Session (the AI answers in a worker)."""

    def __init__(self, command: Command) -> None:
        super().__init__()
        self.command = command


class StartGame(Message):
    """The setup screen's choices: the app starts a Session with them."""

    def __init__(
        self,
        role: str,
        scenario_id: str,
        persona: str | None,
        seed: int,
        surprise: bool,
        variant: str = "",
        difficulty: str = "",
        hotseat: bool = False,
        names: tuple[str, str] = ("", ""),
    ) -> None:
        super().__init__()
        self.role = role
        self.scenario_id = scenario_id
        self.persona = persona
        self.seed = seed
        self.surprise = surprise
        self.variant = variant  # "" keeps the scenario's default
        self.difficulty = difficulty
        self.hotseat = hotseat  # two players at one keyboard, no computer
        self.names = names  # hotseat: Tokyo's player's name, then Washington's


class StartAssignment(Message):
    """The assignment screen's answers: the app starts the assignment's game for this student
    (the scenario cut, seed and counterpart come from the assignment itself)."""

    def __init__(self, role: str, name: str) -> None:
        super().__init__()
        self.role = role
        self.name = name


class OpenDebrief(Message):
    """The end screen's `d`: the app opens the debrief (it holds the glossary and content)."""


class ShowEnding(Message):
    """The player has read the last vote and wants the end screen."""
