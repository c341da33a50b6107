"""What a content file may be, before and after it is parsed: the guards of the one TOML reader
(game.content.tables.read_toml) against a hostile folder (docs/security.md).

A content folder is shared between teachers, so nothing in it is trusted. A file is read only
when it is a regular file in its own folder (not a FIFO, a device or a link to elsewhere), at
most `MAX_FILE_BYTES` long, checked before and while reading. Its text is scanned for nesting
(brackets and dotted keys) before `tomllib` sees it, since tomllib recurses on brackets and slows
quadratically on long dotted keys. Once parsed, every value is walked once, iteratively: entry
counts, text lengths and control characters (terminal escape codes) are refused by key path.
The limits are far above what the real content needs (its maxima are in the comments).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

from game.content.reader import join_key

# the real content's largest file is 34 kB, its longest text 2,875 characters, its fullest
# array or table 26 entries, its deepest value 8 levels, its longest key 23 characters and its
# largest file 1,313 values (measured on content/ and tests/, April 2026)
MAX_FILE_BYTES = 1_000_000
MAX_TEXT = 20_000
MAX_ENTRIES = 1_000
MAX_DEPTH = 20
MAX_KEY = 200
MAX_VALUES = 20_000
MAX_REPORTED = 20  # problems of these kinds shown per file; the rest are counted
MAX_PROBLEMS = 100  # problems of any kind worded per file

# C0 controls but newline and tab, DEL and C1: a terminal obeys them (ESC starts every escape
# sequence, OSC 52 writes the clipboard, CR and BS overwrite what was shown)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with each control character written out (ESC as `\\x1b`), safe to print."""
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


class Refused(Exception):
    """A file that is not read, and why, in words that follow its name."""


# ---------------------------------------------------------------------------------------------
# Files and folders


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def outside(folder: Path, path: Path) -> str | None:
    """Why `path` is refused as part of `folder` (it resolves outside it), or None."""
    try:
        target = path.resolve()
        target.relative_to(folder.resolve())
    except ValueError:
        return f"links outside its folder (to {target}); content is read only from inside it"
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return "is a loop of links; content is read only from regular files"
    return None


def read_bytes(path: Path, within: Path | None = None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file inside `within` (default: its own folder), at most `limit`;
    FileNotFoundError when it is not there, Refused for anything else. Never blocks on a FIFO
    and never reads more than `limit` + 1 bytes, whatever the file claims."""
    linked = outside(within if within is not None else path.parent, path)
    if linked is not None:
        raise Refused(linked)
    info = os.stat(path)  # follows a link inside the folder; FileNotFoundError if missing
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"is {_kind(info.st_mode)}; content is read only from regular files")
    if info.st_size > limit:
        raise Refused(f"is {info.st_size:,} bytes; a content file may be at most {limit:,}")
    # O_NONBLOCK: a FIFO swapped in after the stat must not hang the open
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Refused("is not a regular file; content is read only from regular files")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, limit + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:
        raise Refused(f"is over {limit:,} bytes; a content file may be at most {limit:,}")
    return b"".join(chunks)


# ---------------------------------------------------------------------------------------------
# Nesting, before tomllib


# the characters that change what the scanner is in (a key, a value, a string or a comment),
# by where it is: fewer marks to stop at keeps the scan quick on a large file
_KEY_MARKS = re.compile(r"\n+|[#\"'.=}]")
_VALUE_MARKS = re.compile(r"\n+|[#\"'\[{]")  # a top-level value: `1.5` has no key in it
_INNER_MARKS = re.compile(r"[#\"'\[\]{},]")  # inside brackets a newline ends nothing
_BASIC_END = re.compile(r'(?:[^"\\\n]|\\.)*("|\n|$)')
_MULTI_BASIC_END = re.compile(r'(?:[^"\\]|\\.|"(?!""))*"""', re.DOTALL)


def nesting_problem(text: str) -> tuple[int, str] | None:
    """The line and words of the first place where `text` nests deeper than MAX_DEPTH (open
    brackets and braces, or the parts of a dotted key) or holds more than MAX_VALUES values,
    or None. A forgiving lexical pass: strings and comments are skipped, so a bracket inside a
    title is not counted; values are counted as keys and commas, near enough for a limit."""
    open_: list[str] = []  # the brackets and braces open in the current value
    in_key = True  # at the start of a line, or after `{` or `,` in an inline table
    parts = 1  # the parts of the key being read
    values = 0
    pos = 0
    while True:
        marks = _KEY_MARKS if in_key else _INNER_MARKS if open_ else _VALUE_MARKS
        found = marks.search(text, pos)
        if found is None:
            return None
        char, pos = found.group()[0], found.end()
        if char == "\n":
            if not open_:
                in_key, parts = True, 1
        elif char == "#":
            end = text.find("\n", pos)
            pos = len(text) if end < 0 else end
        elif char in "\"'":
            pos = _skip_string(text, pos - 1)
        elif in_key:
            if char == ".":
                parts += 1
                if parts > MAX_DEPTH:
                    return _line(text, pos), f"a dotted key of more than {MAX_DEPTH} parts"
            elif char == "=":
                in_key, parts, values = False, 1, values + 1
            elif char == "}" and open_:  # an empty inline table, or a trailing comma
                open_.pop()
                in_key = False
        elif char in "[{":
            open_.append(char)
            if len(open_) > MAX_DEPTH:
                return _line(text, pos), f"values nested more than {MAX_DEPTH} deep"
            if char == "{":
                in_key, parts = True, 1
        elif char in "]}":
            if open_:
                open_.pop()
        elif char == ",":
            values += 1
            if open_[-1] == "{":
                in_key, parts = True, 1
        if values > MAX_VALUES:
            return _line(text, pos), f"more than {MAX_VALUES:,} values in one file"


def _skip_string(text: str, start: int) -> int:
    """The position after the string that opens at `start`."""
    quote = text[start]
    if text.startswith(quote * 3, start):
        if quote == "'":
            end = text.find("'''", start + 3)
            end = len(text) if end < 0 else end + 3
        else:
            found = _MULTI_BASIC_END.match(text, start + 3)
            end = len(text) if found is None else found.end()
        while end < len(text) and text[end] == quote:  # up to two quotes end the content
            end += 1
        return end
    if quote == "'":
        ends = [i for i in (text.find("'", start + 1), text.find("\n", start + 1)) if i >= 0]
        return min(ends) + 1 if ends else len(text)
    found = _BASIC_END.match(text, start + 1)
    assert found is not None  # the pattern matches the empty string
    return found.end()


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


# ---------------------------------------------------------------------------------------------
# Values, after tomllib


def value_problems(data: object) -> Iterator[tuple[str, str]]:
    """(key path, words) for every value over a limit or holding a control character, walked
    iteratively; at most MAX_REPORTED, then one line counting the rest."""
    shown = 0
    hidden = 0
    for found in _walk(data):
        if shown < MAX_REPORTED:
            shown += 1
            yield found
        else:
            hidden += 1
    if hidden:
        yield "", f"{hidden:,} more values like these are not shown"


def _walk(data: object) -> Iterator[tuple[str, str]]:
    stack: list[tuple[str, object, int]] = [("", data, 0)]
    count = 0
    while stack:
        path, value, depth = stack.pop()
        count += 1
        if count > MAX_VALUES:
            yield "", f"the file holds more than {MAX_VALUES:,} values; at most {MAX_VALUES:,}"
            return
        if isinstance(value, str):
            yield from _text_problems(path, value, "text")
            continue
        if not isinstance(value, dict | list):
            continue
        if len(value) > MAX_ENTRIES:
            yield path, f"has {len(value):,} entries; at most {MAX_ENTRIES:,}"
            continue
        if depth >= MAX_DEPTH:
            yield path, f"is nested more than {MAX_DEPTH} deep"
            continue
        if isinstance(value, list):
            stack += ((f"{path}[{i}]", item, depth + 1) for i, item in enumerate(value))
            continue
        for key, item in value.items():
            problems = list(_text_problems(join_key(path, key), key, "key"))
            if len(key) > MAX_KEY:
                problems.append((path, f"a key is {len(key):,} characters; at most {MAX_KEY}"))
            yield from problems
            if not problems:
                stack.append((join_key(path, key), item, depth + 1))


def _text_problems(path: str, text: str, what: str) -> Iterator[tuple[str, str]]:
    if len(text) > MAX_TEXT:
        yield path, f"the {what} is {len(text):,} characters; at most {MAX_TEXT:,}"
        return
    control = CONTROL.search(text)
    if control is not None:
        yield (
            path,
            f"the {what} holds the control character {visible(control.group())} "
            f"(character {control.start() + 1}): a terminal would obey it",
        )
