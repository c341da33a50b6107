"""`tnt run SCRIPT --watch`: the watched game is the script's game (it ends exactly as `tnt run`
ends it, and the verdict lines are the same), space pauses, → and n play exactly one move, an
event's chosen answer is marked before it is given, the player's keys do nothing, q quits (the
rest of the script is then played unseen), and the command line refuses what it cannot watch.

The other side's content changes now and then, and a script's expectations with it; so these
tests compare with a headless run of the same script, never with a hard-coded ending."""

from __future__ import annotations

import argparse
import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList
from tui_helpers import CONTENT, flat, scenario, screen_text

from game.cli.cli import main
from game.cli.run import run_cli
from game.headless.playthrough import play_script
from game.headless.script import ScriptError, load_script
from game.tui.screens.brief import BriefScreen
from game.tui.screens.end import EndScreen
from game.tui.screens.event import EventDialog
from game.tui.screens.table import TableScreen
from game.tui.watch import WatchApp, finish_watch, watch_app

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parent.parent
DEAL = ROOT / "tests" / "playthroughs" / "deal-as-japan.toml"


def deal_script(tmp_path: Path) -> Path:
    """deal-as-japan.toml, with `answer = "first"` so that a side-event added to the content
    since the script was written does not make it unusable (it changes nothing otherwise)."""
    text = DEAL.read_text(encoding="utf-8")
    assert "\nanswer = " not in text
    text, n = re.subn(r'^after = "hold"$', 'after = "hold"\nanswer = "first"', text, flags=re.M)
    assert n == 1
    path = tmp_path / "deal-as-japan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def verdict_of_tnt_run(path: Path, saves: Path) -> tuple[int, str, str]:
    """`tnt run PATH --quiet`: its exit code, stdout (the verdict) and stderr (the failures)."""
    args = argparse.Namespace(script=[str(path)], json=False, quiet=True, transcript=None)
    args.saves = str(saves)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = run_cli(args, CONTENT)
    return code, out.getvalue(), err.getvalue()


def verdict_of_watch(app: WatchApp) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = finish_watch(app)
    return code, out.getvalue(), err.getvalue()


async def until(
    pilot: Pilot[Any], done: Callable[[], bool], what: str, poll: float | None = None
) -> None:
    """Let the app run until `done()` holds: a bound on refreshes, or with `poll` (for a paced
    game, whose moves wait for the clock) that many seconds between looks."""
    for _ in range(2000):
        if done():
            return
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(poll)
    raise AssertionError(f"never happened: {what}")


async def quiet(pilot: Pilot[Any], times: int = 5) -> None:
    """Give the app several turns of its event loop (to show that nothing moves)."""
    for _ in range(times):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def banner(app: WatchApp) -> str:
    return app.banner_text(SIZE[0] - 2)


# ---------------------------------------------------------------------------------------------
# The watched game is the script's game


async def test_watching_plays_the_script_to_the_end_as_tnt_run_does(tmp_path: Path) -> None:
    path = deal_script(tmp_path)
    headless = play_script(load_script(path), scenario())
    app = watch_app(path, CONTENT, tmp_path / "saves", pace=0)
    assert app.total is not None and app.total > 5
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.finished or bool(app.problem), "the end of the script")
        await until(pilot, lambda: isinstance(app.screen, EndScreen), "the end screen")
        # the banner is mounted on each new screen as it opens: shown a frame or so later
        await until(pilot, lambda: "Watched " in screen_text(app), "the banner")
        assert app.finished and not app.problem
        assert app.moves == app.total
        text = flat(screen_text(app))
        assert "Game over" in text
        assert f"the end, after {app.total} moves" in text and "q quit" in text
        await quiet(pilot)
        assert isinstance(app.screen, EndScreen), "the end screen stays until q"
        await pilot.press("q")
        assert app.return_code == 0
    session = app.session
    assert session is not None and session.over
    assert session.state.ending is not None
    assert session.state.ending.value == headless.ending
    assert session.state.ended_by == headless.ended_by
    assert session.transcript_dicts() == headless.transcript
    assert session.save_path is not None and session.save_path.parent == tmp_path / "saves"
    assert verdict_of_watch(app) == verdict_of_tnt_run(path, tmp_path / "run")


async def test_a_script_that_stops_before_the_end_stops_there(tmp_path: Path) -> None:
    path = tmp_path / "stop.toml"
    path.write_text(
        'title = "Two moves, then stop"\nrole = "us"\nseed = 1\nafter = "stop"\n'
        'answer = "first"\n[[moves]]\nsignal = "link_security"\n[[moves]]\nhold = true\n'
        '[expect]\nending = "deal-ratified"\n',
        encoding="utf-8",
    )
    headless = play_script(load_script(path), scenario())
    app = watch_app(path, CONTENT, None, pace=0)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.finished or bool(app.problem), "the end of the script")
        assert app.finished and not app.problem and app.moves == app.total
        await until(pilot, lambda: "the script stops here" in flat(screen_text(app)), "banner")
        await pilot.press("q")
    session = app.session
    assert session is not None and not session.over
    assert session.transcript_dicts() == headless.transcript
    code, out, err = verdict_of_watch(app)
    assert (code, out, err) == verdict_of_tnt_run(path, tmp_path / "run")
    assert code == 1 and "ending: expected deal-ratified, got no ending" in err


def test_an_unusable_script_is_refused_before_the_app_opens(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'title = "t"\nrole = "us"\nopponent = "jp-reciprocator"\nseed = 1\n'
        "[[moves]]\naccept = true\n",
        encoding="utf-8",
    )
    with pytest.raises(ScriptError) as headless:
        play_script(load_script(path), scenario())
    with pytest.raises(ScriptError) as watched:
        watch_app(path, CONTENT, None, pace=0)
    assert str(watched.value) == str(headless.value)
    assert f"{path}:5: move 1 (accept)" in str(watched.value)


# ---------------------------------------------------------------------------------------------
# The keys


async def test_space_pauses_and_the_arrow_or_n_plays_exactly_one_move(tmp_path: Path) -> None:
    # a short pace, not 0: at 0 the whole script can play out between two looks at the app,
    # and there would be nothing left to pause
    app = watch_app(deal_script(tmp_path), CONTENT, None, pace=0.05, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Paused: " in screen_text(app), "the banner")
        await quiet(pilot)
        assert app.moves == 0, "started paused: nothing moves"
        assert banner(app).startswith("Paused: ") and f"{app.total} moves · space play" in banner(
            app
        )
        assert "Paused: " in flat(screen_text(app))

        await pilot.press("right")
        await until(pilot, lambda: app.moves >= 1, "one move", poll=0.01)
        await quiet(pilot)
        assert app.moves == 1, "→ plays one move, then waits"

        await pilot.press("n")
        await until(pilot, lambda: app.moves >= 2, "one more move", poll=0.01)
        await quiet(pilot)
        assert app.moves == 2, "n plays one move, then waits"

        await pilot.press("space")  # play
        assert not app.paused and "space pause" in banner(app)
        await until(pilot, lambda: app.moves >= 5, "moves while playing", poll=0.01)
        await pilot.press("space")  # pause
        assert app.paused
        await quiet(pilot)  # a move already under way is finished, and that is all
        paused_at = app.moves
        await quiet(pilot, 10)
        assert app.moves == paused_at
        assert not app.finished, "the script is longer than this"

        await pilot.press("right")
        await until(pilot, lambda: app.moves > paused_at, "a move after the pause", poll=0.01)
        await quiet(pilot)
        assert app.moves == paused_at + 1


async def test_the_answer_to_an_event_is_marked_before_it_is_given(tmp_path: Path) -> None:
    # a long pace: the mark stays until the next key, whatever the machine's speed
    app = watch_app(deal_script(tmp_path), CONTENT, None, pace=600, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for _ in range(app.total or 0):
            if isinstance(app.screen, EventDialog):
                break
            before = app.moves
            await pilot.press("right")
            await until(pilot, lambda: app.moves > before, "a move")  # noqa: B023
        dialog = app.screen
        assert isinstance(dialog, EventDialog), "the script answers a side-event"
        before = app.moves
        await pilot.press("right")  # the answer is marked, not yet given
        await quiet(pilot)
        assert app.moves == before and app.screen is dialog
        step = app.waiting
        assert step is not None
        chosen = step.command.option  # type: ignore[attr-defined]
        answers = dialog.query_one(OptionList)
        assert answers.highlighted == answers.get_option_index(chosen)
        assert "▶" in screen_text(app), "a sign, not only the highlight's colour"
        await pilot.press("right")  # now it is given
        await until(pilot, lambda: app.moves > before, "the answer")
        assert app.screen is not dialog
        session = app.session
        assert session is not None and session.log[-1] == step.command


async def test_the_players_keys_do_nothing_while_watching(tmp_path: Path) -> None:
    app = watch_app(deal_script(tmp_path), CONTENT, None, pace=0, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, BriefScreen), "the brief")
        await pilot.press("enter")  # the brief's "to the table"
        await quiet(pilot)
        assert isinstance(app.screen, BriefScreen) and app.moves == 0
        # on to the table, and past any side-event waiting there for the script's answer
        while app.moves == 0 or not isinstance(app.screen, TableScreen):
            before = app.moves
            await pilot.press("right")
            await until(pilot, lambda: app.moves > before, "a move")  # noqa: B023
            await quiet(pilot, 2)
        table = app.screen
        session = app.session
        assert session is not None
        log, moves, draft, cursor = len(session.log), app.moves, table.draft, table.cursor
        # the offer builder, propose, accept, reject, walk out, signals, help, the palette
        for key in ("down", "left", "enter", "a", "r", "w", "1", "s", "question_mark", "ctrl+p"):
            await pilot.press(key)
            await quiet(pilot, 2)
            assert app.screen is table, f"{key} opened something"
        assert (len(session.log), app.moves) == (log, moves)
        assert (table.draft, table.cursor) == (draft, cursor)


async def test_q_quits_early_and_the_rest_is_played_for_the_verdict(tmp_path: Path) -> None:
    path = deal_script(tmp_path)
    headless = play_script(load_script(path), scenario())
    app = watch_app(path, CONTENT, tmp_path / "saves", pace=0, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right")
        await until(pilot, lambda: app.moves == 1, "one move")
        await pilot.press("q")
        assert app.return_code == 0, "q quits"
    session = app.session
    assert session is not None and not session.over and app.moves == 1
    assert verdict_of_watch(app) == verdict_of_tnt_run(path, tmp_path / "run")
    assert session.transcript_dicts() == headless.transcript


def test_the_banner_fits_80_columns(tmp_path: Path) -> None:
    app = watch_app(deal_script(tmp_path), CONTENT, None, pace=0)
    assert app.total is not None
    app.script = attrs.evolve(app.script, title="x" * 200)
    for moves, paused, finished in [(0, False, False), (3, False, False), (12, True, False)]:
        app.moves, app.paused, app.finished = moves, paused, finished
        text = banner(app)
        assert len(text) <= SIZE[0] - 2 and "…" in text
        assert "q quit" in text
    app.moves, app.paused = 3, False
    assert f"move 3 of {app.total} · space pause · → step · q quit" in banner(app)
    app.paused = True
    assert f"move 3 of {app.total} · space play · → step · q quit" in banner(app)
    assert banner(app).startswith("Paused: ")
    app.finished = True
    assert "the script stops here, after 3 moves" in banner(app)  # the game is not over


# ---------------------------------------------------------------------------------------------
# The command line


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([str(DEAL), str(DEAL), "--watch"], "--watch plays one script at a time (2 given)"),
        ([str(DEAL), "--pace", "1"], "--pace goes with --watch"),
        ([str(DEAL), "--watch", "--pace", "-1"], "--pace must be 0 or more seconds, not -1.0"),
        ([str(DEAL), "--watch", "--pace", "nan"], "--pace must be 0 or more seconds"),
        ([str(DEAL), "--watch", "--json"], "--watch shows the game on screen"),
        ([str(DEAL), "--watch"], "--watch needs a terminal"),  # pytest's stdout is not one
    ],
    ids=["two-scripts", "pace-alone", "negative", "nan", "json", "no-terminal"],
)
def test_the_command_line_refuses_what_it_cannot_watch(
    args: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["run", *args, "--saves", str(tmp_path)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("tnt run: ")
    assert not list(tmp_path.iterdir()), "nothing was played"
