"""Text from a file or a person, made safe to draw: every front end and exporter passes such text
through `safe_text` before it reaches a terminal or a document (docs/security.md).

Content with a control character never loads (the reader refuses it, game.content.limits), and
a save holding one is refused; this is the second wall, for names typed by students and for
anything that slips past the first. A control character (C0 but newline and tab, DEL, C1) is
written out as `\\x1b`, so it is seen and not obeyed.
"""

from __future__ import annotations

from game.content.limits import CONTROL, visible


def safe_text(text: str) -> str:
    """`text` with each control character written out (ESC as `\\x1b`): safe for a terminal,
    a Textual widget (which passes ESC through even without markup) or an export."""
    return visible(text) if CONTROL.search(text) else text
