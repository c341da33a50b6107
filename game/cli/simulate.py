"""`tnt simulate`: many games between a bot and the AI, summed up."""

from __future__ import annotations

import argparse
import sys

from game.content.tables import did_you_mean
from game.engine.model import Scenario
from game.headless.bots import BOTS, MIX
from game.headless.simulate import simulate


def simulate_cli(args: argparse.Namespace, scenario: Scenario) -> int:
    """0 when every game completed, 1 when any crashed, 2 for an unknown bot or persona.
    Side-events that never fired are printed as a warning; they do not fail the run."""
    names = [MIX, *BOTS]
    if args.player not in names:
        print(
            f"tnt simulate: unknown bot {args.player!r}{did_you_mean(args.player, names)}; "
            f"choose one of {', '.join(names)}",
            file=sys.stderr,
        )
        return 2
    try:
        report = simulate(scenario, args.games, args.seed, args.player, args.role, args.opponent)
    except ValueError as exc:
        print(f"tnt simulate: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(report.to_json())
        # stdout stays pure JSON; the warning goes where a person will see it
        for warning in report.warnings:
            print(f"tnt simulate: warning: {warning}", file=sys.stderr)
    else:
        print(report.to_text())
    if getattr(args, "debug", False):
        for crash in report.crashes:
            print(f"--- game {crash.index} seed {crash.seed}\n{crash.trace}", file=sys.stderr)
    return 1 if report.crashes else 0
