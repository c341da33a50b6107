"""Unit tests of the state machine on the tiny scenario."""

from __future__ import annotations

import attrs
import pytest
from tiny import tiny_scenario

from game.engine.commands import Accept, Choose, Proceed, Propose, Reject, Signal, WalkAway
from game.engine.events import (
    DeadlinePassed,
    DealSigned,
    EventChoiceMade,
    GameEnded,
    NoDealChanged,
    OfferMade,
    RatificationVote,
    RoundStarted,
    SideEventFired,
)
from game.engine.machine import (
    IllegalMove,
    actor,
    apply,
    legal_commands,
    new_game,
    ratification_chance,
    reservation_value,
)
from game.engine.model import Ending, GameState, Phase, Terms


def started(player: str = "japan", seed: int = 1, **kw: object) -> GameState:
    state, _ = new_game(tiny_scenario(**kw), player, seed)  # type: ignore[arg-type]
    state, _ = apply(state, Proceed(player))
    return state


def test_new_game_starts_in_briefing_with_the_player_to_proceed() -> None:
    state, events = new_game(tiny_scenario(), "japan", 3)
    assert state.phase is Phase.BRIEFING
    assert legal_commands(state) == [Proceed("japan")]
    assert state.meters == (60, 50)
    assert state.last_round == 4  # the extension round is not counted until an event adds it
    assert [type(e).__name__ for e in events] == ["GameStarted"]


def test_proceeding_from_the_brief_opens_round_one_with_the_opening_side() -> None:
    state, events = new_game(tiny_scenario(), "japan", 3)
    state, events = apply(state, Proceed("japan"))
    assert state.phase is Phase.NEGOTIATION
    assert state.round == 1 and state.to_move == "us"
    assert isinstance(events[0], RoundStarted) and events[0].date == "2025-05-01"


def test_a_round_is_one_move_by_each_side() -> None:
    state = started()
    sq = state.scenario.status_quo
    state, _ = apply(state, Propose("us", sq))
    assert state.round == 1 and state.to_move == "japan"
    state, events = apply(state, Propose("japan", sq.with_pick(0, 0)))
    assert state.round == 2 and state.to_move == "us"
    assert any(isinstance(e, RoundStarted) and e.round == 2 for e in events)


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        (Propose("japan", Terms((0, 0, 0, 0))), "It is Washington's turn"),
        (Accept("us"), "no offer on the table to accept"),
        (Reject("us"), "no offer on the table to reject"),
        (Choose("us", "china-courts", "engage"), "No side-event is waiting"),
        (Proceed("japan"), "The talks are under way"),
        (Propose("us", Terms((0, 0, 0))), "names an option for all 4 issues"),
        (Propose("us", Terms((9, 0, 0, 0))), "Tariff has no option number 9"),
        (Signal("us", "shout"), "Unknown signal 'shout'"),
        (Signal("us", "delink_security"), "cannot send the signal"),
        (Signal("us", "state_priority", "nope"), "needs an issue"),
        (Propose("china", Terms((0, 0, 0, 0))), "Unknown side"),
    ],
)
def test_illegal_commands_raise_a_readable_reason_and_change_nothing(
    command: object, reason: str
) -> None:
    state = started()
    before = attrs.evolve(state)
    with pytest.raises(IllegalMove) as info:
        apply(state, command)  # type: ignore[arg-type]
    assert reason in info.value.reason
    assert state == before


def test_you_cannot_accept_your_own_offer_and_signal_only_once_a_turn() -> None:
    state = started()
    state, _ = apply(state, Signal("us", "link_security"))
    assert state.linked and state.to_move == "us"
    with pytest.raises(IllegalMove, match="One signal per turn"):
        apply(state, Signal("us", "threaten"))
    state, _ = apply(state, Propose("us", state.scenario.status_quo))
    with pytest.raises(IllegalMove, match="own offer"):
        apply(attrs.evolve(state, to_move="us"), Accept("us"))


def test_accepting_signs_the_deal_and_each_proceed_takes_one_vote() -> None:
    state = started(seed=5)
    deal = Terms((1, 1, 1, 1))
    state, _ = apply(state, Propose("us", deal))
    state, events = apply(state, Accept("japan"))
    assert state.phase is Phase.AGREEMENT and state.agreed == deal
    assert any(isinstance(e, DealSigned) for e in events)
    assert legal_commands(state) == [Proceed("japan")]
    votes: list[RatificationVote] = []
    while state.phase is not Phase.END:
        state, events = apply(state, Proceed("japan"))
        votes += [e for e in events if isinstance(e, RatificationVote)]
    assert 1 <= len(votes) <= 2
    if all(v.passed for v in votes):
        assert state.ending is Ending.RATIFIED and len(votes) == 2
    else:
        assert state.ending is Ending.REJECTED_AT_HOME
        assert state.ended_by == votes[-1].side


def test_ratification_chance_rises_with_the_deal_margin_and_the_meters() -> None:
    state = started()
    good = attrs.evolve(state, agreed=Terms((0, 0, 0, 0)), phase=Phase.AGREEMENT)  # Japan's best
    bad = attrs.evolve(state, agreed=Terms((3, 2, 2, 2)), phase=Phase.AGREEMENT)
    assert ratification_chance(good, 0) > ratification_chance(bad, 0)
    middling = attrs.evolve(state, agreed=Terms((1, 1, 1, 1)), phase=Phase.AGREEMENT)
    angry_farmers = attrs.evolve(middling, meters=(0, 50))
    assert ratification_chance(angry_farmers, 0) < ratification_chance(middling, 0)
    assert 0.02 <= ratification_chance(bad, 0) <= 0.98


def test_walking_away_ends_the_game_at_once() -> None:
    state = started()
    state, events = apply(state, WalkAway("us"))
    assert state.phase is Phase.END and state.ending is Ending.WALKED_AWAY
    assert state.ended_by == "us"
    assert isinstance(events[-1], GameEnded)
    assert legal_commands(state) == []
    with pytest.raises(IllegalMove, match="game is over"):
        apply(state, Proceed("japan"))


def play_rejecting(state: GameState) -> tuple[GameState, list[object]]:
    """Both sides re-propose the status quo until the end; events answered with option 0."""
    log: list[object] = []
    while state.phase is not Phase.END:
        if state.pending:
            command = legal_commands(state)[0]
        else:
            command = Propose(state.to_move, state.scenario.status_quo)
        state, events = apply(state, command)
        log += events
    return state, log


def test_the_deadline_passes_after_the_last_round() -> None:
    state, log = play_rejecting(started(seed=2))
    assert state.ending is Ending.DEADLINE_PASSED
    assert any(isinstance(e, DeadlinePassed) for e in log)
    assert state.round == state.last_round


def test_events_fire_in_their_window_and_wait_for_the_deciders_choice() -> None:
    state = started(seed=1)
    sq = state.scenario.status_quo
    state, _ = apply(state, Propose("us", sq))
    state, events = apply(state, Propose("japan", sq))  # round 2 starts: China courts Tokyo
    fired = [e for e in events if isinstance(e, SideEventFired)]
    assert [e.event for e in fired][:1] == ["china-courts"]
    assert state.pending == ("china-courts",) and actor(state) == "japan"
    assert {c.option for c in legal_commands(state)} == {"engage", "decline"}  # type: ignore[union-attr]
    with pytest.raises(IllegalMove, match="First decide"):
        apply(state, Propose("us", sq))
    rv = reservation_value(state, "japan")
    state, events = apply(state, Choose("japan", "china-courts", "engage"))
    assert any(isinstance(e, EventChoiceMade) for e in events)
    assert reservation_value(state, "japan") == pytest.approx(rv + 0.05)
    assert state.pending == () and state.meter("markets") == 45


def test_a_no_deal_effect_changes_what_the_deadline_brings() -> None:
    found = False
    for seed in range(20):
        state, log = play_rejecting(started(seed=seed))
        changed = [e for e in log if isinstance(e, NoDealChanged)]
        if changed:
            found = True
            assert state.no_deal.picks[1] == 2
    assert found, "the 50% steel event never fired in 20 seeds"


def test_extend_deadline_adds_a_round() -> None:
    lengths = set()
    for seed in range(20):
        state, _ = play_rejecting(started(seed=seed))
        lengths.add(state.last_round)
    assert lengths == {4, 5}


def test_same_seed_same_game() -> None:
    a, log_a = play_rejecting(started(seed=9))
    b, log_b = play_rejecting(started(seed=9))
    assert a == b and log_a == log_b


def test_offers_are_recorded_in_order() -> None:
    state = started()
    state, events = apply(state, Propose("us", Terms((3, 2, 2, 2))))
    assert isinstance(events[0], OfferMade)
    assert state.standing is not None and state.standing.by == "us"
    assert [o.by for o in state.offers] == ["us"]


def test_without_a_deal_each_side_scores_its_reservation_value_including_event_shifts() -> None:
    state = started(seed=1)
    state = attrs.evolve(state, reservation_shift=(0.05, -0.02))
    state, events = apply(state, WalkAway("us"))
    ended = events[-1]
    assert isinstance(ended, GameEnded)
    assert ended.utilities == (
        pytest.approx(reservation_value(state, "japan")),
        pytest.approx(reservation_value(state, "us")),
    )
    assert ended.utilities[0] == pytest.approx(
        state.scenario.utility("japan")(state.no_deal) + 0.05
    )


def test_rejections_are_counted_per_side() -> None:
    state = started()
    state, _ = apply(state, Propose("us", state.scenario.status_quo))
    state, _ = apply(state, Reject("japan"))
    assert state.rejections == (1, 0)


def test_the_fast_state_copy_matches_attrs_evolve_and_stays_valid() -> None:
    from game.engine.model import evolve_state

    # the shortcut skips __init__, which is only sound while no field validates or converts
    assert all(a.validator is None and a.converter is None for a in attrs.fields(GameState))
    state = started()
    assert evolve_state(state, round=3, mood=(0.1, -0.2)) == attrs.evolve(
        state, round=3, mood=(0.1, -0.2)
    )
    with pytest.raises(TypeError, match="no field"):
        evolve_state(state, rounds=3)


@pytest.mark.parametrize("option", [["a"], 3, None, {"id": "x"}])
def test_a_saved_proposal_naming_an_option_by_anything_but_its_id_is_a_value_error(
    option: object,
) -> None:
    """A save's malformed proposal is a bad save (ValueError), never a TypeError that would
    pass for an engine bug."""
    from game.engine.commands import command_from_dict

    scenario = tiny_scenario()
    picks: dict[str, object] = {issue.id: issue.options[0].id for issue in scenario.issues}
    picks[scenario.issues[0].id] = option
    with pytest.raises(ValueError, match="by its id"):
        command_from_dict({"type": "propose", "side": "japan", "terms": picks}, scenario)
