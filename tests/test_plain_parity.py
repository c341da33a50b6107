"""Plain mode against what the Textual app offers, on the real content: a whole game to the end
and through the debrief (the result beside the real deal, the dance, the teaching points, the
transcript), no escape codes, a prompt that lists its answers before every line read, one line
for a mistake and the same prompt again, and a clean exit with a save at the end of input.

The content changes as authors add issues and events, so nothing here pins a figure that
depends on its balance: expected lines are worked out from the loaded scenario and the save."""

from __future__ import annotations

import io
import os
import re
import string
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

from game.content.glossary import entry_lines, load_glossary
from game.content.loader import default_content_dir, load_scenario
from game.content.teaching import scenario_teaching
from game.engine.model import Scenario, other
from game.plain.commands import AFTER, ALIASES, ANY_TIME, TALKS
from game.plain.plain import play_plain
from game.present.debrief import Debrief, debrief_session
from game.present.words import side_name
from game.session.games import load_game
from game.session.saves import SaveError
from game.session.session import Session

SEED = 5
# answers whatever comes up: an event's first answer, the offer on the table (confirmed), a
# proposal, and an empty line for the votes at home; lines that do not fit are refused
MOVES = ["choose 1", "accept", "yes", "propose", ""] * 30
# the debrief and everything else the app can show after the end, then leaving
AFTERWARDS = [
    "result",
    "dance",
    "picture",
    "teaching",
    "moment 1",
    "transcript",
    "glossary",
    "glossary batna",
    "votes",
    "meters",
    "export",
    "help",
    "quit",
]
# a prompt: a question, then the answers it takes
PROMPT = re.compile(r"^[^?]+\? (Press Enter|Type) .+\.$")
BAD = "frobnicate"


@cache
def real() -> Scenario:
    return load_scenario(default_content_dir(), "april-2025")


def play(lines: Sequence[str], saves: Path | None = None) -> tuple[Session, list[str]]:
    session = Session.start(real(), "japan", SEED, saves_dir=saves)
    out = io.StringIO()
    assert play_plain(session, list(lines), out, echo=True) == 0
    return session, out.getvalue().splitlines()


def debrief_of(session: Session) -> Debrief:
    return debrief_session(session, scenario_teaching(default_content_dir(), session.scenario))


def tnt(args: Sequence[str], stdin: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("tnt")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    # colour asked for as loudly as a terminal can: plain mode must still write none
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env |= {"TERM": "xterm-256color", "COLORTERM": "truecolor", "FORCE_COLOR": "1"}
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=120, env=env
    )


def title_patterns() -> list[re.Pattern[str]]:
    """The teaching points' titles in teaching.toml as patterns: each {field} is any text."""
    path = default_content_dir() / "scenarios" / "april-2025" / "teaching.toml"
    points = tomllib.loads(path.read_text(encoding="utf-8"))["points"]
    patterns = []
    for point in points:
        parts = string.Formatter().parse(point["title"])
        body = "".join(re.escape(text) + (".+" if field else "") for text, field, _, _ in parts)
        patterns.append(re.compile(rf"^Teaching point \d+: {body}\.$"))
    return patterns


def prompts(output: list[str]) -> list[tuple[int, str]]:
    """(index, line) of the line written just before each line read (echoed as '> ...')."""
    return [(n - 1, output[n - 1]) for n, line in enumerate(output) if line.startswith("> ")]


def answers(prompt: str) -> list[str]:
    """The answers a prompt lists: 'Type a, b (or just the number), c or d; …' -> [a, b, c, d]."""
    _, _, after = prompt.partition("? ")
    listed = after.split("; ")[0].removesuffix(".")
    listed = re.sub(r"\s*\([^)]*\)", "", listed)
    listed = re.sub(r"^Press Enter.*?, or type ", "", listed).removeprefix("Type ")
    items = re.split(r", or |, | or ", listed)
    return [item.strip() for item in items if item.strip()]


KNOWN = (
    {usage.split()[0] for usage, _, _ in (*TALKS, *ANY_TIME, *AFTER)} | set(ALIASES) | {"yes", "no"}
)


# ---------------------------------------------------------------------------------------------
# (1) and (2): a whole game through a pipe, to the end and through the debrief, no escape codes


def test_a_whole_game_reaches_the_debrief_and_its_teaching_points(tmp_path: Path) -> None:
    stdin = "\n".join(["", *MOVES, *AFTERWARDS]) + "\n"
    args = ["play", "--plain", "--role", "japan", "--seed", str(SEED), "--saves", str(tmp_path)]
    result = tnt(args, stdin)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b" not in result.stdout + result.stderr, "an escape code in plain mode"
    lines = result.stdout.splitlines()

    (save,) = tmp_path.glob("*.json")
    session = load_game(save, default_content_dir(), read_only=True).session
    assert session.over
    debrief = debrief_of(session)
    scenario = session.scenario

    # the end: the game's ending, then the debrief's four parts in the app's order
    assert sum(line.startswith("Game over. ") for line in lines) >= 1
    parts = [line for line in lines if re.match(r"^Debrief, part \d of 4: ", line)]
    assert parts[:4] == [
        "Debrief, part 1 of 4: the result.",
        "Debrief, part 2 of 4: the negotiation dance.",
        "Debrief, part 3 of 4: the teaching points.",
        "Debrief, part 4 of 4: the whole game.",
    ]
    assert f"{debrief.ending_text} Round {debrief.round} of {debrief.last_round}." in lines

    # the teaching points, each with its moment, titled as in teaching.toml
    assert debrief.teaching, "a whole game always has teaching points"
    for n, point in enumerate(debrief.teaching, 1):
        at = lines.index(f"Teaching point {n}: {point.title}.")
        assert lines[at + 1] == f"At {point.moment.describe()}."
    patterns = title_patterns()
    titles = [line for line in lines if re.match(r"^Teaching point \d+: ", line)]
    assert set(titles) == {
        f"Teaching point {n}: {p.title}." for n, p in enumerate(debrief.teaching, 1)
    }
    assert all(any(p.match(line) for p in patterns) for line in titles), titles
    assert any(line.startswith("Concept: ") for line in lines)
    # `moment 1`: the transcript at the first point's moment
    first = debrief.teaching[0]
    assert f"Teaching point 1, {first.title}: {first.moment.describe()}." in lines

    # the real deal, issue by issue: this game's terms against the deal of 22 July 2025
    historical = scenario.historical
    assert historical is not None
    assert any(line.startswith("Points the real deal of 22 July 2025 is worth: ") for line in lines)
    for i, issue in enumerate(scenario.issues):
        real_label = issue.options[historical.picks[i]].label
        told = [line for line in lines if line.startswith(f"{issue.name}: ")]
        assert any(
            "; Real deal (22 July 2025) same; " in line
            or f"; Real deal (22 July 2025) {real_label}; " in line
            for line in told
        ), issue.name

    # the dance in words and as a picture, the glossary, the exports and leaving
    assert any(re.match(r"^Move \d+: Round \d+; Offer by \w+; ", line) for line in lines)
    assert any(line.startswith("The dance drawn in characters, ") for line in lines)
    glossary = load_glossary(default_content_dir())
    assert entry_lines(glossary.entry("batna"), glossary)[0] in lines
    assert (tmp_path / f"{save.stem}-debrief.md").exists()
    assert (tmp_path / f"{save.stem}-transcript.txt").exists()
    assert lines[-1].endswith("Thank you for playing.")


# ---------------------------------------------------------------------------------------------
# (3) every prompt lists the answers it takes, and they work


def test_every_line_read_follows_a_prompt_that_lists_its_answers() -> None:
    _, output = play(["", *MOVES, *AFTERWARDS])
    asked = prompts(output)
    assert len(asked) == len(["", *MOVES, *AFTERWARDS])  # every line read, even a refused one
    kinds = set()
    for _, prompt in asked:
        assert PROMPT.match(prompt), prompt
        listed = answers(prompt)
        assert listed, prompt
        for answer in listed:
            assert answer.split()[0].lower() in KNOWN, (answer, prompt)
        kinds.add(prompt.split("?")[0].split()[0])
    # the brief, a side-event, the talks, a confirmation, a vote and the debrief all asked
    assert {"Go", "Your", "Vote", "Read"} <= kinds
    assert any(p.endswith("Type yes or no.") for _, p in asked)


def test_each_answer_the_end_prompt_lists_is_taken() -> None:
    session, output = play(["", *MOVES])
    assert session.over
    end_prompt = output[-3]  # then a blank line and "End of input."
    assert end_prompt.startswith("Read "), end_prompt
    listed = [a.replace("moment N", "moment 1") for a in answers(end_prompt) if a != "quit"]
    _, again = play(["", *MOVES, *listed])
    for answer in listed:
        at = again.index(f"> {answer}")
        reply = again[at + 1]
        assert not reply.startswith(("Unknown command", "Not allowed", "Not now")), (answer, reply)


# ---------------------------------------------------------------------------------------------
# (4) a line that cannot be used: one line, the same prompt again, nothing lost


def test_a_bad_line_anywhere_gets_one_line_and_the_same_prompt() -> None:
    script = ["", *MOVES[:40]]
    first = script[0]
    issue = real().issues[0]
    draft = f"draft {issue.id}={issue.options[0].id}"
    script = [first, "choose 1", "choose 1", draft, *script[1:]]
    session, _ = play(script)
    spoilt, spoilt_output = play([x for line in script for x in (BAD, line)])
    # nothing lost: the same game, move for move, and the draft survived the bad line
    assert spoilt.log == session.log
    assert spoilt.state == session.state
    refused = [n for n, line in enumerate(spoilt_output) if line == f"> {BAD}"]
    assert len(refused) == len(script)
    for n in refused:
        before, reply, again = spoilt_output[n - 1], spoilt_output[n + 1], spoilt_output[n + 2]
        assert PROMPT.match(before), before
        assert reply in (
            f"Unknown command '{BAD}'. Type help for the list.",
            f"'{BAD}' is neither yes nor no.",
        )
        assert again == before, (before, again)
    assert any(spoilt_output[n + 1].endswith("neither yes nor no.") for n in refused)
    assert any(spoilt_output[n - 1].startswith("Read ") for n in refused)


# ---------------------------------------------------------------------------------------------
# (5) the end of input, anywhere: the game is saved, the player is told, no traceback


def test_the_end_of_input_anywhere_saves_and_says_so(tmp_path: Path) -> None:
    script = ["", *MOVES]
    _, whole = play(script)
    read = [n for n, line in enumerate(whole) if line.startswith("> ")]
    confirm = next(n for n in read if whole[n - 1].endswith("Type yes or no."))
    vote = next(n for n in read if whole[n - 1].startswith("Vote "))
    ended = next(n for n in read if whole[n - 1].startswith("Read "))
    # cut before the first line, at a side-event, inside a yes-or-no, at a vote, after the end
    for cut in (0, 2, read.index(confirm), read.index(vote), read.index(ended)):
        saves = tmp_path / f"cut{cut}"
        session, output = play(script[:cut], saves=saves)
        assert session.save_path is not None
        assert output[-1] == f"End of input. The game is saved in {session.save_path}."
        loaded = load_game(session.save_path, default_content_dir(), read_only=True).session
        assert loaded.log == session.log
        assert loaded.state == session.state


def test_the_end_of_input_through_a_pipe_inside_a_question(tmp_path: Path) -> None:
    _, whole = play(["", *MOVES])
    read = [n for n, line in enumerate(whole) if line.startswith("> ")]
    confirm = next(i for i, n in enumerate(read) if whole[n - 1].endswith("Type yes or no."))
    stdin = "\n".join(["", *MOVES][:confirm]) + "\n"
    args = ["play", "--plain", "--role", "japan", "--seed", str(SEED), "--saves", str(tmp_path)]
    result = tnt(args, stdin)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[-5].endswith("Accept it anyway? Type yes or no.")
    assert lines[-4] == "You have not accepted."
    assert lines[-3].startswith("Your move? Type ")
    assert lines[-1].startswith("End of input. The game is saved in ")
    (save,) = tmp_path.glob("*.json")
    assert load_game(save, default_content_dir(), read_only=True).session.state.agreed is None


# ---------------------------------------------------------------------------------------------
# The brief: the side's confidential brief first, and never the other side's


@pytest.mark.parametrize("role", ["japan", "us"])
def test_the_brief_opens_with_the_sides_own_confidential_brief(role: str) -> None:
    scenario = real()
    mine, theirs = scenario.brief(role), scenario.brief(other(role))
    if mine is None:
        pytest.skip("the content has no confidential brief for this side")
    session = Session.start(scenario, role, SEED)
    out = io.StringIO()
    play_plain(session, [], out)
    output = out.getvalue().splitlines()
    at = output.index(f"Confidential brief for {side_name(role)}. Only you see this.")
    assert output[at + 1] == f"{mine.title}."
    first = re.split(r"\n\s*\n", mine.text)[0]
    assert output[at + 2] == " ".join(first.split())
    assert any(line.startswith("About this brief: Sources: ") for line in output)
    if theirs is not None:
        assert theirs.title not in out.getvalue()


def test_a_save_that_fails_is_told_in_one_line_and_the_game_goes_on(tmp_path: Path) -> None:
    session = Session.start(real(), "japan", SEED, saves_dir=tmp_path)

    def full_disk() -> None:
        raise SaveError("no space left on the device")

    session.save = full_disk  # type: ignore[method-assign]
    out = io.StringIO()
    assert play_plain(session, ["", "choose 1"], out, echo=True) == 0
    output = out.getvalue().splitlines()
    told = "Your move is made, but the game could not be saved: no space left on the device."
    assert output.count(told) == 2  # the move to the table, then the answer
    assert [type(c).__name__ for c in session.log] == ["Proceed", "Choose"]
    assert output[-3] == "The game could not be saved just now: no space left on the device."
    assert output[-1] == (
        f"End of input. Its last save that could be written is in {session.save_path}."
    )


def test_a_whole_game_and_its_debrief_load_neither_textual_nor_rich(tmp_path: Path) -> None:
    code = (
        "import io, sys\n"
        "from pathlib import Path\n"
        "from game.content.loader import default_content_dir, load_scenario\n"
        "from game.plain.plain import play_plain\n"
        "from game.session.session import Session\n"
        "real = load_scenario(default_content_dir(), 'april-2025')\n"
        f"session = Session.start(real, 'japan', {SEED}, saves_dir=Path(sys.argv[1]))\n"
        f"lines = ['', *{MOVES!r}, *{AFTERWARDS!r}]\n"
        "play_plain(session, lines, io.StringIO())\n"
        "assert session.over\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
