"""Pictures of the key screens at 80x24: the title, the brief, the table, a side-event and the
end. Each was looked at (converted to PNG) before it was accepted; `pytest --snapshot-update`
rewrites them, and then they must be looked at again.

Plain `def` tests: the snapshot plugin runs the app itself. The saves folder is a relative path
in a temporary working directory, so the brief shows the same save path on every machine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from tui_helpers import build, press

SIZE = (80, 24)
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def keys(*names: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Press keys one by one, each time waiting until the counterpart has answered."""

    async def run(pilot: Pilot[Any]) -> None:
        await press(pilot, *names)

    return run


def test_title_and_setup(snap_compare: Compare) -> None:
    app = build(Path("saves"), seed=1234)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_brief(snap_compare: Compare) -> None:
    app = build(Path("saves"), role="japan", seed=42)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys())


def test_side_event_dialog(snap_compare: Compare) -> None:
    app = build(Path("saves"), role="japan", seed=42)
    assert snap_compare(app, terminal_size=SIZE, run_before=keys("enter"))


def test_table_with_a_draft(snap_compare: Compare) -> None:
    app = build(Path("saves"), role="japan", seed=42)
    run = keys("enter", "1", "1", "down", "left", "left")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)


def test_end(snap_compare: Compare) -> None:
    app = build(Path("saves"), role="japan", seed=42)
    run = keys("enter", "1", "1", "a", "y", "enter", "enter")
    assert snap_compare(app, terminal_size=SIZE, run_before=run)
