"""Start-up without the cyclic garbage collector. Loading the content, importing Textual and
building the first screen allocate a few hundred thousand objects that live as long as the app,
and the collector, run on its allocation thresholds, walks them all several times before the
first frame (about 20 ms here, a tenth of a bare Textual app's start-up). So the CLI pauses it
before the app starts, and the app resumes it once its first screen is drawn, with one full
collection while the player reads that screen."""

from __future__ import annotations

import gc

_paused = False


def pause_collector() -> None:
    """Stop automatic collection until `resume_collector` (no-op if it is already off)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume_collector() -> None:
    """Collect once and turn automatic collection back on, if `pause_collector` turned it
    off; otherwise (the tests, a host that manages the collector itself) do nothing."""
    global _paused
    if _paused:
        _paused = False
        gc.collect()
        gc.enable()
