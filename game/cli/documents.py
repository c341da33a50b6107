"""`tnt export` and `tnt report`: a saved game's debrief or transcript, and the class report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from game.content.loader import ContentErrors
from game.content.teaching import scenario_teaching
from game.present.class_report import build_report, report_csv, report_markdown
from game.present.debrief import (
    debrief_session,
)
from game.present.exports import render_export, render_view_export, stamp
from game.present.prepare import read_concepts
from game.session.games import load_game
from game.session.saves import SaveError, write_atomic


def export_cli(args: argparse.Namespace, content_dir: Path) -> int:
    path = Path(args.save)
    try:
        game = load_game(path, content_dir, read_only=True)
    except SaveError as exc:
        return _unusable("export", exc.reason)
    session = game.session
    for note in game.notes:
        print(f"tnt export: {path}: {note}", file=sys.stderr)
    if not session.over and not args.reveal:
        # in play: the player's own view only, so the counterpart's hand stays hidden
        view = session.view(session.player)
        text = render_view_export(view, session.transcript, stamp(game), args.format, session.name)
        return _emit(text, args.output, "export")
    scenario = session.scenario
    try:
        teaching = scenario_teaching(content_dir, scenario)
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        return _unusable(
            "export", f"{scenario.id}: the teaching points have problems (run tnt check)"
        )
    debrief = debrief_session(session, teaching)
    text = render_export(debrief, stamp(game), args.format, session, read_concepts(content_dir))
    return _emit(text, args.output, "export")


def _emit(text: str, output: str | None, command: str) -> int:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return 0
    path = Path(output)
    if not path.parent.is_dir():
        return _unusable(command, f"{path}: cannot write: no folder {path.parent}")
    try:
        write_atomic(path, text)
    except OSError as exc:
        return _unusable(command, f"{path}: cannot write ({exc.strerror or exc})")
    return 0


def _unusable(command: str, reason: str) -> int:
    print(f"tnt {command}: {reason}", file=sys.stderr)
    return 2


def report_cli(args: argparse.Namespace, content_dir: Path) -> int:
    report = build_report(list(args.saves_in), content_dir)
    for where, reason in report.unreadable:
        print(f"tnt report: {where}: {reason} (skipped)", file=sys.stderr)
    if not report.rows:
        return _unusable("report", "no readable saves: nothing to report")
    text = report_csv(report) if args.format == "csv" else report_markdown(report)
    code = _emit(text, args.output, "report")
    if code == 0 and report.unreadable:
        return 1
    return code
