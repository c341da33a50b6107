"""The debrief of scripted games: scores, the historical comparison, missed trades, concessions,
the dance picture and teaching points that name their moment; and the checks of teaching.toml."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from game.content.check import check_content
from game.content.loader import default_content_dir, load_scenario
from game.content.teaching import KINDS, TEACHING_FILE, Teaching, check_teaching, load_teaching
from game.engine.analysis import Trade
from game.engine.machine import outcome_value, reservation_value
from game.engine.model import JAPAN, SIDES, US, Terms
from game.headless.playthrough import run_script
from game.headless.script import load_script
from game.present.dance import Layers, draw, draw_dance
from game.present.debrief import DETECTORS, Debrief, build_debrief, debrief_session, trade_sentence
from game.session.games import LoadedGame, load_game

ROOT = Path(__file__).resolve().parent.parent
PLAYTHROUGHS = ROOT / "tests" / "playthroughs"
CONTENT = default_content_dir()
SCENARIO_DIR = CONTENT / "scenarios" / "april-2025"
SCRIPTS = sorted(p.stem for p in PLAYTHROUGHS.glob("*.toml"))


def play(name: str, saves_dir: Path) -> LoadedGame:
    """Play tests/playthroughs/NAME.toml into `saves_dir` and load its save back, as `tnt
    export` does."""
    run_script(load_script(PLAYTHROUGHS / f"{name}.toml"), CONTENT, saves_dir)
    (path,) = saves_dir.glob("*.json")
    return load_game(path, CONTENT, read_only=True)


@cache
def teaching() -> Teaching:
    scenario = load_scenario(CONTENT, "april-2025")
    return load_teaching(SCENARIO_DIR, scenario)


@pytest.fixture(scope="module")
def debriefs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Debrief]:
    out = {}
    for name in SCRIPTS:
        game = play(name, tmp_path_factory.mktemp(name))
        out[name] = debrief_session(game.session, teaching())
    return out


# ---------------------------------------------------------------------------------------------
# Figures


def test_scores_and_utilities_follow_the_state(tmp_path: Path) -> None:
    game = play("deal-as-japan", tmp_path)
    state = game.session.state
    debrief = build_debrief(state, game.session.transcript, teaching())
    for result in debrief.sides:
        assert result.utility == outcome_value(state, result.side)
        assert result.reservation == reservation_value(state, result.side)
        span = result.ideal - result.reservation
        assert result.score == pytest.approx(100 * (result.utility - result.reservation) / span)
    japan, us = debrief.sides
    assert (round(japan.utility, 4), round(us.utility, 4)) == (0.6608, 0.714)
    assert 0 < japan.score < 100 and 0 < us.score < 100


def test_the_july_22_package_compares_same_on_every_term(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deal-as-japan"]
    assert debrief.historical is not None
    assert all(row.same and row.japan == 0 and row.us == 0 for row in debrief.historical.rows)
    assert debrief.historical.utilities == pytest.approx(debrief.analysis.outcome)


def test_a_different_deal_is_compared_term_by_term(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["china-event-decline"]  # 20% reciprocal, 2.5% defence: two terms differ
    assert debrief.historical is not None
    rows = {row.issue_id: row for row in debrief.historical.rows}
    assert not rows["reciprocal"].same and not rows["defence"].same
    assert rows["reciprocal"].game.startswith("20%") and rows["reciprocal"].real.startswith("15%")
    assert rows["reciprocal"].japan < 0 < rows["reciprocal"].us  # 20% is worse for Tokyo
    assert rows["autos"].same


def test_no_deal_leaves_the_zone_of_agreement_on_the_table(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deadline"]
    assert debrief.signed_terms is None
    assert [r.score for r in debrief.sides] == [0.0, 0.0]
    # the outcome is the no-deal point; the best joint gain is inside the zone of agreement
    assert debrief.analysis.outcome == debrief.analysis.reservations
    assert debrief.analysis.joint_gains_left > 0.5
    assert debrief.trades_from.startswith("the last offer on the table")


def test_missed_trades_are_logrolls_in_words(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deal-as-japan"]
    assert debrief.trades
    names = {issue.name for issue in debrief.scenario.issues}
    for missed in debrief.trades:
        assert missed.trade.gains[0] > 0 and missed.trade.gains[1] > 0
        assert missed.sentence.startswith("Tokyo could have given more on ")
        assert " in return for " in missed.sentence
        assert sum(name in missed.sentence for name in names) == 2
        assert re.search(r"Tokyo \+[\d.]+ and Washington \+[\d.]+ points\.$", missed.sentence)
    # the largest first
    gains = [m.trade.joint_gain for m in debrief.trades]
    assert gains == sorted(gains, reverse=True)


def test_trade_sentence_is_told_from_the_givers_side() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    issues = [issue.id for issue in scenario.issues]
    rice, autos = issues.index("farm"), issues.index("autos")
    # Tokyo gives on rice (sq -> rice75), Washington on cars (27.5% -> 20%)
    trade = Trade(((autos, 4, 3), (rice, 0, 1)), (0.01, 0.02), Terms(()))
    japan = trade_sentence(scenario, trade, JAPAN)
    assert japan.startswith('Tokyo could have given more on Rice and farm access, from "No change"')
    assert "in return for Cars and parts moving down" in japan
    us = trade_sentence(scenario, trade, US)
    assert us.startswith("Washington could have given more on Cars and parts")
    assert "in return for a change on Rice and farm access" in us


def test_concessions_per_round(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deal-as-japan"]
    rounds = {r.round: r for r in debrief.rounds}
    assert [r.round for r in debrief.rounds] == list(range(1, debrief.round + 1))
    assert rounds[1].japan is None and rounds[1].us is None  # opening offers concede nothing
    assert rounds[3].japan == pytest.approx(0.095)  # Tokyo moves to the 15% package
    assert rounds[4].japan == 0  # and holds
    assert rounds[5].japan == pytest.approx(0.1605)  # then to the July 22 package
    given = sum(c.given for c in debrief.concessions if c.side == JAPAN)
    assert given == pytest.approx(sum(r.japan or 0 for r in debrief.rounds))


def test_every_offer_is_plotted_with_its_move(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deal-as-japan"]
    assert len(debrief.offers) == 10
    assert [o.side for o in debrief.offers[:2]] == [US, JAPAN]
    for offer in debrief.offers:
        assert offer.moment.is_move
        assert f"Move {offer.moment.move}. " in "\n".join(debrief.transcript)


# ---------------------------------------------------------------------------------------------
# Teaching points


def test_every_kind_is_triggered_by_a_script_and_names_a_round(
    debriefs: dict[str, Debrief],
) -> None:
    seen: dict[str, list[str]] = {}
    for name, debrief in debriefs.items():
        for point in debrief.teaching:
            seen.setdefault(point.kind, []).append(name)
            assert point.moment.round >= 1, (name, point.id)
            assert f"round {point.moment.round}" in point.text, (name, point.id)
            assert "{" not in point.text and "{" not in point.title
    assert set(seen) == set(KINDS), f"never triggered: {set(KINDS) - set(seen)}"


@pytest.mark.parametrize(
    ("script", "kind", "when", "round"),
    [
        ("deal-as-japan", "anchoring", "extreme", 1),
        ("deal-as-japan", "linkage", "linked_refused", 1),
        ("deal-as-japan", "reciprocity", "unanswered", 3),
        ("deal-as-japan", "batna", "deal_above", 6),
        ("deal-as-japan", "two_level", "ratified", 6),
        ("deal-as-us", "reciprocity", "matched", 3),
        ("deal-as-us", "linkage", "linked_refused", 1),
        ("walk-out", "reciprocity", "hardened", 2),
        ("walk-out", "batna", "counterpart_walked", 4),
        ("deadline", "deadline_effect", "late", 8),
        ("deadline", "batna", "deadline", 9),
        ("rejected-at-home", "batna", "accepted_below", 1),
        ("rejected-at-home", "two_level", "rejected", 1),
        ("china-event-engage", "two_level", "rejected", 6),
    ],
)
def test_teaching_point_case_and_moment(
    debriefs: dict[str, Debrief], script: str, kind: str, when: str, round: int
) -> None:
    points = {p.kind: p for p in debriefs[script].teaching}
    assert points[kind].when == when
    assert points[kind].moment.round == round


def test_a_teaching_point_names_a_move_of_the_transcript(debriefs: dict[str, Debrief]) -> None:
    debrief = debriefs["deal-as-japan"]
    linkage = next(p for p in debrief.teaching if p.kind == "linkage")
    assert linkage.moment.describe() == (
        "round 1 (16 April 2025), move 3: Washington's signal 'Tie troop costs to the trade talks'"
    )
    assert linkage.moment.describe() in linkage.text
    transcript = list(debrief.transcript)
    line = next(i for i, t in enumerate(transcript) if t.startswith("Move 3. "))
    assert "Tie troop costs to the trade talks" in transcript[line]
    header = max(i for i, t in enumerate(transcript[:line]) if t.startswith("== Round "))
    assert transcript[header].startswith("== Round 1 of 8")


def test_detectors_fill_exactly_their_declared_fields(debriefs: dict[str, Debrief]) -> None:
    assert set(DETECTORS) == set(KINDS)
    for name, debrief in debriefs.items():
        for finding in debrief.findings:
            declared = KINDS[finding.kind]
            assert finding.when in declared.cases, (name, finding)
            assert sorted(k for k, _ in finding.fields) == sorted(declared.fields), name
        assert [p.kind for p in debrief.teaching] == [f.kind for f in debrief.findings]


def test_the_shipped_teaching_file_has_a_text_for_every_case() -> None:
    shipped = teaching()
    for kind, spec in KINDS.items():
        for when in spec.cases:
            assert shipped.text_for(kind, when) is not None, f"{kind} when {when}"
    assert shipped.security_issues == ("hns", "defence")


def test_without_teaching_texts_there_are_no_teaching_points(tmp_path: Path) -> None:
    game = play("walk-out", tmp_path)
    debrief = build_debrief(game.session.state, game.session.transcript)
    assert debrief.teaching == ()
    assert debrief.sides[0].utility == outcome_value(game.session.state, SIDES[0])


# ---------------------------------------------------------------------------------------------
# The dance


def test_dance_picture_of_a_deal(debriefs: dict[str, Debrief]) -> None:
    picture = draw_dance(debriefs["deal-as-japan"])
    assert len(picture.grid) == 21 and all(len(row) == 61 for row in picture.grid)
    marks = {c for c, _ in picture.marks}
    assert {"*", "N", ".", "t", "w", "|", "-"} <= marks
    # the deal is the real deal: R hides under * and the notes say so
    assert "R" not in "".join(picture.grid)
    assert any(note.strip().startswith("R (the real deal") for note in picture.notes)
    assert picture.lines[0].startswith("Value to Washington")
    assert picture.lines[-1].strip().startswith("Value to Tokyo")
    assert any("the outcome: the deal" in line for line in picture.legend)


def test_dance_puts_each_point_where_its_values_say() -> None:
    picture = draw(
        Layers(
            frontier=[(1.0, 0.0), (0.5, 0.5), (0.0, 1.0)],
            offers=[("japan", (0.9, 0.1)), ("us", (0.1, 0.9)), ("japan", (0.1, 0.9))],
            reservations=(0.2, 0.3),
            nash=(0.5, 0.5),
            outcome=(0.6, 0.4),
            real=(0.6, 0.6),
        ),
        width=11,
        height=11,
    )
    grid = picture.grid

    def at(x: float, y: float) -> str:
        return grid[round((1 - y) * 10)][round(x * 10)]

    assert at(0.2, 0.0) == "|" and at(0.0, 0.3) == "-" and at(0.2, 0.3) == "+"
    assert at(1.0, 0.0) == "." and at(0.0, 1.0) == "."
    assert at(0.5, 0.5) == "N"  # the Nash point over a frontier point
    assert at(0.9, 0.1) == "t" and at(0.1, 0.9) == "b"  # both sides offered there
    assert at(0.6, 0.4) == "*" and at(0.6, 0.6) == "R"
    assert picture.notes == ()


# ---------------------------------------------------------------------------------------------
# teaching.toml: every rule refuses a broken file with its own message and line


def test_shipped_teaching_file_is_clean() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    assert check_teaching(SCENARIO_DIR, scenario) == []


GOOD_POINT = """
[[points]]
id = "anchoring-extreme"
kind = "anchoring"
when = "extreme"
term = "anchoring"
title = "Anchoring"
text = "{opener} opened ({moment})."
"""


def _case(name: str, text: str, line: int, message: str) -> object:
    return pytest.param(text, line, message, id=name)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        _case(
            "unknown-kind",
            GOOD_POINT.replace('kind = "anchoring"', 'kind = "anchorin"'),
            4,
            "points[0].kind: unknown kind 'anchorin' (did you mean 'anchoring'?)",
        ),
        _case(
            "unknown-case",
            GOOD_POINT.replace('when = "extreme"', 'when = "wild"'),
            5,
            "points[0].when: 'wild' is not a case of anchoring",
        ),
        _case(
            "unknown-field",
            GOOD_POINT.replace("{opener}", "{openr}"),
            8,
            "points[0].text: unknown field '{openr}' (did you mean 'opener'?)",
        ),
        _case(
            "field-with-format",
            GOOD_POINT.replace("{opener}", "{opener:>10}"),
            8,
            "points[0].text: field '{opener}' takes no format",
        ),
        _case(
            "field-attribute",
            GOOD_POINT.replace("{opener}", "{opener.__class__}"),
            8,
            "points[0].text: unknown field '{opener.__class__}'",
        ),
        _case(
            "unbalanced-brace",
            GOOD_POINT.replace("({moment})", "({moment)"),
            8,
            "points[0].text: ",
        ),
        _case(
            "missing-key",
            GOOD_POINT.replace('term = "anchoring"\n', ""),
            2,
            "points[0].term: required key is missing",
        ),
        _case(
            "unknown-key",
            GOOD_POINT + 'colour = "red"\n',
            9,
            "points[0].colour: unknown key 'colour'",
        ),
        _case(
            "id-format",
            GOOD_POINT.replace('id = "anchoring-extreme"', 'id = "Anchoring Extreme"'),
            3,
            "points[0].id: id 'Anchoring Extreme' must be lowercase letters",
        ),
        _case(
            "duplicate-id",
            GOOD_POINT + GOOD_POINT,
            11,
            "points[1].id: duplicate teaching point id 'anchoring-extreme' (first at line 3)",
        ),
        _case(
            "duplicate-case",
            GOOD_POINT + GOOD_POINT.replace("anchoring-extreme", "other"),
            13,
            "points[1].when: a second point for anchoring when 'extreme'",
        ),
        _case(
            "unknown-security-issue",
            'security_issues = ["hsn"]\n' + GOOD_POINT,
            1,
            "security_issues[0]: unknown issue 'hsn' (did you mean 'hns'?)",
        ),
        _case("no-points", "points = []\n", 1, "points: needs at least one [[points]] table"),
        _case(
            "points-not-tables",
            'points = "none"\n',
            1,
            "points: must be an array of tables, not a string",
        ),
        _case(
            "empty-title",
            GOOD_POINT.replace('title = "Anchoring"', 'title = "  "'),
            7,
            "points[0].title: must not be empty",
        ),
        _case(
            "toml-syntax",
            GOOD_POINT.replace('title = "Anchoring"', "title = Anchoring"),
            7,
            "TOML syntax error: ",
        ),
    ],
)
def test_broken_teaching_file_is_refused_with_line_and_key(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    (tmp_path / TEACHING_FILE).write_text(text)
    scenario = load_scenario(CONTENT, "april-2025")
    errors = check_teaching(tmp_path, scenario)
    assert len(errors) >= 1
    found = [e for e in errors if message in str(e)]
    assert found, [str(e) for e in errors]
    assert found[0].line == line, str(found[0])
    assert str(found[0]).startswith(f"{tmp_path / TEACHING_FILE}:{line}: ") or str(found[0]).split(
        ":"
    )[1] == str(line)


def test_tnt_check_validates_teaching_files(tmp_path: Path) -> None:
    import shutil

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    teaching_file = content / "scenarios" / "april-2025" / TEACHING_FILE
    teaching_file.write_text(teaching_file.read_text().replace('kind = "batna"', 'kind = "batn"'))
    errors = [str(e) for e in check_content(content)]
    assert any("unknown kind 'batn' (did you mean 'batna'?)" in e for e in errors), errors
    assert all(TEACHING_FILE in e for e in errors)


def test_a_scenario_without_teaching_file_has_no_points(tmp_path: Path) -> None:
    assert load_teaching(tmp_path) == Teaching()
    assert check_teaching(tmp_path) == []
