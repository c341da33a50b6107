"""What every part of plain mode stands on: the Session, the streams, the player's draft
and the shorthand the parts share. PlainGame (game.plain.plain) is this with every command."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from game.content.glossary import Glossary
from game.engine.machine import proposal_base
from game.engine.model import Scenario, Terms, other
from game.engine.view import PlayerView
from game.plain.parse import _norm
from game.present.debrief import Debrief
from game.present.document import Document
from game.present.safe_text import safe_text
from game.present.words import side_name
from game.session.session import Session


class PlainBase:
    """One player's view of a Session, as lines of text. Holds only what the engine does not:
    the player's draft offer (reset whenever the table changes), the debrief once the game is
    over, which part of it comes next, and the streams."""

    def __init__(
        self,
        session: Session,
        out: TextIO,
        lines: Iterator[str],
        echo: bool,
        content_dir: Path | None = None,
    ) -> None:
        self.session = session
        self.out = out
        self.lines = lines
        self.echo = echo
        self.content_dir = content_dir
        self.draft = self.base()
        self.draft_key = self._table_key()
        self._debrief: Debrief | None = None
        self._document: Document | None = None
        self._teaching_problem = ""
        self._glossary: Glossary | None = None
        self._glossary_problem = ""
        self.next_part = 0  # the debrief part an empty line reads next

    # -- output and input ---------------------------------------------------------------------

    def say(self, *lines: str) -> None:
        for line in lines:  # every line plain mode prints: no escape code reaches the terminal
            self.out.write(safe_text(line) + "\n")

    def read(self) -> str | None:
        """The next line typed, or None at the end of input."""
        self.out.flush()
        line = next(self.lines, None)
        if line is None:
            return None
        line = line.rstrip("\r\n")
        if self.echo:
            # piped input is not shown by the terminal; echo it so the output reads as a dialogue
            self.say(f"> {line}")
        return line

    def ask_yes_no(self, question: str) -> bool | None:
        """`question`, answered yes or no; anything else is refused and asked again. None at
        the end of input."""
        while True:
            self.say(f"{question} Type yes or no.")
            answer = self.read()
            if answer is None:
                return None
            word = _norm(answer)
            if word in ("yes", "y"):
                return True
            if word in ("no", "n"):
                return False
            self.say(f"'{answer.strip()}' is neither yes nor no.")

    # -- shorthand ----------------------------------------------------------------------------

    @property
    def player(self) -> str:
        return self.session.player

    @property
    def scenario(self) -> Scenario:
        return self.session.scenario

    def seen(self) -> PlayerView:
        """The game as the player may know it: what every line the player reads is drawn from
        (built afresh from the state: take it once per drawing)."""
        return self.session.view(self.player)

    @property
    def them(self) -> str:
        return side_name(other(self.player))

    def base(self) -> Terms:
        return proposal_base(self.session.state, self.player)

    def _table_key(self) -> tuple[object, ...]:
        state = self.session.state
        return (state.round, len(state.offers), state.standing)

    def _fresh_draft(self) -> None:
        """A new offer or round on the table starts a new draft from it."""
        key = self._table_key()
        if key != self.draft_key:
            self.draft, self.draft_key = self.base(), key
