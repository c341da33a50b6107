"""The Textual app. `make_app` is the one way to build it, for `tnt play` and for the tests.

The app alone drives the Session: screens post `Move` messages, the app submits the command in a
thread worker (the Session runs the AI's reply synchronously, and the keys must stay responsive
meanwhile), then decides from the new state which screen comes next and hands it the turn. Screens
other than the first are imported when first shown, so start-up loads only what it draws.

The app owns which game is open (saved games: saved_game_actions.py); while one is open SIGTERM,
SIGHUP and a terminal gone (terminal.py) save it before the app stops (docs/saves.md).
"""

from __future__ import annotations

import asyncio
import random
import signal
from collections.abc import Callable, Iterable, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from attrs import evolve
from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from game.engine.commands import Choose, Command, Proceed
from game.engine.events import Event
from game.engine.machine import IllegalMove
from game.engine.model import JAPAN, Phase, Scenario, other
from game.session.saves import SaveError
from game.session.session import Session, new_seed
from game.session.signals import install_signal_saves
from game.tui.messages import Move, OpenDebrief, ShowEnding, StartAssignment, StartGame
from game.tui.saved_game_actions import SavedGames
from game.tui.screens.base import GameScreen
from game.tui.settings import DARK_THEME, LIGHT_THEME, Settings
from game.tui.startup import resume_collector
from game.tui.terminal import watch_terminal
from game.tui.turn import Turn, this_round

if TYPE_CHECKING:
    from game.content.glossary import Glossary
    from game.tui.saved_games import History
    from game.tui.screens.brief import BriefScreen
    from game.tui.screens.handover import HandOverScreen, HotseatEndScreen, Seats


class TntApp(SavedGames):
    CSS_PATH = "tnt.tcss"
    TITLE = "Tariffs & Troops"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip="Every key on this screen, and the glossary",
            id="help",
        ),
        Binding("g", "glossary", "Glossary", show=False, tooltip="BATNA, ZOPA, logrolling …"),
        Binding("q", "quit", "Quit", tooltip="Save and leave; tnt play --resume continues"),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
        # ctrl+c quits too (Textual would only explain ctrl+q): the game is saved either way
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        scenario: Scenario,
        content_dir: Path,
        settings: Settings,
        session: Session | None = None,
        surprise: bool = False,
        history: History | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.content_dir = content_dir
        self.settings = settings
        self._session = session
        # two players at one keyboard (a session with no AI): who sees what; None otherwise
        self.seats: Seats | None = _seats(session)
        self.surprise = surprise
        self.history = history  # `tnt replay`: the saved game the app opens on
        self.busy = False
        self.theme = settings.theme
        self._glossary: Glossary | None = None
        self._uninstall_signals: Callable[[], None] | None = None
        self.stopped_by: int | None = None  # the signal that stopped the app, if one did

    @property
    def session(self) -> Session | None:
        """The game being played (None on the setup and replay screens)."""
        return self._session

    @session.setter
    def session(self, session: Session | None) -> None:
        self._session = session
        self.seats = _seats(session)
        if self._uninstall_signals is not None:  # running: the signals save the new game now
            self._install_signal_saves()

    # ---- Signals: a closed terminal (SIGHUP) or a kill (SIGTERM) saves, then the app stops

    def _install_signal_saves(self) -> None:
        self._remove_signal_saves()
        loop = asyncio.get_running_loop()
        if self._session is not None:
            self._uninstall_signals = install_signal_saves(
                self._session, on_signal=self._stop_on_signal, loop=loop
            )
        else:  # nothing to save, but the terminal is still put back as it was
            self._uninstall_signals = _stop_on_signals(loop, self._stop_on_signal)

    def _remove_signal_saves(self) -> None:
        if self._uninstall_signals is not None:
            self._uninstall_signals()
            self._uninstall_signals = None

    def _stop_on_signal(self, signum: int) -> None:
        self.stopped_by = signum
        self.exit(return_code=128 + signum)

    def on_unmount(self) -> None:
        self._remove_signal_saves()

    # -----------------------------------------------------------------------------------------
    # Screens

    def _setup_screen(self) -> GameScreen:
        """The setup screen, or the assignment's (it asks only the name and perhaps side)."""
        if self.settings.assignment is not None:
            from game.tui.screens.assignment import AssignmentScreen

            return AssignmentScreen(self.settings.assignment, self.scenario, self.settings)
        from game.tui.screens.setup import SetupScreen

        return SetupScreen(self.scenario, self.content_dir, self.settings)

    def _screen_for_state(self) -> GameScreen:
        """The screen the game's state calls for (the dialogs go on top of it)."""
        assert self.session is not None
        session = self.session
        phase = session.state.phase
        if self.seats is not None:
            return self._hotseat_screen(self.seats)
        if session.over:
            from game.tui.screens.end import EndScreen

            return EndScreen(session, self.surprise)
        if phase is Phase.BRIEFING:
            from game.tui.screens.brief import BriefScreen

            return BriefScreen(session, self.surprise)
        if phase in (Phase.AGREEMENT, Phase.RATIFICATION):
            from game.tui.screens.ratification import RatificationScreen

            return RatificationScreen(session)
        from game.tui.screens.table import TableScreen

        return TableScreen(session, self.surprise)

    def _hotseat_screen(self, seats: Seats) -> GameScreen:
        """Two players: the hand-over whenever the keyboard must pass, else the screen for the
        player who has it (their own numbers only), or one both may see."""
        from game.tui.screens import handover

        session = self.session
        assert session is not None
        phase = session.state.phase
        side = seats.wanted(session)
        if side is not None and side != seats.viewer:
            seats.viewer = None  # nobody's numbers are on screen from here
            purpose = "brief" if phase is Phase.BRIEFING else "turn"
            return handover.HandOverScreen(session, seats, side, purpose)
        if session.over:
            seats.viewer = None
            if seats.revealed:
                return handover.JointEndScreen(session, seats)
            return handover.HotseatEndScreen(session, seats)
        if phase in (Phase.AGREEMENT, Phase.RATIFICATION):
            from game.tui.screens.ratification import RatificationScreen

            return RatificationScreen(session, hotseat=True)
        assert side is not None
        if phase is Phase.BRIEFING:
            from game.tui.screens.brief import BriefScreen

            return BriefScreen(session, side=side, who=seats.label(side))
        from game.tui.screens.table import TableScreen

        return TableScreen(
            session, side=side, who=seats.label(side), meters_since=seats.meters.get(side)
        )

    @property
    def game_screen(self) -> GameScreen | None:
        """The topmost full screen, under any dialogs."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, GameScreen):
                return screen
        return None

    def get_default_screen(self) -> Screen[None]:
        # the first screen is the default one: drawn in the first frame, not pushed after it
        if self.session is not None:
            return self._screen_for_state()
        if self.history is not None:
            return self._replay_screen(self.history)
        return self._setup_screen()

    def on_mount(self) -> None:
        self.call_after_refresh(resume_collector)  # the CLI paused it for the first frame
        self._install_signal_saves()
        watch_terminal(self)
        if self.session is not None:
            self._after_move(this_round(self.session))

    def _after_move(self, events: Sequence[Event]) -> None:
        """Show the screen the state calls for, hand it the turn, and ask for a decision if an
        event waits for the player's."""
        session = self.session
        if session is None:
            return
        current = self.game_screen
        wanted = self._screen_for_state()
        # hotseat: the same screen for the other player's side is a different screen
        same_side = getattr(current, "side", None) == getattr(wanted, "side", None)
        keep = (type(current) is type(wanted) and same_side) or (
            session.over and current is not None and current.STAYS_AT_THE_END
        )
        if self.seats is not None and self.seats.viewer is not None:
            # the news for the player at the keyboard: all that happened since they last looked
            events = self.seats.catch_up(session, self.seats.viewer)
        turn = Turn(session, tuple(events))
        if current is not None and keep:
            current.show_turn(turn)
        else:
            self._switch_game_screen(wanted)
            wanted.show_turn(turn)
        self._ask_for_decision()

    def _switch_game_screen(self, screen: GameScreen) -> None:
        # dialogs left over from the previous screen go with it
        while len(self.screen_stack) > 1 and not isinstance(self.screen, GameScreen):
            self.pop_screen()
        if len(self.screen_stack) > 1:
            self.switch_screen(screen)
        else:  # the first screen cannot be switched out; the next one goes over it for good
            self.push_screen(screen)

    def _ask_for_decision(self) -> None:
        session = self.session
        assert session is not None
        state = session.state
        # hotseat: the player at the keyboard, once the hand-over has passed it to them
        me = self.seats.viewer if self.seats is not None else session.player
        if session.over or not state.pending or me is None or session.actor() != me:
            return
        from game.tui.screens.event import EventDialog

        event = state.scenario.event(state.pending[0])

        def chosen(option: str | None) -> None:
            if option is not None:
                self.submit(Choose(me, event.id, option))

        self.push_screen(EventDialog(event, session.view(me)), chosen)

    # -----------------------------------------------------------------------------------------
    # Moves

    def on_move(self, message: Move) -> None:
        if self.seats is not None and self.session is not None and not self.busy:
            # hotseat: this side's meters are marked with how they move until its next move
            self.seats.meters[message.command.side] = self.session.state.meters
        self.submit(message.command)

    def submit(self, command: Command) -> None:
        if self.session is None:
            return
        if self.busy:
            them = other(self.session.player)
            wait = f"{them} is still answering" if self.seats is None else "the move is being made"
            self.notify(f"Wait a moment: {wait}.", severity="warning")
            return
        self.busy = True
        screen = self.game_screen
        if screen is not None:
            screen.show_busy(True)
        self._submit_in_thread(self.session, command)

    @work(thread=True, group="moves")
    def _submit_in_thread(self, session: Session, command: Command) -> None:
        before = len(session.transcript)
        try:
            events = session.submit(command)
        except IllegalMove as exc:
            self.call_from_thread(self._refused, exc.reason)
            return
        except SaveError as exc:
            # the move is made (the session commits before it saves); only the file lags behind
            self.call_from_thread(self._moved, session.transcript[before:])
            self.call_from_thread(self._not_saved, exc.problem)
            return
        self.call_from_thread(self._moved, events)

    def _not_saved(self, problem: str) -> None:
        self.notify(
            f"Your move is made, but the game could not be saved: {problem}. The save on disk "
            "holds the game before this move; every move tries again.",
            title="Not saved",
            severity="error",
            timeout=12,
            markup=False,
        )

    def _save(self) -> str:
        """Save the game now; "" when it is saved (or there is none), else why it is not."""
        if self.session is None:
            return ""
        try:
            self.session.save()
        except SaveError as exc:
            return exc.problem
        return ""

    def _leave_game(self) -> None:
        """Save the open game before another takes its place; say so if it cannot be."""
        problem = self._save()
        if problem:
            self._not_saved_on_leaving(problem)

    def _not_saved_on_leaving(self, problem: str) -> None:
        self.notify(
            f"The game you left could not be saved: {problem}. Its save on disk holds it as "
            "it was before.",
            title="Not saved",
            severity="error",
            timeout=12,
            markup=False,
        )

    def _refused(self, reason: str) -> None:
        self.busy = False
        screen = self.game_screen
        if screen is not None:
            screen.show_busy(False)
        self.notify(reason, title="Not allowed", severity="warning", markup=False)

    def _moved(self, events: list[Event]) -> None:
        self.busy = False
        screen = self.game_screen
        if screen is not None:
            screen.show_busy(False)
        self._after_move(events)

    # -----------------------------------------------------------------------------------------
    # Starting and leaving

    def on_start_game(self, message: StartGame) -> None:
        scenario = self.scenario
        wanted = (
            message.variant or scenario.setup.variant,
            message.difficulty or scenario.difficulty.id,
        )
        if message.scenario_id != scenario.id or wanted != (
            scenario.setup.variant,
            scenario.difficulty.id,
        ):
            from game.content.loader import ContentErrors, load_scenario
            from game.engine.variants import UnknownSetup

            try:
                scenario = load_scenario(
                    self.content_dir, message.scenario_id, message.variant, message.difficulty
                )
            except ContentErrors as exc:
                self.notify(
                    str(exc.errors[0]), title="This scenario cannot start", severity="error"
                )
                return
            except UnknownSetup as exc:
                self.notify(str(exc), title="This scenario cannot start", severity="error")
                return
        persona = message.persona
        if message.surprise:
            theirs = [p.id for p in scenario.personas if p.side == other(message.role)]
            persona = random.SystemRandom().choice(theirs)
        name = self.settings.name
        if message.hotseat:  # no computer: both players' names go in the save
            from game.tui.screens.handover import hotseat_name

            persona, name = None, hotseat_name(*message.names)
        self._start(
            scenario, message.role, message.seed, persona, name, message.surprise, message.hotseat
        )

    def on_start_assignment(self, message: StartAssignment) -> None:
        """The assignment screen's answers start its game: its scenario cut, seed, counterpart."""
        assignment = self.settings.assignment
        if assignment is None:
            return
        from game.content.assignments import assignment_scenario
        from game.content.loader import ContentErrors
        from game.engine.variants import UnknownSetup

        try:
            scenario = assignment_scenario(assignment, self.content_dir)
        except ContentErrors as exc:
            self.notify(str(exc.errors[0]), title="This assignment cannot start", severity="error")
            return
        except UnknownSetup as exc:
            self.notify(str(exc), title="This assignment cannot start", severity="error")
            return
        # a new game from the palette asks again with this name filled in
        self.settings = evolve(self.settings, name=message.name)
        persona = assignment.persona_against(message.role, scenario)
        self._start(scenario, message.role, assignment.seed, persona, message.name)

    def _start(
        self,
        scenario: Scenario,
        role: str,
        seed: int,
        persona: str | None,
        name: str,
        surprise: bool = False,
        hotseat: bool = False,
    ) -> None:
        """A new game, saved at once, shown from its brief (or its first hand-over)."""
        try:
            session = Session.start(
                scenario,
                role,
                seed,
                persona=persona,
                saves_dir=self.settings.saves_dir,
                name=name,
                hotseat=hotseat,
            )
        except SaveError as exc:
            self.notify(
                exc.reason, title="The game cannot be saved", severity="error", markup=False
            )
            return
        self.scenario = scenario
        self.surprise = surprise
        self.session = session
        self._after_move(())

    def on_open_debrief(self, message: OpenDebrief) -> None:
        from game.tui.screens.debrief import open_debrief

        session = self.session
        if session is None:
            return
        from game.present.prepare import concepts

        self.push_screen(open_debrief(session, self.content_dir, concepts(self.glossary())))

    def on_show_ending(self, message: ShowEnding) -> None:
        if self.session is not None and self.session.over:
            from game.tui.screens.end import EndScreen

            screen: GameScreen = EndScreen(self.session, self.surprise)
            if self.seats is not None:  # the end both players may see
                screen = self._hotseat_screen(self.seats)
            self._switch_game_screen(screen)
            screen.show_turn(Turn(self.session))

    # -----------------------------------------------------------------------------------------
    # Hotseat: the hand-over, each player's brief and result, and the joint reveal

    def on_hand_over_screen_ready(self, message: HandOverScreen.Ready) -> None:
        seats, session = self.seats, self.session
        if seats is None or session is None:
            return
        seats.viewer = message.side
        if message.purpose == "result":
            from game.tui.screens.handover import PrivateResultScreen

            self._switch_game_screen(PrivateResultScreen(session, seats, message.side))
        else:
            self._after_move(())

    def on_brief_screen_read(self, message: BriefScreen.Read) -> None:
        seats, session = self.seats, self.session
        if seats is None or session is None or session.state.phase is not Phase.BRIEFING:
            return
        seats.briefed.add(message.side)
        if seats.all_briefed():  # both have read theirs: the talks begin
            self.submit(Proceed(session.player))
        else:
            self._after_move(())

    def on_hotseat_end_screen_own_result(self, message: HotseatEndScreen.OwnResult) -> None:
        seats, session = self.seats, self.session
        if seats is not None and session is not None and session.over:
            from game.tui.screens.handover import HandOverScreen

            seats.viewer = None
            self._switch_game_screen(HandOverScreen(session, seats, message.side, "result"))

    def on_hotseat_end_screen_reveal(self, message: HotseatEndScreen.Reveal) -> None:
        if self.seats is not None and self.session is not None and self.session.over:
            self.seats.revealed = True
            self.post_message(ShowEnding())

    def action_new_game(self) -> None:
        self._leave_game()
        self.session = None
        self.surprise = False
        self.settings = Settings(
            saves_dir=self.settings.saves_dir,
            name=self.settings.name,
            theme=self.theme,
            assignment=self.settings.assignment,  # a served assignment stays the lesson
        )
        self._switch_game_screen(self._setup_screen())

    async def action_quit(self) -> None:
        problem = self._save()
        if not problem:
            self.exit()
            return
        from game.tui.screens.confirm import ConfirmDialog

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                f"The game could not be saved: {problem}. Its save on disk holds it as it was "
                "before your last move. Quit anyway?",
                yes="Quit anyway",
                no="Stay",
            ),
            answered,
        )

    # -----------------------------------------------------------------------------------------
    # The rare actions: the command palette's

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "New game", "Leave this game (it is saved) and set up another", self.action_new_game
        )
        yield SystemCommand(
            "Load game",
            "Resume a saved game, step through one move by move, or fork it from a round",
            self.action_load_game,
        )
        yield SystemCommand(
            "Save game", "Save now (the game also saves after every move)", self.action_save
        )
        yield SystemCommand(
            "Export transcript",
            "Write the game so far as a text file in the saves folder",
            self.action_export,
        )
        yield SystemCommand(
            "Switch theme", "Between the light and the dark theme", self.action_toggle_theme
        )
        yield SystemCommand("Glossary", "BATNA, ZOPA, logrolling and more", self.action_glossary)
        yield SystemCommand("Help", "Every key on this screen", self.action_help)
        yield from super().get_system_commands(screen)

    def action_save(self) -> None:
        session = self.session
        if session is None:
            self.notify("No game is under way yet.", severity="warning")
        elif session.save_path is None:
            self.notify("This game is not being saved (no saves folder).", severity="warning")
        else:
            problem = self._save()
            if problem:
                self.notify(problem, title="Not saved", severity="error", markup=False)
            else:
                self.notify(f"Saved in {session.save_path}.", title="Saved", markup=False)

    def action_export(self) -> None:
        path = self.export_transcript()
        if path is not None:
            self.notify(f"Transcript written to {path}.", title="Exported", markup=False)
            if self.settings.deliver is not None:  # `tnt serve`: the browser gets a copy
                self.settings.deliver(self, path)

    def export_transcript(self) -> Path | None:
        """The game so far, told as plain text from the player's side, into the saves folder."""
        from game.present.exports import export_transcript

        session = self.session
        if session is None:
            self.notify("No game is under way yet.", severity="warning")
            return None
        folder = session.saves_dir or self.settings.saves_dir
        if folder is None:
            self.notify("There is no saves folder to write to.", severity="warning")
            return None
        return export_transcript(session, folder)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_help(self) -> None:
        from game.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_glossary(self, entry: str = "") -> None:
        from game.tui.screens.glossary import GlossaryScreen

        glossary = self.glossary()
        if glossary is not None and not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen(glossary, entry))

    def glossary(self) -> Glossary | None:
        """Read on first use: the first screen does not need it."""
        if self._glossary is None:
            from game.content.glossary import load_glossary
            from game.content.loader import ContentErrors

            try:
                self._glossary = load_glossary(self.content_dir)
            except ContentErrors as exc:
                problem = str(exc.errors[0])
                self.notify(problem, title="The glossary is broken", severity="error", markup=False)
        return self._glossary


def make_app(
    scenario: Scenario,
    *,
    content_dir: Path,
    settings: Settings | None = None,
    session: Session | None = None,
    history: History | None = None,
) -> TntApp:
    """The game's App. With a resumed `session` it opens where that game stands; with a
    `history` (`tnt replay`) on the replay screen; with a role in `settings` it starts a new game
    at once (on the brief); with an assignment in `settings` on the assignment screen (the
    `scenario` is then the assignment's); otherwise on the setup screen. Raises KeyError for an
    unknown persona, ValueError for one of the player's own side, SaveError when the new game
    cannot be saved."""
    settings = settings or Settings()
    if history is not None:
        return TntApp(scenario, content_dir, settings, history=history)
    # with an assignment, its screen asks first (the CLI starts it when name and side are given)
    starts = settings.role is not None or settings.hotseat
    if session is None and settings.assignment is None and starts:
        seed = settings.seed if settings.seed is not None else new_seed()
        name = settings.name
        if settings.hotseat:  # two players: straight to the hand-over before the first brief
            from game.tui.screens.handover import hotseat_name

            name = hotseat_name(*settings.names)
        session = Session.start(
            scenario,
            settings.role or JAPAN,
            seed,
            persona=None if settings.hotseat else settings.persona,
            saves_dir=settings.saves_dir,
            name=name,
            hotseat=settings.hotseat,
        )
    return TntApp(scenario, content_dir, settings, session)


def _seats(session: Session | None) -> Seats | None:
    """Hotseat's seats for a game with no AI; imported only then, so one player pays nothing."""
    if session is None or session.ai_sides:
        return None
    from game.tui.screens.handover import Seats

    return Seats.of(session)


def _stop_on_signals(
    loop: asyncio.AbstractEventLoop, stop: Callable[[int], None]
) -> Callable[[], None]:
    """SIGTERM, SIGHUP and SIGINT stop the app (with no game open there is nothing to save)."""
    signums = [
        getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
    ]
    installed = []
    for signum in signums:
        with suppress(NotImplementedError):  # Windows event loops
            loop.add_signal_handler(signum, stop, signum)
            installed.append(signum)

    def uninstall() -> None:
        for signum in installed:
            loop.remove_signal_handler(signum)

    return uninstall
