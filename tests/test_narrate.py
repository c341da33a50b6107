"""Narration on its own: grammar that holds for any meter name and any chance, the neutral
observer (viewer None) who sees both sides' numbers, ids for script authors only when asked, and
the whole-game transcript layout that `tnt run` prints."""

from __future__ import annotations

import pytest
from tiny import tiny_scenario

from game.engine.commands import Accept, Proceed
from game.engine.events import (
    GameEnded,
    MeterMoved,
    OfferMade,
    RatificationVote,
    ReservationShifted,
    RoundStarted,
)
from game.engine.model import Meter
from game.present.narrate import event_lines, meter_change, transcript_lines
from game.present.words import points
from game.session.session import Session


@pytest.mark.parametrize(
    ("name", "old", "new", "line"),
    [
        ("U.S. markets", 45, 49, "U.S. markets: up from 45 to 49"),
        ("Cabinet approval", 42, 37, "Cabinet approval: down from 42 to 37"),
        ("Alliance trust", 50, 50, "Alliance trust: unchanged at 50"),
    ],
)
def test_meter_changes_read_right_for_plural_and_singular_names(
    name: str, old: int, new: int, line: str
) -> None:
    assert meter_change(name, old, new) == line


def test_a_meter_move_names_its_cause() -> None:
    meters = (Meter("farm", "Farm lobby", 60), Meter("markets", "U.S. markets", 50))
    scenario = tiny_scenario(meters=meters)
    lines = event_lines(MeterMoved("markets", 50, 45, "china-courts"), scenario, "japan")
    assert lines == ["U.S. markets: down from 50 to 45, because of China courts Tokyo."]


@pytest.mark.parametrize("chance", [0.08, 0.11, 0.18, 0.82, 0.5])
def test_a_vote_line_is_grammatical_for_any_chance(chance: float) -> None:
    event = RatificationVote("japan", "Diet", chance, True)
    (line,) = event_lines(event, tiny_scenario(), None)
    assert (
        line
        == f"Vote at home in Tokyo, Diet: passed. Its chance of passing was {round(chance * 100)}%."
    )


def deal_game() -> Session:
    """Tokyo takes Washington's opening offer in the tiny scenario; the votes follow."""
    session = Session.start(tiny_scenario(), "japan", 3)
    session.submit(Proceed("japan"))
    session.submit(Accept("japan"))
    while not session.over:
        session.submit(Proceed("japan"))
    return session


def test_the_neutral_observer_sees_what_an_offer_is_worth_to_both_sides() -> None:
    session = deal_game()
    offer = next(e for e in session.transcript if isinstance(e, OfferMade))
    scenario = session.scenario
    japan, us = (points(scenario.utility(side)(offer.terms)) for side in ("japan", "us"))
    neutral = event_lines(offer, session.state, None)
    assert neutral[0].startswith(
        f"Washington proposes a package, worth {japan} points to Tokyo and {us} to Washington"
    )
    mine = event_lines(offer, session.state, "japan")
    assert mine[0].startswith(f"Washington proposes a package, worth {japan} points to you")
    assert "to Washington" not in mine[0]  # the player never sees the other side's number


def test_the_neutral_observer_sees_both_no_deal_values_move() -> None:
    session = deal_game()
    event = ReservationShifted("japan", 0.05, "china-courts:engage")
    assert event_lines(event, session.state, None) == [
        "What no deal is worth to Tokyo rises by 5 points, because of the answer 'Engage' to "
        "China courts Tokyo."
    ]
    (hidden,) = event_lines(event, session.state, "us")
    assert hidden.startswith("Tokyo's position without a deal improves")


def test_ids_only_when_asked() -> None:
    session = deal_game()
    offer = next(e for e in session.transcript if isinstance(e, OfferMade))
    plain = event_lines(offer, session.state, "japan")
    with_ids = event_lines(offer, session.state, "japan", ids=True)
    assert not any("[" in line for line in plain)
    assert with_ids[0] == plain[0]
    assert with_ids[1].startswith(plain[1] + " [tariff = ")  # the first change, as TOML
    assert with_ids[1].endswith('"]')


def test_the_transcript_of_a_whole_game() -> None:
    session = deal_game()
    text = transcript_lines(session.transcript, session.state, None, heading="Playthrough: t")
    assert text[0] == "Playthrough: t"
    assert text[1] == "New game: Tiny. The player plays Tokyo."
    assert text[2] == "  The computer plays Washington as us-test. Seed: 3."
    rounds = [e for e in session.transcript if isinstance(e, RoundStarted)]
    assert text.count("== Round 1 of 4, 1 May 2025 ==") == 1 and len(rounds) == 1
    assert text[text.index("== Round 1 of 4, 1 May 2025 ==") - 1] == ""
    assert "Tokyo accepts Washington's offer." in text
    signed = text.index("Deal signed in round 1. It must now pass 2 votes at home.")
    assert text[signed - 1] == ""
    assert text[signed + 1].startswith("  Signed terms, Tariff: ")
    assert sum(line.startswith("Vote at home in ") for line in text) >= 1
    ended = next(e for e in session.transcript if isinstance(e, GameEnded))
    japan, us = (points(u) for u in ended.utilities)
    assert f"  Tokyo's result: {japan} points out of 100." in text
    assert f"  Washington's result: {us} points out of 100." in text
    assert not any(line.lstrip().startswith(("You ", "Your ")) for line in text)


def test_a_walk_out_is_told_to_the_one_who_walked_as_you() -> None:
    from game.engine.commands import WalkAway

    session = Session.start(tiny_scenario(), "us", 1)
    session.submit(Proceed("us"))
    events = session.submit(WalkAway("us"))
    ended = [line for e in events for line in event_lines(e, session.state, "us")]
    assert "Game over. You walked away, so no-deal terms apply." in ended
    seen = [line for e in events for line in event_lines(e, session.state, "japan")]
    assert "Game over. Washington walked away, so no-deal terms apply." in seen
