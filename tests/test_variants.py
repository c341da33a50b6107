"""Variants, difficulty levels and their cut of a scenario (game/engine/variants.py), the
loader's variants.toml and briefs.toml, and a save's setup."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest

from game.content.check import check_content
from game.content.loader import load_scenario
from game.engine.commands import Proceed
from game.engine.machine import discount_factor, new_game, outcome_value, reservation_value
from game.engine.model import Difficulty, Ending, Setup, Terms, Variant
from game.engine.variants import UnknownSetup, cut, restrict
from game.session.games import load_game
from game.session.session import Session
from tests.tiny import tiny_scenario

CONTENT = Path(__file__).resolve().parent.parent / "content"


def _tiny_with_variants() -> object:
    return attrs.evolve(
        tiny_scenario(rounds=6),
        variants=(
            Variant("short", "Short", issues=("tariff", "rice"), rounds=3),
            Variant("all", "All"),
        ),
        difficulties=(
            Difficulty("normal", "Normal"),
            Difficulty(
                "hard", "Hard", player_reservation=-0.05, counterpart_reservation=0.1, discount=0.9
            ),
        ),
        default_variant="all",
        default_difficulty="normal",
    )


def test_a_variant_keeps_its_issues_with_weights_renormalised() -> None:
    scenario = cut(_tiny_with_variants(), Setup("short"))  # type: ignore[arg-type]
    assert [issue.id for issue in scenario.issues] == ["tariff", "rice"]
    for utility in scenario.utilities:
        assert sum(utility.weights) == pytest.approx(1.0)
        assert len(utility.values) == 2
    # Japan weighed tariff 0.4 and rice 0.2 in the whole: two thirds and one third now
    assert scenario.utilities[0].weights == pytest.approx((2 / 3, 1 / 3))
    assert scenario.status_quo == Terms((1, 0))
    assert scenario.no_deal == Terms((3, 0))
    assert scenario.setup == Setup("short", "normal")


def test_a_variant_keeps_the_first_rounds_and_the_deadline() -> None:
    whole = _tiny_with_variants()
    scenario = cut(whole, Setup("short"))  # type: ignore[arg-type]
    dates = [r.date for r in scenario.rounds]
    assert dates == ["2025-05-01", "2025-05-02", "2025-05-06", "2025-08-01"]
    assert [r.number for r in scenario.rounds] == [1, 2, 3, 4]
    assert scenario.rounds[-1].extension
    state, _ = new_game(scenario, "japan", 1)
    assert state.last_round == 3


def test_event_windows_move_onto_the_rounds_that_remain() -> None:
    scenario = cut(_tiny_with_variants(), Setup("short"))  # type: ignore[arg-type]
    # china-courts ran in rounds 2-3 of 6: round 2 is kept, round 3 is not
    courts = scenario.event("china-courts").trigger
    assert (courts.round_min, courts.round_max) == (2, 2)
    # the letter came from round 6 (the deadline), now round 3
    assert scenario.event("letter").trigger.round_min == 3


def test_an_event_about_a_dropped_issue_loses_that_effect() -> None:
    scenario = cut(_tiny_with_variants(), Setup("short"))  # type: ignore[arg-type]
    # steel-hike changed the no-deal autos option; autos are gone, so is the effect
    assert scenario.event("steel-hike").effects == ()


def test_events_switched_off_are_gone_with_the_queue_effects_that_would_bring_them() -> None:
    whole = tiny_scenario()
    scenario = restrict(whole, events_off=["china-courts"])
    assert "china-courts" not in [e.id for e in scenario.events]
    assert len(scenario.events) == len(whole.events) - 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (Setup("nope"), "unknown variant 'nope' of tiny (choose: short, all)"),
        (Setup("", "brutal"), "unknown difficulty 'brutal' of tiny (choose: normal, hard)"),
        (Setup("", "", 9), "rounds must be between 1 and 6, not 9"),
        (Setup("", "", 0, ("ghost",)), "unknown event 'ghost'"),
    ],
)
def test_an_unknown_choice_is_refused_in_words(setup: Setup, message: str) -> None:
    with pytest.raises(UnknownSetup, match=message.replace("(", r"\(").replace(")", r"\)")):
        cut(_tiny_with_variants(), setup)  # type: ignore[arg-type]


def test_difficulty_shifts_both_reservation_values_at_the_start() -> None:
    normal = cut(_tiny_with_variants(), Setup())  # type: ignore[arg-type]
    hard = cut(_tiny_with_variants(), Setup("", "hard"))  # type: ignore[arg-type]
    for player in ("japan", "us"):
        easy_state, _ = new_game(normal, player, 3)
        hard_state, _ = new_game(hard, player, 3)
        counterpart = "us" if player == "japan" else "japan"
        assert reservation_value(hard_state, player) == pytest.approx(
            reservation_value(easy_state, player) - 0.05
        )
        assert reservation_value(hard_state, counterpart) == pytest.approx(
            reservation_value(easy_state, counterpart) + 0.1
        )


def test_the_hard_discount_takes_a_share_per_round_from_the_players_deal_only() -> None:
    hard = cut(_tiny_with_variants(), Setup("", "hard"))  # type: ignore[arg-type]
    state, _ = new_game(hard, "japan", 1)
    state = attrs.evolve(state, round=3, ending=Ending.RATIFIED, agreed=Terms((0, 0, 2, 2)))
    assert discount_factor(state, "japan") == pytest.approx(0.81)
    assert discount_factor(state, "us") == 1.0
    raw = hard.utility("japan")(Terms((0, 0, 2, 2)))
    assert outcome_value(state, "japan") == pytest.approx(raw * 0.81)
    assert outcome_value(state, "us") == pytest.approx(hard.utility("us")(Terms((0, 0, 2, 2))))
    normal = cut(_tiny_with_variants(), Setup())  # type: ignore[arg-type]
    same, _ = new_game(normal, "japan", 1)
    same = attrs.evolve(same, round=3, ending=Ending.RATIFIED, agreed=Terms((0, 0, 2, 2)))
    assert outcome_value(same, "japan") == pytest.approx(raw)


# ---------------------------------------------------------------------------------------------
# The shipped content and the loader


def test_the_shipped_scenario_has_a_classic_and_a_full_variant_and_three_levels() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    assert {v.id for v in scenario.variants} >= {"classic", "full"}
    assert [d.id for d in scenario.difficulties] == ["easy", "normal", "hard"]
    assert scenario.setup == Setup("full", "normal")
    classic = load_scenario(CONTENT, "april-2025", "classic")
    assert len(classic.issues) == 5
    assert sum(1 for r in classic.rounds if not r.extension) == 8
    assert len(scenario.issues) >= 9


def test_both_roles_have_a_confidential_brief_under_500_words() -> None:
    scenario = load_scenario(CONTENT, "april-2025")
    for side in ("japan", "us"):
        brief = scenario.brief(side)
        assert brief is not None, side
        assert brief.title
        assert 100 < len(brief.text.split()) < 500


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    return target


def test_a_broken_variants_file_is_reported_with_file_line_and_key(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    path = content / "scenarios" / "april-2025" / "variants.toml"
    text = path.read_text().replace('issues = ["reciprocal",', 'issues = ["reciprocl",')
    text = text.replace("discount = 0.98", "discount = 0.5")
    path.write_text(text)
    lines = [str(e) for e in check_content(content)]
    assert any(
        "variants.toml" in line
        and "variants[0].issues[0]: unknown issue 'reciprocl' (did you mean 'reciprocal'?)" in line
        for line in lines
    ), lines
    assert any("difficulties[2].discount: must be between 0.8 and 1, not 0.5" in x for x in lines)


def test_a_brief_over_500_words_fails_the_check(tmp_path: Path) -> None:
    content = _copy(tmp_path)
    path = content / "scenarios" / "april-2025" / "briefs.toml"
    path.write_text(path.read_text().replace('text = """', 'text = """' + "word " * 500, 1))
    lines = [str(e) for e in check_content(content)]
    assert any("briefs.toml" in x and "keep it under 500" in x for x in lines), lines


def test_a_save_records_its_setup_and_resumes_into_the_same_cut(tmp_path: Path) -> None:
    scenario = load_scenario(CONTENT, "april-2025", "classic", "hard")
    session = Session.start(scenario, "japan", 42, saves_dir=tmp_path)
    session.submit(Proceed("japan"))
    assert session.save_path is not None
    data = session.to_save()
    assert (data["setup"]["variant"], data["setup"]["difficulty"]) == ("classic", "hard")
    loaded = load_game(session.save_path, CONTENT)
    again = loaded.session
    assert len(again.scenario.issues) == 5
    assert again.scenario.difficulty.id == "hard"
    assert again.state == session.state


def test_an_unknown_variant_on_the_command_line_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from tests.test_cli import tnt

    result = tnt("play", "--plain", "--variant", "clasic", "--saves", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "tnt: unknown variant 'clasic' of april-2025 (choose: classic, full)"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_in_hotseat_both_players_feel_the_same_pressure() -> None:
    hard = cut(_tiny_with_variants(), Setup("", "hard"))  # type: ignore[arg-type]
    normal = cut(_tiny_with_variants(), Setup())  # type: ignore[arg-type]
    state, _ = new_game(hard, "japan", 3, hotseat=True)
    base, _ = new_game(normal, "japan", 3, hotseat=True)
    for side in ("japan", "us"):
        assert reservation_value(state, side) == pytest.approx(reservation_value(base, side) - 0.05)
    ended = attrs.evolve(state, round=2, ending=Ending.RATIFIED, agreed=Terms((0, 0, 2, 2)))
    assert discount_factor(ended, "japan") == discount_factor(ended, "us") == pytest.approx(0.9)


def test_a_script_can_name_a_variant_and_a_difficulty(tmp_path: Path) -> None:
    from game.headless.playthrough import play_script
    from game.headless.script import load_script, load_script_scenario

    script = tmp_path / "classic.toml"
    script.write_text(
        'title = "Classic, hard"\nvariant = "classic"\ndifficulty = "hard"\nrole = "japan"\n'
        'seed = 3\nanswer = "first"\n\n[[moves]]\nwalk = true\n\n'
        '[expect]\nending = "walked-away"\n'
    )
    loaded = load_script(script)
    result = play_script(loaded, load_script_scenario(loaded, CONTENT))
    assert result.passed, result.failures
    assert result.to_json()["variant"] == "classic"
    assert result.to_json()["difficulty"] == "hard"
    script.write_text(script.read_text().replace('"classic"', '"clasic"'))
    from tests.test_cli import tnt

    done = tnt("run", str(script))
    assert done.returncode == 2
    assert done.stderr.strip() == (
        f"{script}:2: unknown variant 'clasic' of april-2025 (choose: classic, full)"
    )


def test_a_variant_that_leaves_no_zone_of_agreement_fails_the_check(tmp_path: Path) -> None:
    """Only the reciprocal tariff: whatever rate Tokyo gains, Washington loses, and no deal
    (24%) is Washington's best, so no package beats no deal for both."""
    content = _copy(tmp_path)
    path = content / "scenarios" / "april-2025" / "variants.toml"
    text = path.read_text()
    text = text.replace(
        'issues = ["reciprocal", "autos", "hns", "investment", "farm"]', 'issues = ["reciprocal"]'
    )
    path.write_text(text)
    lines = [str(e) for e in check_content(content)]
    assert lines, "the check passed"
    assert all(
        "variants.toml" in line
        and "variants[0]: no zone of possible agreement in variant 'classic'" in line
        for line in lines
    ), lines
    assert {line.split("at difficulty ")[1].split(" (")[0] for line in lines} >= {
        "'normal' with the player as japan",
        "'hard' with the player as us",
    }
