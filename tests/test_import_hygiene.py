"""The engine is pure: importing it must not load textual or rich (nor anything doing I/O)."""

import subprocess
import sys

import pytest

ENGINE_MODULES = [
    "game.engine",
    "game.engine.model",
    "game.engine.machine",
    "game.engine.opponent",
    "game.engine.commands",
    "game.engine.events",
    "game.engine.rng",
    "game.engine.analysis",
]


@pytest.mark.parametrize("module", ENGINE_MODULES)
def test_engine_imports_no_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"{module} pulls in {out.stdout.strip()}"


def test_engine_source_reads_no_clock_and_does_no_io() -> None:
    from pathlib import Path

    import game.engine

    # the clock, an unseeded generator, files and the screen are all outside the engine
    forbidden = ("import time", "datetime", "import random", "open(", "print(", "import os")
    for path in Path(game.engine.__file__).parent.glob("*.py"):
        text = path.read_text()
        for word in forbidden:
            assert word not in text, f"{path.name} contains {word!r}"
