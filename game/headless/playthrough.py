"""A script played through: run it, then check the result against its [expect] table, one line
per expectation that failed. The script format itself is script.py's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from game.engine.events import GameEnded
from game.engine.model import (
    SIDES,
    Scenario,
    other,
)
from game.headless.script import (
    Expect,
    Script,
    ScriptResult,
    load_script_scenario,
    script_steps,
    start_session,
    submit_step,
)
from game.present.narrate import transcript_lines
from game.session.session import Session

# ---------------------------------------------------------------------------------------------
# The result and the expectations


def script_result(script: Script, session: Session) -> ScriptResult:
    """The game `session` as the script left it, with its expectations checked."""
    state = session.state
    ended = [e for e in session.transcript if isinstance(e, GameEnded)]
    utilities = dict(zip(SIDES, ended[-1].utilities, strict=True)) if ended else None
    text = transcript_lines(
        session.transcript, state, None, heading=f"Playthrough: {script.title}", ids=True
    )
    result = ScriptResult(
        script=script,
        failures=[],
        transcript=session.transcript_dicts(),
        text=text,
        opponent=state.personas[SIDES.index(other(script.role))],
        ending=state.ending.value if state.ending else None,
        ended_by=state.ended_by,
        round=state.round,
        agreed=state.scenario.terms_to_ids(state.agreed) if state.agreed else None,
        utilities=utilities,
        fired=tuple(e for e, _ in state.fired),
    )
    result.failures.extend(_failures(script, result))
    return result


def _failures(script: Script, result: ScriptResult) -> list[str]:
    checks: list[Callable[[Expect, ScriptResult], list[tuple[str, str]]]] = [
        _expect_ending,
        _expect_ended_by,
        _expect_agreed,
        _expect_utility,
        _expect_rounds,
        _expect_fired,
        _expect_not_fired,
        _expect_text,
    ]
    out = []
    for check in checks:
        for key, message in check(script.expect, result):
            out.append(f"{script.path}:{script.line(key)}: {message}")
    return out


def _actual_ending(result: ScriptResult) -> str:
    if result.ending is None:
        return f"no ending (the game was still on in round {result.round})"
    by = f" by {result.ended_by}" if result.ended_by else ""
    return f"{result.ending}{by} in round {result.round}"


def _expect_ending(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    if expect.ending is None or expect.ending == result.ending:
        return []
    return [("expect.ending", f"ending: expected {expect.ending}, got {_actual_ending(result)}")]


def _expect_ended_by(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    if expect.ended_by is None or expect.ended_by == result.ended_by:
        return []
    got = result.ended_by or f"nobody ({_actual_ending(result)})"
    return [("expect.ended_by", f"ended_by: expected {expect.ended_by}, got {got}")]


def _expect_agreed(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    if not expect.agreed:
        return []
    if result.agreed is None:
        return [
            (
                "expect.agreed",
                f"agreed: expected a signed deal, none was signed ({_actual_ending(result)})",
            )
        ]
    return [
        (f"expect.agreed.{issue}", f"agreed.{issue}: expected {option}, got {result.agreed[issue]}")
        for issue, option in expect.agreed
        if result.agreed[issue] != option
    ]


def _expect_utility(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    out = []
    for side, low, high in expect.utility:
        key = f"expect.utility.{side}"
        if result.utilities is None:
            out.append(
                (key, f"utility.{side}: expected {low:g}..{high:g}, but the game did not end")
            )
        elif not low <= result.utilities[side] <= high:
            got = result.utilities[side]
            out.append((key, f"utility.{side}: expected {low:g}..{high:g}, got {got:.4f}"))
    return out


def _expect_rounds(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    if expect.rounds is None:
        return []
    low, high = expect.rounds
    if low <= result.round <= high:
        return []
    return [("expect.rounds", f"rounds: expected {low}..{high}, ended in round {result.round}")]


def _expect_fired(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    return [
        (f"expect.events_fired[{n}]", f"events_fired: {event} did not fire")
        for n, event in enumerate(expect.events_fired)
        if event not in result.fired
    ]


def _expect_not_fired(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    return [
        (f"expect.events_not_fired[{n}]", f"events_not_fired: {event} fired")
        for n, event in enumerate(expect.events_not_fired)
        if event in result.fired
    ]


def _expect_text(expect: Expect, result: ScriptResult) -> list[tuple[str, str]]:
    text = "\n".join(result.text)
    return [
        (
            f"expect.transcript_contains[{n}]",
            f"transcript_contains: {wanted!r} is not in the transcript",
        )
        for n, wanted in enumerate(expect.transcript_contains)
        if wanted not in text
    ]


def run_script(script: Script, content_dir: Path, saves_dir: Path | None = None) -> ScriptResult:
    """Load the script's scenario from `content_dir` and play it (see `play_script`)."""
    return play_script(script, load_script_scenario(script, content_dir), saves_dir)


def play_script(script: Script, scenario: Scenario, saves_dir: Path | None = None) -> ScriptResult:
    """Play `script` against `scenario` and check its expectations. Raises ScriptError when the
    script names something the scenario lacks or makes a move the rules do not allow."""
    session = start_session(script, scenario, saves_dir)
    for step in script_steps(script, session):
        submit_step(script, session, step)
    return script_result(script, session)
