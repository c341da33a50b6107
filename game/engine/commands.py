"""What a side can do. A command is a plain value; the machine decides whether it is legal."""

from __future__ import annotations

from typing import Any

from attrs import frozen

from game.engine.model import Scenario, Terms


@frozen
class Proceed:
    """Move the game on: leave the briefing, send a signed deal home, take the next vote."""

    side: str


@frozen
class Propose:
    side: str
    terms: Terms


@frozen
class Accept:
    side: str


@frozen
class Reject:
    """Decline the offer on the table without a counter-offer; the turn passes."""

    side: str


@frozen
class WalkAway:
    side: str


@frozen
class Choose:
    """Pick an option of a side-event that is waiting for this side's decision."""

    side: str
    event: str
    option: str


@frozen
class Signal:
    """Say something without putting terms on the table; one per turn, and the turn goes on."""

    side: str
    signal: str
    issue: str = ""


Command = Proceed | Propose | Accept | Reject | WalkAway | Choose | Signal

COMMAND_NAMES: dict[type, str] = {
    Proceed: "proceed",
    Propose: "propose",
    Accept: "accept",
    Reject: "reject",
    WalkAway: "walk",
    Choose: "choose",
    Signal: "signal",
}


def command_to_dict(command: Command, scenario: Scenario) -> dict[str, Any]:
    """A JSON-ready dict; terms become {issue id: option id} so saves survive reordering."""
    out: dict[str, Any] = {"type": COMMAND_NAMES[type(command)], "side": command.side}
    match command:
        case Propose(terms=terms):
            out["terms"] = scenario.terms_to_ids(terms)
        case Choose(event=event, option=option):
            out["event"], out["option"] = event, option
        case Signal(signal=signal, issue=issue):
            out["signal"] = signal
            if issue:
                out["issue"] = issue
    return out


def command_from_dict(data: dict[str, Any], scenario: Scenario) -> Command:
    """The inverse of command_to_dict. Raises ValueError (with a reason) for anything malformed."""
    kind = data.get("type")
    side = data.get("side")
    if not isinstance(side, str):
        raise ValueError("a command needs a side")
    match kind:
        case "proceed":
            return Proceed(side)
        case "accept":
            return Accept(side)
        case "reject":
            return Reject(side)
        case "walk":
            return WalkAway(side)
        case "propose":
            picks = data.get("terms")
            if not isinstance(picks, dict) or set(picks) != {i.id for i in scenario.issues}:
                raise ValueError("a proposal must name an option for every issue")
            if not all(isinstance(option, str) for option in picks.values()):
                raise ValueError("a proposal names each option by its id (a string)")
            try:
                return Propose(side, scenario.terms_from_ids(picks))
            except KeyError as exc:
                raise ValueError(f"unknown option {exc}") from None
        case "choose":
            event, option = data.get("event"), data.get("option")
            if not isinstance(event, str) or not isinstance(option, str):
                raise ValueError("a choice needs an event and an option")
            return Choose(side, event, option)
        case "signal":
            signal, issue = data.get("signal"), data.get("issue", "")
            if not isinstance(signal, str) or not isinstance(issue, str):
                raise ValueError("a signal needs a signal id")
            return Signal(side, signal, issue)
    raise ValueError(f"unknown command type {kind!r}")
