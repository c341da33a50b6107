"""Text from a file or a person is drawn safely (issue 14, the output half of finding 5 and the
Markdown half of finding 8): one function, game.present.safe_text, writes out every control
character, and plain mode, the Textual documents, the hotseat names, Markdown and HTML use it.
A student's name exports as the characters typed, never as markup, a link or a script."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from game.content.loader import load_scenario
from game.engine.commands import WalkAway
from game.present.document import Bullets, Heading, Para, Pre, Table
from game.present.html import to_html
from game.present.markdown import to_markdown
from game.present.safe_text import safe_text
from game.session.session import Session
from game.tui.screens.handover import player_names
from game.tui.widgets.document import document_widgets

ROOT = Path(__file__).parent.parent
CONTENT = ROOT / "tests" / "content_good"
OSC52 = "\x1b]52;c;aGVsbG8=\x07"
HOSTILE = f"Ann{OSC52}\x1b[2J\x9b31m\x7f\r\x08"
NAME = "<script>alert(1)</script> *Ann* [link](http://evil.example)"


def tnt(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "game", *args, "--content", str(CONTENT)],
        input=f"{stdin}\nquit\n",
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def test_safe_text_writes_out_every_control_character_and_keeps_the_rest() -> None:
    assert safe_text(HOSTILE) == "Ann\\x1b]52;c;aGVsbG8=\\x07\\x1b[2J\\x9b31m\\x7f\\x0d\\x08"
    kept = "Tokyo\tWashington\n¥211B — 日本 «é» [bold]x[/bold]"
    assert safe_text(kept) == kept


def test_plain_mode_prints_no_escape_code_a_player_types(tmp_path: Path) -> None:
    run = tnt(
        "play",
        "--plain",
        "--scenario",
        "tiny",
        "--role",
        "japan",
        "--saves",
        "s",
        cwd=tmp_path,
        stdin=HOSTILE,
    )
    assert run.returncode == 0, run.stderr
    assert "Ann\\x1b]52;c;aGVsbG8=\\x07" in run.stdout  # echoed and answered, written out
    assert not any(0x80 <= ord(c) < 0xA0 or (ord(c) < 32 and c not in "\n\t") for c in run.stdout)
    assert "\x7f" not in run.stdout


def test_role_question_echo_is_safe(tmp_path: Path) -> None:
    run = tnt("play", "--plain", "--scenario", "tiny", "--saves", "s", cwd=tmp_path, stdin=OSC52)
    assert "\x1b" not in run.stdout and "\\x1b]52" in run.stdout


BLOCKS = (
    Heading(2, HOSTILE),
    Para(f"Student: {NAME}\n# not a heading"),
    Bullets((HOSTILE,)),
    Table(("Who", HOSTILE), ((NAME, HOSTILE),)),
    Pre(("```", HOSTILE, "````")),
)


def test_markdown_escapes_names_and_control_characters() -> None:
    markdown = to_markdown(BLOCKS)
    assert "\x1b" not in markdown and "\x9b" not in markdown and "\x07" not in markdown
    assert "<script>" not in markdown and " [link](" not in markdown
    assert "\\<script\\>alert(1)\\</script\\> \\*Ann\\* [link]\\(http://evil.example)" in markdown
    assert "\n# not a heading" not in markdown  # a newline in a name starts no block
    # the picture's fence is longer than any backticks inside it, which cannot close it
    assert "`````text\n```\n" in markdown and markdown.rstrip().endswith("````\n`````")


def test_html_escapes_names_and_control_characters() -> None:
    page = to_html(BLOCKS, "title")
    assert "\x1b" not in page and "\x9b" not in page and "<script>alert" not in page
    assert "&lt;script&gt;" in page and "\\x1b[2J" in page


def test_the_textual_documents_draw_no_escape_code() -> None:
    for widget in document_widgets(BLOCKS):
        assert isinstance(widget, Static)
        console = Console(record=True, width=200, force_terminal=False, file=io.StringIO())
        console.print(widget.content)  # what the widget holds, as text
        drawn = console.export_text()
        assert "Ann" in drawn
        assert "\x1b" not in drawn and "\x9b" not in drawn and "\x07" not in drawn


def test_hotseat_names_are_drawn_safe() -> None:
    names = player_names(f"{HOSTILE} & Ben")
    assert names["japan"].startswith("Ann\\x1b]52") and names["us"] == "Ben"


@pytest.mark.parametrize("form", ["md", "html"])
def test_an_exported_name_is_the_characters_typed(tmp_path: Path, form: str) -> None:
    scenario = load_scenario(CONTENT, "tiny")
    session = Session.start(scenario, "japan", 5, saves_dir=tmp_path / "saves", name=NAME)
    session.submit(session.legal()[0])
    session.submit(WalkAway("japan"))
    assert session.over and session.save_path is not None
    run = tnt("export", str(session.save_path), "--format", form, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "<script>" not in run.stdout
    assert form == "html" or " [link](" not in run.stdout  # a link only Markdown would make
    shown = "\\<script\\>" if form == "md" else "&lt;script&gt;"
    assert f"Student: {shown}alert(1)" in run.stdout
