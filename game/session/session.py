"""One running game: the engine, the AI on the other side, the command log and the autosave.

Every front end (the Textual app, the plain line mode, scripts, the simulator) drives a game
through this class and nothing else:

    session = Session.start(scenario, role="japan", seed=7, saves_dir=Path("saves"))
    entries = session.submit(Propose("japan", terms))   # the player's move, then the AI's replies
    session.state, session.legal(), session.transcript

The log holds only the commands of human players; the AI's moves are a pure function of the state,
so replaying the log reproduces the game exactly. The save is written after every move; its
format, the atomic write and the loading of files live in game/session/saves.py.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import frozen

from game import __version__
from game.engine.commands import Command, Proceed, command_from_dict, command_to_dict
from game.engine.events import Event, Said, event_to_dict
from game.engine.machine import IllegalMove, actor, apply, legal_commands, new_game
from game.engine.model import SIDES, GameState, Phase, Scenario, other, side_index
from game.engine.opponent import remark, think
from game.engine.view import PlayerView, player_view
from game.session.choices import Choices, choices_of
from game.session.save_names import default_stem, new_save_path
from game.session.saves import (
    MAX_NAME,
    SAVE_FORMAT,
    Parent,
    SaveData,
    SaveError,
    encode_save,
    integrity_problem,
    load_save,
    parse_save,
    save_to_dict,
    sealed,
    write_atomic,
    write_save,
)

# load_save, write_atomic and SAVE_FORMAT were defined here before saves.py; kept importable
__all__ = ["SAVE_FORMAT", "SaveError", "Session", "load_save", "write_atomic"]

# AI moves between two human moves; far above any real game, it only guards against a bug
_AI_MOVES_LIMIT = 64
# what a command from a file can raise while it is read or replayed: all mean "this move is bad".
# TypeError, AttributeError or IndexError would be a bug in the game, never the file's fault:
# they are not caught, so a bug cannot pass for a bad save. The one definition: saved games
# replay through Session.replay_until_stopped rather than catching errors of their own
_REPLAY_ERRORS = (IllegalMove, ValueError, KeyError)

# what a replay shows each step to: the game, the move just replayed (None for the game as it
# began, before any) and the events it set off, the AI's answers included
ReplayHook = Callable[["Session", Command | None, Sequence[Event]], None]


@frozen
class _Played:
    """What the session has committed: a state and the commands that led to it. A move replaces
    this one object, so a save -- even one made by a signal handler in the middle of a move --
    never pairs a state with the wrong log."""

    state: GameState
    log: tuple[Command, ...] = ()


def new_seed() -> int:
    """A seed for a game nobody chose one for: short enough to read aloud and type again."""
    return int.from_bytes(os.urandom(4), "big") % 1_000_000


def summarise(state: GameState) -> dict[str, Any]:
    """Where a game stands, for listings; a loaded save is checked against it."""
    scenario = state.scenario
    return {
        "phase": state.phase.value,
        "round": state.round,
        "last_round": state.last_round,
        "to_move": actor(state),
        "ending": state.ending.value if state.ending else None,
        "ended_by": state.ended_by,
        "meters": {m.id: v for m, v in zip(scenario.meters, state.meters, strict=True)},
        "agreed": scenario.terms_to_ids(state.agreed) if state.agreed else None,
        "moves": state.moves,
    }


class Session:
    def __init__(
        self,
        state: GameState,
        ai_sides: frozenset[str],
        saves_dir: Path | None,
        name: str,
        save_path: Path | None,
        start_events: Sequence[Event] = (),
    ) -> None:
        self._played = _Played(state)
        self.ai_sides = ai_sides
        self.saves_dir = saves_dir
        self.name = name
        self.save_path = save_path
        self.transcript: list[Event] = list(start_events)
        self.parent: Parent | None = None  # set on a fork
        # an earlier copy of this game failed its hash check; its saves stay marked
        self.unverified = False
        # one line each about how this game was loaded (content changed, an edited save)
        self.notes: tuple[str, ...] = ()
        self.loaded_from: Path | None = None
        self._written = ""  # the text last written, so an unchanged game is not written again

    # -----------------------------------------------------------------------------------------
    # Starting, resuming, forking

    @classmethod
    def start(
        cls,
        scenario: Scenario,
        role: str,
        seed: int,
        persona: str | None = None,
        saves_dir: Path | None = None,
        name: str = "",
        hotseat: bool = False,
    ) -> Session:
        """A new game with the player on `role`; the AI plays the other side with `persona`
        (default: the scenario's) unless `hotseat`, when both sides are human. Saved at once in
        `saves_dir` under a new name made from the player's name, the scenario, role and seed."""
        personas = list(scenario.default_personas)
        if persona is not None:
            chosen = scenario.persona(persona)  # KeyError for an unknown persona
            if chosen.side == role:
                raise ValueError(f"persona {persona!r} plays {chosen.side}, the player's own side")
            personas[side_index(chosen.side)] = persona
        session = cls._begin(scenario, role, seed, (personas[0], personas[1]), hotseat, name)
        if saves_dir is not None:
            stem = default_stem(scenario.id, role, seed, name)
            session.attach(saves_dir, new_save_path(saves_dir, stem))
        session.save()
        return session

    @classmethod
    def _begin(
        cls,
        scenario: Scenario,
        role: str,
        seed: int,
        personas: tuple[str, str],
        hotseat: bool,
        name: str,
    ) -> Session:
        """A new, unsaved game, up to the player's first move."""
        if len(name) > MAX_NAME:
            raise ValueError(f"a player's name has at most {MAX_NAME} characters")
        state, events = new_game(scenario, role, seed, personas, hotseat=hotseat)
        ai = frozenset() if hotseat else frozenset({other(role)})
        session = cls(state, ai, None, name, None, events)
        state, answers = session._ai_answers(state)
        session._played = _Played(state)
        session.transcript.extend(answers)
        return session

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        data: SaveData | Mapping[str, Any],
        saves_dir: Path | None = None,
        save_path: Path | None = None,
        content_changed: bool = False,
        *,
        on_step: ReplayHook | None = None,
    ) -> Session:
        """Rebuild a game from a save's contents by replaying its commands. SaveError (without
        the file's name: the caller knows it) for a save that does not fit `scenario` or a move
        that does not replay. Checking the result against the save's summary is load_game's.
        `on_step` sees the game as it began and after each move (see ReplayHook)."""
        session, stopped = cls.replay_until_stopped(
            scenario, data, content_changed, on_step=on_step
        )
        if stopped is not None:
            raise stopped
        if save_path is not None:
            session.attach(saves_dir if saves_dir is not None else save_path.parent, save_path)
        return session

    @classmethod
    def replay_until_stopped(
        cls,
        scenario: Scenario,
        data: SaveData | Mapping[str, Any],
        content_changed: bool = False,
        *,
        on_step: ReplayHook | None = None,
    ) -> tuple[Session, SaveError | None]:
        """As `replay`, but a move that does not replay ends the replay instead of the load:
        the game as far as its moves replay, saving nowhere, and the SaveError saying which move
        stopped it and why (None when every move replays). A save that does not fit `scenario`
        still raises SaveError; an error that is no fault of the file's (a bug) propagates."""
        save = data if isinstance(data, SaveData) else parse_save(data)
        if save.scenario != scenario.id:
            raise SaveError(f"a game of scenario {save.scenario!r}, not {scenario.id!r}")
        _check_personas(scenario, save.personas)
        _check_setup(scenario, save)
        session = cls._begin(scenario, save.role, save.seed, save.personas, save.hotseat, save.name)
        session.parent = save.parent
        # the mark of the whole save, even when the replay stops early: forks inherit it
        session.unverified = bool(integrity_problem(save))
        if on_step is not None:
            on_step(session, None, tuple(session.transcript))
        return session, session._replay(save.commands, content_changed, on_step)

    def _replay(
        self,
        commands: Sequence[Mapping[str, Any]],
        content_changed: bool,
        on_step: ReplayHook | None,
    ) -> SaveError | None:
        """Play `commands` in order; the SaveError of the first that does not replay, if any."""
        total = len(commands)
        for n, raw in enumerate(commands, 1):
            try:
                command = command_from_dict(dict(raw), self.scenario)
                events = self._advance(command)
            except _REPLAY_ERRORS as exc:
                reason = getattr(exc, "reason", None) or str(exc) or exc.__class__.__name__
                move = f"move {n} of {total} ({raw.get('type')} by {raw.get('side')})"
                if content_changed:
                    return SaveError(
                        f"the content has changed since this game was saved, and {move} is "
                        f"no longer legal: {reason}"
                    )
                return SaveError(f"{move} does not replay: {reason}")
            if on_step is not None:  # outside the try: the hook's own errors are not the save's
                on_step(self, command, tuple(events))
        return None

    def attach(self, saves_dir: Path, save_path: Path) -> None:
        """Save this game from now on to `save_path` inside `saves_dir`. When the file already
        exists (a resumed save), nothing is written until a move changes the game (not even to
        update its format or its unverified mark), so its backup stays one move behind."""
        self.saves_dir = saves_dir
        self.save_path = save_path
        text = self._encoded()
        # a resumed save stays as it is (its format, its marks) until a move changes the game
        self._written = text if save_path.exists() else ""

    def fork(self, round: int, saves_dir: Path | None = None) -> Session:
        """A new game from the start of `round` (the moment it began, before the player's first
        move in it): the same scenario, seed, sides and personas, and this game's moves up to
        then. Its save records this game as its parent, and is written beside this one (or in
        `saves_dir`) under a new name; this game is not touched."""
        if not 1 <= round <= self.state.round:
            reached = self.state.round
            raise ValueError(
                f"a fork starts at a round this game has reached: 1 to {reached}, not {round}"
                if reached
                else "this game has not reached round 1 yet; there is nothing to fork"
            )
        state = self.state
        child = Session._begin(
            self.scenario, self.player, state.seed, state.personas, not self.ai_sides, self.name
        )
        for command in self._played.log:
            if child.state.round >= round:
                break
            child._advance(command)
        source = self.save_path or self.loaded_from
        child.parent = Parent(source.name if source else "", round)
        child.unverified = self.unverified
        folder = saves_dir if saves_dir is not None else self.saves_dir
        if folder is not None:
            stem = (
                source.stem if source else default_stem(self.scenario.id, self.player, state.seed)
            )
            child.attach(folder, new_save_path(folder, f"{stem}-fork-r{round}"))
            child.save()
        return child

    # -----------------------------------------------------------------------------------------
    # Playing

    @property
    def state(self) -> GameState:
        return self._played.state

    @property
    def log(self) -> list[Command]:
        return list(self._played.log)

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario

    @property
    def player(self) -> str:
        return self.state.player

    @property
    def over(self) -> bool:
        return self.state.phase is Phase.END

    def actor(self) -> str | None:
        return actor(self.state)

    def legal(self) -> list[Command]:
        return legal_commands(self.state)

    def submit(self, command: Command) -> list[Event]:
        """Apply a human's command, then the AI's answers until a human must act again, and save.
        Raises IllegalMove (nothing changes) for an illegal command or one that is the AI's."""
        events = self._advance(command)
        self.save()
        return events

    def _advance(self, command: Command) -> list[Event]:
        if command.side in self.ai_sides:
            raise IllegalMove(f"The AI plays {command.side}; you cannot move for it.")
        played = self._played
        state, events = apply(played.state, command)
        state, answers = self._ai_answers(state)
        # the commit: one assignment, so the state and the log never disagree
        self._played = _Played(state, (*played.log, command))
        out = [*events, *answers]
        self.transcript.extend(out)
        return out

    def choices(self, side: str | None = None) -> Choices:
        """What `side` (default: whoever must act) can do now, from `legal_commands`."""
        return choices_of(self.state, side)

    def view(self, side: str | None = None) -> PlayerView:
        """The game as `side` may know it; by default the player's, in hotseat the side that
        must act (the player's once the game is over)."""
        if side is None:
            side = self.player if self.ai_sides else (self.actor() or self.player)
        return player_view(self.state, side)

    def proceed_if_only_move(self) -> list[Event]:
        """Take the `Proceed` when it is the only thing to do (scripts and simulations)."""
        if self.choices().only_proceed:
            return self.submit(Proceed(self.player))
        return []

    def _ai_answers(self, state: GameState) -> tuple[GameState, list[Event]]:
        out: list[Event] = []
        for _ in range(_AI_MOVES_LIMIT):
            side = actor(state)
            if side is None or side not in self.ai_sides:
                return state, out
            thought = think(state)
            line = ""
            if thought.situation not in ("event", "proceed"):
                line = remark(state, side, thought.situation)
            state, events = apply(state, thought.command)
            if line:
                out.append(Said(side, thought.situation, line))
            out.extend(events)
        raise RuntimeError("the AI made too many moves in a row")  # a bug, never a player error

    # -----------------------------------------------------------------------------------------
    # Transcript and save

    def transcript_dicts(self) -> list[dict[str, Any]]:
        return [event_to_dict(e, self.scenario) for e in self.transcript]

    def summary(self) -> dict[str, Any]:
        return summarise(self.state)

    def save_data(self) -> SaveData:
        played = self._played  # read once: the state and the log saved belong together
        state = played.state
        return sealed(
            SaveData(
                format=SAVE_FORMAT,
                game_version=__version__,
                scenario=state.scenario.id,
                content_fingerprint=state.scenario.fingerprint,
                role=state.player,
                personas=state.personas,
                hotseat=not self.ai_sides,
                seed=state.seed,
                name=self.name,
                parent=self.parent,
                commands=tuple(command_to_dict(c, state.scenario) for c in played.log),
                summary=summarise(state),
                chain=None,
                unverified=self.unverified,
                setup=state.scenario.setup,
            )
        )

    def to_save(self) -> dict[str, Any]:
        return save_to_dict(self.save_data())

    def _encoded(self) -> str:
        return encode_save(self.to_save())

    def save(self) -> None:
        """Write the save (atomically, keeping the previous one as NAME.json.bak), unless it
        would be the same as the last one written."""
        path = self.save_path
        if path is None:
            return
        text = self._encoded()
        if text == self._written and path.exists():
            return
        write_save(self.saves_dir if self.saves_dir is not None else path.parent, path, text)
        self._written = text


def _check_personas(scenario: Scenario, personas: tuple[str, str]) -> None:
    for side, persona_id in zip(SIDES, personas, strict=True):
        try:
            persona = scenario.persona(persona_id)
        except KeyError:
            raise SaveError(
                f"the save names persona {persona_id!r}, which the content lacks"
            ) from None
        if persona.side != side:
            raise SaveError(f"persona {persona_id!r} plays {persona.side}, not {side}")


def _check_setup(scenario: Scenario, save: SaveData) -> None:
    """The scenario must be cut as the save was (an empty variant or difficulty in an older save
    means the scenario's default)."""
    want, have = save.setup, scenario.setup
    if (
        (want.variant and want.variant != have.variant)
        or (want.difficulty and want.difficulty != have.difficulty)
        or attrs.evolve(want, variant="", difficulty="")
        != attrs.evolve(have, variant="", difficulty="")
    ):
        raise SaveError(
            f"a game of variant {want.variant or 'default'!r}, difficulty "
            f"{want.difficulty or 'default'!r}, not {have.variant!r}, {have.difficulty!r}"
        )
