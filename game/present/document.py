"""A document: what the game tells in prose (the debrief first), built once as blocks and
rendered by every front end without a word of its own.

A block is a heading, a paragraph, a bulleted list, a table or preformatted lines (the dance's
picture). Renderers: game.present.markdown (`tnt export`, the debrief's `x`), game.present.html
(semantic HTML, self-contained), game.present.plain_text (plain mode's lines) and
game.tui.widgets.document (the Textual debrief). A figure or sentence that differs between two
front ends is a bug in a renderer, never a second wording.
"""

from __future__ import annotations

from attrs import frozen


@frozen
class Heading:
    level: int
    text: str


@frozen
class Para:
    text: str


@frozen
class Bullets:
    items: tuple[str, ...]


@frozen
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # "r" for columns of numbers
    align: tuple[str, ...] = ()

    def right(self, column: int) -> bool:
        return bool(self.align) and self.align[column] == "r"


@frozen
class Pre:
    lines: tuple[str, ...]
    picture: bool = False  # the dance: characters coloured by what they mark


Block = Heading | Para | Bullets | Table | Pre


@frozen
class Section:
    """One part of a document, named so a front end can show it alone (plain mode's `result`,
    the debrief screen's Result tab)."""

    id: str
    heading: str
    blocks: tuple[Block, ...]

    def all_blocks(self, level: int = 2) -> tuple[Block, ...]:
        """The section with its heading, as a whole document shows it."""
        return (Heading(level, self.heading), *self.blocks) if self.heading else self.blocks


@frozen
class Document:
    title: str
    sections: tuple[Section, ...]

    def section(self, id: str) -> Section:
        return next(s for s in self.sections if s.id == id)

    def blocks(self, title: bool = True) -> tuple[Block, ...]:
        """Every block in order, headed by the title (as a level-1 heading) when asked."""
        head: tuple[Block, ...] = (Heading(1, self.title),) if title else ()
        return head + tuple(b for s in self.sections for b in s.all_blocks())
