"""Small text widgets of the table screen that fit their words to the width they are given."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from game.present.view import MeterItem, pack


class MeterLine(Widget):
    """The meters as 'Cabinet approval 38 (+2) · Farm lobby 50 · …', never splitting a meter
    across two lines."""

    items: reactive[tuple[MeterItem, ...]] = reactive((), layout=True)

    def set_items(self, items: Sequence[MeterItem]) -> None:
        self.items = tuple(items)

    def _lines(self, width: int) -> list[str]:
        return pack([item.text() for item in self.items], max(1, width))

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return max(1, len(self._lines(width)))

    def render(self) -> Content:
        return Content("\n".join(self._lines(self.content_region.width or self.size.width)))
