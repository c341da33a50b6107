"""The scrolling record of the game: moves, the counterpart's (invented) lines, events and news.

The screen hands it entries worked out by `view.log_entries`; each becomes a Static, so lines
re-wrap at word boundaries whenever the terminal is resized.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.present.view import LogEntry


class Transcript(VerticalScroll, can_focus=False):
    """Not focusable, so the arrow keys always reach the offer builder; page up and page down
    scroll it (bound on the screen)."""

    def add(self, entries: Sequence[LogEntry]) -> None:
        if not entries:
            return
        # Content, not markup: event texts hold brackets such as source numbers [8]
        self.mount_all(Static(Content(e.text), classes=f"log-{e.kind}") for e in entries)
        self.call_after_refresh(self.scroll_end, animate=False)
