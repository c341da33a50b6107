"""One debrief document, every renderer: Markdown, HTML, plain lines and the Textual widgets
tell the same sentences and figures in the same order (issue 12's "the same debrief figures in
the same words"), the HTML is semantic and self-contained, and a student's name is text in
every format, never markup."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import attrs
from rich.console import Console
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.content.loader import default_content_dir
from game.headless.script import (
    load_script,
    load_script_scenario,
    script_steps,
    start_session,
    submit_step,
)
from game.present.debrief import Debrief
from game.present.debrief_document import debrief_document
from game.present.document import Block, Bullets, Document, Heading, Para, Pre, Table
from game.present.html import to_html
from game.present.markdown import to_markdown
from game.present.plain_text import to_lines
from game.present.prepare import prepare_debrief, read_concepts
from game.present.words import nice_date
from game.tui.widgets.document import document_widgets

ROOT = Path(__file__).resolve().parent.parent
NAME = "<script>alert(1)</script> *Ann* _B_"
STAMP = {
    "save": "a.json",
    "moves": 1,
    "moves_sha256": "0" * 64,
    "tnt_version": "0",
    "saved_by_version": "0",
    "scenario": "april-2025",
    "content_fingerprint": "f",
    "saved_content_fingerprint": "f",
}


@cache
def debrief() -> Debrief:
    """The debrief of tests/playthroughs/deal-as-japan.toml, played headless."""
    content = default_content_dir()
    script = load_script(ROOT / "tests" / "playthroughs" / "deal-as-japan.toml")
    session = start_session(script, load_script_scenario(script, content))
    for step in script_steps(script, session):
        submit_step(script, session, step)
    assert session.over
    return prepare_debrief(session, content).debrief


@cache
def document() -> Document:
    return debrief_document(debrief(), None, read_concepts(default_content_dir()))


def flat(text: str) -> str:
    return " ".join(text.split())


def atoms(blocks: Sequence[Block], headers: bool = True) -> list[str]:
    """What every rendering must say, in order: headings, sentences, list items, table cells
    and preformatted lines; a table's header row first unless the renderer names each figure
    by its column instead (plain lines)."""
    out: list[str] = []
    for block in blocks:
        match block:
            case Heading(text=text) | Para(text=text):
                out.append(text)
            case Bullets(items=items):
                out += items
            case Table(header=header, rows=rows):
                out += [c for c in header if c and headers]
                out += [c for row in rows for c in row if c]
            case Pre(lines=lines):
                out += [line for line in lines if line.strip()]
    return [flat(a) for a in out]


def assert_told_in_order(
    blocks: Sequence[Block], text: str, renderer: str, headers: bool = True
) -> None:
    told = flat(text)
    at = 0
    for atom in atoms(blocks, headers):
        found = told.find(atom, at)
        assert found >= 0, f"{renderer}: not found after position {at}: {atom!r}"
        at = found + len(atom)


def markdown_text(blocks: Sequence[Block]) -> str:
    return re.sub(r"\\(.)", r"\1", to_markdown(blocks))


def html_text(blocks: Sequence[Block]) -> str:
    page = re.sub(r"</?span[^>]*>", "", to_html(blocks, "Debrief"))  # marks inside a line
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_every_renderer_tells_the_same_debrief_in_the_same_order() -> None:
    blocks = document().blocks()
    assert_told_in_order(blocks, markdown_text(blocks), "markdown")
    assert_told_in_order(blocks, html_text(blocks), "html")
    assert_told_in_order(blocks, "\n".join(to_lines(blocks)), "plain", headers=False)


def test_the_textual_widgets_tell_the_same_debrief() -> None:
    blocks = document().blocks()

    class Page(App[None]):
        def compose(self) -> ComposeResult:
            yield VerticalScroll(*document_widgets(blocks))

    async def read() -> str:
        app = Page()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            texts = []
            for widget in app.query(Static):
                content = widget.content
                if isinstance(content, Content):
                    texts.append(content.plain)
                else:  # a Rich table or list, rendered wide enough that no cell wraps
                    console = Console(width=1000, file=io.StringIO(), record=True)
                    console.print(content)
                    texts.append(console.export_text())
            return "\n".join(texts)

    import asyncio

    assert_told_in_order(blocks, asyncio.run(read()), "textual")


def test_the_sections_are_the_front_ends_parts() -> None:
    ids = [s.id for s in debrief_document(debrief(), STAMP, {}).sections]
    assert ids == ["about", "result", "dance", "teaching", "transcript"]
    result = to_lines(document().section("result").blocks)
    assert "Score: 0 = no deal, 100 = that best deal: Tokyo 51; Washington 58." in result
    assert any(line.startswith("- The Nash point: ") for line in result)


def test_the_outcome_ends_with_what_others_got_and_the_epilogue_from_the_content() -> None:
    # both come from scenario.toml ([[benchmarks]], [[epilogue]]), in file order, each dated
    # and sourced; every renderer tells them (the in-order test above covers all blocks)
    scenario = debrief().scenario
    assert scenario.benchmarks and scenario.epilogue
    blocks = document().section("result").blocks
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    others = headings.index("What others got")
    epilogue = headings.index("Epilogue: after the real deal")
    assert others < epilogue
    assert headings[epilogue + 1 :] == [
        f"{nice_date(n.date)}: {n.title}" for n in scenario.epilogue
    ]
    table = next(b for b in blocks if isinstance(b, Table) and b.header[0] == "Partner")
    assert [row[0] for row in table.rows] == [b.partner for b in scenario.benchmarks]
    uk = table.rows[0]
    assert uk[1] == "8 May 2025" and uk[2].endswith("[123]")


def test_html_is_semantic_and_self_contained() -> None:
    page = to_html(document().blocks(title=False), document().title)
    for tag in (
        "<h1>",
        "<h2>",
        "<h3>",
        "<p>",
        "<table>",
        "<thead>",
        "<th",
        "<ul>",
        "<li>",
        "<pre>",
    ):
        assert tag in page, tag
    for external in ("http", "src=", "<link", "<script", "url(", "@import"):
        assert external not in page, external
    assert page.count("<h1>") == 1


def test_a_students_name_is_text_in_html_and_markdown() -> None:
    named = debrief_document(attrs.evolve(debrief(), name=NAME), None, {})
    page = to_html(named.blocks(title=False), named.title)
    assert "<script" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *Ann* _B_" in page
    markdown = to_markdown(named.blocks())
    assert "\\<script\\>alert(1)\\</script\\> \\*Ann\\* \\_B\\_" in markdown
    assert not re.search(r"(?<!\\)<script", markdown)
    assert all("\x1b" not in line for line in to_lines(named.blocks()))
