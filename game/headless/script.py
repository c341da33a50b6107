"""Headless playthroughs: read a script (TOML), play it through the same `Session` a player uses,
check its expectations, and write a transcript.

    script = load_script(Path("tests/playthroughs/deal-as-japan.toml"))
    result = run_script(script, content_dir)
    result.failures   # [] when every expectation holds; else one line per failed expectation

Two kinds of trouble are kept apart, because they mean different things to whoever runs the script:
a `ScriptError` (exit 2) says the script cannot be played as written — a missing file, bad TOML, an
unknown key, issue, option, event or signal, a move the rules do not allow at that point — while a
failure (exit 1) says the game was played and came out differently from what the script expects.
The format is described in docs/scripts.md.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from attrs import field, frozen

from game.content import DEFAULT_SCENARIO
from game.content.loader import ContentErrors, load_scenario
from game.content.reader import key_lines, line_of
from game.engine.commands import (
    Accept,
    Choose,
    Command,
    Proceed,
    Propose,
    Reject,
    Signal,
    WalkAway,
)
from game.engine.events import Event
from game.engine.machine import IllegalMove, decider_of, proposal_base
from game.engine.model import (
    SIDE_NAMES,
    SIDES,
    Ending,
    GameState,
    Phase,
    Scenario,
    SideEvent,
    Terms,
    other,
)
from game.engine.variants import UnknownSetup
from game.session.session import Session

AFTER_POLICIES = ("stop", "reject", "accept", "hold")
# `answer`: what to do when a side-event waits and neither a `choose` move nor [answers] says
ANSWER_POLICIES = ("ask", "first")
ENDINGS = tuple(e.value for e in Ending)
MOVE_ACTIONS = ("propose", "hold", "signal", "choose", "accept", "reject", "walk", "proceed")

_TOP_KEYS = (
    "title",
    "scenario",
    "variant",
    "difficulty",
    "role",
    "opponent",
    "seed",
    "name",
    "after",
    "answer",
    "answers",
    "moves",
    "expect",
)
# keys a move may carry beside its action
_MOVE_EXTRAS: Mapping[str, tuple[str, ...]] = {"signal": ("issue",), "choose": ("event",)}
_EXPECT_KEYS = (
    "ending",
    "ended_by",
    "agreed",
    "utility",
    "rounds",
    "events_fired",
    "events_not_fired",
    "transcript_contains",
)
# Each `Proceed` moves the game one step (a round, a vote); games are far shorter than this, so
# the limits only stop a runaway loop if the engine ever misbehaves.
_STEP_LIMIT = 1000
_TOML_POSITION = re.compile(r"\s*\(at (?:line (\d+), column \d+|end of document)\)$")


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
    """`; did you mean 'x'?` for a near miss, then the known ids (while there are few enough)."""
    known = list(known)
    hint = ""
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    if close:
        hint = f"; did you mean {close[0]!r}?"
    if len(known) <= 16:
        hint += f" (known: {', '.join(known)})" if known else " (there are none)"
    return hint


# ---------------------------------------------------------------------------------------------
# Reading a script


def load_script(path: Path | str) -> Script:
    """Read and check a script's shape (not yet against a scenario: see `check_script`)."""
    path = Path(path)
    text = _read_text(path)
    data = _parse_toml(path, text)
    return _Reader(path, key_lines(text)).script(data)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise ScriptError(path, 1, "no such script file") from None
    except IsADirectoryError:
        raise ScriptError(path, 1, "is a folder, not a script file") from None
    except UnicodeDecodeError as exc:
        raise ScriptError(path, 1, f"not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise ScriptError(path, 1, f"cannot be read ({exc.strerror or exc})") from None


def _parse_toml(path: Path, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's error has no line attribute; its message ends "(at line L, column C)".
        message = str(exc)
        found = _TOML_POSITION.search(message)
        line = text.count("\n") + 1
        if found:
            message = message[: found.start()]
            line = int(found.group(1)) if found.group(1) else line
        raise ScriptError(path, line, f"not valid TOML: {message}") from None


class _Reader:
    """Turns the parsed TOML into a `Script`, raising a ScriptError at the first problem."""

    def __init__(self, path: Path, lines: dict[str, int]) -> None:
        self.path = path
        self.lines = lines

    def error(self, key: str, message: str) -> ScriptError:
        return ScriptError(self.path, line_of(self.lines, key) or 1, message)

    def script(self, data: dict[str, Any]) -> Script:
        self.known_keys(data, "", _TOP_KEYS, "key")
        return Script(
            path=self.path,
            title=self.string(data, "title", required=True),
            scenario=self.string(data, "scenario", default=DEFAULT_SCENARIO),
            role=self.choice(data, "role", SIDES),
            seed=self.integer(data, "seed"),
            opponent=self.string(data, "opponent") or None,
            name=self.string(data, "name"),
            after=self.choice(data, "after", AFTER_POLICIES, default="stop"),
            moves=self.moves(data.get("moves", [])),
            expect=self.expect(data.get("expect", {})),
            answers=self.answers(data.get("answers", {})),
            answer=self.choice(data, "answer", ANSWER_POLICIES, default="ask"),
            lines=self.lines,
            variant=self.string(data, "variant"),
            difficulty=self.string(data, "difficulty"),
        )

    # -- plain values -----------------------------------------------------------------------

    def known_keys(
        self, table: Mapping[str, Any], at: str, known: Sequence[str], what: str
    ) -> None:
        for key in table:
            if key not in known:
                where = f"{at}.{key}" if at else key
                raise self.error(where, f"unknown {what} {key!r}{did_you_mean(key, known)}")

    def string(
        self,
        table: Mapping[str, Any],
        key: str,
        at: str = "",
        required: bool = False,
        default: str = "",
    ) -> str:
        where = f"{at}.{key}" if at else key
        if key not in table:
            if required:
                raise self.error(at, f"{where} is missing (a string)")
            return default
        value = table[key]
        if not isinstance(value, str):
            raise self.error(where, f"{where} must be a string, not {value!r}")
        if required and not value.strip():
            raise self.error(where, f"{where} must not be empty")
        return value

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        choices: Sequence[str],
        at: str = "",
        default: str | None = None,
    ) -> str:
        where = f"{at}.{key}" if at else key
        if key not in table and default is not None:
            return default
        value = self.string(table, key, at, required=True)
        if value not in choices:
            raise self.error(where, f"{where} {value!r} is not one of: {', '.join(choices)}")
        return value

    def integer(self, table: Mapping[str, Any], key: str) -> int:
        if key not in table:
            raise self.error("", f"{key} is missing (a whole number)")
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"{key} must be a whole number, not {value!r}")
        return value

    def strings(self, table: Mapping[str, Any], key: str, at: str) -> tuple[str, ...]:
        where = f"{at}.{key}"
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.error(where, f"{where} must be a list of strings")
        return tuple(value)

    def number_range(self, value: object, where: str) -> tuple[float, float]:
        """`[low, high]`, or one number meaning exactly that."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value), float(value)
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
            and value[0] <= value[1]
        ):
            return float(value[0]), float(value[1])
        raise self.error(where, f"{where} must be [low, high] with low <= high, not {value!r}")

    def answers(self, raw: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise self.error("answers", '[answers] must be a table of event = "option id"')
        for event_id, option_id in raw.items():
            if not option_id:
                raise self.error(f"answers.{event_id}", f"answers.{event_id} must not be empty")
        return tuple(raw.items())

    # -- moves --------------------------------------------------------------------------------

    def moves(self, raw: object) -> tuple[Move, ...]:
        if not isinstance(raw, list) or not all(isinstance(m, dict) for m in raw):
            raise self.error("moves", "moves must be [[moves]] tables")
        return tuple(self.move(m, n) for n, m in enumerate(raw))

    def move(self, raw: dict[str, Any], index: int) -> Move:
        key = f"moves[{index}]"
        name = f"move {index + 1}"
        actions = [a for a in MOVE_ACTIONS if a in raw]
        if len(actions) != 1:
            found = " and ".join(actions) if actions else "none"
            raise self.error(
                key, f"{name} needs exactly one of {', '.join(MOVE_ACTIONS)} ({found})"
            )
        action = actions[0]
        self.known_keys(raw, key, (action, *_MOVE_EXTRAS.get(action, ())), f"key in {name}")
        line = line_of(self.lines, key) or 1
        move = Move(action, index + 1, line, key)
        value = raw[action]
        where = f"{key}.{action}"
        match action:
            case "propose":
                return self.proposal(move, value, where)
            case "signal" | "choose":
                if not isinstance(value, str) or not value:
                    raise self.error(where, f"{name}: {action} must be an id (a string)")
                if action == "signal":
                    return attrs.evolve(move, signal=value, issue=self.string(raw, "issue", key))
                return attrs.evolve(move, option=value, event=self.string(raw, "event", key))
        if value is not True:
            raise self.error(where, f"{name}: write {action} = true")
        return move

    def proposal(self, move: Move, value: object, where: str) -> Move:
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise self.error(where, f'{where} must be a table of issue = "option id"')
        return attrs.evolve(move, picks=tuple(value.items()))

    # -- expectations -------------------------------------------------------------------------

    def expect(self, raw: object) -> Expect:
        if not isinstance(raw, dict):
            raise self.error("expect", "expect must be a table")
        self.known_keys(raw, "expect", _EXPECT_KEYS, "expectation")
        ending = self.choice(raw, "ending", ENDINGS, "expect") if "ending" in raw else None
        ended_by = self.choice(raw, "ended_by", SIDES, "expect") if "ended_by" in raw else None
        return Expect(
            ending=ending,
            ended_by=ended_by,
            agreed=self.agreed(raw.get("agreed", {})),
            utility=self.utility(raw.get("utility", {})),
            rounds=self.rounds(raw),
            events_fired=self.strings(raw, "events_fired", "expect"),
            events_not_fired=self.strings(raw, "events_not_fired", "expect"),
            transcript_contains=self.strings(raw, "transcript_contains", "expect"),
        )

    def agreed(self, raw: object) -> tuple[tuple[str, str], ...]:
        if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
            raise self.error(
                "expect.agreed", 'expect.agreed must be a table of issue = "option id"'
            )
        return tuple(raw.items())

    def utility(self, raw: object) -> tuple[tuple[str, float, float], ...]:
        if not isinstance(raw, dict):
            raise self.error(
                "expect.utility", "expect.utility must be a table: utility.japan = [lo, hi]"
            )
        self.known_keys(raw, "expect.utility", SIDES, "side")
        out = []
        for side, value in raw.items():
            low, high = self.number_range(value, f"expect.utility.{side}")
            out.append((side, low, high))
        return tuple(out)

    def rounds(self, raw: Mapping[str, Any]) -> tuple[int, int] | None:
        if "rounds" not in raw:
            return None
        low, high = self.number_range(raw["rounds"], "expect.rounds")
        if low != int(low) or high != int(high):
            raise self.error("expect.rounds", "expect.rounds must be whole round numbers")
        return int(low), int(high)


# ---------------------------------------------------------------------------------------------
# Checking a script against its scenario (before anything is played)


def check_script(script: Script, scenario: Scenario) -> None:
    """Every id the script names must exist in the scenario; raises the first ScriptError."""
    _check_opponent(script, scenario)
    _check_answers(script, scenario)
    for move in script.moves:
        _check_move(script, scenario, move)
    for issue_id, option_id in script.expect.agreed:
        _check_option(script, scenario, "expect.agreed", issue_id, option_id)
    event_ids = [e.id for e in scenario.events]
    for key in ("events_fired", "events_not_fired"):
        for n, event_id in enumerate(getattr(script.expect, key)):
            if event_id not in event_ids:
                where = f"expect.{key}[{n}]"
                raise script.error(
                    where, f"unknown event {event_id!r}{did_you_mean(event_id, event_ids)}"
                )


def _check_opponent(script: Script, scenario: Scenario) -> None:
    if script.opponent is None:
        return
    theirs = [p.id for p in scenario.personas if p.side == other(script.role)]
    if script.opponent not in theirs:
        mine = [p.id for p in scenario.personas if p.side == script.role]
        why = "plays your own side" if script.opponent in mine else "is not a persona"
        raise script.error(
            "opponent",
            f"opponent {script.opponent!r} {why}{did_you_mean(script.opponent, theirs)}",
        )


def _check_answers(script: Script, scenario: Scenario) -> None:
    """Each standing answer names an event the player decides, and one of its answers."""
    yours = [
        e.id for e in scenario.events if e.options and (e.decider or script.role) == script.role
    ]
    for event_id, option_id in script.answers:
        where = f"answers.{event_id}"
        try:
            event = scenario.event(event_id)
        except KeyError:
            hint = did_you_mean(event_id, yours)
            if event_id == "answer":  # TOML put a top-level key written below [answers] in it
                hint = "; write answer = … above [answers], with the top-level keys"
            raise script.error(where, f"answers: unknown event {event_id!r}{hint}") from None
        if not event.options:
            raise script.error(
                where, f"answers: {event.title} ({event_id}) asks nobody for an answer"
            )
        decider = event.decider or script.role
        if decider != script.role:
            raise script.error(
                where,
                f"answers: {SIDE_NAMES[decider]} answers {event.title} ({event_id}), not you",
            )
        options = [o.id for o in event.options]
        if option_id not in options:
            raise script.error(
                where,
                f"answers.{event_id}: {option_id!r} is not an answer to {event.title}"
                f"{did_you_mean(option_id, options)}",
            )


def _check_move(script: Script, scenario: Scenario, move: Move) -> None:
    match move.action:
        case "propose":
            for issue_id, option_id in move.picks:
                where = f"{move.key}.propose"
                _check_option(script, scenario, where, issue_id, option_id, f"move {move.number}: ")
        case "signal":
            _check_signal(script, scenario, move)
        case "choose" if move.event:
            _check_choice(script, _event(script, scenario, move), move)


def _check_option(
    script: Script, scenario: Scenario, at: str, issue_id: str, option_id: str, prefix: str = ""
) -> None:
    issues = [i.id for i in scenario.issues]
    if issue_id not in issues:
        raise script.error(
            f"{at}.{issue_id}",
            f"{prefix}unknown issue {issue_id!r}{did_you_mean(issue_id, issues)}",
        )
    options = [o.id for o in scenario.issues[scenario.issue_index(issue_id)].options]
    if option_id not in options:
        hint = did_you_mean(option_id, options)
        raise script.error(
            f"{at}.{issue_id}", f"{prefix}unknown option {option_id!r} for {issue_id}{hint}"
        )


def _check_signal(script: Script, scenario: Scenario, move: Move) -> None:
    known = [s.id for s in scenario.signals if script.role in s.sides]
    if move.signal not in known:
        raise script.error(
            f"{move.key}.signal",
            f"move {move.number}: unknown signal {move.signal!r} for {script.role}"
            f"{did_you_mean(move.signal, known)}",
        )
    needs_issue = scenario.signal(move.signal).needs_issue
    issues = [i.id for i in scenario.issues]
    if needs_issue and not move.issue:
        raise script.error(move.key, f'move {move.number}: signal {move.signal} needs issue = "…"')
    if not needs_issue and move.issue:
        raise script.error(f"{move.key}.issue", f"move {move.number}: {move.signal} takes no issue")
    if move.issue and move.issue not in issues:
        raise script.error(
            f"{move.key}.issue",
            f"move {move.number}: unknown issue {move.issue!r}{did_you_mean(move.issue, issues)}",
        )


def _event(script: Script, scenario: Scenario, move: Move) -> SideEvent:
    try:
        return scenario.event(move.event)
    except KeyError:
        ids = [e.id for e in scenario.events]
        raise script.error(
            f"{move.key}.event",
            f"move {move.number}: unknown event {move.event!r}{did_you_mean(move.event, ids)}",
        ) from None


def _check_choice(script: Script, event: SideEvent, move: Move) -> None:
    options = [o.id for o in event.options]
    if move.option not in options:
        raise script.error(
            f"{move.key}.choose",
            f"move {move.number}: {move.option!r} is not an answer to {event.title} ({event.id})"
            f"{did_you_mean(move.option, options)}",
        )


# ---------------------------------------------------------------------------------------------
# Playing


def load_script_scenario(script: Script, content_dir: Path) -> Scenario:
    """The scenario the script names; an unknown or broken one is a ScriptError."""
    folders = content_dir / "scenarios"
    known = sorted(p.name for p in folders.iterdir() if p.is_dir()) if folders.is_dir() else []
    if script.scenario not in known:
        raise script.error(
            "scenario",
            f"unknown scenario {script.scenario!r} in {content_dir}"
            f"{did_you_mean(script.scenario, known)}",
        )
    try:
        return load_scenario(content_dir, script.scenario, script.variant, script.difficulty)
    except UnknownSetup as exc:
        key = "difficulty" if "difficulty" in str(exc) else "variant"
        raise script.error(key, str(exc)) from None
    except ContentErrors as exc:
        problems = [str(e) for e in exc.errors]
        raise ScriptError(
            script.path,
            script.line("scenario"),
            f"scenario {script.scenario!r} has {len(problems)} content problem(s):",
            problems,
        ) from None


def start_session(script: Script, scenario: Scenario, saves_dir: Path | None = None) -> Session:
    """The script's game, checked first (ScriptError for an id the scenario lacks), not played."""
    check_script(script, scenario)
    return Session.start(
        scenario,
        script.role,
        script.seed,
        persona=script.opponent,
        saves_dir=saves_dir,
        name=script.name,
    )


@frozen
class Step:
    """One command the script's player gives next, decided from the game as it stands."""

    command: Command
    kind: str  # "move" (one of the script's moves), "proceed", "answer" (standing), "after"
    move: Move | None = None  # the script's move, for kind "move"

    def describe(self) -> str:
        """What the step does, in the script's words: `move 3: hold`, `rcep-opening = "decline"`
        (a standing answer), `proceed`, `after: propose` (once the moves have run out)."""
        command = self.command
        if self.move is not None:
            return f"move {self.move.number}: {self.move.describe()}"
        if isinstance(command, Choose):
            return f"{command.event} = {command.option!r}"
        if isinstance(command, Proceed):
            return "proceed"
        return f"after: {type(command).__name__.lower()}"


def script_steps(script: Script, session: Session) -> Iterator[Step]:
    """The script's commands one at a time, each decided when it is asked for from the game as
    it stands: the caller submits each step to `session` (`submit_step`) before asking for the
    next, at whatever pace it likes. Raises ScriptError where the script cannot go on (a move
    after the end, a side-event nobody answers); ends when the game ends or the script stops."""
    for move in script.moves:
        if move.action == "choose":
            # the choose move answers the event it names; standing answers only for those before
            yield from _automatic(session, script, answer=False)
            yield from _answers_ahead_of(session, script, move.event)
        else:
            # An explicit `proceed` is the step itself, so nothing is taken for it beforehand.
            yield from _automatic(session, script, proceed=move.action != "proceed")
        yield _move_step(session, script, move)
    yield from _play_out(session, script)


def submit_step(script: Script, session: Session, step: Step) -> list[Event]:
    """Submit `step` to `session`; a move the rules refuse is the script's ScriptError."""
    try:
        return session.submit(step.command)
    except IllegalMove as exc:
        error = step_refused(script, step, exc.reason, session.state)
        if error is None:
            raise
        raise error from None


def step_refused(script: Script, step: Step, reason: str, state: GameState) -> ScriptError | None:
    """The ScriptError for a step the engine refused (`state`: the game, unchanged by it); None
    for an automatic step, which the runner takes only when it is legal (an engine bug)."""
    if step.move is not None:
        where = f"move {step.move.number} ({step.move.describe()})"
        return ScriptError(script.path, step.move.line, f"{where}: {reason} ({_situation(state)})")
    if step.kind == "after":  # the policies only make legal moves; kept for a clean report
        return script.error("after", f"after = {script.after!r}: {reason}")
    return None


def _automatic(
    session: Session, script: Script, proceed: bool = True, answer: bool = True
) -> Iterator[Step]:
    """The steps that need no decision: `Proceed` when it is the only move (with `proceed`) and
    the standing answer to a side-event waiting for the player (with `answer`)."""
    for _ in range(_STEP_LIMIT):
        if session.over:
            return
        if proceed and _only_proceed(session):
            yield Step(Proceed(session.player), "proceed")
            continue
        choice = _standing_answer(script, session.state) if answer else None
        if choice is None:
            return
        yield Step(choice, "answer")
    raise RuntimeError("the game would not stop proceeding")  # an engine bug, not the script's


def _only_proceed(session: Session) -> bool:
    """When `Session.proceed_if_only_move` proceeds: `Proceed` is the only legal move (the
    briefing and the votes at home)."""
    return session.choices().only_proceed


def _answers_ahead_of(session: Session, script: Script, event_id: str) -> Iterator[Step]:
    """Before `choose` for `event_id`, the standing answers to the events waiting ahead of it
    (the engine takes answers in the order the events fired)."""
    for _ in range(_STEP_LIMIT):
        pending = session.state.pending
        if session.over or not event_id or event_id not in pending[1:]:
            return
        choice = _standing_answer(script, session.state)
        if choice is None:
            return
        yield Step(choice, "answer")


def _standing_answer(script: Script, state: GameState) -> Choose | None:
    """The player's answer to the side-event waiting first, from [answers] or `answer = "first"`;
    None when nothing waits for the player, or the script has no answer for it."""
    if not state.pending:
        return None
    event = state.scenario.event(state.pending[0])
    if decider_of(state, event) != state.player:
        return None
    option = dict(script.answers).get(event.id)
    if option is None and script.answer == "first":
        option = event.options[0].id
    return Choose(state.player, event.id, option) if option else None


def _move_step(session: Session, script: Script, move: Move) -> Step:
    where = f"move {move.number} ({move.describe()})"
    state = session.state
    if session.over:
        raise ScriptError(
            script.path, move.line, f"{where}: the game is already over ({_how_it_ended(state)})"
        )
    if state.pending and move.action != "choose":
        raise ScriptError(script.path, move.line, f"{where}: {_waiting(state)}")
    return Step(_command(session, script, move), "move", move)


def _command(session: Session, script: Script, move: Move) -> Command:
    state, player = session.state, session.player
    match move.action:
        case "propose":
            base = proposal_base(state, player)
            return Propose(player, state.scenario.terms_from_ids(dict(move.picks), base))
        case "signal":
            return Signal(player, move.signal, move.issue)
        case "choose":
            event_id = move.event or (state.pending[0] if state.pending else "")
            if state.pending and event_id == state.pending[0]:
                _check_choice(script, state.scenario.event(event_id), move)
            return Choose(player, event_id, move.option)
        case "hold":
            return Propose(player, _last_own_terms(state))
        case "accept":
            return Accept(player)
        case "reject":
            return Reject(player)
        case "walk":
            return WalkAway(player)
    return Proceed(player)


def _play_out(session: Session, script: Script) -> Iterator[Step]:
    """When the moves run out, the player follows `after` until the game ends (or stops)."""
    for _ in range(_STEP_LIMIT):
        yield from _automatic(session, script)
        if session.over or script.after == "stop":
            return
        state = session.state
        if state.pending:
            where = "after" if "after" in script.lines else _last_move_key(script)
            raise script.error(where, f"after the last move: {_waiting(state)}")
        yield Step(_after_command(state, script.after), "after")
    raise RuntimeError("the game did not end")  # the deadline ends every game; an engine bug


def _after_command(state: GameState, policy: str) -> Command:
    player = state.player
    theirs = state.standing is not None and state.standing.by != player
    if theirs and policy == "reject":
        return Reject(player)
    if theirs and policy == "accept":
        return Accept(player)
    return Propose(player, _last_own_terms(state))


def _last_own_terms(state: GameState) -> Terms:
    """The player's last offer, else the status quo: holding means conceding nothing more."""
    for offer in reversed(state.offers):
        if offer.by == state.player:
            return offer.terms
    return state.scenario.status_quo


def _last_move_key(script: Script) -> str:
    return script.moves[-1].key if script.moves else ""


def _waiting(state: GameState) -> str:
    event = state.scenario.event(state.pending[0])
    options = ", ".join(f"{o.id!r} ({o.label})" for o in event.options)
    return (
        f"the side-event {event.title!r} ({event.id}) waits for your answer; "
        f'answer it with a move choose = "…" here, or with {event.id} = "…" in [answers]; '
        f"one of: {options}"
    )


def _situation(state: GameState) -> str:
    if state.phase is not Phase.NEGOTIATION:
        return f"round {state.round}, {state.phase.value}"

    def who(side: str) -> str:
        return SIDE_NAMES[side] + (" (you)" if side == state.player else "")

    table = "nothing on the table"
    if state.standing is not None:
        table = f"{who(state.standing.by)}'s offer on the table"
    return f"round {state.round}, {who(state.to_move)} to move, {table}"


def _how_it_ended(state: GameState) -> str:
    ending = state.ending.value if state.ending else "ended"
    by = f" by {state.ended_by}" if state.ended_by else ""
    return f"{ending}{by} in round {state.round}"
