"""Write the known-bad save fixtures in this folder, and expected.txt with each one's message.

    .venv/bin/python tests/saves_bad/regenerate.py

Each fixture is a save of a short game on tests/content_good (scenario "tiny") broken in one way.
Run this again when that content or the save format changes: the fixtures that replay (an
illegal move, a summary that does not match) depend on the content's fingerprint. Cases about
paths rather than bytes (a symbolic link, a file over 5 MB, `../`, a path outside the folder)
are made by tests/test_saves.py at test time, so none of them lives in git.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from game.content.loader import load_scenario  # noqa: E402
from game.engine.commands import Propose  # noqa: E402
from game.engine.model import Phase  # noqa: E402
from game.session.saves import encode_save  # noqa: E402
from game.session.session import Session  # noqa: E402

Doc = dict[str, Any]


def base_game() -> Session:
    """Japan, seed 5: the briefing, then Japan's best package; not over."""
    scenario = load_scenario(ROOT / "tests" / "content_good", "tiny")
    session = Session.start(scenario, "japan", 5, name="Test Player")
    best = scenario.utility("japan").best_terms()
    for _ in range(2):
        if session.state.pending or session.state.phase is not Phase.NEGOTIATION:
            session.submit(session.legal()[0])
        else:
            session.submit(Propose("japan", best))
    assert not session.over and len(session.log) == 2
    return session


def edited(change: Callable[[Doc], object]) -> Callable[[Doc], str]:
    def make(doc: Doc) -> str:
        copy = json.loads(json.dumps(doc))
        change(copy)
        return encode_save(copy)

    return make


def _set(path: str, value: object) -> Callable[[Doc], None]:
    def change(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[int(last) if last.isdigit() else last] = value

    return change


def main() -> None:
    session = base_game()
    doc = session.to_save()
    text = encode_save(doc)
    total = len(doc["commands"])
    summary_round = doc["summary"]["round"]
    noise = random.Random(6).randbytes(700) + b"\xff\xfe"
    cases: dict[str, tuple[Callable[[Doc], str | bytes], str]] = {
        "truncated": (
            lambda d: text[: len(text) // 2],
            "the file ends too soon: it was cut short",
        ),
        "random-bytes": (lambda d: noise, "not a save: the file holds binary data, not text"),
        "empty": (lambda d: "", "the file is empty"),
        "not-json": (
            lambda d: "These are my notes on the rice talks.\n",
            "not valid JSON (line 1, column 1: Expecting value)",
        ),
        "json-list": (
            lambda d: "[1, 2, 3]\n",
            "not a save: the file holds a list, not a JSON object",
        ),
        "no-format": (
            lambda d: '{"seed": 4, "moves": []}\n',
            "not a Tariffs & Troops save: it has no 'format' field",
        ),
        "future-format": (
            edited(_set("format", 4)),
            "saved by a newer version of the game (save format 4; this version reads formats "
            "1 to 3): update the game to open it",
        ),
        "format-text": (
            edited(_set("format", "2")),
            "field 'format' should be a whole number, not a string",
        ),
        "missing-field": (
            edited(lambda d: d.pop("personas")),
            "field 'personas' is missing",
        ),
        "seed-text": (
            edited(_set("seed", "5")),
            "field 'seed' should be a whole number, not a string",
        ),
        "role-unknown": (
            edited(_set("role", "china")),
            "field 'role' should be japan or us, not 'china'",
        ),
        "hotseat-text": (
            edited(_set("hotseat", "no")),
            "field 'hotseat' should be true or false, not a string",
        ),
        "name-too-long": (
            edited(_set("name", "A" * 201)),
            "field 'name' is longer than 200 characters",
        ),
        "commands-object": (
            edited(_set("commands", {"type": "proceed", "side": "japan"})),
            "field 'commands' should be a list, not an object",
        ),
        "command-number": (
            edited(_set("commands.1", 7)),
            "field 'commands[1]' should be an object, not a number",
        ),
        "command-field-number": (
            edited(_set("commands.0.side", 1)),
            "field 'commands[0].side' should be a string, not a number",
        ),
        "summary-round-text": (
            edited(_set("summary.round", "2")),
            "field 'summary.round' should be a whole number, not a string",
        ),
        "parent-list": (
            edited(_set("parent", ["game.json", 2])),
            "field 'parent' should be an object, not a list",
        ),
        "nested-too-deep": (
            lambda d: "[" * 100_000,
            "not a save: its JSON is nested too deeply",
        ),
        "number-too-long": (
            lambda d: text.replace('"seed": 5', '"seed": ' + "9" * 40),
            "not a save: it holds a number too long for any field of a save",
        ),
        "not-a-number": (
            lambda d: text.replace('"seed": 5', '"seed": NaN'),
            "not a save: it holds NaN, which is not a number a save can hold",
        ),
        "unknown-scenario": (
            edited(_set("scenario", "may-2026")),
            "unknown scenario 'may-2026' (this game has: tiny)",
        ),
        "scenario-path": (
            edited(_set("scenario", "../../etc")),
            "field 'scenario' is not a scenario id: '../../etc'",
        ),
        "unknown-persona": (
            edited(_set("personas.us", "us-nobody")),
            "the save names persona 'us-nobody', which the content lacks",
        ),
        "illegal-move": (
            edited(lambda d: d["commands"].insert(1, {"type": "proceed", "side": "japan"})),
            f"move 2 of {total + 1} (proceed by japan) does not replay: The talks are under "
            "way: propose, accept, reject, signal or walk away.",
        ),
        "unknown-command": (
            edited(_set("commands.1", {"type": "dance", "side": "japan"})),
            f"move 2 of {total} (dance by japan) does not replay: unknown command type 'dance'",
        ),
        "summary-mismatch": (
            edited(_set("summary.round", summary_round + 1)),
            f"the replayed game does not match the save's summary (round: saved "
            f"{summary_round + 1}, replayed {summary_round}): the file was edited or is damaged",
        ),
    }
    for old in HERE.glob("*.json"):
        old.unlink()
    lines = []
    for case, (make, message) in cases.items():
        data = make(doc)
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        (HERE / f"{case}.json").write_bytes(raw)
        lines.append(f"{case}.json: {message}")
    (HERE / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(cases)} fixtures written to {HERE}")


if __name__ == "__main__":
    main()
