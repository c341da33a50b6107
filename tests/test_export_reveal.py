"""An unfinished game exports the player's own view only: none of the other side's values, its
reservation value, its brief, the frontier or the Nash point, in any format; `tnt export
--reveal` shows them. The figures checked are the ones the revealed export really prints, so
the test fails if the view let one through."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.cli.cli import main
from game.content.loader import default_content_dir, load_scenario
from game.engine.commands import Choose, Proceed, Propose, WalkAway
from game.present.debrief import debrief_session
from game.present.exports import export_debrief, export_transcript, rounded
from game.present.words import points
from game.session.session import Session

CONTENT = default_content_dir()


def _answer_events(session: Session) -> None:
    while session.state.pending:
        event = session.scenario.event(session.state.pending[0])
        session.submit(Choose(session.player, event.id, event.options[0].id))


@pytest.fixture(scope="module")
def game(tmp_path_factory: pytest.TempPathFactory) -> Session:
    """Tokyo against the computer, seed 3, in round 3: offers of both sides on the record."""
    session = Session.start(
        load_scenario(CONTENT, "april-2025"),
        "japan",
        3,
        saves_dir=tmp_path_factory.mktemp("saves"),
        name="Pat",
    )
    session.submit(Proceed("japan"))
    for _ in range(2):
        _answer_events(session)
        session.submit(Propose("japan", session.scenario.status_quo))  # too little for them
    _answer_events(session)
    assert not session.over and any(offer.by == "us" for offer in session.state.offers)
    return session


def _export(session: Session, tmp: Path, fmt: str, *reveal: str) -> str:
    assert session.save_path is not None
    out = tmp / f"export{'-reveal' if reveal else ''}.{fmt}"
    assert main(["export", str(session.save_path), "--format", fmt, "-o", str(out), *reveal]) == 0
    return out.read_text(encoding="utf-8")


def _numbers(value: object) -> Iterator[float]:
    if isinstance(value, dict):
        for item in value.values():
            yield from _numbers(item)
    elif isinstance(value, list):
        for item in value:
            yield from _numbers(item)
    elif isinstance(value, float):
        yield value


def _secrets(session: Session) -> dict[str, float]:
    """Washington's hidden figures (utilities, 0–1), as the revealed debrief works them out."""
    debrief = debrief_session(session, None)
    nash = debrief.analysis.nash
    assert nash is not None
    secrets = {
        "Washington's reservation value": debrief.sides[1].reservation,
        "the Nash point's worth to Tokyo": nash.utilities[0],
        "the Nash point's worth to Washington": nash.utilities[1],
    }
    for n, offer in enumerate(debrief.offers, 1):
        secrets[f"offer {n}'s worth to Washington"] = offer.utilities[1]
    return secrets


def _in_text(figure: float, text: str) -> bool:
    """`figure` (a utility) printed as points, as a number of its own (not inside 2.5%)."""
    return re.search(rf"(?<![\d.]){re.escape(points(figure))}(?![\d%])", text) is not None


def test_an_unfinished_game_exports_nothing_of_the_other_sides_hand(
    game: Session, tmp_path: Path
) -> None:
    revealed = json.loads(_export(game, tmp_path, "json", "--reveal"))
    secrets = _secrets(game)
    view = json.loads(_export(game, tmp_path, "json"))
    assert view["revealed"] is False and view["game"]["finished"] is False
    assert "analysis" not in view and "sides" not in view and "events" not in view
    numbers = set(_numbers(view))
    shown = set(_numbers(revealed))
    for what, figure in secrets.items():
        assert rounded(figure) in shown  # the figure is real: --reveal prints it
        assert rounded(figure) not in numbers, f"the JSON view holds {what} ({figure})"
    # the player's own figures are there, as the player saw them
    assert view["view"]["reservation"] == revealed["sides"]["japan"]["reservation"]
    assert [o["worth"] for o in view["view"]["offers"]] == [o["japan"] for o in revealed["offers"]]

    brief = game.scenario.brief("us")
    assert brief is not None
    their_brief = " ".join(brief.text.split())[:60]
    reservation = secrets["Washington's reservation value"]
    nash = (
        secrets["the Nash point's worth to Tokyo"],
        secrets["the Nash point's worth to Washington"],
    )
    full = _export(game, tmp_path, "md", "--reveal")
    assert "The Nash point:" in full and all(_in_text(f, full) for f in (reservation, *nash))
    for fmt in ("md", "html"):
        text = _export(game, tmp_path, fmt)
        assert "The game is not over yet" in text
        assert "The Nash point:" not in text and "frontier" not in text.replace(
            "the frontier and the Nash point stay hidden", ""
        )
        assert their_brief not in " ".join(text.split())
        for what, figure in (("its reservation value", reservation), ("the Nash point", nash[0])):
            assert not _in_text(figure, text), f"the {fmt} view shows {what}"
        assert not _in_text(nash[1], text)
        assert f"{points(revealed['sides']['japan']['reservation'])} points" in text


def test_reveal_opens_the_whole_debrief_of_an_unfinished_game(
    game: Session, tmp_path: Path
) -> None:
    full = _export(game, tmp_path, "md", "--reveal")
    reservations = json.loads(_export(game, tmp_path, "json", "--reveal"))["sides"]
    japan, us = (points(reservations[side]["reservation"]) for side in ("japan", "us"))
    assert f"No deal at the end: {japan} to Tokyo and {us} to Washington." in full
    assert "The game is not over yet" in full
    assert "## The frontier, the Nash point and money left on the table" in full


def test_a_finished_game_exports_the_same_with_or_without_reveal(tmp_path: Path) -> None:
    session = Session.start(
        load_scenario(CONTENT, "april-2025"), "japan", 5, saves_dir=tmp_path, name="Ann"
    )
    session.submit(Proceed("japan"))
    _answer_events(session)
    session.submit(WalkAway("japan"))
    assert session.over
    plain = _export(session, tmp_path, "md")
    assert plain == _export(session, tmp_path, "md", "--reveal")
    assert "The Nash point:" in plain


def test_the_in_game_exports_of_an_unfinished_game_keep_the_view(
    game: Session, tmp_path: Path
) -> None:
    """The Textual app's and plain mode's exports, and the browser's download before the end."""
    secrets = _secrets(game)
    assert game.save_path is not None
    transcript = export_transcript(game, tmp_path).read_text(encoding="utf-8")
    whole = debrief_session(game, None)  # what the app would hand in, were it asked mid-game
    debrief = export_debrief(game, whole, {}, tmp_path / game.save_path.name).read_text()
    for text in (transcript, debrief):
        assert "The Nash point:" not in text
        for what, figure in secrets.items():
            if what.startswith("offer"):
                continue  # Washington's own offers are worth about 100 to it: too common a number
            assert not _in_text(figure, text), f"an in-game export shows {what}"
    assert "The game is not over yet" in debrief
