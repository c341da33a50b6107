"""The script format: a script as read (`Script`, its `Move`s and `Expect`ations), the
`ScriptError` that says it cannot be played as written, and a played script's `ScriptResult`.
script_reader.py reads one; script.py checks it against a scenario and plays it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from attrs import field, frozen

from game.content.reader import line_of
from game.content.tables import did_you_mean as _close_match
from game.engine.model import Ending

AFTER_POLICIES = ("stop", "reject", "accept", "hold")
# `answer`: what to do when a side-event waits and neither a `choose` move nor [answers] says
ANSWER_POLICIES = ("ask", "first")
ENDINGS = tuple(e.value for e in Ending)
MOVE_ACTIONS = ("propose", "hold", "signal", "choose", "accept", "reject", "walk", "proceed")


# ---------------------------------------------------------------------------------------------
# The script and its problems


class ScriptError(Exception):
    """A script that cannot be played as written. Printed as `path:line: message`, followed by
    any `details` (such as the content problems behind an unloadable scenario), one per line."""

    def __init__(
        self, path: Path | str, line: int, message: str, details: Sequence[str] = ()
    ) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = Path(path)
        self.line = line
        self.message = message
        self.details = tuple(details)


@frozen
class Move:
    """One of the player's moves; `key` is its key path (`moves[2]`) for finding lines."""

    action: str  # one of MOVE_ACTIONS
    number: int  # 1-based, as the author counts
    line: int
    key: str
    picks: tuple[tuple[str, str], ...] = ()  # propose: (issue id, option id)
    signal: str = ""
    issue: str = ""
    option: str = ""
    event: str = ""

    def describe(self) -> str:
        match self.action:
            case "propose":
                changes = ", ".join(f"{i} = {o}" for i, o in self.picks)
                return f"propose {{{changes}}}" if changes else "propose (the same terms)"
            case "signal":
                return f"signal {self.signal}" + (f" on {self.issue}" if self.issue else "")
            case "choose":
                return f"choose {self.option}" + (f" for {self.event}" if self.event else "")
        return self.action


@frozen
class Expect:
    ending: str | None = None
    ended_by: str | None = None
    agreed: tuple[tuple[str, str], ...] = ()
    utility: tuple[tuple[str, float, float], ...] = ()
    rounds: tuple[int, int] | None = None
    events_fired: tuple[str, ...] = ()
    events_not_fired: tuple[str, ...] = ()
    transcript_contains: tuple[str, ...] = ()


@frozen
class Script:
    path: Path
    title: str
    scenario: str
    role: str
    seed: int
    opponent: str | None
    name: str
    after: str
    moves: tuple[Move, ...]
    expect: Expect
    # [answers]: event id -> option id, the standing answer whenever that event waits for you
    answers: tuple[tuple[str, str], ...] = ()
    answer: str = "ask"  # one of ANSWER_POLICIES
    # key path -> line, from game.content.reader, so later checks can point into the file
    lines: Mapping[str, int] = field(factory=dict, eq=False, repr=False)
    variant: str = ""  # "" = the scenario's default, as `tnt play`
    difficulty: str = ""

    def line(self, key: str) -> int:
        return line_of(self.lines, key) or 1

    def error(self, key: str, message: str) -> ScriptError:
        return ScriptError(self.path, self.line(key), message)


@frozen
class ScriptResult:
    script: Script
    failures: list[str]  # `path:line: key: expected …, got …`, one per failed expectation
    transcript: list[dict[str, Any]]  # the events, as Session.transcript_dicts()
    text: list[str]  # the readable transcript
    opponent: str
    ending: str | None
    ended_by: str | None
    round: int
    agreed: dict[str, str] | None
    # once the game has ended: the ratified deal's utility, else each side's no-deal value
    # (as GameEnded reports it, counting what events did to each side's alternatives)
    utilities: dict[str, float] | None
    fired: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        script = self.script
        return {
            "script": str(script.path),
            "title": script.title,
            "scenario": script.scenario,
            # a cut of the scenario, only when the script asks for one (older JSON unchanged)
            **({"variant": script.variant} if script.variant else {}),
            **({"difficulty": script.difficulty} if script.difficulty else {}),
            "role": script.role,
            "opponent": self.opponent,
            "seed": script.seed,
            "ending": self.ending,
            "ended_by": self.ended_by,
            "round": self.round,
            "agreed": self.agreed,
            # rounded like the transcript's floats, so the JSON reads the same on every platform
            "utilities": {k: round(v, 4) for k, v in self.utilities.items()}
            if self.utilities
            else None,
            "events_fired": list(self.fired),
            "passed": self.passed,
            "failures": self.failures,
            "transcript": self.transcript,
        }


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """` (did you mean 'x'?)` for a near miss, as content says it, then the known ids (while
    there are few enough)."""
    known = list(known)
    hint = _close_match(value, known)
    if len(known) <= 16:
        hint += f" (known: {', '.join(known)})" if known else " (there are none)"
    return hint
