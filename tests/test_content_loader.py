"""The content loader and checker: a tiny good folder builds the right models, and each folder
in tests/content_bad/ (an overlay on the good one) fails with exactly its own messages."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.content.check import check_content
from game.content.loader import (
    default_content_dir,
    list_personas,
    list_scenarios,
    load_scenario,
)
from game.content.tables import ContentError, ContentErrors
from game.engine.model import EFFECT_KEYS, EFFECT_VERBS, SIDES, SITUATIONS, Effect, Terms

TESTS = Path(__file__).parent
GOOD = TESTS / "content_good"
BAD = TESTS / "content_bad"
CASES = sorted(path.name for path in BAD.iterdir() if path.is_dir())


def _content(tmp_path: Path, *cases: str) -> Path:
    """A copy of the good content with the files of `cases` laid over it."""
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    for case in cases:
        for file in (BAD / case).rglob("*.toml"):
            target = content / file.relative_to(BAD / case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(file, target)
    return content


def _expected(case: str) -> list[str]:
    return (BAD / case / "expect.txt").read_text(encoding="utf-8").splitlines()


def _matches(expected: str, actual: str) -> bool:
    # "..." at the end stands for words that are not ours (tomllib's own syntax messages)
    if expected.endswith("..."):
        return actual.startswith(expected[:-3])
    return actual == expected


# ---------------------------------------------------------------------------------------------
# The good folder


def test_good_content_is_clean() -> None:
    assert check_content(GOOD) == []


def test_benchmarks_and_epilogue_are_read_in_file_order(tmp_path: Path) -> None:
    # the good folder stays as it is (saves in tests/saves_bad carry its fingerprint): the two
    # optional tables are added to a copy
    content = _content(tmp_path)
    scenario_file = content / "scenarios" / "tiny" / "scenario.toml"
    scenario_file.write_text(
        scenario_file.read_text(encoding="utf-8")
        + '[[benchmarks]]\npartner = "Another ally"\ndate = "2025-04-20"\n'
        + 'terms = """10% kept, \\\n  a quota for cars."""\nsources = [1]\n'
        + '[[benchmarks]]\npartner = "A third"\ndate = "2025-04-25"\nterms = "15%."\n'
        + '[[epilogue]]\ndate = "2025-06-01"\ntitle = "After the deal"\n'
        + 'text = "Reviewed every quarter."\nsources = [2]\n',
        encoding="utf-8",
    )
    assert check_content(content) == []
    scenario = load_scenario(content, "tiny")
    assert [(b.partner, b.date, b.terms, b.sources) for b in scenario.benchmarks] == [
        ("Another ally", "2025-04-20", "10% kept, a quota for cars.", (1,)),
        ("A third", "2025-04-25", "15%.", ()),
    ]
    assert [(n.date, n.title, n.text, n.sources) for n in scenario.epilogue] == [
        ("2025-06-01", "After the deal", "Reviewed every quarter.", (2,))
    ]


def test_lists_scenarios_and_personas() -> None:
    assert list_scenarios(GOOD) == ["tiny"]
    assert [(p.id, p.side) for p in list_personas(GOOD)] == [
        ("jp-test", "japan"),
        ("us-test", "us"),
    ]


def test_good_scenario_builds_issues_terms_and_utilities() -> None:
    scenario = load_scenario(GOOD, "tiny")
    assert [issue.id for issue in scenario.issues] == ["tariff", "rice", "troops"]
    assert [option.id for option in scenario.issues[0].options] == ["0", "10", "24"]
    assert scenario.issues[0].options[1].on_deal == (("farm", -5),)
    assert scenario.issues[0].options[2].value == 24.0
    assert scenario.issues[1].kind == "choice" and scenario.issues[1].invented
    assert scenario.status_quo == Terms((1, 0, 0))
    assert scenario.no_deal == Terms((2, 0, 0))
    assert scenario.historical == Terms((1, 1, 1))
    assert scenario.benchmarks == () and scenario.epilogue == ()  # both optional
    japan, us = scenario.utilities
    assert japan.weights == (0.6, 0.3, 0.1)
    assert us.values[2] == (0.0, 0.7, 1.0)
    assert scenario.utility("us")(scenario.no_deal) == pytest.approx(0.2)


def test_good_scenario_builds_calendar_meters_and_ratification() -> None:
    scenario = load_scenario(GOOD, "tiny")
    assert [(r.number, r.date) for r in scenario.rounds] == [(1, "2025-04-16"), (2, "2025-05-01")]
    assert [(m.id, m.initial, m.side) for m in scenario.meters] == [
        ("farm", 60, "japan"),
        ("markets", 50, None),
    ]
    assert scenario.opens == "us"
    assert scenario.max_events_per_round == 1
    diet, president = scenario.ratification
    assert (diet.side, diet.base, diet.margin_weight, diet.meters) == (
        "japan",
        0.6,
        1.5,
        (("farm", 0.2),),
    )
    assert (president.margin_weight, president.meters) == (1.0, ())
    assert scenario.default_personas == ("jp-test", "us-test")


def test_good_scenario_builds_events_and_signals() -> None:
    scenario = load_scenario(GOOD, "tiny")
    courts = scenario.event("china-courts")
    assert courts.decider == "japan" and courts.chance == 0.8 and courts.once
    assert courts.trigger.meters_above == (("farm", 40),)
    assert courts.trigger.on_table == (("rice", ("open",)),)
    assert courts.trigger.round_max == 2
    assert [o.id for o in courts.options] == ["engage", "decline"]
    assert courts.options[0].effects[1] == Effect("queue", event="steel-hike", rounds=1)
    steel = scenario.event("steel-hike")
    assert steel.effects[0] == Effect("no_deal", issue="tariff", option="24")
    assert (steel.once, steel.cooldown, steel.trigger.player) == (False, 1, "japan")
    assert steel.trigger.round_min == 1 and steel.trigger.round_max == 99
    link = scenario.signal("link_security")
    assert link.sides == ("us",) and link.temper == -0.2
    assert link.effects == (Effect("meter", meter="markets", delta=-5.0),)
    assert scenario.signal("state_priority").sides == SIDES


def test_good_personas_build_with_every_situation() -> None:
    scenario = load_scenario(GOOD, "tiny")
    japan, us = scenario.persona("jp-test"), scenario.persona("us-test")
    assert [situation for situation, _ in japan.lines] == list(SITUATIONS)
    assert japan.lines_for("threat") == ("Tokyo threat.",)
    assert japan.reaction("threaten") == 1.5 and japan.walk_chance == 0.3
    # numbers a file leaves out keep the model's defaults
    assert (us.e, us.floor, us.reciprocity, us.deadline_t) == (1.5, 0.0, 0.5, 0.9)
    assert us.opening_signal == "link_security"


def test_effect_keys_cover_exactly_the_effect_verbs() -> None:
    assert set(EFFECT_KEYS) == set(EFFECT_VERBS)


def test_default_content_dir_is_the_checkout_content_folder() -> None:
    assert default_content_dir() == TESTS.parent.resolve() / "content"


# ---------------------------------------------------------------------------------------------
# One broken case per rule


def test_there_is_a_broken_case_for_each_rule() -> None:
    assert len(CASES) >= 20
    for case in CASES:
        assert _expected(case), f"{case}/expect.txt is empty"


@pytest.mark.parametrize("case", CASES)
def test_broken_case_fails_with_exactly_its_messages(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = _content(tmp_path, case)
    monkeypatch.chdir(content)  # paths print relative to the current directory
    actual = [str(error) for error in check_content(content)]
    expected = _expected(case)
    assert len(actual) == len(expected), "\n".join(actual)
    for want, got in zip(expected, actual, strict=True):
        assert _matches(want, got), f"expected {want!r}\n     got {got!r}"


def test_several_problems_in_several_files_are_all_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = [
        "unknown-meter",
        "meter-initial-range",
        "weights-sum",
        "persona-volatility",
        "missing-key",
    ]
    content = _content(tmp_path, *cases)
    monkeypatch.chdir(content)
    actual = sorted(str(error) for error in check_content(content))
    assert actual == sorted(line for case in cases for line in _expected(case))


def test_load_scenario_raises_every_problem_at_once(tmp_path: Path) -> None:
    content = _content(tmp_path, "unknown-meter", "weights-sum", "persona-e")
    with pytest.raises(ContentErrors) as raised:
        load_scenario(content, "tiny")
    assert len(raised.value.errors) == 3
    assert "events[0].effects[0].meter: unknown meter 'marketz'" in str(raised.value)
    assert "personas/us-test.toml:6: e: must be more than 0, not 0" in str(raised.value)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    content = _content(tmp_path, "toml-syntax")
    with pytest.raises(ContentErrors) as raised:
        load_scenario(content, "tiny")
    [error] = raised.value.errors
    assert error.path.endswith("issues.toml") and error.line == 26
    assert re.search(r"issues\.toml:26: TOML syntax error: .+ \(column \d+\)$", str(error))


def test_missing_file_is_reported_without_a_line(tmp_path: Path) -> None:
    content = _content(tmp_path)
    (content / "scenarios" / "tiny" / "events.toml").unlink()
    [error] = check_content(content)
    assert str(error).endswith("scenarios/tiny/events.toml: file is missing")
    assert error.line is None


def test_unknown_scenario_suggests_the_nearest(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors, match=r"unknown scenario 'tiney' \(did you mean 'tiny'\?\)"):
        load_scenario(_content(tmp_path), "tiney")


def test_a_folder_without_scenarios_is_reported(tmp_path: Path) -> None:
    assert [e.message for e in check_content(tmp_path / "nowhere")] == ["no such content folder"]
    (tmp_path / "personas").mkdir()
    assert [e.message for e in check_content(tmp_path)] == ["no scenarios found"]


def test_broken_persona_is_refused_by_list_personas(tmp_path: Path) -> None:
    with pytest.raises(ContentErrors, match=r"volatility: must be between 0 and 0\.5, not 0\.7"):
        list_personas(_content(tmp_path, "persona-volatility"))


def test_content_error_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    inside = str(tmp_path / "content" / "a.toml")
    assert (
        str(ContentError(inside, 3, "events[0].id", "bad")) == "content/a.toml:3: events[0].id: bad"
    )
    assert str(ContentError(inside, None, "title", "bad")) == "content/a.toml: title: bad"
    assert (
        str(ContentError(inside, None, "", "file is missing")) == "content/a.toml: file is missing"
    )
    outside = "/elsewhere/b.toml"
    assert str(ContentError(outside, 1, "id", "bad")) == "/elsewhere/b.toml:1: id: bad"


# ---------------------------------------------------------------------------------------------
# Never a traceback: any value of any type in any place is a content error at worst

_VALUE_LINE = re.compile(r"^(\s*[A-Za-z0-9_\"]+\s*=\s*)(.+)$", re.MULTILINE)
_ODD_VALUES = ['"x"', "1", "-3", "1.5", "true", "[]", "{}", '[1, "a"]', "{ a = 1 }", "1e999"]
_FILES = sorted(str(path.relative_to(GOOD)) for path in GOOD.rglob("*.toml"))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(_FILES), which=st.integers(0, 200), value=st.sampled_from(_ODD_VALUES))
def test_any_value_anywhere_never_raises(file: str, which: int, value: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(GOOD, content)
        path = content / file
        text = path.read_text(encoding="utf-8")
        found = list(_VALUE_LINE.finditer(text))
        match = found[which % len(found)]
        path.write_text(text[: match.start(2)] + value + text[match.end(2) :], encoding="utf-8")
        errors = check_content(content)
        assert all(isinstance(error, ContentError) for error in errors)
