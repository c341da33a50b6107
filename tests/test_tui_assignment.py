"""The assignment screen (game/tui/screens/assignment.py): the app started with a teacher's
assignment and no game opens on it, shows the title and instructions, insists on a name (and,
when the assignment leaves it open, a side), then starts the assignment's own game — seed,
variant, counterpart, title in the save — and goes on to the brief. Pilot at 80x24."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, RadioSet
from tui_helpers import CONTENT, flat, screen_text, settle

from game.content.assignments import Assignment, assignment_scenario, read_assignment
from game.tui.app import TntApp, make_app
from game.tui.screens.assignment import NO_NAME, NO_SIDE, AssignmentScreen
from game.tui.screens.brief import BriefScreen
from game.tui.screens.help import HelpScreen
from game.tui.settings import Settings

ASSIGNMENTS = CONTENT / "assignments"


def assigned_app(file: str, saves: Path | None, **settings: Any) -> tuple[TntApp, Assignment]:
    assignment = read_assignment(ASSIGNMENTS / file, CONTENT)
    app = make_app(
        assignment_scenario(assignment, CONTENT),
        content_dir=CONTENT,
        settings=Settings(saves_dir=saves, assignment=assignment, **settings),
    )
    return app, assignment


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*(" " if c == " " else c for c in text))  # "space" is the key's name
    await pilot.pause()


async def test_it_opens_on_the_title_and_instructions(tmp_path: Path) -> None:
    app, assignment = assigned_app("first-lesson.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AssignmentScreen)
        text = flat(screen_text(app))
        assert assignment.title in text
        # the whole of the instructions fits at 80x24, word for word
        assert " ".join(assignment.instructions.split()) in text
        assert "you choose your side" in text
        assert app.screen.query(RadioSet)  # "either": the side is the student's
        assert isinstance(app.focused, Input) and app.focused.id == "assignment-name"
        assert "^s Start" in text and "? Help" in text  # the footer, while the name is typed


async def test_enter_without_a_name_says_so_and_starts_nothing(tmp_path: Path) -> None:
    app, _ = assigned_app("first-lesson.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert NO_NAME not in flat(screen_text(app))
        await pilot.press("enter")
        await settle(pilot)
        assert NO_NAME in flat(screen_text(app))
        assert app.session is None
        await type_text(pilot, "   ")  # spaces are no name either
        await pilot.press("enter")
        await settle(pilot)
        assert NO_NAME in flat(screen_text(app))
        assert isinstance(app.screen, AssignmentScreen)
        assert app.session is None
        assert isinstance(app.focused, Input)  # back to the name
    assert list(tmp_path.iterdir()) == []


async def test_a_name_without_a_side_asks_for_the_side(tmp_path: Path) -> None:
    app, _ = assigned_app("first-lesson.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Aiko")
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = flat(screen_text(app))
        assert NO_SIDE in text and NO_NAME not in text
        assert app.session is None
        assert isinstance(app.focused, RadioSet)
    assert list(tmp_path.iterdir()) == []


async def test_a_name_and_a_side_start_the_assignments_game_on_its_brief(
    tmp_path: Path,
) -> None:
    app, assignment = assigned_app("first-lesson.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Aiko Tanaka")
        # Tab to the sides, ↓ to the U.S., Enter chooses it, Enter starts
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        pressed = app.screen.query_one(RadioSet).pressed_button
        assert pressed is not None and pressed.id == "us"
        assert "●▌ U.S.: the Washington delegation" in screen_text(app)  # a sign, not a colour
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        assert f"Assignment: {assignment.title}" in flat(screen_text(app))
        session = app.session
        assert session is not None and session.player == "us"
    assert session.save_path is not None
    data = json.loads(session.save_path.read_text())
    assert data["name"] == "Aiko Tanaka"
    assert data["role"] == "us"
    assert data["seed"] == 2025
    assert data["setup"]["variant"] == "classic"
    assert data["setup"]["title"] == assignment.title
    assert data["personas"]["japan"] == "jp-reciprocator"


async def test_an_assignment_with_a_fixed_side_asks_only_the_name(tmp_path: Path) -> None:
    app, assignment = assigned_app("full-talks.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query(RadioSet)
        assert "you play Tokyo" in flat(screen_text(app))
        await type_text(pilot, "Ben")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        session = app.session
        assert session is not None and session.player == "japan"
    assert session.save_path is not None
    data = json.loads(session.save_path.read_text())
    assert (data["name"], data["seed"], data["setup"]["title"]) == ("Ben", 7, assignment.title)
    assert data["personas"]["us"] == "us-hardliner"


async def test_help_opens_even_while_the_name_is_typed(tmp_path: Path) -> None:
    app, _ = assigned_app("full-talks.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ai")
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Start, from your name or the Start button" in flat(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#assignment-name", Input).value == "Ai"


async def test_a_new_game_returns_to_the_assignment_with_the_name_kept(tmp_path: Path) -> None:
    app, _ = assigned_app("full-talks.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Ben")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, BriefScreen)
        app.action_new_game()
        await settle(pilot)
        assert isinstance(app.screen, AssignmentScreen)
        assert app.screen.query_one("#assignment-name", Input).value == "Ben"


async def test_a_role_given_on_the_command_line_is_not_asked_again(tmp_path: Path) -> None:
    app, _ = assigned_app("first-lesson.toml", tmp_path, role="japan", name="Aiko")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # a role in the settings starts no game by itself when there is an assignment
        assert isinstance(app.screen, AssignmentScreen) and app.session is None
        assert not app.screen.query(RadioSet)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session is not None and app.session.player == "japan"


async def test_a_click_on_the_instructions_leaves_the_keys_with_the_name(tmp_path: Path) -> None:
    """In a browser the first click often lands on the text: typing must still reach the name."""
    app, _ = assigned_app("full-talks.toml", tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.click("#assignment-text", offset=(10, 5))
        await type_text(pilot, "Ben")
        assert app.screen.query_one("#assignment-name", Input).value == "Ben"


async def test_long_instructions_scroll_with_page_down(tmp_path: Path) -> None:
    long = tmp_path / "long.toml"
    words = " ".join(f"step{n}" for n in range(280))  # under the 300-word limit
    text = (ASSIGNMENTS / "full-talks.toml").read_text()
    start = text.index('instructions = """')
    end = text.index('"""', start + len('instructions = """')) + 3
    long.write_text(text[:start] + f'instructions = "{words}"' + text[end:])
    assignment = read_assignment(long, CONTENT)
    app = make_app(
        assignment_scenario(assignment, CONTENT),
        content_dir=CONTENT,
        settings=Settings(saves_dir=tmp_path, assignment=assignment),
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "step0 " in screen_text(app) and "step279" not in screen_text(app)
        for _ in range(5):
            await pilot.press("pagedown")
            await pilot.pause()
        assert "step279" in screen_text(app)
        assert isinstance(app.focused, Input)  # still typing the name
