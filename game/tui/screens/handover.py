"""Two players at one keyboard (hotseat): who is looking now, the hand-over between them, and
the end of the game, where each result stays private until both agree to show them.

The rule is simple: a screen that shows a side's numbers (its brief, its points, what no deal is
worth to it, its result) is built for that side alone, and whenever the keyboard must pass to
the other player a full `HandOverScreen` replaces it first. The hand-over shows only what both
may see: the round, the date, whose turn it is and why. The app (game/tui/app.py) decides when
a hand-over is due from `Seats.wanted`; the screens here only draw.

Both players' names live in the save's one `name` field as "TOKYO & WASHINGTON", so that a
resumed game and the class report still know who played (`hotseat_name`, `player_names`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from attrs import define, field
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Footer, Static

from game.engine.events import Event, GameEnded, RoundStarted
from game.engine.machine import outcome_value, round_date
from game.engine.model import SIDES, GameState, Phase, other
from game.present.narrate import event_lines
from game.present.safe_text import safe_text
from game.present.view import log_entries
from game.present.words import nice_date, points, side_name
from game.session.session import Session
from game.tui.messages import ShowEnding
from game.tui.screens.base import GameScreen
from game.tui.screens.end import EndScreen
from game.tui.widgets.end_summary import against_no_deal, terms_table

NAME_JOIN = " & "
# a double press of Enter must not carry the hand-over past the player it is meant for: its
# Enter works only this long after it appears (the tests set 0)
ARM_DELAY = 0.6


# ---------------------------------------------------------------------------------------------
# Names and what a side may see


def hotseat_name(japan: str, us: str) -> str:
    """Both players' names as the save's one `name`, Tokyo's first; "" when neither is given."""
    japan, us = japan.strip(), us.strip()
    return f"{japan}{NAME_JOIN}{us}" if japan or us else ""


def player_names(name: str) -> dict[str, str]:
    """Each side's player's name from a hotseat save's `name`; a side without one is called by
    its capital ("Tokyo's player")."""
    parts = name.split(NAME_JOIN)
    if len(parts) != 2:
        parts = ["", ""]
    return {
        side: safe_text(part.strip()) or _unnamed(side)
        for side, part in zip(SIDES, parts, strict=True)
    }


def _unnamed(side: str) -> str:
    return f"{side_name(side)}'s player"


@define
class Seats:
    """Who sits where in a hotseat game, and what each has seen. Kept by the app for one
    session; a new game, a resumed save or a fork gets new seats."""

    names: dict[str, str]
    viewer: str | None = None  # whose private screen is up now; None: nobody's
    briefed: set[str] = field(factory=set)
    # how much of the transcript each side has seen: its news is what happened since
    seen: dict[str, int] = field(factory=dict)
    # the meters when each side last moved at the table, for the (+2) marks beside them
    meters: dict[str, tuple[int, ...]] = field(factory=dict)
    revealed: bool = False  # both players agreed to show both results

    @classmethod
    def of(cls, session: Session | None) -> Seats | None:
        """The seats of a hotseat session; None for a game against the computer."""
        if session is None or session.ai_sides:
            return None
        seats = cls(player_names(session.name))
        if session.state.phase is not Phase.BRIEFING:
            # a resumed game: both have read their briefs, and the news starts with this round
            seats.briefed = set(SIDES)
            start = _round_start(session.transcript)
            seats.seen = dict.fromkeys(SIDES, start)
        return seats

    def label(self, side: str) -> str:
        """'Aiko (Tokyo)'; a player without a name is "Tokyo's player" already."""
        name = self.names[side]
        return name if name == _unnamed(side) else f"{name} ({side_name(side)})"

    def brief_order(self, session: Session) -> tuple[str, str]:
        """The side that opens the talks reads its brief last, so it goes on to the table."""
        opens = session.scenario.opens
        return (other(opens), opens)

    def all_briefed(self) -> bool:
        return set(SIDES) <= self.briefed

    def wanted(self, session: Session) -> str | None:
        """Whose eyes the next screen is for; None for a screen both may see (the votes at home
        and the end). A hand-over is due when this is not the viewer."""
        state = session.state
        if session.over or state.phase in (Phase.AGREEMENT, Phase.RATIFICATION):
            return None
        if state.phase is Phase.BRIEFING:
            for side in self.brief_order(session):
                if side not in self.briefed:
                    return side
            return self.viewer  # both have read theirs; the talks are starting
        return session.actor()

    def catch_up(self, session: Session, side: str) -> tuple[Event, ...]:
        """What happened since `side` last looked; from now on it has seen it."""
        transcript = session.transcript
        start = self.seen.get(side, 0)
        self.seen[side] = len(transcript)
        return tuple(transcript[start:])


def _round_start(transcript: Sequence[Event]) -> int:
    for n in range(len(transcript) - 1, -1, -1):
        if isinstance(transcript[n], RoundStarted):
            return n
    return 0


# ---------------------------------------------------------------------------------------------
# The hand-over


def _public_status(state: GameState) -> str:
    """Round and date only: nothing here is one side's."""
    if state.phase is Phase.BRIEFING or state.round < 1:
        return "Before the talks"
    date, _ = round_date(state.scenario, state.round)
    return f"Round {state.round} of {state.last_round} · {nice_date(date)}"


class HandOverScreen(GameScreen):
    """'Pass the keyboard to Aiko (Tokyo).' A full screen, so nothing of the last player's view
    shows behind it. `purpose` says what comes next: "brief", "turn" or "result"."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "ready", "Ready", tooltip="The player named on the screen has the keys"),
    ]

    class Ready(Message):
        """The player the hand-over names has the keyboard."""

        def __init__(self, side: str, purpose: str) -> None:
            super().__init__()
            self.side = side
            self.purpose = purpose

    def __init__(self, session: Session, seats: Seats, side: str, purpose: str = "turn") -> None:
        super().__init__()
        self.session = session
        self.seats = seats
        self.side = side
        self.purpose = purpose
        self._armed = ARM_DELAY <= 0

    def compose_body(self) -> ComposeResult:
        state = self.session.state
        seats = self.seats
        name, away = seats.names[self.side], seats.names[other(self.side)]
        yield Static(
            Content(f"Tariffs & Troops · two players · {_public_status(state)}"), classes="topbar"
        )
        with Vertical(id="handover"):
            yield Static(
                Content(f"Pass the keyboard to {seats.label(self.side)}."),
                classes="heading",
                id="handover-to",
            )
            yield Static(Content(f"{away}, please look away."), classes="para")
            yield Static(Content(self._next()), classes="para", id="handover-next")
            yield Static(Content(f"{name}: press Enter when you are ready."), classes="para next")
        yield Footer()

    def _next(self) -> str:
        """What comes next, in words both players may read."""
        state = self.session.state
        them = side_name(self.side)
        if self.purpose == "brief":
            return f"Next: {them}'s confidential brief, before the talks begin."
        if self.purpose == "result":
            return f"Next: {them}'s own result, for {them}'s player only."
        if state.pending:
            event = state.scenario.event(state.pending[0])
            return f"Next: {them} decides how to answer {event.title}."
        return f"Next: {them}'s move at the table."

    def on_mount(self) -> None:
        if not self._armed:
            self.set_timer(ARM_DELAY, self._arm)

    def _arm(self) -> None:
        self._armed = True
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "ready" and not self._armed:
            return None  # shown, greyed, until it can be pressed
        return True

    def action_ready(self) -> None:
        if self._armed:
            self.post_message(self.Ready(self.side, self.purpose))


# ---------------------------------------------------------------------------------------------
# The end: public first, each result in private, both only when both agree


def _ending_line(state: GameState, viewer: str | None) -> str:
    assert state.ending is not None, "shown only when the game is over"
    scores = (outcome_value(state, SIDES[0]), outcome_value(state, SIDES[1]))
    return event_lines(GameEnded(state.ending, state.ended_by, scores), state, viewer)[0]


class HotseatEndScreen(GameScreen):
    """What both players see at the end: how it ended and the terms in force, no numbers. Each
    player's own result is a hand-over away; both results together need both to agree."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "own_result('japan')", "Tokyo's result", tooltip="Tokyo's player alone"),
        Binding("2", "own_result('us')", "U.S. result", tooltip="Washington's player alone"),
        Binding("r", "reveal", "Reveal both", tooltip="Both results and the debrief, to both"),
        Binding("n", "app.new_game", "New game", tooltip="Set up another game"),
    ]

    class OwnResult(Message):
        def __init__(self, side: str) -> None:
            super().__init__()
            self.side = side

    class Reveal(Message):
        """Both players agreed to see both results."""

    def __init__(self, session: Session, seats: Seats) -> None:
        super().__init__()
        self.session = session
        self.seats = seats

    def compose_body(self) -> ComposeResult:
        state = self.session.state
        seats = self.seats
        yield Static(
            Content("Game over · 1/2 your own result · r reveal both · n new game"),
            classes="topbar",
        )
        with VerticalScroll(id="end"):
            yield Static(Content(_ending_line(state, None)), classes="heading", id="ending")
            yield Static(
                Content(
                    "Each result is private until you both agree to show it. "
                    f"{seats.label('japan')} presses 1 and {seats.label('us')} presses 2 to "
                    "see their own, while the other looks away. Press r to show both "
                    "results and the debrief to everyone at the screen."
                ),
                classes="para next",
            )
            yield Static(terms_table(state), classes="table", id="comparison")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end", VerticalScroll).focus()

    def action_own_result(self, side: str) -> None:
        self.post_message(self.OwnResult(side))

    def action_reveal(self) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.post_message(self.Reveal())

        self.app.push_screen(
            ConfirmDialog(
                "Show BOTH sides' results and the debrief on this screen? Both players will "
                "see both scores. Do it only when you both agree.",
                yes="Show both",
                no="Not yet",
            ),
            answered,
        )


class PrivateResultScreen(GameScreen):
    """One side's own result, after a hand-over: its points, against its no-deal value, the
    terms beside the real deal with their worth to it, and the game as it saw it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "done", "Done", tooltip="Back to the screen you both may see"),
    ]

    def __init__(self, session: Session, seats: Seats, side: str) -> None:
        super().__init__()
        self.session = session
        self.seats = seats
        self.side = side

    def compose_body(self) -> ComposeResult:
        state = self.session.state
        side = self.side
        yield Static(
            Content(f"{self.seats.label(side)} · your result, for you alone · Enter when done"),
            classes="topbar",
        )
        with VerticalScroll(id="end"):
            yield Static(Content(_ending_line(state, side)), classes="heading", id="ending")
            yield Static(
                Content(f"Your result: {points(outcome_value(state, side))} points out of 100."),
                classes="para",
                id="scores",
            )
            yield Static(Content(against_no_deal(state, side)), classes="para")
            yield Static(terms_table(state, [(side, "you")]), classes="table")
            yield Static(Content("The whole game, as you saw it"), classes="heading")
            # the end's own entry lists both results: it waits for the joint reveal
            events = [e for e in self.session.transcript if not isinstance(e, GameEnded)]
            for entry in log_entries(events, self.session.view(side)):
                yield Static(Content(entry.text), classes=f"log-{entry.kind}")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end", VerticalScroll).focus()

    def action_done(self) -> None:
        self.post_message(ShowEnding())


class JointEndScreen(EndScreen):
    """Both results and the debrief, once both players agreed: the end screen's keys (d debrief,
    n new game, x export) over a summary that names both players."""

    def __init__(self, session: Session, seats: Seats) -> None:
        super().__init__(session)
        self.seats = seats

    def compose_body(self) -> ComposeResult:
        state = self.session.state
        seats = self.seats
        yield Static(
            Content("Game over · both results shown · d debrief · n new game · x export"),
            classes="topbar",
        )
        with VerticalScroll(id="end"):
            yield Static(Content(_ending_line(state, None)), classes="heading", id="ending")
            yield Static(
                Content("Both results, shown to both players:"), classes="para", id="scores"
            )
            for side in SIDES:
                score = points(outcome_value(state, side))
                yield Static(
                    Content(
                        f"{seats.label(side)}: {score} points out of 100. "
                        + against_no_deal(state, side, side_name(side))
                    ),
                    classes="para",
                )
            yield Static(
                Content(
                    "Press d for the debrief: the negotiation dance, the money left on the "
                    "table, the real deal term by term and what this game teaches."
                ),
                classes="para next",
                id="debrief-hint",
            )
            yield Static(
                terms_table(state, [(side, side_name(side)) for side in SIDES]),
                classes="table",
                id="comparison",
            )
            yield Static(Content("The whole game"), classes="heading")
            # no viewer: every offer's worth to both sides, as the debrief tells it
            for entry in log_entries(self.session.transcript, state):
                yield Static(Content(entry.text), classes=f"log-{entry.kind}")
        yield Footer()
