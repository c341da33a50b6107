"""The debrief screen at 80x24, opened from the end of games the tests' headless player played
(tui_helpers; test_tui proves it plays as the keys do): the end screen offers it; it shows the
scores and the real deal term by term (no word cut in two), the dance picture with its legend,
teaching points naming moments of that game, and Enter on a point shows its line in the
transcript; `x` exports it beside the save; Escape goes back. One picture of the dance tab is a
snapshot (looked at as a PNG before it was accepted)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.message import Message
from textual.notifications import Notify
from textual.pilot import Pilot
from textual.widgets import OptionList, TabbedContent
from tui_helpers import (
    accepts_at_once,
    flat,
    game,
    offers_then_accepts,
    open_on,
    press,
    screen_text,
    settle,
)

from game.present.debrief import MOVE_EVENTS, Moment
from game.tui.app import TntApp
from game.tui.screens.debrief import DebriefScreen, dance_size, moment_line
from game.tui.screens.end import EndScreen
from game.tui.widgets.dance_plot import DancePlot

SIZE = (80, 24)
Compare = Callable[..., bool]


def quick(saves: Path | None) -> TntApp:
    """The end of the quick game: the brief, the two side-events, accept the opening offer at
    once (confirming it), then the votes, which throw the deal out at home."""
    return open_on(accepts_at_once(game(saves, 42)), saves)


_SCROLLBAR = str.maketrans(dict.fromkeys("▁▂▃▄▅▆▇█", " "))


def notes(seen: list[Message]) -> list[str]:
    """The notifications the app posted, as the player reads them."""
    return [m.notification.message for m in seen if isinstance(m, Notify)]


def debrief_screen(app: TntApp) -> DebriefScreen:
    screen = app.screen
    assert isinstance(screen, DebriefScreen), type(screen).__name__
    return screen


def body(app: TntApp) -> list[str]:
    """The screen's lines between the tab bar and the footer, without the scroll bar."""
    return [line.translate(_SCROLLBAR) for line in screen_text(app).splitlines()[3:-1]]


async def pages(pilot: Pilot[Any]) -> list[str]:
    """Every line of the current tab, read page by page from the top as a player would."""
    app = pilot.app
    assert isinstance(app, TntApp)
    await press(pilot, "home")
    lines: list[str] = []
    scroll = app.focused
    assert scroll is not None
    for _ in range(40):
        lines += body(app)
        before = scroll.scroll_y
        await press(pilot, "pagedown")
        if scroll.scroll_y == before:
            return lines
    raise AssertionError("the page never ended")


def between(lines: list[str], start: str, stop: str) -> list[str]:
    first = next(i for i, line in enumerate(lines) if start in line)
    last = next(i for i in range(first, len(lines)) if stop in lines[i])
    return lines[first:last]


async def test_a_whole_game_ends_with_a_debrief_that_teaches_from_it(tmp_path: Path) -> None:
    app = open_on(offers_then_accepts(game(tmp_path, 72)), tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, EndScreen)
        end = screen_text(app)
        assert "Press d for the debrief" in flat(end)
        assert "d Debrief" in end.splitlines()[-1]  # in the footer too

        await press(pilot, "d")
        screen = debrief_screen(app)
        debrief = screen.debrief
        session = app.session
        assert session is not None

        # the result: both sides' scores, and the final terms beside the real deal
        result = await pages(pilot)
        text = flat("\n".join(result))
        assert "Both sides' points and scores" in text
        assert "Score: 0 = no deal, 100 = that best deal" in text
        assert "Tokyo (you)" in text and "Washington" in text
        assert "Joint gains left on the table" in text
        historical = debrief.historical
        assert historical is not None
        terms = between(result, "Issue", "What the real deal says")
        words = set(" ".join(terms).split())
        for row in historical.rows:
            assert row.issue.split()[0] in words
            shown = "same" if row.same else row.real
            assert set(shown.split()) <= words, shown
        assert sum(1 for row in historical.rows if row.same) <= " ".join(terms).count("same")

        # the dance: a picture of marks over the frontier, and its legend in words
        await press(pilot, "2")
        picture = screen.query_one(DancePlot).picture
        assert picture is not None
        shown_lines = body(app)
        rows = [line[1:] for line in shown_lines if re.match(r" (100| 50|  0|   ) \|", line)]
        assert len(rows) == len(picture.grid), "the whole plot is on screen at 80x24"
        drawn = "".join(row[5:] for row in rows)
        for mark in ("t", "w", ".", "N", "R", "*"):
            assert mark in drawn, mark
        assert "Value to Washington (points out of 100)" in flat("\n".join(shown_lines))
        # a key above the plot, since the full legend is below it at 80x24
        key = "t Tokyo w Washington . frontier N Nash R real deal * outcome |- no deal"
        assert flat(shown_lines[0]) == key
        dance = flat("\n".join(await pages(pilot)))
        assert "What the marks mean:" in dance
        for mark, meaning in picture.marks:
            assert f"{mark} {meaning}" in dance, meaning
        assert "the Pareto frontier" in dance and "the Nash point" in dance
        assert "Concessions per round" in dance

        # the teaching points, each naming a moment of this game
        await press(pilot, "3")
        assert debrief.teaching, "a whole game gives teaching points"
        teaching = flat("\n".join(body(app)))
        first = debrief.teaching[0]
        assert first.title in teaching
        assert f"At {first.moment.describe()}." in teaching
        assert re.search(r"round \d+ \(\d+ \w+ 2025\), move \d+", teaching)
        moves = [p for p in debrief.teaching if p.moment.is_move]
        assert moves
        for point in debrief.teaching:
            assert 0 <= point.moment.event_index < len(session.transcript)

        # Enter on a point: the transcript at its moment, marked with a sign
        for point in (moves[0], debrief.teaching[-1]):
            await press(pilot, "3")
            options = screen.query_one("#points", OptionList)
            options.highlighted = options.get_option_index(f"point-{debrief.teaching.index(point)}")
            await press(pilot, "enter")
            assert screen.query_one(TabbedContent).active == "transcript"
            shown = flat("\n".join(body(app)))
            assert f"▶ {point.moment.describe()}" in shown
            marked = [line for line in body(app) if line.startswith(" ▶ ")]
            assert len(marked) == 2, marked  # the note above, and the line itself
            if point.moment.is_move:
                assert marked[1].startswith(f" ▶ Move {point.moment.move}. ")
                assert isinstance(session.transcript[point.moment.event_index], MOVE_EVENTS)

        await press(pilot, "escape")
        assert isinstance(app.screen, EndScreen)


async def test_at_80x24_the_result_table_cuts_no_word(tmp_path: Path) -> None:
    app = quick(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "d")
        debrief = debrief_screen(app).debrief
        historical = debrief.historical
        assert historical is not None
        terms = between(await pages(pilot), "Issue", "What the real deal says")
        vocabulary = {"Issue", "Real", "deal", "(22", "July", "2025)", "Tokyo", "Washington"}
        vocabulary |= {"Deal", "signed", "This", "game", "No", "same"}
        for row in historical.rows:
            vocabulary |= {*row.issue.split(), *row.game.split(), *row.real.split()}
        for line in terms:
            for word in line.split():
                if re.fullmatch(r"[+-]?\d+(\.\d+)?|─+", word):
                    continue
                assert word in vocabulary, f"{word!r} is cut in: {line!r}"


async def test_x_exports_the_debrief_beside_the_save(tmp_path: Path) -> None:
    app = quick(tmp_path)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, notifications=True, message_hook=seen.append) as pilot:
        await press(pilot, "d", "x")
        session = app.session
        assert session is not None and session.save_path is not None
        path = session.save_path.with_name(f"{session.save_path.stem}-debrief.md")
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# Debrief: ")
        for heading in ("## The negotiation dance", "## Teaching points", "## Transcript"):
            assert heading in text
        assert any(path.name in note for note in notes(seen))


async def test_without_a_saves_folder_export_says_why(tmp_path: Path) -> None:
    app = quick(None)
    seen: list[Message] = []
    async with app.run_test(size=SIZE, notifications=True, message_hook=seen.append) as pilot:
        await press(pilot, "d", "x")
        assert any("no saves folder" in note for note in notes(seen))
        assert not list(tmp_path.iterdir())


async def test_help_lists_the_debrief_keys(tmp_path: Path) -> None:
    app = quick(tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await press(pilot, "d", "question_mark")
        text = flat(screen_text(app))
        assert "Keys on this screen" in text
        assert "Result: Scores and the real deal" in text
        assert "On a teaching point: show its moment in the transcript" in text


async def test_below_the_minimum_size_and_back_the_keys_work_again(tmp_path: Path) -> None:
    app = quick(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await press(pilot, "d")
        await pilot.resize_terminal(60, 18)
        await press(pilot, "2")
        assert "Enlarge the terminal" in screen_text(app)
        assert debrief_screen(app).query_one(TabbedContent).active == "result"
        await pilot.resize_terminal(*SIZE)
        await press(pilot, "pagedown")
        assert "1234 Tabs" in screen_text(app).splitlines()[-1]
        assert app.focused is not None and app.focused.scroll_y > 0
        await press(pilot, "2")
        assert debrief_screen(app).query_one(TabbedContent).active == "dance"


def test_the_line_of_a_moment() -> None:
    transcript = (
        "",
        "== Round 1 of 8, 16 April 2025: talks ==",
        "Move 1. Tokyo answers.",
        "  Alliance trust: down.",
        "Move 2. Washington proposes a package.",
        "Vote at home in Tokyo: passed.",
        "Move 3. Tokyo proposes a package.",
    )

    def moment(move: int, is_move: bool, round_: int = 1) -> Moment:
        return Moment(round_, "2025-04-16", move, is_move, 0, None, "")

    assert moment_line(transcript, moment(2, True)) == 4
    assert moment_line(transcript, moment(2, False), "Vote at home in Tokyo: passed.") == 5
    # a head the transcript does not hold: the move before it
    assert moment_line(transcript, moment(2, False), "something else") == 4
    # before any move: the round's header
    assert moment_line(transcript, moment(0, False)) == 1


@pytest.mark.parametrize(
    ("size", "plot"), [((80, 24), (69, 15)), ((72, 22), (61, 13)), ((200, 60), (121, 41))]
)
def test_the_plot_takes_the_room_there_is(size: tuple[int, int], plot: tuple[int, int]) -> None:
    assert dance_size(*size) == plot


def test_snapshot_the_dance(
    snap_compare: Compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = open_on(offers_then_accepts(game(Path("saves"), 2)), Path("saves"))
    assert snap_compare(app, terminal_size=SIZE, press=["d", "2"])
