"""The save's setup is one nested value written from `Setup`'s own fields (format 3), and the
saves of format 2, which wrote those fields flat beside the header, still load and verify."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.content.loader import default_content_dir
from game.engine.model import Setup
from game.session.games import load_game
from game.session.saves import (
    SAVE_FORMAT,
    SaveError,
    parse_save,
    save_to_dict,
    sealed,
    setup_to_dict,
    verify_chain,
)

GOOD = Path(__file__).parent / "saves_good"
CONTENT = default_content_dir()


def test_a_new_save_writes_its_setup_nested_and_only_what_differs_from_the_default(
    tmp_path: Path,
) -> None:
    shutil.copy(GOOD / "format-2-assignment.json", tmp_path / "aiko.json")
    game = load_game(tmp_path / "aiko.json", CONTENT, read_only=True)
    data = game.session.to_save()
    assert data["format"] == SAVE_FORMAT == 3
    assert data["setup"] == setup_to_dict(game.session.scenario.setup)
    assert data["setup"]["variant"] == "classic" and data["setup"]["scheduled"] is True
    assert data["setup"]["title"].startswith("First lesson")
    # nothing of the setup is left flat beside the header
    for name in ("variant", "difficulty", "scheduled", "assignment", "instructions"):
        assert name not in data
    assert verify_chain(data)


@pytest.mark.parametrize("name", ["format-2-assignment.json", "format-2-full.json"])
def test_format_2_saves_still_load_verify_and_keep_their_setup(name: str, tmp_path: Path) -> None:
    raw = json.loads((GOOD / name).read_text())
    assert raw["format"] == 2 and "setup" not in raw
    save = parse_save(raw)
    assert verify_chain(raw), "the chain of a format-2 save is computed over its flat layout"
    assert save.setup.variant == raw["variant"]
    assert save.setup.difficulty == raw.get("difficulty", "")
    assert save.setup.title == raw.get("assignment", "")
    assert save.setup.scheduled == raw.get("scheduled", False)
    # written back in its own format, it is byte for byte what was read
    assert save_to_dict(save) == raw
    shutil.copy(GOOD / name, tmp_path / name)
    game = load_game(tmp_path / name, CONTENT, read_only=True)
    assert game.session.scenario.setup == save.setup
    assert game.verified


def test_a_mistyped_setup_field_is_named_with_its_path() -> None:
    raw = json.loads((GOOD / "format-2-full.json").read_text())
    save = parse_save(raw)
    data = save_to_dict(sealed(attrs.evolve(save, format=3)))
    data["setup"]["rounds"] = "six"
    with pytest.raises(SaveError, match=r"field 'setup\.rounds' should be a whole number"):
        parse_save(data)
    data["setup"] = {"events_off": ["steel-50", "Not An Id"]}
    with pytest.raises(SaveError, match=r"field 'setup\.events_off\[1\]' is not an event id"):
        parse_save(data)


_ids = st.text(alphabet="abc-1", min_size=1, max_size=8)


@given(
    st.builds(
        Setup,
        variant=st.one_of(st.just(""), _ids),
        difficulty=st.one_of(st.just(""), _ids),
        rounds=st.integers(0, 12),
        events_off=st.lists(_ids, max_size=3).map(tuple),
        scheduled=st.booleans(),
        title=st.text(max_size=30),
        instructions=st.text(max_size=60),
        hide_persona=st.booleans(),
    )
)
def test_every_setup_round_trips_through_format_3(setup: Setup) -> None:
    raw = json.loads((GOOD / "format-2-full.json").read_text())
    save = sealed(attrs.evolve(parse_save(raw), format=3, setup=setup))
    data = json.loads(json.dumps(save_to_dict(save)))
    assert parse_save(data).setup == setup
    assert verify_chain(data)
