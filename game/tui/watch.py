"""`tnt run SCRIPT --watch`: a playthrough script played in the app at a readable pace, for a
teacher at a projector.

The audience sees the game's own screens (the brief, the table, side-event dialogs, the votes,
the end screen), driven by the script instead of the keyboard: a timer takes the script's next
command from `game.script.script_steps` and submits it through the app's own `submit`, so every
screen changes exactly as it does after a player's move. A banner at the bottom, where the footer
is, says what is being watched, how far it has got and the only keys that work: space pauses and
resumes, → (or n) plays one move, q quits. The player's own keys do nothing while watching.

The script is first played once headless (a fraction of a second) to count its moves and to
refuse an unusable script before the app opens. After the app closes the verdict is printed as
`tnt run` prints it; quitting early plays the rest of the script at once, unseen, so the verdict
and the save are always the whole script's.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import ClassVar

from textual.actions import ActionParseResult, parse
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import OptionList

from game.engine.commands import Choose, Command
from game.engine.events import Event
from game.engine.model import Scenario
from game.headless.playthrough import script_result
from game.headless.script import (
    Script,
    ScriptError,
    Step,
    load_script,
    load_script_scenario,
    script_steps,
    start_session,
    step_refused,
    submit_step,
)
from game.headless.verdicts import print_verdict, report_error, write_transcripts
from game.session.session import Session
from game.tui.app import TntApp
from game.tui.messages import ShowEnding
from game.tui.screens.base import TOO_SMALL_CLASSES, GameModal, GameScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.event import EventDialog
from game.tui.screens.ratification import RatificationScreen
from game.tui.settings import Settings

DEFAULT_PACE = 1.5  # seconds per move: time to say a sentence about it
# the keys that work while watching (app actions), and the reading keys of scrolling widgets
_WATCH_ACTIONS = frozenset({"watch_pause", "watch_step", "quit"})
# once the game is over, the app's own keys that only read or write a file
_READING_AT_THE_END = frozenset({"export", "help", "glossary"})
_READING_ACTIONS = frozenset(
    {"scroll_up", "scroll_down", "page_up", "page_down", "scroll_home", "scroll_end"}
)


class WatchBanner(Widget):
    """One line where the footer was: what is watched, how far, and the keys."""

    def render(self) -> Content:
        app = self.app
        if not isinstance(app, WatchApp):
            return Content("")
        return Content(app.banner_text(self.content_size.width))


class WatchApp(TntApp):
    """The game's app, its moves made by a script on a timer (`pace` seconds apart; 0: each as
    soon as the screen has shown the one before)."""

    # not in footers: the banner lists them (the debrief's footer shows its own keys)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "watch_pause", "Pause / play", show=False, priority=True),
        # priority: → moves the draft on the table, and n is "new game" on the end screen
        Binding("right,n", "watch_step", "One move", show=False, priority=True),
        Binding("q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        script: Script,
        session: Session,
        content_dir: Path,
        settings: Settings,
        *,
        pace: float = DEFAULT_PACE,
        total: int | None = None,
        paused: bool = False,
    ) -> None:
        super().__init__(session.scenario, content_dir, settings, session)
        self.script = script
        self.pace = pace
        self.total = total  # the script's moves, from playing it once headless
        self.paused = paused
        self.moves = 0  # moves played so far
        self.steps: Iterator[Step] = script_steps(script, session)
        self.waiting: Step | None = None  # taken from `steps`, not yet submitted
        self.finished = False  # the script has no more moves (the end is on screen)
        self.problem = ""  # why the script could not go on, printed after the app closes
        self._playing: Step | None = None  # the step in flight
        self._marked: Step | None = None  # the answer marked in the event dialog
        self._timer: Timer | None = None

    # -----------------------------------------------------------------------------------------
    # The banner, on every screen

    def banner_text(self, width: int) -> str:
        title = self.script.title or str(self.script.path)
        total = f" of {self.total}" if self.total is not None else ""
        if self.problem:
            head, tail = "Stopped", f"the script cannot go on at move {self.moves + 1} · q quit"
        elif self.finished and self.session is not None and not self.session.over:
            head, tail = "Watched", f"the script stops here, after {self.moves} moves · q quit"
        elif self.finished:
            tail = f"the end, after {self.moves} moves · d debrief · q quit"
            head = "Watched"
        else:
            where = f"move {self.moves}{total}"
            if not self.moves and self.total is not None:
                where = f"{self.total} moves"
            if self.paused:  # a word, not a colour, says so
                head, tail = "Paused:", f"{where} · space play · → step · q quit"
            else:
                head, tail = "Watching", f"{where} · space pause · → step · q quit"
        room = width - len(head) - len(tail) - 4  # the spaces and the dash
        if len(title) > room:
            title = title[: max(room - 1, 0)].rstrip() + "…"
        return f"{head} {title} — {tail}"

    def _screen_changed(self, screen: Screen[object]) -> None:
        # the game's screens and dialogs, not the debrief (opened at the end, with its own keys)
        if isinstance(screen, GameScreen | GameModal):
            screen.add_class("-watched")  # its footer gives way to the banner
            # the signal comes as the screen is pushed, before it has been composed
            screen.call_later(self._add_banner, screen)

    def _add_banner(self, screen: Screen[object], tries: int = 10) -> None:
        if not screen.is_attached:
            if tries:
                self.call_after_refresh(self._add_banner, screen, tries - 1)
        elif not screen.query(WatchBanner):
            screen.mount(WatchBanner())

    def _refresh_banners(self) -> None:
        for screen in self.screen_stack:
            for banner in screen.query(WatchBanner):
                banner.refresh()

    # -----------------------------------------------------------------------------------------
    # The timer

    def on_mount(self) -> None:
        # (TntApp.on_mount runs too, after this: Textual calls the handlers of every class)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self._screen_changed(self.screen)
        self._schedule()

    def _schedule(self, wait: float | None = None, even_paused: bool = False) -> None:
        """The next tick after `wait` (default: the pace), unless paused or over."""
        self._cancel()
        if (self.paused and not even_paused) or self.finished or self.problem:
            return
        wait = self.pace if wait is None else wait
        if wait > 0:
            self._timer = self.set_timer(wait, self._tick)
        else:
            self.call_after_refresh(self._tick)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _tick(self) -> None:
        self._timer = None
        if self.busy or self.finished or self.problem:
            return
        if any(self.screen.has_class(name) for name in TOO_SMALL_CLASSES):
            self._schedule()  # nobody can see the game: wait for a bigger terminal
            return
        step = self.waiting or self._take()
        if step is None:
            return
        dialog = self.screen if isinstance(self.screen, EventDialog) else None
        command = step.command
        if isinstance(command, Choose) and dialog is not None and self._marked is not step:
            # the answer is shown chosen for a moment before it is given; a step while paused
            # plays the whole move, its moment included (pausing in the moment holds it)
            self.waiting = self._marked = step
            _mark_answer(dialog, command.option)
            self._schedule(even_paused=True)
            return
        self.waiting = None
        if dialog is not None:
            dialog.dismiss(None)  # its callback ignores None; the script's answer goes below
        self._playing = step
        super().submit(command)

    def _take(self) -> Step | None:
        try:
            return next(self.steps)
        except StopIteration:
            self._finish()
        except ScriptError as exc:
            self._stop(exc)
        return None

    def _finish(self) -> None:
        session = self.session
        if session is not None and session.over and not isinstance(self.game_screen, EndScreen):
            self.on_show_ending(ShowEnding())  # the last vote has been read: the end screen
        self.finished = True
        self._refresh_banners()

    def _stop(self, error: ScriptError) -> None:
        self.problem = "\n".join([str(error), *(f"  {d}" for d in error.details)])
        self.notify(error.message, title="The script cannot go on", severity="error", markup=False)
        self._refresh_banners()

    # -----------------------------------------------------------------------------------------
    # What the app does after a move (its own paths), then the next move

    def _moved(self, events: list[Event]) -> None:
        super()._moved(events)
        if isinstance(self.game_screen, RatificationScreen):
            self.call_after_refresh(self._show_last_vote)
        self._playing = None
        self.moves += 1
        self._refresh_banners()
        self._schedule()

    def _show_last_vote(self) -> None:
        # the votes are below the signed terms: the one just held must be in sight
        screen = self.game_screen
        if isinstance(screen, RatificationScreen):
            for scroll in screen.query(VerticalScroll):
                scroll.scroll_end(animate=False)

    def _refused(self, reason: str) -> None:
        super()._refused(reason)
        step, session = self._playing, self.session
        self._playing = None
        if step is None or session is None:
            return
        error = step_refused(self.script, step, reason, session.state)
        self._stop(error or ScriptError(self.script.path, 1, f"{step.describe()}: {reason}"))

    def submit(self, command: Command) -> None:
        # the screens' moves (keys, a click in a dialog) are not the script's: only the timer's
        self.notify("The script is playing: space pauses, q quits.", markup=False)

    # -----------------------------------------------------------------------------------------
    # Keys

    def action_watch_pause(self) -> None:
        if self.finished or self.problem:
            return
        self.paused = not self.paused
        self._refresh_banners()
        if self.paused:
            self._cancel()
        elif not self.busy:
            self._schedule(0)

    def action_watch_step(self) -> None:
        if self.finished or self.problem:
            return
        self.paused = True
        self._cancel()
        self._refresh_banners()
        if not self.busy:
            self._tick()

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        # every key goes through here: only the watch's keys and reading keys are let through
        if not _allowed(self, action, default_namespace):
            return False
        return await super().run_action(action, default_namespace, namespaces)


def _allowed(app: WatchApp, action: str | ActionParseResult, namespace: DOMNode | None) -> bool:
    where, name, _ = parse(action) if isinstance(action, str) else action
    if where == "app" or namespace is None or namespace is app:
        # at the end, also export, help and the glossary (no new game: this app plays the script)
        return name in _WATCH_ACTIONS or (app.finished and name in _READING_AT_THE_END)
    if app.finished:
        return True  # the game is over: the end screen's debrief, and the debrief's own keys
    if where or isinstance(namespace, Screen | OptionList):
        return False  # the screens' keys are the player's moves; the dialog's answer is marked
    return name in _READING_ACTIONS


def _mark_answer(dialog: EventDialog, option_id: str) -> None:
    """Highlight the chosen answer and put ▶ before it (a sign, not only a colour)."""
    answers = dialog.query_one(OptionList)
    index = answers.get_option_index(option_id)
    prompt = answers.get_option_at_index(index).prompt
    if isinstance(prompt, str):
        prompt = Content(prompt)
    if isinstance(prompt, Content):
        answers.replace_option_prompt_at_index(index, Content("▶ ") + prompt)
    answers.highlighted = index


# ---------------------------------------------------------------------------------------------
# `tnt run SCRIPT --watch`


def watch_app(
    path: Path,
    content_dir: Path,
    saves_dir: Path | None,
    *,
    pace: float = DEFAULT_PACE,
    paused: bool = False,
    scenario: Scenario | None = None,
) -> WatchApp:
    """The app watching the script at `path`. Raises ScriptError for an unusable script: it is
    played once headless first, which also counts its moves."""
    script = load_script(path)
    scenario = scenario or load_script_scenario(script, content_dir)
    total = sum(1 for _ in _headless_steps(script, scenario))
    session = start_session(script, scenario, saves_dir)
    settings = Settings(saves_dir=saves_dir, name=script.name)
    return WatchApp(script, session, content_dir, settings, pace=pace, total=total, paused=paused)


def _headless_steps(script: Script, scenario: Scenario) -> Iterator[Step]:
    session = start_session(script, scenario, None)
    for step in script_steps(script, session):
        submit_step(script, session, step)
        yield step


def finish_watch(app: WatchApp, transcript: str | None = None) -> int:
    """After the app: the rest of the script if it was quit early, then the verdict as `tnt run`
    prints it. 0 the expectations held, 1 one failed, 2 the script could not go on, 128 + the
    signal's number when one stopped the app."""
    session = app.session
    assert session is not None
    stopped = app.stopped_by
    if stopped is not None:
        # after SIGHUP the terminal is gone: nothing to say, and nowhere to say it
        if stopped != getattr(signal, "SIGHUP", None):
            print(f"tnt run: stopped by {signal.Signals(stopped).name}", file=sys.stderr)
        return 128 + stopped
    if app.problem:
        print(app.problem, file=sys.stderr)
        return 2
    try:
        if app.waiting is not None:  # taken from the script, not yet played
            submit_step(app.script, session, app.waiting)
        for step in app.steps:
            submit_step(app.script, session, step)
    except ScriptError as exc:
        report_error(exc)
        return 2
    result = script_result(app.script, session)
    print_verdict(result, sys.stdout)
    status = 1 if result.failures else 0
    if transcript:
        status = max(status, write_transcripts(Path(transcript), [result]))
    return status
