"""One running game: the engine, the AI on the other side, the command log and the autosave.

Every front end (the Textual app, the plain line mode, scripts, the simulator) drives a game
through this class and nothing else:

    session = Session.start(scenario, role="japan", seed=7, saves_dir=Path("saves"))
    entries = session.submit(Propose("japan", terms))   # the player's move, then the AI's replies
    session.state, session.legal(), session.transcript

The log holds only the commands of human players; the AI's moves are a pure function of the state,
so replaying the log reproduces the game exactly. The save is written after every move.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from game import __version__
from game.engine.commands import Command, Proceed, command_from_dict, command_to_dict
from game.engine.events import Event, Said, event_to_dict
from game.engine.machine import IllegalMove, actor, apply, legal_commands, new_game
from game.engine.model import SIDES, GameState, Phase, Scenario, other, side_index
from game.engine.opponent import remark, think

SAVE_FORMAT = 1
# AI moves between two human moves; far above any real game, it only guards against a bug
_AI_MOVES_LIMIT = 64


class SaveError(Exception):
    """A save that cannot be used; `reason` says what and where."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


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
        self.state = state
        self.ai_sides = ai_sides
        self.saves_dir = saves_dir
        self.name = name
        self.save_path = save_path
        self.log: list[Command] = []
        self.transcript: list[Event] = list(start_events)

    # -----------------------------------------------------------------------------------------
    # Starting and resuming

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
        (default: the scenario's) unless `hotseat`, when both sides are human."""
        personas = list(scenario.default_personas)
        if persona is not None:
            chosen = scenario.persona(persona)  # KeyError for an unknown persona
            if chosen.side == role:
                raise ValueError(f"persona {persona!r} plays {chosen.side}, the player's own side")
            personas[side_index(chosen.side)] = persona
        state, events = new_game(scenario, role, seed, (personas[0], personas[1]))
        ai = frozenset() if hotseat else frozenset({other(role)})
        save_path = _new_save_path(saves_dir, scenario.id, role, seed) if saves_dir else None
        session = cls(state, ai, saves_dir, name, save_path, events)
        session._run_ai()
        session.save()
        return session

    @classmethod
    def replay(
        cls,
        scenario: Scenario,
        data: dict[str, Any],
        saves_dir: Path | None = None,
        save_path: Path | None = None,
    ) -> Session:
        """Rebuild a game from a save's contents by replaying its commands."""
        try:
            role = data["role"]
            seed = data["seed"]
            personas = data["personas"]
            commands = data["commands"]
        except (KeyError, TypeError) as exc:
            raise SaveError(f"the save has no {exc}") from None
        if role not in SIDES or not isinstance(seed, int) or not isinstance(commands, list):
            raise SaveError("the save's role, seed or commands are malformed")
        if not isinstance(personas, dict):
            raise SaveError("the save's personas are malformed")
        ai_persona = personas.get(other(role))
        try:
            session = cls.start(
                scenario,
                role,
                seed,
                persona=ai_persona,
                saves_dir=None,
                name=str(data.get("name", "")),
                hotseat=bool(data.get("hotseat", False)),
            )
        except (KeyError, ValueError) as exc:
            raise SaveError(f"the save names an unknown persona: {exc}") from None
        for n, raw in enumerate(commands, 1):
            try:
                session.submit(command_from_dict(raw, scenario))
            except (ValueError, IllegalMove, AttributeError, TypeError) as exc:
                reason = getattr(exc, "reason", str(exc))
                raise SaveError(f"command {n} does not replay: {reason}") from None
        session.saves_dir = saves_dir
        session.save_path = save_path
        return session

    # -----------------------------------------------------------------------------------------
    # Playing

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
        """Apply a human's command, then the AI's answers until a human must act again.
        Raises IllegalMove (nothing changes) for an illegal command or one that is the AI's."""
        if command.side in self.ai_sides:
            raise IllegalMove(f"The AI plays {command.side}; you cannot move for it.")
        self.state, events = apply(self.state, command)
        self.log.append(command)
        out = list(events)
        out.extend(self._run_ai())
        self.transcript.extend(out)
        self.save()
        return out

    def proceed_if_only_move(self) -> list[Event]:
        """Take the `Proceed` when it is the only thing to do (scripts and simulations)."""
        if not self.over and self.state.phase is not Phase.NEGOTIATION and not self.state.pending:
            return self.submit(Proceed(self.player))
        return []

    def _run_ai(self) -> list[Event]:
        out: list[Event] = []
        for _ in range(_AI_MOVES_LIMIT):
            side = actor(self.state)
            if side is None or side not in self.ai_sides:
                return out
            thought = think(self.state)
            line = ""
            if thought.situation not in ("event", "proceed"):
                line = remark(self.state, side, thought.situation)
            self.state, events = apply(self.state, thought.command)
            if line:
                out.append(Said(side, thought.situation, line))
            out.extend(events)
        raise RuntimeError("the AI made too many moves in a row")  # a bug, never a player error

    # -----------------------------------------------------------------------------------------
    # Transcript and save

    def transcript_dicts(self) -> list[dict[str, Any]]:
        return [event_to_dict(e, self.scenario) for e in self.transcript]

    def summary(self) -> dict[str, Any]:
        state = self.state
        return {
            "phase": state.phase.value,
            "round": state.round,
            "last_round": state.last_round,
            "to_move": actor(state),
            "ending": state.ending.value if state.ending else None,
            "ended_by": state.ended_by,
            "meters": {m.id: v for m, v in zip(self.scenario.meters, state.meters, strict=True)},
            "agreed": self.scenario.terms_to_ids(state.agreed) if state.agreed else None,
            "moves": state.moves,
        }

    def to_save(self) -> dict[str, Any]:
        return {
            "format": SAVE_FORMAT,
            "game_version": __version__,
            "scenario": self.scenario.id,
            "content_fingerprint": self.scenario.fingerprint,
            "role": self.player,
            "personas": dict(zip(SIDES, self.state.personas, strict=True)),
            "hotseat": not self.ai_sides,
            "seed": self.state.seed,
            "name": self.name,
            "commands": [command_to_dict(c, self.scenario) for c in self.log],
            "summary": self.summary(),
        }

    def save(self) -> None:
        if self.save_path is None:
            return
        write_atomic(self.save_path, json.dumps(self.to_save(), indent=1, sort_keys=True) + "\n")


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, then rename over `path`, so a
    crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _new_save_path(saves_dir: Path, scenario_id: str, role: str, seed: int) -> Path:
    stem = re.sub(r"[^a-z0-9-]+", "-", f"{scenario_id}-{role}-seed{seed}".lower())
    path = saves_dir / f"{stem}.json"
    n = 2
    while path.exists():
        path = saves_dir / f"{stem}-{n}.json"
        n += 1
    return path


def load_save(path: Path) -> dict[str, Any]:
    """Read a save's JSON; every way it can be unusable becomes a SaveError naming the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SaveError(f"{path}: no such save") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SaveError(f"{path}: cannot be read ({exc.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SaveError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise SaveError(f"{path}: not a save (expected a JSON object)")
    if data.get("format") != SAVE_FORMAT:
        raise SaveError(f"{path}: save format {data.get('format')!r} is not {SAVE_FORMAT}")
    return data
