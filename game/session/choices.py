"""What a side can do now, read once from the engine's `legal_commands`.

Every front end asks the same questions -- may this side accept, which signals are left, is
`Proceed` the only thing to do -- and each used to answer them from the state's fields in its
own words (the plain prompt, the script runner, the simulator, the benches), while the Textual
footer did not ask at all. `choices_of` answers them from the list of legal commands, so a front
end that reads `Choices` offers exactly what the engine would take.
"""

from __future__ import annotations

from attrs import frozen

from game.engine.commands import Accept, Choose, Command, Proceed, Propose, Reject, Signal, WalkAway
from game.engine.machine import legal_commands
from game.engine.model import GameState, Phase


@frozen
class Choices:
    """The moves open to `side` (by default the side that must act) in one state.

    `actor` is who must act (an event's decider, the side to move, the player between phases;
    None at the end); when `side` is not the actor, every move is closed to it. `event` is the
    side-event waiting for an answer first and `options` its answers' ids; `signals` lists each
    sendable signal with the issue it is about ("" for none)."""

    phase: Phase
    side: str | None
    actor: str | None
    event: str = ""
    options: tuple[str, ...] = ()
    can_propose: bool = False
    can_accept: bool = False
    can_reject: bool = False
    can_walk_away: bool = False
    signals: tuple[tuple[str, str], ...] = ()
    only_proceed: bool = False

    @property
    def over(self) -> bool:
        return self.phase is Phase.END

    @property
    def mine(self) -> bool:
        """Whether `side` is the one to act now."""
        return self.actor is not None and self.side == self.actor

    @property
    def signal_ids(self) -> tuple[str, ...]:
        """The ids of the signals that can be sent, each once, in the scenario's order."""
        return tuple(dict.fromkeys(signal for signal, _ in self.signals))

    @property
    def can_signal(self) -> bool:
        return bool(self.signals)


def choices_of(state: GameState, side: str | None = None) -> Choices:
    """The `Choices` of `side` (default: whoever must act) in `state`, from `legal_commands`."""
    legal = legal_commands(state)
    actor = legal[0].side if legal else None
    viewer = actor if side is None else side
    mine = [command for command in legal if command.side == viewer]
    return _from_commands(state.phase, viewer, actor, mine)


def _from_commands(
    phase: Phase, side: str | None, actor: str | None, commands: list[Command]
) -> Choices:
    kinds = {type(command) for command in commands}
    answers = [c for c in commands if isinstance(c, Choose)]
    return Choices(
        phase=phase,
        side=side,
        actor=actor,
        event=answers[0].event if answers else "",
        options=tuple(c.option for c in answers),
        can_propose=Propose in kinds,
        can_accept=Accept in kinds,
        can_reject=Reject in kinds,
        can_walk_away=WalkAway in kinds,
        signals=tuple((c.signal, c.issue) for c in commands if isinstance(c, Signal)),
        only_proceed=kinds == {Proceed},
    )
