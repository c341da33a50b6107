"""How a script run is told: its errors, verdicts and transcript files (tnt run, watch mode)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from game.headless.script import (
    ScriptError,
    ScriptResult,
)
from game.session.session import write_atomic


def report_error(exc: ScriptError) -> None:
    print(exc, file=sys.stderr)
    for detail in exc.details:
        print(f"  {detail}", file=sys.stderr)


def print_verdict(result: ScriptResult, out: TextIO) -> None:
    path = result.script.path
    if result.passed:
        print(f"PASS {path}", file=out)
        return
    print(f"FAIL {path}: {len(result.failures)} expectation(s) failed", file=out)
    for failure in result.failures:
        print(failure, file=sys.stderr)


def _json_text(results: Sequence[ScriptResult]) -> str:
    return json.dumps([r.to_json() for r in results], indent=1, sort_keys=True)


def write_transcripts(path: Path, results: Sequence[ScriptResult]) -> int:
    if path.suffix == ".json":
        text = _json_text(results) + "\n"
    else:
        text = "\n\n".join("\n".join(r.text) for r in results) + "\n"
    try:
        write_atomic(path, text)
    except OSError as exc:
        print(
            f"tnt run: cannot write the transcript to {path}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return 2
    return 0
