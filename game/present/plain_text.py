"""Blocks as plain lines: plain mode's debrief (screen readers, braille, pipes). No escape
codes, no box drawing; a table's columns are aligned with spaces, a list's items start "- ",
and each paragraph is wrapped at `width` so a line is never cut mid-word by a terminal."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from game.present.document import Block, Bullets, Heading, Para, Pre, Table


def to_lines(blocks: Sequence[Block], width: int = 100, pictures: bool = True) -> list[str]:
    """The blocks as lines; `pictures=False` leaves out the dance's picture (plain mode tells
    the same in words and draws it on `picture`)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(text=text):
                out.append(text + ("" if text.endswith((".", ":", "?")) else "."))
            case Para(text=text):
                out += _wrap(text, width)
            case Bullets(items=items):
                for item in items:
                    out += _wrap(item, width, "- ", "  ")
            case Table():
                out += _table(block)
            case Pre(lines=lines, picture=picture):
                if pictures or not picture:
                    out += list(lines)
    return out


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False
    ) or [first.rstrip()]


def _table(table: Table) -> list[str]:
    rows = [table.header, *table.rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(table.header))]

    def line(row: Sequence[str]) -> str:
        cells = (
            cell.rjust(w) if table.right(i) else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        return "  ".join(cells).rstrip()

    return [line(row) for row in rows]
