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

from collections.abc import Iterator
from pathlib import Path

from attrs import frozen

from game.content.loader import ContentErrors, load_scenario
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
    GameState,
    Phase,
    Scenario,
    SideEvent,
    Terms,
    other,
)
from game.engine.variants import UnknownSetup
from game.headless.script_format import (
    Expect,
    Move,
    Script,
    ScriptError,
    ScriptResult,
    did_you_mean,
)
from game.headless.script_reader import load_script
from game.session.session import Session

__all__ = [  # what a caller needs to check and play a script, importable from here
    "Expect",
    "Move",
    "Script",
    "ScriptError",
    "ScriptResult",
    "Step",
    "check_script",
    "load_script",
    "load_script_scenario",
    "script_steps",
    "start_session",
    "step_refused",
    "submit_step",
]


_STEP_LIMIT = 1000


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
