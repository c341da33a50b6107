"""Reading a script (TOML) into a `Script`, through content's one TOML reader (content/tables.py):
the same wording for a wrong type, a missing or misspelt key and a syntax error as every content
file. Every problem of the file is found; the first is the ScriptError's line, the others follow
it as details. Checks against the scenario (ids, moves the rules allow) are script.check_script's.
"""

from __future__ import annotations

from pathlib import Path

import attrs

from game.content import DEFAULT_SCENARIO
from game.content.tables import (
    BOOLEAN,
    INTEGER,
    TEXT,
    ContentError,
    Table,
    joined,
    read_toml,
)
from game.engine.model import SIDES
from game.headless.script_format import (
    AFTER_POLICIES,
    ANSWER_POLICIES,
    ENDINGS,
    MOVE_ACTIONS,
    Expect,
    Move,
    Script,
    ScriptError,
)

# keys a move may carry beside its action
_MOVE_EXTRAS = {"signal": ("issue",), "choose": ("event",)}


def load_script(path: Path | str) -> Script:
    """Read and check a script's shape (not yet against a scenario: see `check_script`)."""
    path = Path(path)
    errors: list[ContentError] = []
    root = read_toml(path, errors)
    script = None
    if root is not None:
        script = _script(root)
        root.source.finish()  # unknown keys, with a did-you-mean
    if errors or script is None:
        # a problem with a line first: a misspelt key says more than the key it leaves missing
        first, *rest = sorted(errors, key=lambda error: (error.line is None, error.line or 0))
        raise ScriptError(path, first.line or 1, _words(first), [str(e) for e in rest])
    return script


def _words(error: ContentError) -> str:
    return f"{error.key}: {error.message}" if error.key else error.message


def _script(root: Table) -> Script:
    return Script(
        path=root.source.path,
        title=root.words("title"),
        scenario=root.value("scenario", TEXT, DEFAULT_SCENARIO),
        role=root.choice("role", SIDES, "side", SIDES[0], required=True),
        seed=root.value("seed", INTEGER, 0, required=True),
        opponent=root.value("opponent", TEXT, "") or None,
        name=root.value("name", TEXT, ""),
        after=root.choice("after", AFTER_POLICIES, "after policy", "stop"),
        moves=tuple(_move(table, n) for n, table in enumerate(root.tables("moves"))),
        expect=_expect(root.table("expect")),
        answers=_answers(root.table("answers")),
        answer=root.choice("answer", ANSWER_POLICIES, "answer policy", "ask"),
        lines=root.source.lines,
        variant=root.value("variant", TEXT, ""),
        difficulty=root.value("difficulty", TEXT, ""),
    )


def _answers(table: Table | None) -> tuple[tuple[str, str], ...]:
    """[answers]: event id = option id, the standing answer whenever that event waits."""
    if table is None:
        return ()
    found = table.entries(TEXT)
    for event_id, option_id in found:
        if not option_id:
            table.error(event_id, "must not be empty")
    return tuple(found)


def _move(table: Table, index: int) -> Move:
    name = f"move {index + 1}"
    move = Move("", index + 1, table.line() or 1, table.path)
    actions = [action for action in MOVE_ACTIONS if action in table.data]
    if len(actions) != 1:
        found = " and ".join(actions) if actions else "none"
        table.here(f"{name} needs exactly one of {joined(MOVE_ACTIONS)} ({found})")
        table.asked.update(table.data)  # the keys are not unknown, only the action is unclear
        return move
    action = actions[0]
    move = attrs.evolve(move, action=action)
    match action:
        case "propose":
            picks = table.table(action, required=True)
            return attrs.evolve(move, picks=tuple(picks.entries(TEXT)) if picks else ())
        case "signal":
            issue = table.value("issue", TEXT, "")
            return attrs.evolve(move, signal=table.words(action), issue=issue)
        case "choose":
            event = table.value("event", TEXT, "")
            return attrs.evolve(move, option=table.words(action), event=event)
    if table.optional(action, BOOLEAN) is False:  # a wrong type is reported as such
        table.error(action, f"{name}: write {action} = true")
    return move


def _expect(table: Table | None) -> Expect:
    if table is None:
        return Expect()
    utility = table.table("utility")
    agreed = table.table("agreed")
    return Expect(
        ending=table.choice("ending", ENDINGS, "ending", "") if table.has("ending") else None,
        ended_by=table.side("ended_by"),
        agreed=tuple(agreed.entries(TEXT)) if agreed else (),
        utility=tuple(
            (side, *_number_range(utility, side)) for side in SIDES if utility and utility.has(side)
        ),
        rounds=_rounds(table),
        events_fired=tuple(table.array("events_fired", TEXT)),
        events_not_fired=tuple(table.array("events_not_fired", TEXT)),
        transcript_contains=tuple(table.array("transcript_contains", TEXT)),
    )


def _number_range(table: Table, name: str) -> tuple[float, float]:
    """`[low, high]`, or one number meaning exactly that."""
    value = table.raw(name, required=False)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value), float(value)
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        and value[0] <= value[1]
    ):
        return float(value[0]), float(value[1])
    table.error(name, f"must be [low, high] with low <= high, not {value!r}")
    return 0.0, 0.0


def _rounds(table: Table) -> tuple[int, int] | None:
    if not table.has("rounds"):
        return None
    low, high = _number_range(table, "rounds")
    if low != int(low) or high != int(high):
        table.error("rounds", "must be whole round numbers")
    return int(low), int(high)
