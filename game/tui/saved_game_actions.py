"""The app's saved games: load, resume, replay and fork (the load and replay screens only say
which). A mixin of TntApp, kept apart so the app's module holds the flow of one game; its methods
stand in for what the app defines."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App

from game.session.saves import SaveError
from game.session.session import Session
from game.tui.turn import this_round

if TYPE_CHECKING:
    from game.engine.events import Event
    from game.engine.model import Scenario
    from game.tui.saved_games import History
    from game.tui.screens.base import GameScreen
    from game.tui.screens.load import LoadChoice
    from game.tui.screens.replay import ReplayScreen
    from game.tui.settings import Settings


class SavedGames(App[None]):
    """The saved-games half of TntApp. What it needs of the game's flow, TntApp defines."""

    scenario: Scenario
    content_dir: Path
    settings: Settings
    surprise: bool
    history: History | None

    @property
    def session(self) -> Session | None:
        raise NotImplementedError

    @session.setter
    def session(self, session: Session | None) -> None:
        raise NotImplementedError

    def _leave_game(self) -> None:
        raise NotImplementedError

    def _after_move(self, events: Sequence[Event]) -> None:
        raise NotImplementedError

    def _switch_game_screen(self, screen: GameScreen) -> None:
        raise NotImplementedError

    def action_load_game(self) -> None:
        from game.session.games import list_saves
        from game.tui.saved_games import listing_rows
        from game.tui.screens.load import LoadScreen

        folder = self.settings.saves_dir
        if folder is None:
            self.notify("There is no saves folder to load from.", severity="warning")
            return
        if isinstance(self.screen, LoadScreen):
            return
        rows = listing_rows(list_saves(folder, self.content_dir))
        self.push_screen(LoadScreen(rows, folder), self._open_save)

    def _open_save(self, choice: LoadChoice | None) -> None:
        if choice is None:
            return
        path = choice.row.listing.path
        if choice.action == "view":
            self.view_save(path)
        elif choice.action == "fork":
            self.fork_save(path, choice.round)
        else:
            self.resume_save(path, choice.row.listing.content_changed)

    def resume_save(self, path: Path, content_changed: bool = False) -> None:
        """Go on with the save at `path` at its last move; on content that has changed so much
        that its moves no longer replay, offer to view it read-only instead."""
        from game.session.games import load_game

        folder = self.settings.saves_dir or path.parent
        self._leave_game()  # first: the game open now may be the one chosen
        try:
            game = load_game(path, self.content_dir, saves_dir=folder)
        except SaveError as exc:
            if content_changed:
                self._offer_read_only(path, exc.problem)
            else:
                self.notify(
                    exc.reason, title="This save cannot be resumed", severity="error", markup=False
                )
            return
        self.scenario = game.session.scenario
        self.surprise = False
        self.session = game.session
        self._after_move(this_round(game.session))
        for note in game.notes:
            self.notify(note[0].upper() + note[1:] + ".", severity="warning", markup=False)

    def _offer_read_only(self, path: Path, problem: str) -> None:
        from game.tui.screens.confirm import ConfirmDialog

        def answered(view: bool | None) -> None:
            if view:
                self.view_save(path)

        self.push_screen(
            ConfirmDialog(
                f"{path.name}: {problem}. View it read-only instead, move by move as far as "
                "its moves replay?",
                yes="View it",
                no="Back",
            ),
            answered,
        )

    def view_save(self, path: Path) -> None:
        """Step through the save at `path` on the replay screen; the file is only read."""
        from game.tui.saved_games import read_history

        try:
            history = read_history(path, self.content_dir)
        except SaveError as exc:
            self.notify(
                exc.reason, title="This save cannot be opened", severity="error", markup=False
            )
            return
        self._leave_game()
        self.session = None
        self.history = history
        self.scenario = history.session.scenario
        self._switch_game_screen(self._replay_screen(history))

    def _replay_screen(self, history: History) -> ReplayScreen:
        from game.tui.screens.replay import ReplayScreen

        return ReplayScreen(history)

    def on_replay_screen_fork_requested(self, message: ReplayScreen.ForkRequested) -> None:
        folder = self.settings.saves_dir
        try:
            session = message.history.session.fork(message.round, folder)
        except (ValueError, SaveError) as exc:
            reason = exc.problem if isinstance(exc, SaveError) else str(exc)
            self.notify(reason, title="No fork", severity="error", markup=False)
            return
        self._play_fork(session, message.history.path)

    def fork_save(self, path: Path, round: int) -> None:
        """A new game from the start of `round` of the save at `path` (which is only read)."""
        from game.session.games import fork_save

        folder = self.settings.saves_dir or path.parent
        try:
            session = fork_save(folder, path.name, round, self.content_dir)
        except SaveError as exc:
            self.notify(exc.reason, title="No fork", severity="error", markup=False)
            return
        self._leave_game()
        self._play_fork(session, path)

    def _play_fork(self, session: Session, parent: Path) -> None:
        self.scenario = session.scenario
        self.surprise = False
        self.session = session
        self._after_move(this_round(session))
        where = f", saved as {session.save_path.name}" if session.save_path is not None else ""
        parent_round = session.parent.round if session.parent is not None else 0
        self.notify(
            f"A new game from the start of round {parent_round} of {parent.name}{where}. "
            "The original is unchanged.",
            title="Fork",
            markup=False,
        )
