"""The plain line mode: whole games driven by typed lines, one-line answers to mistakes, saves at
the end of input, the counterpart's secrets kept, and `tnt play --plain` through a real pipe."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
from tiny import tiny_scenario

from game.engine.commands import Proceed
from game.engine.model import Ending, Phase, Scenario, Utility
from game.plain.plain import play_plain
from game.present.narrate import describe_event, event_lines
from game.present.words import points
from game.session.session import Session

# Distinctive weights, so a leak of the counterpart's would show in the text.
JAPAN = Utility(
    (0.412, 0.288, 0.193, 0.107),
    ((1.0, 0.7, 0.3, 0.0), (1.0, 0.5, 0.0), (1.0, 0.5, 0.0), (1.0, 0.4, 0.0)),
    note="JAPAN-ONLY-NOTE",
)
US = Utility(
    (0.137, 0.263, 0.371, 0.229),
    ((0.0, 0.4, 0.7, 1.0), (0.0, 0.6, 1.0), (0.0, 0.6, 1.0), (0.0, 0.5, 1.0)),
    note="US-ONLY-NOTE",
)
SECRETS = {"japan": ("41.2", "28.8", "19.3", "10.7"), "us": ("13.7", "26.3", "37.1", "22.9")}
NOTES = {"japan": "JAPAN-ONLY-NOTE", "us": "US-ONLY-NOTE"}

# Answers whatever comes up: an event's first answer, the offer on the table, else proposes;
# blank lines carry the deal through the votes at home. Lines that do not fit are refused.
PLAY_ON = ["choose 1", "accept", "yes", "propose", ""] * 20


def scenario() -> Scenario:
    return tiny_scenario(utilities=(JAPAN, US))


def play(
    lines: Sequence[str], role: str = "japan", seed: int = 3, saves: Path | None = None
) -> tuple[Session, list[str], int]:
    session = Session.start(scenario(), role, seed, saves_dir=saves)
    out = io.StringIO()
    code = play_plain(session, list(lines), out, echo=True)
    return session, out.getvalue().splitlines(), code


# the line the game writes before every line it reads: a question, then the answers
PROMPT = re.compile(r"^[^?]+\? (Press Enter|Type) .+\.$")


def is_prompt(line: str) -> bool:
    """The main prompt (not a yes-or-no question, which is part of a command's answer)."""
    return bool(PROMPT.match(line)) and not line.endswith("Type yes or no.")


def answer_to(output: list[str], typed: str) -> list[str]:
    """The lines printed in answer to the first `typed` line (echoed as '> typed'), without the
    prompt that follows them."""
    start = output.index(f"> {typed}") + 1
    ends = ("> ", "End of input.")
    end = next((n for n in range(start, len(output)) if output[n].startswith(ends)), len(output))
    while end > start and not output[end - 1]:
        end -= 1
    if end > start and is_prompt(output[end - 1]):
        end -= 1
    while end > start and not output[end - 1]:
        end -= 1
    return output[start:end]


def during_play(output: list[str]) -> list[str]:
    """The output up to the end of the game: after it, the debrief shows both sides' numbers."""
    ends = [n for n, line in enumerate(output) if line.startswith("Game over.")]
    return output[: ends[0]] if ends else output


def assert_secrets_kept(output: list[str], role: str) -> None:
    them = "us" if role == "japan" else "japan"
    output = during_play(output)
    text = "\n".join(line for line in output if "'s result:" not in line)
    for weight in SECRETS[them]:
        assert not re.search(rf"(?<![\d.]){re.escape(weight)}(?![\d])", text), weight
    assert NOTES[them] not in text
    assert NOTES[role] in text
    for weight in SECRETS[role]:  # the player's own weights are in their brief
        assert f"{weight} of 100 points" in text


# ---------------------------------------------------------------------------------------------
# Whole games


@pytest.mark.parametrize("role", ["japan", "us"])
def test_a_whole_game_to_the_end(role: str, tmp_path: Path) -> None:
    session, output, code = play(["", *PLAY_ON], role=role, saves=tmp_path)
    assert code == 0
    assert session.state.phase is Phase.END
    who = "Tokyo" if role == "japan" else "Washington"
    assert f"Confidential brief for {who}. Only you see this." in output
    assert any(line.startswith("Go to the table? Press Enter") for line in output)
    assert "Debrief, part 1 of 4: the result." in output
    assert any(line.startswith("Game over.") for line in output)
    assert any(line.startswith("Your result: ") for line in output)
    assert_secrets_kept(output, role)


def test_a_negotiated_game_ends_in_a_deal_sent_home() -> None:
    lines = ["", "offer tariff=0 autos=1", "choose decline", "signal appeal"]
    lines += ["offer tariff=1 autos=1 rice=1", "accept", "yes", "accept", "yes", "", "", ""]
    session, output, _ = play(lines, seed=3)
    # whether the votes pass is the engine's dice: the narration must follow them either way
    ending = session.state.ending
    assert ending in (Ending.RATIFIED, Ending.REJECTED_AT_HOME)
    if ending is Ending.RATIFIED:
        assert "Game over. The deal is approved at home on both sides and takes effect." in output
    else:
        assert any(line.startswith("Game over. The deal was rejected at home") for line in output)
    assert "You accept Washington's offer." in output
    votes = sum(line.startswith("Vote at home in ") for line in output)
    assert votes == session.state.ratify_step >= 1


def test_the_opening_names_role_counterpart_seed_and_save(tmp_path: Path) -> None:
    session, output, _ = play([], saves=tmp_path)
    assert output[0] == "Tiny."
    assert "You play Tokyo: Japan's negotiator, Ryosei Akazawa." in output
    assert "Your counterpart, played by the computer for Washington: us-test." in output
    assert "Washington's lines of dialogue are the game's invention, not real quotes." in output
    assert any(line.startswith("Seed: 3.") for line in output)
    assert any(str(session.save_path) in line for line in output)
    assert "Your reservation value is 30 points: what no deal is worth to you." in output
    assert "Tariff: today tariff 1; with no deal tariff 3." in output
    assert "The calendar: 4 rounds, from 1 May 2025 to the deadline on 4 May 2025." in output
    assert "Farm lobby: 60 out of 100 (both sides)." in output


def test_a_full_game_with_deal_and_votes_narrates_each_step() -> None:
    session, output, _ = play(["", "accept", "yes", "", "", ""])
    assert "You accept Washington's offer." in output
    assert any(line.startswith("Deal signed in round 1.") for line in output)
    assert any(line.startswith("Vote at home in Tokyo, Diet: ") for line in output)
    assert any(line.startswith("In force now, Tariff: ") for line in output)
    assert session.state.phase is Phase.END


def test_the_turn_shows_round_offer_points_and_moves() -> None:
    session, output, _ = play([""])
    after = answer_to(output, "")
    assert "Washington (the game's words, not a quote): us-test opening one" in after
    assert "Your turn. Round 1 of 4, 1 May 2025." in after
    assert "3 more rounds after this one before the deadline of 4 May 2025." in after
    assert "Tariff: tariff 3 (changed, worse for you), was tariff 1" in after
    assert "Autos: autos 2" in after
    table = session.state.standing
    assert table is not None
    worth = points(JAPAN(table.terms))
    assert any(line.startswith(f"This offer is worth {worth} points to you") for line in after)
    assert output[output.index("> ") - 1].startswith("Go to the table? Press Enter")
    # the line after the turn's narration, before the next line read, is the prompt
    assert output[-3].startswith("Your move? Type accept, reject, offer ISSUE=OPTION")


def test_walk_asks_first(tmp_path: Path) -> None:
    session, output, _ = play(["", "walk", "no", "walk", "yes"])
    assert "You stay at the table." in output
    assert session.state.ending is Ending.WALKED_AWAY
    assert "You walk away from the table in round 1. There will be no deal." in output


def test_draft_then_propose() -> None:
    session, output, _ = play(["", "draft tariff=0", "draft autos = 1", "draft", "propose"])
    assert answer_to(output, "draft tariff=0")[0] == "Draft: Tariff set to tariff 0."
    shown = answer_to(output, "draft")
    assert (
        "Tariff: tariff 0 (changed, better for you), was tariff 3; 41.2 of its 41.2 points for you."
        in shown
    )
    assert any(
        line.startswith("Autos: autos 1 (changed, better for you), was autos 2") for line in shown
    )
    mine = [o for o in session.state.offers if o.by == "japan"]
    assert session.scenario.terms_to_ids(mine[0].terms)["tariff"] == "0"
    assert session.scenario.terms_to_ids(mine[0].terms)["autos"] == "1"


def test_events_signals_and_help_are_read_out() -> None:
    _, output, _ = play(
        ["", "offer tariff=0 autos=1", "choose decline", "signals", "signal appeal", "help"]
    )
    assert "Event: China courts Tokyo." in output
    assert "Answer 2, choose decline: Decline." in output
    assert "About this event: No source given." in output
    assert "You answer China courts Tokyo: Decline." in output
    assert "signal state_priority ISSUE: State a priority." in output
    assert "You signal: Appeal." in output
    helped = answer_to(output, "help")
    for word in ("offer", "draft", "propose", "accept", "reject", "walk", "choose", "signal"):
        assert any(line.startswith(word) for line in helped), word
    for word in ("signals", "issues", "brief", "table", "meters", "log", "quit"):
        assert any(line.startswith(word) for line in helped), word


def test_issues_show_the_players_points_only() -> None:
    _, output, _ = play(["issues"])
    shown = answer_to(output, "issues")
    assert "Issue tariff, Tariff: up to 41.2 points for you." in shown
    assert "tariff=0: tariff 0, 41.2 points for you." in shown
    assert "tariff=1: tariff 1, 28.8 points for you (in your draft)." in shown
    assert "tariff=3: tariff 3, 0 points for you (if no deal)." in shown
    assert_secrets_kept(output, "japan")


def test_log_meters_table_and_brief_change_nothing() -> None:
    session, output, _ = play(["", "log", "meters", "table", "brief"])
    assert len(session.log) == 1
    assert "New game: Tiny. You play Tokyo." in answer_to(output, "log")
    assert "Markets: 50 out of 100 (both sides)." in answer_to(output, "meters")
    assert answer_to(output, "table")[0].startswith("Your turn. Round 1 of 4")
    assert answer_to(output, "brief")[0] == "Confidential brief for Tokyo. Only you see this."


# ---------------------------------------------------------------------------------------------
# Mistakes: one line each, nothing changes


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("ofer tariff=1", "Unknown command 'ofer'. Did you mean offer? Type help for the list."),
        ("offer tariff=9", "Tariff has no option '9'. Options: 0, 1, 2, 3."),
        ("offer tarrif=1", "Unknown issue 'tarrif'. Did you mean tariff? Issues: "),
        ("draft autos", "Write each change as ISSUE=OPTION, such as tariff=0, not 'autos'."),
        ("choose 1", "Not allowed: No side-event is waiting for a decision."),
        ("signal apeal", "Unknown signal 'apeal'. Did you mean appeal?"),
        ("signal link_security", "Not allowed: Tokyo cannot send the signal 'Link troops'."),
        ("", "An empty line does nothing during the talks. Type a command, or help."),
    ],
)
def test_a_mistake_gets_one_line_and_changes_nothing(typed: str, answer: str) -> None:
    lines = ["", typed, "table"]
    session, output, _ = play(lines)
    before, _, _ = play([""])
    at = output.index(f"> {typed}", output.index("> ") + 1)
    reply = output[at + 1 :]
    reply = reply[: reply.index("> table")]
    assert len(reply) == 2
    assert reply[0].startswith(answer)
    assert reply[1] == output[at - 1]  # the same prompt again
    assert is_prompt(reply[1])
    assert session.state == before.state
    assert session.log == before.log


def test_an_illegal_move_gives_the_engines_reason() -> None:
    session, output, _ = play(["accept"])
    assert answer_to(output, "accept") == [
        "Not allowed: Nothing to negotiate during the briefing; proceed."
    ]
    assert session.state.phase is Phase.BRIEFING
    us, output, _ = play(["", "accept"], role="us")
    assert answer_to(output, "accept") == ["Not allowed: There is no offer on the table to accept."]
    assert len(us.log) == 1


# ---------------------------------------------------------------------------------------------
# Leaving: end of input and quit both save


def test_end_of_input_mid_game_saves_and_exits_0(tmp_path: Path) -> None:
    session, output, code = play(["", "offer tariff=0 autos=1"], saves=tmp_path)
    assert code == 0
    assert session.save_path is not None and session.save_path.exists()
    assert output[-1] == f"End of input. The game is saved in {session.save_path}."
    saved = json.loads(session.save_path.read_text())
    assert [c["type"] for c in saved["commands"]] == ["proceed", "propose"]
    assert saved["commands"][1]["terms"]["tariff"] == "0"


def test_quit_saves_and_stops_reading(tmp_path: Path) -> None:
    session, output, code = play(["", "quit", "accept"], saves=tmp_path)
    assert code == 0
    assert output[-1] == f"You leave the table. The game is saved in {session.save_path}."
    assert len(session.log) == 1


# ---------------------------------------------------------------------------------------------
# Narration on its own


def test_every_event_of_a_game_reads_as_plain_sentences() -> None:
    session, _, _ = play(["", *PLAY_ON])
    for viewer in ("japan", "us", None):
        for event in session.transcript:
            for line in event_lines(event, session.state, viewer):
                assert line.strip() and "Terms(" not in line and "None" not in line
            text = describe_event(event, session.scenario, viewer)
            assert text is None or text.strip()


def test_narration_imports_no_ui() -> None:
    code = (
        "import sys, game.present.narrate\n"
        "print(any(m.split('.')[0] in ('textual', 'rich') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------------------------------------
# `tnt play --plain` through a pipe, with the real content


def tnt(*args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("tnt")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=60
    )


def test_tnt_play_plain_through_a_pipe(tmp_path: Path) -> None:
    moves = "\n" + "choose 1\naccept\nyes\npropose\n\n" * 25
    result = tnt(
        "play", "--plain", "--role", "japan", "--seed", "3", "--saves", str(tmp_path), stdin=moves
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "Confidential brief for Tokyo. Only you see this." in result.stdout
    assert "Game over." in result.stdout
    assert list(tmp_path.glob("*.json"))


def test_tnt_play_plain_asks_for_a_role(tmp_path: Path) -> None:
    result = tnt("play", "--plain", "--seed", "3", "--saves", str(tmp_path), stdin="usa\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Play as japan or us? Type japan or us.\n")
    assert "Confidential brief for Washington. Only you see this." in result.stdout
    assert "End of input." in result.stdout


def test_tnt_play_plain_refuses_an_unknown_opponent(tmp_path: Path) -> None:
    result = tnt(
        "play",
        "--plain",
        "--role",
        "japan",
        "--opponent",
        "us-dealmakr",
        "--saves",
        str(tmp_path),
        stdin="",
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "unknown opponent 'us-dealmakr'. Did you mean us-dealmaker?" in result.stderr
    assert not list(tmp_path.glob("*.json"))


def test_no_seed_picks_one_and_says_which(tmp_path: Path) -> None:
    result = tnt("play", "--plain", "--role", "us", "--saves", str(tmp_path), stdin="")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^Seed: \d+\. ", result.stdout, re.MULTILINE)


def test_session_replays_from_the_plain_save(tmp_path: Path) -> None:
    session, _, _ = play(["", "offer tariff=0 autos=1", "choose 2"], saves=tmp_path)
    assert session.save_path is not None
    data = json.loads(session.save_path.read_text())
    again = Session.replay(scenario(), data)
    assert again.state == session.state
    assert again.log[0] == Proceed("japan")


# ---------------------------------------------------------------------------------------------
# The real content, every persona


def real_personas() -> list[tuple[str, str]]:
    from game.content.loader import default_content_dir, load_scenario

    real = load_scenario(default_content_dir(), "april-2025")
    return [("japan" if p.side == "us" else "us", p.id) for p in real.personas]


@pytest.mark.parametrize(("role", "persona"), real_personas())
def test_real_games_read_cleanly_and_keep_secrets(role: str, persona: str) -> None:
    from game.content.loader import default_content_dir, load_scenario

    real = load_scenario(default_content_dir(), "april-2025")
    session = Session.start(real, role, 11, persona=persona)
    out = io.StringIO()
    assert play_plain(session, ["", *PLAY_ON, *PLAY_ON], out) == 0
    assert session.over
    text = out.getvalue()
    them = "us" if role == "japan" else "japan"
    assert " ".join(real.utility(them).note.split()) not in text
    assert " ".join(real.utility(role).note.split()) in text
    # the point table (weights) appears once, in the brief, and only for the player's side
    assert text.count(" of 100 points. Best for you: ") == len(real.issues)
    assert "Debrief, part 1 of 4: the result." in text
    assert "Terms(" not in text and "Traceback" not in text


def test_accepting_an_offer_worth_less_than_no_deal_asks_first() -> None:
    # Washington opens with its own best package, worth less to Tokyo than no deal
    session, output, _ = play(["", "accept", "no"])
    assert session.state.phase is Phase.NEGOTIATION and session.state.agreed is None
    assert answer_to(output, "accept") == [
        "This offer is worth less to you than no deal. Accept it anyway? Type yes or no."
    ]
    assert answer_to(output, "no") == ["You have not accepted."]
    session, output, _ = play(["", "accept", "yes"])
    assert session.state.agreed is not None
