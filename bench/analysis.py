"""Debrief analysis benchmark: prints figures, never asserts (timings vary by machine).

    python bench/analysis.py [--saves N] [--keep DIR]

Measures, on one core:
- the exact Pareto frontier and the Nash point of the shipped scenario (goal: under 50 ms);
- the same for a synthetic scenario of 12 issues with 8 options each, 8^12 = 68,719,476,736
  packages (goal: under 1 s), in two shapes: random values, and every issue a straight conflict
  (one side's best option is the other's worst), which gives the largest frontiers;
- `tnt report` over N generated saves (default 1,000; goal: under 5 s), in process and through
  the command line (the latter includes starting Python).
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import redirect_stdout
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.cli.documents import report_cli  # noqa: E402
from game.content.loader import default_content_dir, load_scenario  # noqa: E402
from game.engine.analysis import (  # noqa: E402
    _frontier_cached,
    nash_point,
    pareto_frontier,
    value_pair,
)
from game.engine.model import SIDES, Scenario, Utility  # noqa: E402
from game.engine.rng import Rng  # noqa: E402
from game.headless.bots import BOTS  # noqa: E402
from game.session.session import Session  # noqa: E402

REPEATS = 7
GOAL_SCENARIO_MS = 50.0
GOAL_SYNTHETIC_MS = 1000.0
GOAL_REPORT_S = 5.0


def timed(run: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """(best, median) wall time in milliseconds; the frontier cache is emptied before each run,
    so every run computes from scratch."""
    times = []
    for _ in range(repeats):
        _frontier_cached.cache_clear()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), statistics.median(times)


def frontier_and_nash(japan: Utility, us: Utility, reservations: tuple[float, float]) -> int:
    frontier = pareto_frontier(japan, us)
    nash_point(frontier, reservations)
    return len(frontier)


def synthetic(issues: int, options: int, conflict: bool, seed: int) -> tuple[Utility, Utility]:
    rng = random.Random(seed)

    def weights() -> tuple[float, ...]:
        raw = [rng.random() + 0.05 for _ in range(issues)]
        return tuple(w / sum(raw) for w in raw)

    if conflict:
        japan_values = [sorted(rng.random() for _ in range(options)) for _ in range(issues)]
        us_values = [
            sorted((rng.random() for _ in range(options)), reverse=True) for _ in range(issues)
        ]
    else:
        japan_values = [[rng.random() for _ in range(options)] for _ in range(issues)]
        us_values = [[rng.random() for _ in range(options)] for _ in range(issues)]
    return (
        Utility(weights(), tuple(tuple(v) for v in japan_values)),
        Utility(weights(), tuple(tuple(v) for v in us_values)),
    )


def line(label: str, best: float, median: float, goal: float, extra: str = "") -> None:
    verdict = "within" if median < goal else "OVER"
    print(f"  {label}{extra}")
    print(f"    best {best:.2f} ms, median {median:.2f} ms ({verdict} the {goal:g} ms goal)")


def bench_frontier(scenario: Scenario) -> None:
    print("Pareto frontier + Nash point (computed from scratch each run)")
    japan, us = scenario.utilities
    reservations = value_pair(scenario.utilities, scenario.no_deal)
    outcomes = 1
    for issue in scenario.issues:
        outcomes *= len(issue.options)
    size = frontier_and_nash(japan, us, reservations)
    best, median = timed(lambda: frontier_and_nash(japan, us, reservations))
    line(
        f"{scenario.id}: {len(scenario.issues)} issues, {outcomes:,} packages",
        best,
        median,
        GOAL_SCENARIO_MS,
        f", {size} on the frontier",
    )
    for conflict in (False, True):
        japan, us = synthetic(12, 8, conflict, seed=2025)
        size = frontier_and_nash(japan, us, (0.3, 0.3))
        best, median = timed(partial(frontier_and_nash, japan, us, (0.3, 0.3)), repeats=3)
        shape = "conflict on every issue" if conflict else "random values"
        line(
            f"synthetic 12 x 8 ({8**12:,} packages), {shape}",
            best,
            median,
            GOAL_SYNTHETIC_MS,
            f", {size} on the frontier",
        )


def make_saves(scenario: Scenario, folder: Path, count: int) -> float:
    """`count` finished games by the built-in player bots, one save each; seconds taken."""
    start = time.perf_counter()
    bots = sorted(BOTS)
    for n in range(count):
        role = SIDES[n % 2]
        seed = n % 40  # a class of 25 per assignment: 40 seeds
        session = Session.start(scenario, role, seed, name=f"student {n:04d}")
        bot = BOTS[bots[n % len(bots)]]
        rng = Rng.seeded(n).fork("bot")
        for _ in range(500):
            if session.over:
                break
            if session.choices().only_proceed:
                session.proceed_if_only_move()
                continue
            command, rng = bot(session.state, rng)
            session.submit(command)
        session.attach(folder, folder / f"game-{n:04d}.json")
        session.save()
    return time.perf_counter() - start


def bench_report(scenario: Scenario, count: int, keep: Path | None) -> None:
    print(f"tnt report over {count:,} saves")
    with tempfile.TemporaryDirectory() as scratch:
        folder = keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        made = make_saves(scenario, folder, count)
        for backup in folder.glob("*.bak"):
            backup.unlink()
        print(f"  generated {count:,} saves by bots in {made:.1f} s (not part of the figure)")
        for fmt in ("md", "csv"):
            args = argparse.Namespace(
                saves_in=[str(folder)], format=fmt, output=str(Path(scratch) / f"r.{fmt}")
            )
            start = time.perf_counter()
            with redirect_stdout(io.StringIO()):
                code = report_cli(args, default_content_dir())
            seconds = time.perf_counter() - start
            verdict = "within" if seconds < GOAL_REPORT_S else "OVER"
            print(
                f"  in process, --format {fmt}: {seconds:6.2f} s, exit {code} "
                f"({verdict} the {GOAL_REPORT_S:g} s goal)"
            )
        tnt = Path(sys.executable).parent / "tnt"
        command = [str(tnt)] if tnt.exists() else [sys.executable, "-m", "game"]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "report", str(folder), "-o", str(Path(scratch) / "cli.md")],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
        verdict = "within" if seconds < GOAL_REPORT_S else "OVER"
        print(
            f"  `tnt report FOLDER` as a command: {seconds:6.2f} s, exit {done.returncode} "
            f"({verdict} the {GOAL_REPORT_S:g} s goal)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--saves", type=int, default=1_000, help="saves for the report figure")
    parser.add_argument("--keep", type=Path, help="generate the saves here and keep them")
    args = parser.parse_args()
    scenario = load_scenario(default_content_dir(), "april-2025")
    print(f"Python {sys.version.split()[0]}, one core\n")
    bench_frontier(scenario)
    print()
    bench_report(scenario, args.saves, args.keep)


if __name__ == "__main__":
    main()
