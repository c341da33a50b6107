"""The negotiation dance on screen: the picture game.present.dance draws, its legend and its notes.

Every mark is its own character and the legend says what each one is, so the picture reads
without colour; colour (a component class per kind of mark, styled with theme variables in
tnt.tcss) only repeats what the character says. The screen chooses the picture's size and sets
`picture`; this widget lays it out and wraps the legend to its width, never mid-word.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import ClassVar

from textual.content import Content
from textual.reactive import reactive
from textual.style import Style
from textual.widget import Widget

from game.engine.model import JAPAN, SIDE_NAMES, US
from game.present.dance import DancePicture
from game.present.view import pack

# the plot rows start with the U.S. axis: "100 |", " 50 |", "    |"
_AXIS = 5
# a legend line is "  t  what t marks": its meaning wraps under itself
_LEGEND_INDENT = 5
_NOTE_INDENT = 4
# the legend goes beside the plot when it has this many columns there, after a gap
_BESIDE = 36
_GAP = 3

# each kind of mark and the component class that colours it
MARK_CLASSES: Mapping[str, str] = {
    "t": "dance-plot--japan",
    "w": "dance-plot--us",
    "b": "dance-plot--both",
    ".": "dance-plot--frontier",
    "N": "dance-plot--nash",
    "R": "dance-plot--real",
    "*": "dance-plot--outcome",
    "|": "dance-plot--no-deal",
    "-": "dance-plot--no-deal",
    "+": "dance-plot--no-deal",
}


# the key above the plot, in a word or two a mark (the legend below says it in full)
_KEY: Mapping[str, str] = {
    "t": SIDE_NAMES[JAPAN],
    "w": SIDE_NAMES[US],
    "b": "both",
    ".": "frontier",
    "N": "Nash",
    "R": "real deal",
    "*": "outcome",
    "|": "no deal",
}
_NO_DEAL = ("|", "-", "+")
_KEY_GAP = "  "


def key_items(picture: DancePicture) -> list[str]:
    """'t Tokyo', 'N Nash', '|- no deal' … for the marks the picture uses: the offers first."""
    used = {mark for mark, _ in picture.marks}
    items = [f"{mark} {word}" for mark, word in _KEY.items() if mark in used - set(_NO_DEAL)]
    if any(mark in _NO_DEAL for mark in used):
        items.append(f"|- {_KEY['|']}")
    return items


def legend_lines(picture: DancePicture, width: int) -> list[str]:
    """The legend and the notes wrapped to `width`, each continuation indented under its text."""
    out: list[str] = []
    for line in picture.legend:
        out += textwrap.wrap(
            line.strip(),
            max(_LEGEND_INDENT + 8, width),
            initial_indent="  ",
            subsequent_indent=" " * _LEGEND_INDENT,
            break_long_words=False,
            break_on_hyphens=False,
        )
    for note in picture.notes:
        out += textwrap.wrap(
            note.strip(),
            max(_NOTE_INDENT + 8, width),
            initial_indent="  ",
            subsequent_indent=" " * _NOTE_INDENT,
            break_long_words=False,
            break_on_hyphens=False,
        )
    return out


class DancePlot(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *MARK_CLASSES.values(),
        "dance-plot--axis",
        "dance-plot--legend-title",
    }

    picture: reactive[DancePicture | None] = reactive(None, layout=True)

    def _plot_width(self) -> int:
        assert self.picture is not None
        return max(len(line) for line in self.picture.lines)

    def _legend_width(self, width: int) -> int | None:
        """The legend's width beside the plot, or None when it goes below."""
        room = width - self._plot_width() - _GAP
        return room if room >= _BESIDE else None

    def _legend(self, width: int) -> list[str]:
        assert self.picture is not None
        return ["What the marks mean:", *legend_lines(self.picture, width)]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if self.picture is None:
            return 1
        beside = self._legend_width(width)
        if beside is not None:
            return max(len(self.picture.lines), len(self._legend(beside)))
        key = len(pack(key_items(self.picture), width, _KEY_GAP))
        return key + len(self.picture.lines) + 1 + len(self._legend(width))

    def render(self) -> Content:
        picture = self.picture
        if picture is None:
            return Content("")
        width = self.content_region.width or self.size.width
        plot = self._plot()
        beside = self._legend_width(width)
        legend = self._legend_lines(width if beside is None else beside)
        if beside is None:
            # the legend is below, out of sight on a small screen: a key above says it briefly
            return Content("\n").join([*self._key(width), *plot, Content(""), *legend])
        plot_width = self._plot_width()
        rows = max(len(plot), len(legend))
        blank = Content("")
        lines = []
        for n in range(rows):
            left = plot[n] if n < len(plot) else blank
            right = legend[n] if n < len(legend) else blank
            lines.append(left.pad_right(plot_width - left.cell_length + _GAP) + right)
        return Content("\n").join(lines)

    def _plot(self) -> list[Content]:
        assert self.picture is not None
        picture = self.picture
        styles = self._styles()
        axis = self.get_visual_style("dance-plot--axis", partial=False)
        rows = len(picture.grid)
        lines = [Content.styled(picture.lines[0], axis)]
        lines += [_marked(line, _AXIS, styles, axis) for line in picture.lines[1 : rows + 1]]
        lines += [Content.styled(line, axis) for line in picture.lines[rows + 1 :]]
        return lines

    def _key(self, width: int) -> list[Content]:
        assert self.picture is not None
        styles = self._styles()
        lines = []
        for line in pack(key_items(self.picture), width, _KEY_GAP):
            items = [
                _marked(item, 0, styles, None, stop=item.index(" "))
                for item in line.split(_KEY_GAP)
            ]
            lines.append(Content(_KEY_GAP).join(items))
        return lines

    def _legend_lines(self, width: int) -> list[Content]:
        styles = self._styles()
        title, *lines = self._legend(width)
        out = [
            Content.styled(title, self.get_visual_style("dance-plot--legend-title", partial=False))
        ]
        for line in lines:
            # "  t  …": the mark sits at column 2 of a legend line, never of a continuation
            if line[:2] == "  " and line[2:3] != " " and line[3:5] == "  ":
                out.append(_marked(line, 2, styles, None, stop=3))
            else:
                out.append(Content(line))
        return out

    def _styles(self) -> dict[str, Style]:
        return {
            mark: self.get_visual_style(name, partial=False) for mark, name in MARK_CLASSES.items()
        }


def _marked(
    line: str,
    start: int,
    styles: Mapping[str, Style],
    head: Style | None,
    stop: int | None = None,
) -> Content:
    """`line` with each mark from `start` (to `stop`) in its style; before `start`, `head`."""
    end = len(line) if stop is None else stop
    content = Content(line)
    if head is not None and start:
        content = content.stylize(head, 0, start)
    for column in range(start, min(end, len(line))):
        style = styles.get(line[column])
        if style is not None:
            content = content.stylize(style, column, column + 1)
    return content
