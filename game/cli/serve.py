"""`tnt serve`: the game in a browser, one process per visitor."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from game.content.assignments import Assignment
    from game.engine.model import Scenario
from game.web.serve import (
    is_loopback,
    normal_origin,
    run_server,
    url,
    visit,
    visitor_command,
)


def serve_cli(
    args: argparse.Namespace,
    content_dir: Path,
    scenario: Scenario,
    assignment: Assignment | None = None,
) -> int:
    """`tnt serve` (or, with the hidden --visitor, one visitor's game). With an `assignment`
    (read and checked by the CLI, its scenario cut) every visitor plays it."""
    root = Path(args.saves)
    if args.visitor:
        return visit(root, content_dir, scenario, assignment)
    if not 1 <= args.port <= 65535:
        return _unusable(f"--port must be between 1 and 65535, not {args.port}")
    try:
        loopback = is_loopback(args.host)
    except OSError as exc:
        return _unusable(f"--host {args.host}: unknown host ({exc.strerror or exc})")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return _unusable(f"{root}: cannot make the saves folder ({exc.strerror or exc})")
    try:
        origins = [normal_origin(text) for text in args.origin or ()]
    except ValueError as exc:
        return _unusable(f"--origin {exc}")
    command = visitor_command(root, args.content, args.debug, args.assignment)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING)
    title = assignment.title if assignment is not None else ""
    try:
        asyncio.run(run_server(command, args.host, args.port, loopback, str(root), title, origins))
    except OSError as exc:  # the port is taken, or the address is not this machine's
        # asyncio's message repeats the address; the errno's own words are enough
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        return _unusable(f"cannot listen on {url(args.host, args.port)}: {reason}")
    return 0


def _unusable(message: str) -> int:
    print(f"tnt serve: {message}", file=sys.stderr)
    return 2
