"""`tnt play` starts on the brief having imported only what the brief needs: the debrief, the
plain front end, the glossary, the exports, the web server and the rest are imported when their
screen or command opens (bench/startup.py measures what that is worth)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# modules the first screen has no use for; a top-level import of any of them on the start-up
# path puts its cost back into every start
NOT_AT_START = [
    "game.plain",
    "game.headless",
    "game.web",
    "game.present.debrief",
    "game.present.debrief_document",
    "game.present.dance",
    "game.present.exports",
    "game.present.html",
    "game.present.markdown",
    "game.present.prepare",
    "game.content.glossary",
    "game.content.teaching",
    "game.content.assignments",
    "game.tui.screens.table",
    "game.tui.screens.setup",
    "game.tui.screens.debrief",
    "game.tui.screens.handover",
    "game.tui.saved_games",
    "textual_serve",
    "aiohttp",
    "markdown_it",
    "numpy",
    "negmas",
]

# what `tnt play --role japan --seed 1` does in a terminal (game.cli.cli._play, then
# game.tui.run_tui), with the app run headless until the brief is on screen
FIRST_SCREEN = """
import json, sys
from game.cli.cli import _content_dir, _load, build_parser
from game.cli.play import settings_from_args
from game.content import DEFAULT_SCENARIO
from game.tui.app import make_app

args = build_parser().parse_args(["play", "--role", "japan", "--seed", "1", "--saves", sys.argv[1]])
scenario = _load(args, DEFAULT_SCENARIO)
app = make_app(scenario, content_dir=_content_dir(args), settings=settings_from_args(args))
seen = {}

async def first_screen(pilot):
    await pilot.pause()
    seen["screen"] = type(app.screen).__name__
    seen["modules"] = sorted(sys.modules)
    app.exit()

app.run(headless=True, size=(80, 24), auto_pilot=first_screen)
print(json.dumps(seen))
"""


def _loaded(module: str, modules: list[str]) -> bool:
    return any(name == module or name.startswith(module + ".") for name in modules)


def test_the_first_screen_imports_nothing_it_does_not_show(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(tmp_path / "saves")],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["screen"] == "BriefScreen"
    modules = seen["modules"]
    assert "game.tui.screens.brief" in modules  # the path above did reach the brief
    early = [module for module in NOT_AT_START if _loaded(module, modules)]
    assert early == [], f"imported before the first screen needs them: {early}"


def test_the_command_line_alone_imports_no_front_end() -> None:
    # `tnt --help`, a usage error and every command pay for what game.cli imports at the top
    code = "import json, sys, game.cli.cli, game.cli.play\nprint(json.dumps(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = json.loads(out.stdout)
    for package in ("textual", "rich", "game.tui", "game.plain", "game.engine", "game.session"):
        assert not _loaded(package, modules), f"game.cli imports {package} at the top"
