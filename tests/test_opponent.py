"""The AI counterpart: curve, acceptance, reciprocity, opponent model, temper, bid-finder."""

from __future__ import annotations

import attrs
import pytest
from tiny import tiny_scenario

from game.engine.commands import Accept, Proceed, Propose, Signal, WalkAway
from game.engine.machine import apply, new_game, reservation_value
from game.engine.model import GameState, Offer, Terms
from game.engine.opponent import (
    acceptable,
    best_utility,
    decide,
    find_bid,
    opponent_model,
    remark,
    target_utility,
    think,
)

JAPAN_WANTS = Terms((0, 0, 0, 0))  # Japan's best package: the U.S.'s worst


def at_round(round_: int, persona: str = "us-test", seed: int = 1) -> GameState:
    scenario = tiny_scenario(rounds=8)
    state, _ = new_game(scenario, "japan", seed, ("jp-test", persona))
    state, _ = apply(state, Proceed("japan"))
    return attrs.evolve(state, round=round_)


def us_target(state: GameState) -> float:
    return target_utility(state, "us", state.rng.fork("test"))[0]


def test_the_offering_curve_falls_from_best_toward_the_reservation_value() -> None:
    targets = [us_target(at_round(r, "us-hard")) for r in range(1, 9)]
    assert targets == sorted(targets, reverse=True)
    us = tiny_scenario().utility("us")
    assert targets[0] == pytest.approx(best_utility(us))
    assert targets[-1] >= reservation_value(at_round(8), "us")


def test_a_boulware_holds_firmer_than_a_linear_conceder_at_mid_game() -> None:
    scenario = tiny_scenario(rounds=8)
    hard = attrs.evolve(scenario.personas[1], floor=0.0, volatility=0.0)
    linear = attrs.evolve(hard, id="us-linear", e=1.0)
    scenario = attrs.evolve(scenario, personas=(*scenario.personas, linear))
    state, _ = new_game(scenario, "japan", 1, ("jp-test", "us-hard"))
    state = attrs.evolve(state, round=4, scenario=attrs.evolve(scenario, personas=(hard, linear)))
    boulware = us_target(attrs.evolve(state, personas=("jp-test", "us-hard")))
    conceder = us_target(attrs.evolve(state, personas=("jp-test", "us-linear")))
    assert boulware > conceder


def test_bids_are_legal_packages_worth_at_least_the_target() -> None:
    state = at_round(3)
    us = state.scenario.utility("us")
    for target in (0.0, 0.3, 0.5, 0.7, 0.9, best_utility(us)):
        bid = find_bid(state, "us", target)
        assert len(bid.picks) == 4
        assert all(
            0 <= p < len(i.options) for p, i in zip(bid.picks, state.scenario.issues, strict=True)
        )
        assert us(bid) >= target - 1e-9


def test_the_bid_finder_gives_away_what_the_opponent_model_says_the_player_values() -> None:
    state = at_round(3)
    # Japan keeps insisting on tariff option 0 and autos 0 (its priorities), moves elsewhere.
    offers = tuple(Offer(Terms((0, 0, r % 3, (r + 1) % 3)), "japan", r) for r in range(1, 4))
    state = attrs.evolve(state, offers=offers)
    weights, values = opponent_model(state, "us")
    assert weights[0] == max(weights) and weights[1] > weights[2]
    assert values[0][0] == max(values[0])
    us = state.scenario.utility("us")
    bid = find_bid(state, "us", best_utility(us) - 0.15)
    assert bid.picks[0] < 3, "a concession goes to the tariff, which Japan wants most"


def test_a_stated_priority_raises_the_issues_weight_in_the_model() -> None:
    state = at_round(2)
    before = opponent_model(state, "us")[0][2]
    state = attrs.evolve(state, signals=(("japan", "state_priority", "rice", 1),))
    assert opponent_model(state, "us")[0][2] > before


def test_reciprocity_concedes_more_after_the_player_concedes_and_holds_after_hardening() -> None:
    base = at_round(4)
    us = base.scenario.utility("us")
    small, big = Terms((0, 0, 0, 0)), Terms((1, 1, 2, 2))
    conceding = attrs.evolve(base, offers=(Offer(small, "japan", 2), Offer(big, "japan", 3)))
    assert us(big) > us(small)
    assert us_target(conceding) < us_target(base)
    own = Offer(Terms((3, 2, 2, 2)), "us", 3)
    hardening = attrs.evolve(base, offers=(Offer(big, "japan", 2), own, Offer(small, "japan", 3)))
    assert us_target(hardening) >= us(own.terms) - 1e-9


def test_never_accepts_below_its_reservation_value_even_at_the_deadline() -> None:
    state = at_round(8)
    rv = reservation_value(state, "us")
    assert not acceptable(state, "us", rv - 0.001, 0.0)
    assert acceptable(state, "us", rv + 0.001, 1.0)  # near the deadline: anything above rv
    early = at_round(1)
    assert not acceptable(early, "us", rv + 0.001, 1.0)  # early: only what beats its next bid


def test_accepts_an_offer_that_beats_its_own_next_bid() -> None:
    state = at_round(2)
    generous = Terms((3, 2, 2, 2))  # the U.S.'s best package
    state = attrs.evolve(
        state,
        to_move="us",
        standing=Offer(generous, "japan", 2),
        offers=(Offer(generous, "japan", 2),),
    )
    assert decide(state) == Accept("us")


def test_the_same_state_always_gives_the_same_move() -> None:
    state = at_round(3)
    assert think(state) == think(state)
    assert remark(state, "us", "opening") == remark(state, "us", "opening")


def test_an_angry_persona_walks_out_on_a_bad_offer() -> None:
    walked = 0
    for seed in range(10):
        state = at_round(3, "us-hard", seed)
        state = attrs.evolve(
            state,
            to_move="us",
            mood=(0.0, -1.0),
            standing=Offer(JAPAN_WANTS, "japan", 3),
            offers=(Offer(JAPAN_WANTS, "japan", 3),),
        )
        if decide(state) == WalkAway("us"):
            walked += 1
    assert 5 <= walked <= 10  # walk_chance 0.9: most seeds walk, by the seeded roll
    calm = attrs.evolve(state, mood=(0.0, 0.5))
    assert decide(calm) != WalkAway("us")


def test_the_opening_signal_comes_before_the_first_offer() -> None:
    scenario = tiny_scenario()
    dealer = attrs.evolve(scenario.personas[0], opening_signal="link_security")
    scenario = attrs.evolve(scenario, personas=(dealer, *scenario.personas[1:]))
    state, _ = new_game(scenario, "japan", 1)
    state, _ = apply(state, Proceed("japan"))
    assert decide(state) == Signal("us", "link_security")
    state, _ = apply(state, Signal("us", "link_security"))
    assert isinstance(decide(state), Propose)


def test_a_counterpart_who_never_moves_gets_less_of_the_time_driven_ground() -> None:
    base = at_round(6, "jp-test")
    base = attrs.evolve(base, personas=("jp-test", "us-test"))
    us = base.scenario.utility("us")
    same = Terms((0, 0, 0, 0))
    stubborn = attrs.evolve(base, offers=(Offer(same, "japan", 4), Offer(same, "japan", 5)))
    moving = attrs.evolve(
        base, offers=(Offer(same, "japan", 4), Offer(Terms((0, 0, 1, 0)), "japan", 5))
    )
    assert us(moving.offers[-1].terms) > us(same)
    assert us_target(stubborn) > us_target(base) > us_target(moving)


def test_rejecting_everything_counts_as_not_moving() -> None:
    base = attrs.evolve(at_round(6), personas=("jp-test", "us-test"))
    rejecting = attrs.evolve(base, rejections=(2, 0))
    assert us_target(rejecting) > us_target(base)


def test_the_ai_answers_a_threat_made_since_its_last_move() -> None:
    state = at_round(3)
    own = Offer(Terms((3, 2, 2, 2)), "us", 2)
    theirs = Offer(Terms((0, 0, 0, 0)), "japan", 2)
    state = attrs.evolve(
        state,
        to_move="us",
        offers=(own, theirs),
        standing=theirs,
        signals=(("japan", "threaten", "", 2),),  # said last round, after our offer
        mood=(0.0, 0.5),
    )
    assert think(state).situation == "threat"
    quiet = attrs.evolve(state, signals=(("japan", "threaten", "", 1),))
    assert think(quiet).situation != "threat"
