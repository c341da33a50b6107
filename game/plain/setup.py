"""The questions plain mode asks before a game, when the command line has not answered them."""

from __future__ import annotations

from typing import TextIO

from game.plain.parse import _norm
from game.present.safe_text import safe_text


def ask_role(stdin: TextIO, out: TextIO) -> str | None:
    answers = {"japan": "japan", "j": "japan", "tokyo": "japan", "jp": "japan"}
    answers |= {"us": "us", "u": "us", "usa": "us", "washington": "us", "u.s.": "us"}
    for _ in range(3):
        out.write("Play as japan or us? Type japan or us.\n")
        out.flush()
        line = stdin.readline()
        if not line:
            return None
        if not stdin.isatty():
            out.write(f"> {safe_text(line.rstrip())}\n")
        role = answers.get(_norm(line))
        if role:
            return role
        out.write(f"'{safe_text(line.strip())}' is neither japan nor us.\n")
    return None
