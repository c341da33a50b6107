"""Blocks as Markdown: `tnt export`, the debrief's `x` and `tnt report`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from game.present.document import Block, Bullets, Heading, Para, Pre, Table
from game.present.safe_text import safe_text


def to_markdown(blocks: Sequence[Block]) -> str:
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(level=level, text=text):
                out += ["#" * level + " " + _inline(text), ""]
            case Para(text=text):
                out += [_inline(text), ""]
            case Bullets(items=items):
                out += [*(f"- {_inline(item)}" for item in items), ""]
            case Table():
                out += [*_markdown_table(block), ""]
            case Pre(lines=lines):
                shown = [safe_text(line) for line in lines]
                fence = _fence(shown)
                out += [f"{fence}text", *shown, fence, ""]
    return "\n".join(out).rstrip("\n") + "\n"


# the characters Markdown would read as markup or as HTML inside running text
_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_<>"})


def _inline(text: str) -> str:
    """Text as Markdown shows it: a student's name of `*Ann* <script>` or `[x](http://…)` stays
    those characters, a control character is written out and a newline cannot start a block."""
    flat = " ".join(safe_text(text).split("\n")).translate(_SPECIAL)
    return flat.replace("](", "]\\(")  # `[x](http://…)` in a name is no link


def _fence(lines: Sequence[str]) -> str:
    """A code fence longer than any run of backticks in the lines, which cannot close it."""
    longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
    return "`" * max(3, longest + 1)


def _markdown_table(table: Table) -> list[str]:
    def row(cells: Iterable[str]) -> str:
        return "| " + " | ".join(_inline(c).replace("|", "\\|") for c in cells) + " |"

    rule = ["---:" if table.right(i) else "---" for i in range(len(table.header))]
    return [row(table.header), "| " + " | ".join(rule) + " |", *(row(r) for r in table.rows)]
