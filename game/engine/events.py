"""What happened. The machine returns these from every `apply`; front ends narrate them and the
transcript is their JSON form (`event_to_dict`)."""

from __future__ import annotations

from typing import Any

import attrs
from attrs import frozen

from game.engine.model import Ending, Scenario, Terms


@frozen
class GameStarted:
    scenario: str
    player: str
    seed: int


@frozen
class RoundStarted:
    round: int
    date: str
    label: str
    last_round: int


@frozen
class OfferMade:
    side: str
    terms: Terms
    round: int


@frozen
class OfferRejected:
    side: str
    round: int


@frozen
class OfferAccepted:
    side: str
    terms: Terms
    round: int


@frozen
class SignalSent:
    side: str
    signal: str
    issue: str
    round: int


@frozen
class SideEventFired:
    event: str
    family: str
    title: str
    round: int
    decider: str | None


@frozen
class EventChoiceMade:
    event: str
    option: str
    side: str
    round: int


@frozen
class MeterMoved:
    meter: str
    old: int
    new: int
    cause: str


@frozen
class ReservationShifted:
    side: str
    delta: float
    cause: str


@frozen
class NoDealChanged:
    issue: str
    option: str
    cause: str


@frozen
class TemperChanged:
    side: str
    old: float
    new: float
    cause: str


@frozen
class DeadlineExtended:
    last_round: int
    date: str
    cause: str


@frozen
class DealSigned:
    terms: Terms
    round: int


@frozen
class RatificationVote:
    side: str
    stage: str
    chance: float
    passed: bool


@frozen
class WalkedAway:
    side: str
    round: int


@frozen
class DeadlinePassed:
    round: int


@frozen
class GameEnded:
    ending: Ending
    by: str | None
    # japan, us: the ratified deal's utility, or without one, each side's reservation value
    utilities: tuple[float, float]


@frozen
class Said:
    """A line of the AI persona's (invented) dialogue, added by the Session beside its move."""

    side: str
    situation: str
    text: str


Event = (
    GameStarted
    | RoundStarted
    | OfferMade
    | OfferRejected
    | OfferAccepted
    | SignalSent
    | SideEventFired
    | EventChoiceMade
    | MeterMoved
    | ReservationShifted
    | NoDealChanged
    | TemperChanged
    | DeadlineExtended
    | DealSigned
    | RatificationVote
    | WalkedAway
    | DeadlinePassed
    | GameEnded
    | Said
)


def event_name(event: object) -> str:
    """`OfferMade` -> `offer_made`."""
    name = type(event).__name__
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def event_to_dict(event: attrs.AttrsInstance, scenario: Scenario) -> dict[str, Any]:
    """A JSON-ready dict; terms become {issue id: option id}, floats are rounded for stable text."""
    out: dict[str, Any] = {"type": event_name(event)}
    for a in attrs.fields(type(event)):
        value = getattr(event, a.name)
        if isinstance(value, Terms):
            value = scenario.terms_to_ids(value)
        elif isinstance(value, Ending):
            value = value.value
        elif isinstance(value, float):
            value = round(value, 4)
        elif isinstance(value, tuple):
            value = [round(v, 4) if isinstance(v, float) else v for v in value]
        out[a.name] = value
    return out
