"""Assignments (game/content/assignments.py): the examples load, broken ones fail `tnt check`
in words, two students on one seed see the same side-events, and `tnt play --assignment`
stores the name."""

from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import attrs
import pytest

from game.cli.cli import main
from game.content.assignments import (
    Assignment,
    assignment_files,
    assignment_scenario,
    read_assignment,
)
from game.content.check import check_content
from game.engine.commands import Choose
from game.engine.machine import actor
from game.engine.model import Scenario
from game.engine.rng import Rng
from game.headless.bots import BOTS
from game.session.session import Session
from game.tui.settings import Settings
from tests.test_cli import tnt

CONTENT = Path(__file__).resolve().parent.parent / "content"
EXAMPLES = assignment_files(CONTENT)


def test_there_are_example_assignments() -> None:
    assert {p.stem for p in EXAMPLES} >= {"first-lesson", "full-talks", "china-card"}


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_loads_and_cuts_its_scenario(path: Path) -> None:
    assignment = read_assignment(path, CONTENT)
    scenario = assignment_scenario(assignment, CONTENT)
    assert assignment.title and assignment.instructions
    assert scenario.setup.title == assignment.title
    assert scenario.setup.scheduled == assignment.same_events
    if assignment.variant:
        assert scenario.setup.variant == assignment.variant
    if assignment.events_only:
        assert {e.id for e in scenario.events} <= set(assignment.events_only)


def test_the_first_lesson_is_the_classic_variant() -> None:
    assignment = read_assignment(CONTENT / "assignments" / "first-lesson.toml", CONTENT)
    scenario = assignment_scenario(assignment, CONTENT)
    assert len(scenario.issues) == 5
    assert assignment.persona_against("japan", scenario) == "us-dealmaker"
    assert assignment.persona_against("us", scenario) == "jp-reciprocator"


BROKEN = [
    ('scenario = "april-2025"', 'scenario = "april-2052"', "scenario: unknown scenario"),
    ('variant = "classic"', 'variant = "clasic"', "variant: unknown variant 'clasic'"),
    (
        'persona = ["us-dealmaker", "jp-reciprocator"]',
        'persona = ["us-dealmakr"]',
        "persona[0]: unknown persona 'us-dealmakr' (did you mean 'us-dealmaker'?)",
    ),
    ('role = "either"', 'role = "china"', "role: unknown role 'china'"),
    ("seed = 2025", 'seed = "2025"', "seed: must be an integer, not a string"),
    ("same_events = true", "same_event = true", "unknown key 'same_event'"),
    ("same_events = true", "rounds = 40", "rounds: must be between 1 and 8, not 40"),
    (
        "same_events = true",
        'events_off = ["xi-tour"]',
        "events_off[0]: unknown event 'xi-tour'",
    ),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2][:30] for b in BROKEN])
def test_a_broken_assignment_fails_the_check_with_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "assignments" / "first-lesson.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    lines = [str(e) for e in check_content(content)]
    assert len(lines) == 1, lines
    assert "first-lesson.toml:" in lines[0]
    assert message in lines[0], lines[0]
    result = tnt("check", str(content))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_a_persona_on_the_students_own_side_is_refused(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    path = content / "assignments" / "full-talks.toml"
    path.write_text(path.read_text().replace('persona = "us-hardliner"', 'persona = "jp-election"'))
    lines = [str(e) for e in check_content(content)]
    assert lines == [
        f"{path}:{_line(path, 'persona')}: persona: persona 'jp-election' plays japan, "
        "the student's own side"
    ] or any("the student's own side" in line for line in lines), lines


def _line(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if line.startswith(f"{key} ="):
            return number
    raise AssertionError(key)


def _play(session: Session, bot_name: str, seed: int) -> list[tuple[str, int]]:
    """Play to the end: the bot negotiates, and every side-event gets its first answer (the two
    students answer alike, so only their offers differ)."""
    bot = BOTS[bot_name]
    rng = Rng.seeded(seed)
    for _ in range(400):
        if session.over:
            break
        state = session.state
        if state.pending:
            event = state.scenario.event(state.pending[0])
            session.submit(Choose(actor(state) or "", event.id, event.options[0].id))
            continue
        command, rng = bot(state, rng)
        session.submit(command)
    assert session.over
    return list(session.state.fired)


def _events_in_common_rounds(same_events: bool, seed: int) -> tuple[list[object], list[object]]:
    """Two students play the first lesson as Japan on `seed`, one conceding step by step and
    one offering at random; the events each saw in the rounds both games reached."""
    assignment = read_assignment(CONTENT / "assignments" / "first-lesson.toml", CONTENT)
    assignment = attrs.evolve(assignment, seed=seed, same_events=same_events)
    scenario = assignment_scenario(assignment, CONTENT)
    persona = assignment.persona_against("japan", scenario)
    games = []
    for bot in ("conceder", "random"):
        session = Session.start(scenario, "japan", seed, persona=persona)
        games.append((_play(session, bot, 1), session.state.round))
    both = min(rounds for _, rounds in games)
    first, second = ([f for f in fired if f[1] <= both] for fired, _ in games)
    return first, second


# 2025 is the assignment's own; the others are seeds on which the two students' moves would
# change their side-events without the fixed calendar (see the control below)
@pytest.mark.parametrize("seed", [2025, 6, 7, 8, 14])
def test_two_students_on_one_seed_see_the_same_side_events(seed: int) -> None:
    first, second = _events_in_common_rounds(True, seed)
    assert first, "no event fired in the rounds both games reached"
    assert first == second


def test_without_the_fixed_calendar_those_students_would_not() -> None:
    """The control: on these seeds the scenario's own triggers (meters, the offer on the
    table) give the two students different events, so the test above can fail."""
    for seed in (6, 7, 8, 14):
        first, second = _events_in_common_rounds(False, seed)
        assert first != second, seed


def test_play_with_an_assignment_asks_the_name_once_and_saves_it(tmp_path: Path) -> None:
    assignment = CONTENT / "assignments" / "first-lesson.toml"
    result = tnt(
        "play",
        "--plain",
        "--assignment",
        str(assignment),
        "--saves",
        str(tmp_path),
        stdin="Aiko Tanaka\nus\nquit\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Assignment: First lesson" in result.stdout
    (save,) = tmp_path.glob("*.json")
    data = json.loads(save.read_text())
    assert data["name"] == "Aiko Tanaka"
    assert data["role"] == "us"
    assert data["seed"] == 2025
    assert data["setup"]["variant"] == "classic"
    assert data["setup"]["title"].startswith("First lesson")
    assert data["setup"]["scheduled"] is True
    assert data["personas"]["japan"] == "jp-reciprocator"


def test_a_flag_that_contradicts_the_assignment_is_refused(tmp_path: Path) -> None:
    assignment = CONTENT / "assignments" / "full-talks.toml"
    result = tnt(
        "play",
        "--plain",
        "--assignment",
        str(assignment),
        "--role",
        "us",
        "--name",
        "A",
        "--saves",
        str(tmp_path),
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "tnt play: this assignment is played as japan"
    assert list(tmp_path.iterdir()) == []


def test_through_a_pipe_the_assignment_is_asked_on_the_terminal(tmp_path: Path) -> None:
    """No --plain, but stdin and stdout are pipes: the plain game, with its prompts."""
    assignment = CONTENT / "assignments" / "first-lesson.toml"
    result = tnt(
        "play",
        "--assignment",
        str(assignment),
        "--saves",
        str(tmp_path),
        stdin="Ben Ito\njapan\nquit\n",
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Your name (it goes into your save for the teacher):" in lines
    assert "Your side, japan or us:" in lines  # each question on its own line
    (save,) = tmp_path.glob("*.json")
    data = json.loads(save.read_text())
    assert (data["name"], data["role"]) == ("Ben Ito", "japan")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal_app(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    """`tnt play` as in a terminal, with the app replaced by a recorder of what it was given;
    any prompt on the terminal fails the test."""
    import game.tui

    started: list[dict[str, object]] = []

    def run_tui(settings: Settings, content_dir: Path, scenario: object, session: object) -> int:
        started.append(
            {"scenario": scenario, "session": session, "assignment": settings.assignment}
        )
        return 0

    def no_prompt(*_: object) -> str:
        raise AssertionError("asked on the terminal")

    monkeypatch.setattr(game.tui, "run_tui", run_tui)
    monkeypatch.setattr("builtins.input", no_prompt)
    return started


def as_in_a_terminal(monkeypatch: pytest.MonkeyPatch) -> _Terminal:
    """stdin and stdout that say they are a terminal (in the test's body: pytest's own capture
    puts its sys.stdout back between a fixture and the test)."""
    out = _Terminal()
    monkeypatch.setattr(sys, "stdin", _Terminal())
    monkeypatch.setattr(sys, "stdout", out)
    return out


def test_in_a_terminal_the_app_asks_instead_of_the_terminal(
    tmp_path: Path, terminal_app: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assignment = CONTENT / "assignments" / "first-lesson.toml"
    out = as_in_a_terminal(monkeypatch)
    code = main(["play", "--assignment", str(assignment), "--saves", str(tmp_path)])
    assert code == 0
    (given,) = terminal_app
    assert given["session"] is None  # the app's assignment screen starts the game
    chosen = given["assignment"]
    assert isinstance(chosen, Assignment) and chosen.title.startswith("First lesson")
    scenario = given["scenario"]
    assert isinstance(scenario, Scenario) and scenario.setup.variant == "classic"
    assert "Your name" not in out.getvalue()
    assert list(tmp_path.iterdir()) == []


def test_in_a_terminal_a_name_and_side_given_start_at_once(
    tmp_path: Path, terminal_app: list[dict[str, object]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assignment = CONTENT / "assignments" / "first-lesson.toml"
    as_in_a_terminal(monkeypatch)
    args = ["play", "--assignment", str(assignment), "--saves", str(tmp_path), "--name", "Aiko"]
    assert main([*args, "--role", "us"]) == 0
    (given,) = terminal_app
    session = given["session"]
    assert isinstance(session, Session) and session.player == "us"
    # the app still knows the assignment: a new game from its palette returns to it
    assert isinstance(given["assignment"], Assignment)
    (save,) = tmp_path.glob("*.json")
    assert json.loads(save.read_text())["name"] == "Aiko"
