"""Headless playthroughs: every script in tests/playthroughs passes against the shipped content,
`tnt run` keeps its exit-code promise (0 pass, 1 failed expectation, 2 unusable script, each
problem as `path:line: message`, never a traceback), and its JSON is byte-identical run to run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tiny import tiny_scenario

from game.content.loader import default_content_dir
from game.headless.playthrough import play_script, run_script
from game.headless.script import (
    Script,
    ScriptError,
    ScriptResult,
    load_script,
    load_script_scenario,
)

ROOT = Path(__file__).resolve().parent.parent
PLAYTHROUGHS = sorted((ROOT / "tests" / "playthroughs").glob("*.toml"))
CONTENT = default_content_dir()
SHORT = ROOT / "tests" / "playthroughs" / "rejected-at-home.toml"  # one round: a quick CLI check


# ---------------------------------------------------------------------------------------------
# The playthroughs


def test_there_are_playthroughs() -> None:
    names = {p.name for p in PLAYTHROUGHS}
    assert {"deal-as-japan.toml", "deal-as-us.toml", "walk-out.toml", "deadline.toml"} <= names
    assert {"rejected-at-home.toml", "china-event-engage.toml", "china-event-decline.toml"} <= names


@pytest.mark.parametrize("path", PLAYTHROUGHS, ids=lambda p: p.name)
def test_playthrough_passes(path: Path) -> None:
    script = load_script(path)
    result = run_script(script, CONTENT)
    assert result.failures == [], "\n".join(result.failures)
    # every expectation block asserts something real: the ending and at least one more thing
    expect = script.expect
    assert script.title and expect.ending is not None
    others = (expect.ended_by, expect.agreed, expect.utility, expect.rounds, expect.events_fired)
    assert any(others) or expect.transcript_contains


def test_china_pair_differs_only_in_the_choice_and_in_the_ending() -> None:
    engage = load_script(ROOT / "tests" / "playthroughs" / "china-event-engage.toml")
    decline = load_script(ROOT / "tests" / "playthroughs" / "china-event-decline.toml")
    same = ("seed", "role", "opponent", "scenario", "after", "answer")
    assert [getattr(engage, k) for k in same] == [getattr(decline, k) for k in same]

    def played(script: Script) -> list[tuple[object, ...]]:
        return [(m.action, m.picks, m.signal, m.issue, m.event, m.option) for m in script.moves]

    assert played(engage) == played(decline)
    theirs = dict(decline.answers)
    different = [(e, o, theirs.get(e)) for e, o in engage.answers if theirs.get(e) != o]
    assert different == [("rcep-opening", "senior-delegation", "decline")]
    assert set(dict(engage.answers)) == set(theirs)
    assert run_script(engage, CONTENT).ending != run_script(decline, CONTENT).ending


def test_the_example_in_the_docs_passes(tmp_path: Path) -> None:
    doc = (ROOT / "docs" / "scripts.md").read_text(encoding="utf-8")
    example = doc.split("```toml\n", 1)[1].split("```", 1)[0]
    result = run_script(load_script(write(tmp_path, example)), CONTENT)
    assert result.failures == [], "\n".join(result.failures)


# ---------------------------------------------------------------------------------------------
# `tnt run`: exit codes and messages


def tnt_run(*args: str | Path, saves: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "game", "run", *map(str, args), "--saves", str(saves)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert "Traceback" not in done.stderr
    return done


def write(tmp_path: Path, text: str, name: str = "s.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_run_good_script_exits_0(tmp_path: Path) -> None:
    done = tnt_run(SHORT, saves=tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"PASS {SHORT}" in done.stdout
    assert "== Round 1 of 8, 16 April 2025" in done.stdout
    assert '[ending = "rejected-at-home", ended_by = "japan"]' in done.stdout
    assert list(tmp_path.glob("*.json")), "the game was saved in --saves"


def test_run_wrong_expectation_exits_1(tmp_path: Path) -> None:
    text = SHORT.read_text(encoding="utf-8").replace(
        'ending = "rejected-at-home"', 'ending = "deal-ratified"'
    )
    path = write(tmp_path, text)
    done = tnt_run(path, "--quiet", saves=tmp_path)
    assert done.returncode == 1
    assert f"FAIL {path}: 1 expectation(s) failed" in done.stdout
    assert "ending: expected deal-ratified, got rejected-at-home by japan in round 1" in done.stderr
    assert f"{path}:" in done.stderr


GOOD_HEAD = 'title = "t"\nrole = "us"\nopponent = "jp-reciprocator"\nseed = 1\n'


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('title = "t"\nrole = \nseed = 1\n', 2, "TOML syntax error"),
        (GOOD_HEAD + '[[moves]]\npropose = { autoz = "15" }\n', 6, "did you mean 'autos'?"),
        (GOOD_HEAD + '[[moves]]\npropose = { autos = "27.5" }\n', 6, "did you mean '27-5'?"),
        (
            GOOD_HEAD + "[[moves]]\naccept = true\n",
            5,
            "move 1 (accept): There is no offer on the table to accept.",
        ),
    ],
    ids=["bad-toml", "unknown-issue", "unknown-option", "illegal-move"],
)
def test_run_unusable_script_exits_2(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    done = tnt_run(path, saves=tmp_path)
    assert done.returncode == 2
    assert f"{path}:{line}: " in done.stderr
    assert message in done.stderr


def test_run_missing_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    done = tnt_run(missing, SHORT, saves=tmp_path)
    assert done.returncode == 2
    assert f"{missing}:1: file is missing" in done.stderr
    assert f"PASS {SHORT}" in done.stdout  # the other scripts still run


def test_a_folder_given_as_a_script_is_refused_by_the_reader(tmp_path: Path) -> None:
    folder = tmp_path / "moves.toml"
    folder.mkdir()
    with pytest.raises(ScriptError) as caught:
        load_script(folder)
    assert caught.value.line == 1 and "is a folder" in caught.value.message


def test_run_json_is_byte_identical(tmp_path: Path) -> None:
    first = tnt_run(SHORT, "--json", saves=tmp_path / "a")
    second = tnt_run(SHORT, "--json", saves=tmp_path / "b")
    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    document = json.loads(first.stdout)
    assert document[0]["ending"] == "rejected-at-home"
    assert document[0]["transcript"][0]["type"] == "game_started"
    assert f"PASS {SHORT}" in first.stderr  # stdout is JSON only


def test_run_writes_transcript_file(tmp_path: Path) -> None:
    json_file, text_file = tmp_path / "t.json", tmp_path / "t.txt"
    assert tnt_run(SHORT, "--quiet", "--transcript", json_file, saves=tmp_path).returncode == 0
    assert tnt_run(SHORT, "--quiet", "--transcript", text_file, saves=tmp_path).returncode == 0
    assert json.loads(json_file.read_text(encoding="utf-8"))[0]["title"]
    assert "Game over. The deal was rejected at home in Tokyo" in text_file.read_text(
        encoding="utf-8"
    )


# ---------------------------------------------------------------------------------------------
# Unusable scripts, in process (fast): each a ScriptError at the right line


def error_of(tmp_path: Path, text: str, content: bool = True) -> ScriptError:
    path = write(tmp_path, text)
    with pytest.raises(ScriptError) as caught:
        script = load_script(path)
        if content:
            run_script(script, CONTENT)
    return caught.value


def test_unknown_top_level_key(tmp_path: Path) -> None:
    error = error_of(tmp_path, 'title = "t"\nrole = "us"\nsead = 1\n')
    assert error.line == 3 and "unknown key 'sead' (did you mean 'seed'?)" in error.message


def test_unknown_move_key_and_two_actions(tmp_path: Path) -> None:
    error = error_of(tmp_path, GOOD_HEAD + "[[moves]]\nsignal = 'appeal'\nisue = 'autos'\n")
    assert error.line == 7 and "did you mean 'issue'?" in error.message
    error = error_of(tmp_path, GOOD_HEAD + "[[moves]]\naccept = true\nreject = true\n")
    assert error.line == 5 and "exactly one of" in error.message


def test_unknown_persona_scenario_event_signal(tmp_path: Path) -> None:
    error = error_of(tmp_path, GOOD_HEAD.replace("jp-reciprocator", "jp-reciprocater"))
    assert error.line == 3 and "did you mean 'jp-reciprocator'?" in error.message
    error = error_of(tmp_path, GOOD_HEAD.replace("jp-reciprocator", "us-dealmaker"))
    assert "plays your own side" in error.message
    error = error_of(tmp_path, GOOD_HEAD + 'scenario = "april-2052"\n')
    assert error.line == 5 and "did you mean 'april-2025'?" in error.message
    error = error_of(tmp_path, GOOD_HEAD + '[expect]\nevents_fired = ["steel-5O"]\n')
    assert (
        error.line == 6 and "unknown event 'steel-5O' (did you mean 'steel-50'?)" in error.message
    )
    error = error_of(tmp_path, GOOD_HEAD + "[[moves]]\nsignal = 'delink_security'\n")
    assert error.line == 6 and "unknown signal 'delink_security' for us" in error.message


def test_unanswered_side_event_names_it_and_its_options(tmp_path: Path) -> None:
    text = 'title = "t"\nrole = "japan"\nseed = 7\n[[moves]]\nhold = true\n'
    error = error_of(tmp_path, text)
    assert error.line == 4
    assert "waits for your answer" in error.message and "choose" in error.message


def test_move_after_the_end(tmp_path: Path) -> None:
    text = GOOD_HEAD + "[[moves]]\nwalk = true\n[[moves]]\nhold = true\n"
    error = error_of(tmp_path, text)
    assert (
        error.line == 7
        and "the game is already over (walked-away by us in round 1)" in error.message
    )


def test_bad_values(tmp_path: Path) -> None:
    error = error_of(tmp_path, 'title = "t"\nrole = "china"\nseed = 1\n', content=False)
    assert error.line == 2 and "role: unknown side 'china' (one of: japan, us)" in error.message
    error = error_of(tmp_path, GOOD_HEAD + "[expect]\nutility.japan = [0.9, 0.1]\n", content=False)
    assert error.line == 6 and "low <= high" in error.message
    error = error_of(tmp_path, GOOD_HEAD + "[[moves]]\naccept = false\n", content=False)
    assert "write accept = true" in error.message


# ---------------------------------------------------------------------------------------------
# The runner's own rules, on the tiny scenario (no shipped content involved)


def tiny_script(tmp_path: Path, body: str) -> Path:
    head = 'title = "tiny"\nscenario = "tiny"\nrole = "japan"\nopponent = "us-test"\nseed = 3\n'
    return write(tmp_path, head + body)


def test_after_reject_runs_to_the_deadline(tmp_path: Path) -> None:
    body = 'after = "reject"\n[[moves]]\nreject = true\n[[moves]]\nchoose = "decline"\n'
    body += '[expect]\nending = "deadline-passed"\nevents_fired = ["china-courts"]\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    assert result.failures == []
    assert result.agreed is None and result.utilities is not None


def test_after_accept_signs_the_offer_on_the_table(tmp_path: Path) -> None:
    body = 'after = "accept"\n[expect]\nrounds = 1\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    assert result.failures == [] and result.agreed is not None
    assert "Deal signed in round 1. It must now pass 2 votes at home." in result.text


def test_propose_changes_the_offer_on_the_table_and_hold_repeats_it(tmp_path: Path) -> None:
    body = '[[moves]]\npropose = { tariff = "0", rice = "0", troops = "0" }\n'
    body += '[[moves]]\nchoose = "decline"\n[[moves]]\nhold = true\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    mine = [
        e["terms"] for e in result.transcript if e["type"] == "offer_made" and e["side"] == "japan"
    ]
    theirs = [
        e["terms"] for e in result.transcript if e["type"] == "offer_made" and e["side"] == "us"
    ]
    assert (
        mine[0] == {**theirs[0], "tariff": "0", "rice": "0", "troops": "0"} and mine[1] == mine[0]
    )


def test_failures_name_expected_and_actual(tmp_path: Path) -> None:
    body = 'after = "accept"\n[expect]\nending = "walked-away"\nrounds = [3, 4]\n'
    body += 'events_fired = ["letter"]\ntranscript_contains = ["nowhere"]\nutility.us = [0, 0.01]\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    path = tmp_path / "s.toml"
    assert result.failures[0].startswith(f"{path}:8: ending: expected walked-away, got ")
    joined = "\n".join(result.failures)
    assert "rounds: expected 3..4, ended in round 1" in joined
    assert "events_fired: letter did not fire" in joined
    assert "transcript_contains: 'nowhere' is not in the transcript" in joined
    assert "utility.us: expected 0..0.01, got" in joined


# ---------------------------------------------------------------------------------------------
# Standing answers: [answers] and `answer`


def choices(result: ScriptResult) -> list[tuple[str, str, str]]:
    return [
        (e["event"], e["option"], e["side"])
        for e in result.transcript
        if e["type"] == "event_choice_made"
    ]


def test_a_standing_answer_is_given_when_the_event_waits(tmp_path: Path) -> None:
    body = 'after = "reject"\n[answers]\nchina-courts = "engage"\n[[moves]]\nreject = true\n'
    body += '[expect]\nending = "deadline-passed"\nevents_fired = ["china-courts"]\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    assert result.failures == []
    assert choices(result) == [("china-courts", "engage", "japan")]
    assert 'Tokyo answers China courts Tokyo: Engage. [china-courts = "engage"]' in result.text


def test_a_choose_move_comes_before_the_standing_answer(tmp_path: Path) -> None:
    body = 'after = "reject"\n[answers]\nchina-courts = "engage"\n'
    body += '[[moves]]\nreject = true\n[[moves]]\nchoose = "decline"\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    assert choices(result) == [("china-courts", "decline", "japan")]


def test_answer_first_plays_a_script_without_choose_moves_to_the_end(tmp_path: Path) -> None:
    text = 'title = "t"\nrole = "japan"\nseed = 2\nafter = "hold"\nanswer = "first"\n'
    result = run_script(load_script(write(tmp_path, text)), CONTENT)
    assert result.failures == [] and result.ending is not None and result.utilities
    made = choices(result)
    assert made and result.fired
    scenario = load_script_scenario(result.script, CONTENT)
    for event_id, option, side in made:
        event = scenario.event(event_id)
        if side == "japan":  # the player's events get their first option
            assert option == event.options[0].id


def test_answers_win_over_answer_first(tmp_path: Path) -> None:
    body = 'answer = "first"\nafter = "reject"\n[answers]\nchina-courts = "decline"\n'
    result = play_script(load_script(tiny_script(tmp_path, body)), tiny_scenario())
    assert choices(result) == [("china-courts", "decline", "japan")]


def test_choose_for_a_later_event_gives_standing_answers_to_those_before(
    tmp_path: Path,
) -> None:
    # round 1 fires treaty-unfair, then trilateral-ministers; the move answers the second
    text = 'title = "t"\nrole = "japan"\nopponent = "us-dealmaker"\nseed = 2\n'
    text += '[answers]\ntreaty-unfair = "separate-channel"\n'
    text += '[[moves]]\nchoose = "park-it"\nevent = "trilateral-ministers"\n'
    result = run_script(load_script(write(tmp_path, text)), CONTENT)
    assert choices(result) == [
        ("treaty-unfair", "separate-channel", "japan"),
        ("trilateral-ministers", "park-it", "japan"),
    ]


def test_without_an_answer_the_message_names_answers(tmp_path: Path) -> None:
    text = 'title = "t"\nrole = "japan"\nseed = 7\nafter = "hold"\n'
    text += '[answers]\ntreaty-unfair = "cite-211"\n'
    error = error_of(tmp_path, text)
    assert error.line == 4
    assert "(trilateral-ministers) waits for your answer" in error.message
    assert 'trilateral-ministers = "…" in [answers]' in error.message
    assert "'keep-warm'" in error.message and "'park-it'" in error.message


JAPAN_HEAD = 'title = "t"\nrole = "japan"\nopponent = "us-dealmaker"\nseed = 2\n'


@pytest.mark.parametrize(
    ("answers", "line", "message"),
    [
        (
            'treaty-unfair = "cite-211"\ntrilateral-minsters = "keep-warm"\n',
            7,
            "answers: unknown event 'trilateral-minsters' (did you mean 'trilateral-ministers'?)",
        ),
        (
            'treaty-unfair = "cite-221"\n',
            6,
            "answers.treaty-unfair: 'cite-221' is not an answer to Troop costs on the table "
            "(did you mean 'cite-211'?)",
        ),
        (
            'steel-50 = "steel-off-table"\n',
            6,
            "answers: Washington answers Steel and aluminum go to 50% (steel-50), not you",
        ),
        (
            'nippon-steel-closes = "yes"\n',
            6,
            "asks nobody for an answer",
        ),
    ],
    ids=["unknown-event", "unknown-option", "not-yours", "no-options"],
)
def test_bad_answers_exit_2_with_path_and_line(
    tmp_path: Path, answers: str, line: int, message: str
) -> None:
    path = write(tmp_path, JAPAN_HEAD + "[answers]\n" + answers)
    done = tnt_run(path, saves=tmp_path)
    assert done.returncode == 2
    assert f"{path}:{line}: " in done.stderr
    assert message in done.stderr


def test_bad_answer_values(tmp_path: Path) -> None:
    error = error_of(tmp_path, JAPAN_HEAD + 'answer = "always"\n', content=False)
    assert error.line == 5
    assert "answer: unknown answer policy 'always' (one of: ask, first)" in error.message
    error = error_of(tmp_path, JAPAN_HEAD + "[answers]\ntreaty-unfair = 1\n", content=False)
    assert error.line == 6
    assert "answers.treaty-unfair: must be a string, not an integer" in error.message
    error = error_of(tmp_path, JAPAN_HEAD + 'answers = "first"\n', content=False)
    assert error.line == 5 and "answers: must be a table, not a string" in error.message
    error = error_of(tmp_path, JAPAN_HEAD + '[answers]\nanswer = "first"\n')
    assert error.line == 6 and "write answer = … above [answers]" in error.message


# ---------------------------------------------------------------------------------------------
# The readable transcript


def test_the_transcript_tells_rounds_offers_votes_and_the_ending_for_both_sides() -> None:
    result = run_script(
        load_script(ROOT / "tests" / "playthroughs" / "deal-as-japan.toml"), CONTENT
    )
    text = result.text
    assert text[0] == "Playthrough: A deal as Japan: open high, settle on the July 22 terms"
    assert "New game: Tariffs & Troops: Washington, spring 2025. The player plays Tokyo." in text
    headers = [line for line in text if line.startswith("== Round ")]
    assert len(headers) == 6 and all(line.endswith(" ==") for line in headers)
    assert (
        headers[0]
        == "== Round 1 of 8, 16 April 2025: Trump joins the meeting at the White House =="
    )
    # each header opens a paragraph
    assert all(text[text.index(h) - 1] == "" for h in headers)
    # offers: worth to both sides, then one line per change with the id to write in a script
    offers = [line for line in text if line.startswith("Tokyo proposes a package, worth ")]
    assert offers and " points to Tokyo and " in offers[0] and " to Washington, with " in offers[0]
    assert (
        "  Tokyo's offer changes Cars and parts: from 27.5% (25% + 2.5% MFN) to 10%. "
        '[autos = "10"]'
    ) in text
    # side-events, answers, dialogue, meters
    assert "Event: Troop costs on the table, 16 April 2025. [treaty-unfair]" in text
    assert "  About this event: Sources: [8], [9]." in text
    assert any(line.startswith("Washington (the game's words, not a quote): ") for line in text)
    assert any(line.startswith("  U.S. markets: up from ") for line in text)
    # the votes, each with its chance
    votes = [line for line in text if line.startswith("Vote at home in ")]
    assert len(votes) == 5
    assert votes[0] == (
        "Vote at home in Tokyo, LDP General Council: passed. Its chance of passing was 90%."
    )
    # the ending, with both sides' utilities as points
    end = text.index(
        "Game over. The deal is approved at home on both sides and takes effect. "
        '[ending = "deal-ratified"]'
    )
    assert result.utilities is not None
    japan, us = (round(result.utilities[side] * 100, 1) for side in ("japan", "us"))
    assert text[end + 1 : end + 3] == [
        f"  Tokyo's result: {japan} points out of 100.",
        f"  Washington's result: {us} points out of 100.",
    ]
    # told from no side's seat: nobody is "you"
    assert not [line for line in text if line.lstrip().startswith(("You ", "Your "))]
    assert not [line for line in text if "points to you" in line]
