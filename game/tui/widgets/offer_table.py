"""The offer table: one row per issue with the option on the table, the player's draft and what
the draft's option is worth to the player, plus a row of totals.

It lays out an OfferView (game/present/view.py) and nothing else: the screen owns the cursor and the
draft and sets `view`; a click on a row is posted up as `RowClicked`.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from game.present.view import BETTER, WORSE, OfferView, fit
from game.present.words import points

_POINTS_WIDTH = 6  # "31/31" and a space
_MARK_WIDTH = 2  # a space and ▲, ▼ or •
_SELECTOR = "▸ "
_OPTION_MIN = 18


class OfferTable(Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "offer-table--header",
        "offer-table--cursor",
        "offer-table--total",
        "offer-table--better",
        "offer-table--worse",
    }

    view: reactive[OfferView | None] = reactive(None, layout=True)

    class RowClicked(Message):
        def __init__(self, row: int) -> None:
            super().__init__()
            self.row = row

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        rows = len(self.view.rows) if self.view is not None else 0
        return rows + 2  # the header and the totals

    def _columns(self, width: int) -> tuple[int, int]:
        """The width of the issue column and of each option column."""
        assert self.view is not None
        longest = max(len(row.issue) for row in self.view.rows)
        fixed = len(_SELECTOR) + _POINTS_WIDTH + 2 * _MARK_WIDTH + 2
        # whole issue names as long as each option column keeps 18 cells for a short label
        name = min(longest, max(14, width - fixed - 2 * _OPTION_MIN))
        option = max(8, (width - fixed - name) // 2)
        return name, option

    def render(self) -> Content:
        view = self.view
        if view is None:
            return Content("")
        width = self.content_region.width or self.size.width
        name_w, option_w = self._columns(width)
        header_style = self.get_visual_style("offer-table--header", partial=True)
        marks = {
            BETTER: self.get_visual_style("offer-table--better", partial=True),
            WORSE: self.get_visual_style("offer-table--worse", partial=True),
        }

        def cell(text: str, mark: str) -> Content:
            # the sign, not its colour, carries the meaning: colour only repeats it
            sign = Content.styled(mark, marks[mark]) if mark in marks else Content(mark or " ")
            return sign + Content(f" {fit(text, option_w):<{option_w}}")

        heading = fit(view.table_heading, option_w)
        lines = [
            Content.styled(
                f"{'':{len(_SELECTOR)}}{'Issue':<{name_w}}   {heading:<{option_w}}"
                f"   {'Your draft':<{option_w}} {'Pts':>{_POINTS_WIDTH - 1}}",
                header_style,
            )
        ]
        for n, row in enumerate(view.rows):
            selected = n == view.cursor
            table = row.table or "—"
            score = f"{round(row.points * 100)}/{round(row.max_points * 100)}"
            line = Content.assemble(
                _SELECTOR if selected else " " * len(_SELECTOR),
                f"{fit(row.issue, name_w):<{name_w}} ",
                cell(table, row.table_mark),
                " ",
                cell(row.draft, row.draft_mark),
                f" {score:>{_POINTS_WIDTH - 1}}",
            )
            if selected:
                line = line.stylize(self.get_visual_style("offer-table--cursor", partial=True))
            lines.append(line)
        table_total = f"{points(view.table_total)} of 100" if view.table_total is not None else "—"
        lines.append(
            Content.assemble(
                " " * len(_SELECTOR),
                f"{fit('Worth to you', name_w):<{name_w}} ",
                cell(table_total, view.table_total_mark),
                " ",
                cell(f"{points(view.draft_total)} of 100", view.draft_total_mark),
            ).stylize(self.get_visual_style("offer-table--total", partial=True))
        )
        return Content("\n").join(lines)

    def on_click(self, event: events.Click) -> None:
        # row 0 is the header; the rows follow in issue order
        if self.view is not None and 1 <= event.y <= len(self.view.rows):
            self.post_message(self.RowClicked(event.y - 1))
