"""Blocks as Textual widgets (game.present.document): the debrief screen's pages. Attributes
come down from the blocks and nothing is worded here: a heading is a `.heading` Static, a
paragraph a `.para`, a list and a table Rich renderables in `.table` Statics, preformatted
lines a Static that does not wrap."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from rich import box
from rich.table import Table as RichTable
from rich.text import Text
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from game.present.document import Block, Bullets, Heading, Para, Pre, Table
from game.present.safe_text import safe_text

# a table whose cells hold text this long fills the page's width and wraps them at words;
# a table of short labels and figures keeps its natural width
_LONG_CELL = 24


def document_widgets(
    blocks: Sequence[Block], picture: Callable[[], Widget] | None = None
) -> Iterator[Widget]:
    """The blocks' widgets; `picture` makes the widget that stands for the dance's picture
    (the debrief screen's DancePlot, drawn to the terminal's size) in place of its lines."""
    for block in blocks:
        match block:
            case Heading(text=text):
                yield Static(Content(safe_text(text)), classes="heading")
            case Para(text=text):
                yield Static(Content(safe_text(text)), classes="para")
            case Bullets(items=items):
                yield Static(bullets(items), classes="table")
            case Table():
                yield Static(table(block), classes="table")
            case Pre(picture=True) if picture is not None:
                yield picture()
            case Pre(lines=lines):
                yield Static(
                    Text(safe_text("\n".join(lines)), no_wrap=True, overflow="ignore"),
                    classes="pre",
                )


def table(block: Table) -> RichTable:
    """A table that wraps its cells at words (each column is at least its longest word wide)."""
    expand = any(len(cell) > _LONG_CELL for row in block.rows for cell in row[1:])
    rich = RichTable(box=box.SIMPLE_HEAD, expand=expand, pad_edge=False, show_edge=False)
    for i, name in enumerate(block.header):
        rich.add_column(
            safe_text(name), justify="right" if block.right(i) else "left", overflow="fold"
        )
    for row in block.rows:
        rich.add_row(
            *(Text(safe_text(cell)) for cell in row)
        )  # Text, not markup: labels hold brackets
    return rich


def bullets(items: Sequence[str]) -> RichTable:
    """A bulleted list, each item wrapped under itself."""
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(width=1)
    grid.add_column(ratio=1)
    for n, item in enumerate(items):
        if n:
            grid.add_row("", "")
        grid.add_row("•", Text(safe_text(item)))
    return grid


def split_at_headings(
    blocks: Sequence[Block], level: int = 3
) -> tuple[tuple[Block, ...], list[tuple[Block, ...]]]:
    """The blocks before the first heading of `level`, and each such heading with the blocks
    under it (the teaching points, one option each on the debrief screen)."""
    groups: list[list[Block]] = [[]]
    for block in blocks:
        if isinstance(block, Heading) and block.level == level:
            groups.append([])
        groups[-1].append(block)
    return tuple(groups[0]), [tuple(g) for g in groups[1:]]


def content_of(blocks: Sequence[Block]) -> Content:
    """Headings and paragraphs as one Content, a line each, headings bold: an option's prompt."""
    parts = [
        Content.styled(b.text, "bold") if isinstance(b, Heading) else Content(b.text)
        for b in blocks
        if isinstance(b, Heading | Para)
    ]
    return Content("\n").join(parts)
