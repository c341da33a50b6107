"""Blocks as plain lines: plain mode's debrief (screen readers, braille, pipes). No escape
codes, no box drawing: a table's row is a line naming each figure by its column, a list's
items start "- ", a heading ends as a sentence."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from game.present.document import Block, Bullets, Heading, Para, Pre, Table


def to_lines(blocks: Sequence[Block], width: int | None = None, pictures: bool = True) -> list[str]:
    """The blocks as lines, each paragraph one line unless a `width` is given (a screen reader
    reads a line as a whole); `pictures=False` leaves out the dance's picture (plain mode tells
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


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> list[str]:
    if width is None:
        return [first + text]
    return textwrap.wrap(
        text, width, initial_indent=first, subsequent_indent=rest, break_long_words=False
    ) or [first.rstrip()]


def _table(table: Table) -> list[str]:
    """One line a row, each figure named by its column: "Score: Tokyo (you) 51; Washington 58."
    (a screen reader reads a line of spaced-out columns as numbers with no names); an empty
    cell is left out."""
    lines: list[str] = []
    for row in table.rows:
        named = [f"{h} {c}" for h, c in zip(table.header[1:], row[1:], strict=True) if c]
        # a row is headed by its first cell: alone if it is a label ("Steel and aluminum"),
        # with its column's name if it is a number ("Move 4")
        head = f"{table.header[0]} {row[0]}" if row[0].isdigit() else row[0]
        lines.append(f"{head}: {'; '.join(named)}." if named else f"{head}.")
    return lines
