"""Round trips: for many seeded random games, save, load and play on gives the same game as one
played without a break -- the same final state, transcript and save."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Command
from game.engine.model import SIDES, Scenario
from game.engine.rng import Rng
from game.headless.bots import BOTS
from game.session.games import load_game
from game.session.session import Session

CONTENTS = {"april-2025": default_content_dir(), "tiny": Path(__file__).parent / "content_good"}
_MAX_MOVES = 400


@cache
def scenario(scenario_id: str) -> Scenario:
    return load_scenario(CONTENTS[scenario_id], scenario_id)


def bot_commands(scenario_id: str, role: str, seed: int, bot: str, hotseat: bool) -> Session:
    """A whole game with `bot` making every human move; its log is what the round trip replays."""
    session = Session.start(scenario(scenario_id), role, seed, hotseat=hotseat)
    rng = Rng.seeded(seed).fork("bot")
    for _ in range(_MAX_MOVES):
        if session.over:
            return session
        command, rng = BOTS[bot](session.state, rng)
        session.submit(command)
    raise AssertionError("the bot game did not end")


def resumed(scenario_id: str, whole: Session, breaks: list[int], saves: Path) -> Session:
    """`whole`'s moves again, with the game saved, loaded from its file and played on at every
    move number in `breaks`."""
    session = Session.start(
        scenario(scenario_id),
        whole.player,
        whole.state.seed,
        saves_dir=saves,
        hotseat=not whole.ai_sides,
    )
    commands: list[Command] = whole.log
    for n, command in enumerate(commands):
        if n in breaks:
            path = session.save_path
            assert path is not None
            game = load_game(path, CONTENTS[scenario_id], saves_dir=saves)
            assert game.verified and game.notes == ()
            session = game.session
        session.submit(command)
    return session


def assert_same_game(a: Session, b: Session) -> None:
    assert a.state == b.state
    assert a.transcript_dicts() == b.transcript_dicts()
    assert a.log == b.log
    assert a.to_save() == b.to_save()


@settings(max_examples=60, deadline=None)
@given(
    scenario_id=st.sampled_from(sorted(CONTENTS)),
    role=st.sampled_from(SIDES),
    seed=st.integers(0, 2**32),
    bot=st.sampled_from(sorted(BOTS)),
    hotseat=st.booleans(),
    cut=st.floats(0, 1),
)
def test_save_load_and_play_on_is_the_same_game(
    scenario_id: str, role: str, seed: int, bot: str, hotseat: bool, cut: float
) -> None:
    whole = bot_commands(scenario_id, role, seed, bot, hotseat)
    breaks = [int(cut * len(whole.log))]
    with tempfile.TemporaryDirectory() as saves:
        again = resumed(scenario_id, whole, breaks, Path(saves))
        assert_same_game(again, whole)
        # and the final file itself loads to the same game
        final = load_game(again.save_path, CONTENTS[scenario_id], read_only=True)  # type: ignore[arg-type]
        assert_same_game(final.session, whole)


@settings(max_examples=15, deadline=None)
@given(role=st.sampled_from(SIDES), seed=st.integers(0, 2**32), bot=st.sampled_from(sorted(BOTS)))
def test_a_game_loaded_after_every_move_is_the_same_game(role: str, seed: int, bot: str) -> None:
    whole = bot_commands("april-2025", role, seed, bot, hotseat=False)
    with tempfile.TemporaryDirectory() as saves:
        again = resumed("april-2025", whole, list(range(len(whole.log))), Path(saves))
    assert_same_game(again, whole)
