"""What the app hands a game screen after each move: the Session to render and what just
happened."""

from __future__ import annotations

from attrs import field, frozen

from game.engine.events import Event
from game.session.session import Session


@frozen
class Turn:
    session: Session = field(eq=False)
    events: tuple[Event, ...] = ()
