"""What the app hands a game screen after each move: the Session to render and what just
happened."""

from __future__ import annotations

from attrs import field, frozen

from game.engine.events import Event, RoundStarted
from game.session.session import Session


@frozen
class Turn:
    session: Session = field(eq=False)
    events: tuple[Event, ...] = ()


def this_round(session: Session) -> tuple[Event, ...]:
    """What has happened in the round under way: a game opened from a save shows it as the
    news, as if it had just been played."""
    transcript = session.transcript
    for n in range(len(transcript) - 1, -1, -1):
        if isinstance(transcript[n], RoundStarted):
            return tuple(transcript[n:])
    return ()
