"""A hostile content folder (issue 14): each attack is refused by `tnt check` in one line naming
the file, exit 1, no traceback, and the game refuses to play it. The FIFO, the /dev/zero link
and the links are made in tmp_path; the attacks that hung or ate memory before run in a child
process with a time-out and a memory ceiling, so a regression fails instead of hanging."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from game.content.check import check_content
from game.content.limits import (
    MAX_DEPTH,
    MAX_ENTRIES,
    MAX_FILE_BYTES,
    MAX_TEXT,
    MAX_VALUES,
    Refused,
    nesting_problem,
    read_bytes,
)

ROOT = Path(__file__).parent.parent
SCENARIO = Path("scenarios") / "april-2025"
EVENTS = SCENARIO / "events.toml"
PERSONA = Path("personas") / "us-hardliner.toml"
TITLE = 'title = "Troop costs on the table"'


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


def _ceiling() -> None:  # 1 GB of address space: an unbounded read fails fast, not the machine
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def tnt(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        preexec_fn=_ceiling,
        stdin=subprocess.DEVNULL,
    )


def refused_in_one_line(content: Path, path: Path, words: str) -> str:
    """`tnt check` on the folder: exit 1, no traceback, one problem naming `path`."""
    run = tnt("check", str(content), cwd=content.parent)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr
    problem, summary = run.stderr.splitlines()
    assert problem.startswith(f"content/{path.as_posix()}"), problem
    assert words in problem
    assert summary == f"1 problem(s) in {content}"
    return problem


def problems(content: Path) -> list[str]:
    return [str(error) for error in check_content(content)]


def append(content: Path, relative: Path, text: str) -> None:
    with (content / relative).open("a", encoding="utf-8") as handle:
        handle.write(text)


def replace(content: Path, relative: Path, old: str, new: str) -> None:
    path = content / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# -- 1-3: what a file may be --------------------------------------------------------------------


def test_a_link_to_dev_zero_is_refused_without_reading_it(content: Path) -> None:
    (content / PERSONA).unlink()
    (content / PERSONA).symlink_to("/dev/zero")
    refused_in_one_line(content, PERSONA, "links outside its folder (to /dev/zero)")


def test_a_fifo_is_refused_without_opening_it(content: Path) -> None:
    (content / PERSONA).unlink()
    os.mkfifo(content / PERSONA)
    refused_in_one_line(content, PERSONA, "is a FIFO; content is read only from regular files")
    run = tnt("play", "--plain", "--role", "japan", "--content", str(content), cwd=content.parent)
    assert run.returncode == 2 and "is a FIFO" in run.stderr and "Traceback" not in run.stderr


def test_a_fifo_as_teaching_points_is_refused_by_check_and_play(content: Path) -> None:
    teaching = SCENARIO / "teaching.toml"
    (content / teaching).unlink()
    os.mkfifo(content / teaching)
    refused_in_one_line(content, teaching, "is a FIFO")
    run = tnt("play", "--plain", "--role", "japan", "--content", str(content), cwd=content.parent)
    assert run.returncode == 2 and "is a FIFO" in run.stderr and "Traceback" not in run.stderr


def test_a_device_is_refused_by_kind() -> None:
    with pytest.raises(Refused, match="is a device"):
        read_bytes(Path("/dev/null"), within=Path("/dev"))


def test_a_persona_linked_to_a_system_file_is_not_read_or_quoted(content: Path) -> None:
    (content / PERSONA).unlink()
    (content / PERSONA).symlink_to("/etc/passwd")
    problem = refused_in_one_line(content, PERSONA, "links outside its folder (to /etc/passwd)")
    assert "root" not in problem  # nothing of the file is quoted


def test_a_link_that_stays_in_its_folder_is_read(content: Path) -> None:
    real = content / "personas" / ".us-hardliner.real"  # not *.toml: read only through the link
    (content / PERSONA).rename(real)
    (content / PERSONA).symlink_to(real.name)
    assert problems(content) == []


@pytest.mark.parametrize("folder", ["scenarios", "personas", "assignments", str(SCENARIO)])
def test_a_folder_linked_elsewhere_is_refused(content: Path, tmp_path: Path, folder: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    (content / folder).rename(elsewhere)
    (content / folder).symlink_to(elsewhere)
    refused_in_one_line(content, Path(folder), f"links outside its folder (to {elsewhere})")


def test_a_loop_of_links_is_refused(content: Path) -> None:
    (content / PERSONA).unlink()
    (content / PERSONA).symlink_to(PERSONA.name)
    refused_in_one_line(content, PERSONA, "is a loop of links")


def test_a_file_over_the_size_limit_is_refused_with_its_size(content: Path) -> None:
    size = (content / EVENTS).stat().st_size
    append(content, EVENTS, "#" * (MAX_FILE_BYTES - size) + "\n")
    refused_in_one_line(content, EVENTS, f"is {MAX_FILE_BYTES + 1:,} bytes; a content file")


# -- 4: nesting -----------------------------------------------------------------------------------


def test_deep_nesting_is_refused_with_its_line(content: Path) -> None:
    lines = (content / EVENTS).read_text(encoding="utf-8").count("\n")
    append(content, EVENTS, "bomb = " + "[" * 100_000 + "]" * 100_000 + "\n")
    problem = refused_in_one_line(content, EVENTS, f"values nested more than {MAX_DEPTH} deep")
    assert problem.startswith(f"content/{EVENTS.as_posix()}:{lines + 1}: ")


def test_a_dotted_key_bomb_is_refused_before_parsing(content: Path) -> None:
    # tomllib takes quadratic time on a long dotted key: the scan must stop it first
    append(content, Path("glossary.toml"), "\n" + ".".join(["a"] * 200_000) + " = 1\n")
    refused_in_one_line(content, Path("glossary.toml"), f"more than {MAX_DEPTH} parts")


def test_inline_tables_nest_too() -> None:
    assert nesting_problem("a = " + "{b = " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1))


def test_brackets_in_strings_and_comments_are_not_nesting() -> None:
    deep = "[" * (MAX_DEPTH * 2)
    text = f'a = "{deep}"\nb = """\n{deep}\n"""\nc = \'{deep}\'\n# {deep}\nd = [[1], [2]]\n'
    assert nesting_problem(text) is None


# -- 5: control characters --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        (TITLE, 'title = "Troops \\u001b]52;c;aGVsbG8=\\u0007"', "events[0].title"),
        (TITLE, 'title = "Troops \\u001b[2J\\u001b[31m"', "events[0].title"),
        (TITLE, 'title = "Troops \\u009b2J"', "events[0].title"),  # C1: CSI in one character
        (TITLE, 'title = "Troops \\u007f\\r"', "events[0].title"),
        (
            'label = "Cite the ¥211B a year, and say no more"',
            'label = "\\u001b]8;;http://evil.example\\u001b\\\\Cite\\u001b]8;;\\u001b\\\\"',
            "events[0].options[0].label",
        ),
    ],
)
def test_control_characters_in_text_are_refused_with_file_and_line(
    content: Path, old: str, new: str, key: str
) -> None:
    replace(content, EVENTS, old, new)
    problem = refused_in_one_line(content, EVENTS, f"{key}: the text holds the control character")
    assert "\x1b" not in problem and "\x9b" not in problem  # the line itself is safe to print
    assert problem.split(":")[1].isdigit()


def test_an_escape_code_in_a_key_or_a_file_name_is_shown_escaped(content: Path) -> None:
    append(content, Path("glossary.toml"), '\n"\\u001b[2J" = 1\n')
    found = problems(content)
    assert len(found) == 1 and "\\x1b[2J" in found[0] and "\x1b" not in found[0]
    shutil.copy(content / PERSONA, content / "personas" / "\x1b[2J.toml")
    assert all("\x1b" not in line for line in problems(content))


def test_tab_and_newline_are_text(content: Path) -> None:
    replace(content, EVENTS, TITLE, 'title = "Troop\\tcosts"')
    assert problems(content) == []


def test_the_game_refuses_to_play_content_with_escape_codes(content: Path) -> None:
    replace(content, EVENTS, TITLE, 'title = "\\u001b[2J"')
    run = tnt("play", "--plain", "--role", "japan", "--content", str(content), cwd=content.parent)
    assert run.returncode == 2 and "control character \\x1b" in run.stderr
    assert "\x1b" not in run.stdout + run.stderr


# -- 6: sizes -------------------------------------------------------------------------------------


def test_a_text_over_the_limit_is_refused_with_its_length(content: Path) -> None:
    replace(content, EVENTS, TITLE, f'title = "{"x" * (MAX_TEXT + 1)}"')
    refused_in_one_line(content, EVENTS, f"the text is {MAX_TEXT + 1:,} characters; at most")


def test_a_table_over_the_entry_limit_is_refused_with_its_count(content: Path) -> None:
    keys = "".join(f"k{i} = 1\n" for i in range(MAX_ENTRIES + 1))
    append(content, Path("glossary.toml"), f"\n[extra]\n{keys}")
    refused_in_one_line(content, Path("glossary.toml"), f"has {MAX_ENTRIES + 1:,} entries")


def test_a_file_over_the_value_limit_is_refused(content: Path) -> None:
    row = "[" + ", ".join(["1"] * 500) + "]"
    append(content, Path("glossary.toml"), "\nx = [" + ", ".join([row] * 50) + "]\n")
    refused_in_one_line(content, Path("glossary.toml"), f"more than {MAX_VALUES:,} values")


def test_problems_past_a_hundred_in_a_file_are_counted_not_worded(content: Path) -> None:
    append(content, EVENTS, "\n[[events]]\n" + "".join(f"z{i} = 1\n" for i in range(900)))
    found = problems(content)
    assert len(found) == 101
    assert found[0].endswith("events.toml: more than 100 problems; the rest are not shown")


def test_the_shipped_content_is_far_below_every_limit() -> None:
    """The limits stop hostile files, never a real one: the shipped content stays under a
    fifth of each (the figures in game/content/limits.py)."""
    files = sorted((ROOT / "content").rglob("*.toml"))
    assert max(path.stat().st_size for path in files) * 5 < MAX_FILE_BYTES
    longest = entries = values = depth = 0
    for path in files:
        stack: list[tuple[object, int]] = [(tomllib.loads(path.read_text("utf-8")), 1)]
        count = 0
        while stack:
            value, level = stack.pop()
            count, depth = count + 1, max(depth, level)
            if isinstance(value, str):
                longest = max(longest, len(value))
            elif isinstance(value, dict | list):
                entries = max(entries, len(value))
                items = value.values() if isinstance(value, dict) else value
                stack += ((item, level + 1) for item in items)
        values = max(values, count)
    assert longest * 5 < MAX_TEXT and entries * 5 < MAX_ENTRIES
    assert values * 5 < MAX_VALUES and depth * 2 < MAX_DEPTH
    assert problems(ROOT / "content") == []
