"""`tnt run`: play scripts headless (or watch one in the app), print transcripts and verdicts."""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from game.engine.model import (
    Scenario,
)
from game.errors import UsageError
from game.headless.playthrough import play_script
from game.headless.script import ScriptError, ScriptResult, load_script, load_script_scenario
from game.headless.verdicts import _json_text, print_verdict, report_error, write_transcripts

# ---------------------------------------------------------------------------------------------
# `tnt run`


def run_cli(args: argparse.Namespace, content_dir: Path) -> int:
    """Run every script given; print transcripts (text, or JSON with --json) unless --quiet, then
    one verdict per script. Exit 0 all passed, 1 an expectation failed, 2 a script was unusable.

    With --json the verdict lines go to stderr, so stdout is one JSON document (a list with one
    object per script played)."""
    saves_dir = Path(args.saves) if getattr(args, "saves", None) else None
    verdicts = sys.stderr if args.json else sys.stdout
    scenarios: dict[str, Scenario] = {}
    results: list[ScriptResult] = []
    status = 0
    for name in args.script:
        try:
            result = _run_one(Path(name), content_dir, saves_dir, scenarios)
        except ScriptError as exc:
            report_error(exc)
            status = 2
            continue
        results.append(result)
        if not args.quiet and not args.json:
            print("\n".join(result.text), end="\n\n")
        print_verdict(result, verdicts)
        if result.failures and status == 0:
            status = 1
    if args.json and not args.quiet:
        print(_json_text(results))
    if args.transcript:
        status = max(status, write_transcripts(Path(args.transcript), results))
    return status


def _run_one(
    path: Path, content_dir: Path, saves_dir: Path | None, scenarios: dict[str, Scenario]
) -> ScriptResult:
    script = load_script(path)
    # scripts in one run usually share a scenario: load and check the content once
    if script.scenario not in scenarios:
        scenarios[script.scenario] = load_script_scenario(script, content_dir)
    return play_script(script, scenarios[script.scenario], saves_dir)


def watch_cli(args: argparse.Namespace, content_dir: Path) -> int:
    """`tnt run SCRIPT --watch [--pace SECONDS]`: one script, in a terminal."""
    from game.tui.watch import DEFAULT_PACE

    pace = DEFAULT_PACE if args.pace is None else args.pace
    if not args.watch:
        raise UsageError("tnt run: --pace goes with --watch")
    if len(args.script) != 1:
        raise UsageError(f"tnt run: --watch plays one script at a time ({len(args.script)} given)")
    if args.json:
        raise UsageError("tnt run: --watch shows the game on screen; it cannot print --json")
    if not math.isfinite(pace) or pace < 0:
        raise UsageError(f"tnt run: --pace must be 0 or more seconds, not {args.pace}")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("tnt run: --watch needs a terminal; without --watch the script runs here")
    saves_dir = Path(args.saves) if getattr(args, "saves", None) else None
    from game.tui.watch import finish_watch, watch_app  # Textual only when watching

    try:
        app = watch_app(Path(args.script[0]), content_dir, saves_dir, pace=pace)
    except ScriptError as exc:
        report_error(exc)
        return 2
    app.run()
    return finish_watch(app, args.transcript)
