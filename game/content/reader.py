"""Line numbers for TOML key paths.

`tomllib` returns plain dicts with no positions, but every content diagnostic should say where the
problem is. This scanner reads the same text a second time, lexically, and records the line on
which each key (and each array element) begins, under a key path such as
`events[3].effects[0].meter`, `issues[2].options[1].id` or `japan.weights.autos`.

It is only asked about files that `tomllib` has already accepted, but it never raises on any text:
on something it does not understand it skips to the next line, so a diagnostic at worst loses its
line number.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_INDEX = re.compile(r"\[\d+\]$")
# a scalar (number, boolean, date) ends at the first of these
_SCALAR_END = ",]}\n#"
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", '"': '"', "\\": "\\"}


def join_key(parent: str, key: str) -> str:
    """The key path of `key` inside the table at `parent` ("" is the document root)."""
    return f"{parent}.{key}" if parent else key


def parent_key(path: str) -> str:
    """`a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> ``."""
    indexed = _INDEX.search(path)
    if indexed:
        return path[: indexed.start()]
    dot = path.rfind(".")
    return path[:dot] if dot >= 0 else ""


def line_of(lines: Mapping[str, int], path: str) -> int | None:
    """The line of `path`, or of its nearest recorded parent (a missing key is reported where
    the table that should hold it begins); None when nothing on the way is known."""
    while path:
        if path in lines:
            return lines[path]
        path = parent_key(path)
    return None


def key_lines(text: str) -> dict[str, int]:
    """Map every key path in a TOML document to the 1-based line where it begins."""
    scanner = _Scanner(text)
    scanner.document()
    return scanner.lines


class _Scanner:
    """A forgiving single pass over the text: headers, `key = value` pairs, and the keys and
    elements inside inline tables and arrays (which may span lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[str, int] = {}
        # array-of-tables path -> how many elements its headers have opened so far
        self.elements: dict[str, int] = {}
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    # -- positions ------------------------------------------------------------------------------

    def line(self) -> int:
        return bisect.bisect_right(self._line_starts, self.pos)

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self, ahead: int = 0) -> str:
        index = self.pos + ahead
        return self.text[index] if index < len(self.text) else ""

    def record(self, path: str) -> None:
        self.lines[path] = self.line()

    def skip_blanks(self) -> None:
        """Spaces and tabs only: a newline ends a top-level statement."""
        while self.peek() in (" ", "\t"):
            self.pos += 1

    def skip_space(self) -> None:
        """Whitespace, newlines and comments, as allowed between array elements."""
        while not self.at_end():
            char = self.peek()
            if char in " \t\r\n":
                self.pos += 1
            elif char == "#":
                self.skip_line()
            else:
                return

    def skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end + 1

    # -- statements -----------------------------------------------------------------------------

    def document(self) -> None:
        table = ""
        while True:
            self.skip_space()
            if self.at_end():
                return
            start = self.pos
            if self.text.startswith("[[", self.pos):
                table = self.header(array=True) or table
            elif self.peek() == "[":
                table = self.header(array=False) or table
            else:
                self.key_value(table)
            # anything left on the line (a comment, or text we did not understand) is skipped
            if self.pos == start or self.peek() not in ("", "\n"):
                self.skip_line()

    def header(self, array: bool) -> str | None:
        """`[a.b]` or `[[a.b]]`: returns the table's key path, with element indices filled in."""
        self.pos += 2 if array else 1
        keys = self.keys()
        if keys is None:
            return None
        self.skip_blanks()
        closing = "]]" if array else "]"
        if not self.text.startswith(closing, self.pos):
            return None
        self.pos += len(closing)
        path = ""
        for key in keys[:-1]:
            path = self.enter(join_key(path, key))
        path = join_key(path, keys[-1])
        self.lines.setdefault(path, self.line())
        if array:
            count = self.elements.get(path, 0)
            self.elements[path] = count + 1
            path = f"{path}[{count}]"
            self.record(path)
        return path

    def enter(self, path: str) -> str:
        """A header's intermediate key: in an array of tables it means the latest element."""
        self.lines.setdefault(path, self.line())
        count = self.elements.get(path)
        return path if count is None else f"{path}[{count - 1}]"

    def key_value(self, table: str) -> bool:
        keys = self.keys()
        if keys is None:
            return False
        path = table
        for key in keys[:-1]:
            path = join_key(path, key)
            self.lines.setdefault(path, self.line())
        path = join_key(path, keys[-1])
        self.record(path)
        self.skip_blanks()
        if self.peek() != "=":
            return False
        self.pos += 1
        self.skip_blanks()
        self.value(path)
        return True

    # -- keys -----------------------------------------------------------------------------------

    def keys(self) -> list[str] | None:
        """A dotted key such as `a."b.c".d`; None if the text here is not a key."""
        keys: list[str] = []
        while True:
            self.skip_blanks()
            key = self.one_key()
            if key is None:
                return None
            keys.append(key)
            self.skip_blanks()
            if self.peek() != ".":
                return keys
            self.pos += 1

    def one_key(self) -> str | None:
        char = self.peek()
        if char == '"':
            return self.basic_string()
        if char == "'":
            return self.literal_string()
        match = _BARE_KEY.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def basic_string(self) -> str:
        """A one-line "..." string, unescaped well enough to name a key."""
        self.pos += 1
        chars: list[str] = []
        while not self.at_end() and self.peek() not in ('"', "\n"):
            char = self.peek()
            if char == "\\":
                chars.append(_ESCAPES.get(self.peek(1), self.peek(1)))
                self.pos += 2
            else:
                chars.append(char)
                self.pos += 1
        if self.peek() == '"':
            self.pos += 1
        return "".join(chars)

    def literal_string(self) -> str:
        self.pos += 1
        end = self.text.find("'", self.pos)
        newline = self.text.find("\n", self.pos)
        if end < 0 or 0 <= newline < end:
            end = len(self.text) if newline < 0 else newline
            value, self.pos = self.text[self.pos : end], end
            return value
        value, self.pos = self.text[self.pos : end], end + 1
        return value

    # -- values ---------------------------------------------------------------------------------

    def value(self, path: str) -> None:
        if self.text.startswith('"""', self.pos):
            self.multiline('"""')
        elif self.text.startswith("'''", self.pos):
            self.multiline("'''")
        elif self.peek() == '"':
            self.basic_string()
        elif self.peek() == "'":
            self.literal_string()
        elif self.peek() == "{":
            self.inline_table(path)
        elif self.peek() == "[":
            self.array(path)
        else:
            while not self.at_end() and self.peek() not in _SCALAR_END:
                self.pos += 1

    def multiline(self, quotes: str) -> None:
        self.pos += 3
        while not self.at_end():
            if quotes == '"""' and self.peek() == "\\":
                self.pos += 2
            elif self.text.startswith(quotes, self.pos):
                self.pos += 3
                # a closing delimiter may be preceded by up to two quotes of the content
                while self.peek() == quotes[0]:
                    self.pos += 1
                return
            else:
                self.pos += 1

    def inline_table(self, path: str) -> None:
        self.pos += 1
        while True:
            self.skip_space()
            if self.at_end() or self.peek() == "}":
                self.pos += 1
                return
            start = self.pos
            self.key_value(path)
            self.skip_space()
            if self.peek() == ",":
                self.pos += 1
            elif self.pos == start or self.peek() not in ("}", ""):
                return  # not TOML we understand: give up on this value

    def array(self, path: str) -> None:
        self.pos += 1
        index = 0
        while True:
            self.skip_space()
            if self.at_end() or self.peek() == "]":
                self.pos += 1
                return
            start = self.pos
            element = f"{path}[{index}]"
            self.record(element)
            self.value(element)
            index += 1
            self.skip_space()
            if self.peek() == ",":
                self.pos += 1
            elif self.pos == start or self.peek() not in ("]", ""):
                return
