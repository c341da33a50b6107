"""An unfinished game's export: one side's own view, as a student may hand it in mid-game.

While the game is in play the other side's score sheet is hidden, so an export holds only what
the viewing side saw: its transcript, its own no-deal value and the worth of every offer *to
it*, the meters. No frontier, no Nash point, no other side's value or brief: it is built from a
`PlayerView` (game.engine.view), which does not hold them. `tnt export --reveal` (for teachers)
gives the whole debrief instead; a finished game always does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from game.engine.events import Event
from game.engine.machine import round_date
from game.engine.model import Phase
from game.engine.view import PlayerView
from game.present.debrief_document import about_section
from game.present.document import Block, Bullets, Document, Para, Pre, Section, Table
from game.present.narrate import transcript_lines
from game.present.words import nice_date, percent, points, side_name

NOT_OVER = (
    "The game is not over yet: this export shows only what {side} may see, as {side} saw it "
    "(its own points and no-deal value). The other side's score sheet, the frontier and the "
    "Nash point stay hidden until the game ends; a teacher can show them with "
    "tnt export --reveal."
)


def view_document(
    view: PlayerView, transcript: Sequence[Event], stamp: Mapping[str, Any], name: str
) -> Document:
    state = view.state
    me = side_name(view.side)
    who = f"{name}, " if name else ""
    title = f"Game in progress: {state.scenario.title} ({who}{me}, seed {state.seed})"
    # who plays the other side is told at the end (the player may have asked to be surprised)
    against = "another player (hotseat)" if state.hotseat else "the computer"
    played = f"Played as {me} against {against}, seed {state.seed}"
    sections = (
        about_section(stamp, name, played),
        Section("standing", "Where the game stands", _standing(view)),
        Section("offers", f"Every offer, by its worth to {me}", _offers(view)),
        Section(
            "transcript",
            "Transcript",
            (
                Para(f"As {me} saw it: every figure is {me}'s own."),
                Pre(tuple(view_transcript(view, transcript))),
            ),
        ),
    )
    return Document(title, sections)


def _standing(view: PlayerView) -> tuple[Block, ...]:
    state = view.state
    me = side_name(view.side)
    if state.phase is Phase.BRIEFING:
        where = "Before the talks."
    else:
        date, _ = round_date(state.scenario, state.round)
        where = f"Round {state.round} of {state.last_round}, {nice_date(date)}."
    items = [
        f"What no deal is worth to {me} now (its reservation value): {_pts(view.reservation)}."
    ]
    if state.standing is None:
        items.append("Nothing is on the table.")
    else:
        worth = _pts(view.utility(state.standing.terms))
        items.append(
            f"On the table: {side_name(state.standing.by)}'s offer, worth {worth} to {me}."
        )
    if state.agreed is not None:
        worth = _pts(view.utility(state.agreed))
        items.append(f"Signed, waiting for the votes at home: worth {worth} to {me}.")
    if view.vote_chance is not None:
        items.append(f"The next vote at home passes with a chance of {percent(view.vote_chance)}.")
    meters = ", ".join(
        f"{meter.name} {value}"
        for meter, value in zip(state.scenario.meters, state.meters, strict=True)
    )
    items.append(f"The meters, each out of 100: {meters}.")
    return (Para(NOT_OVER.format(side=me)), Para(where), Bullets(tuple(items)))


def _pts(utility: float) -> str:
    return f"{points(utility)} points"


def _offers(view: PlayerView) -> tuple[Block, ...]:
    me = side_name(view.side)
    rows = tuple(
        (str(n), str(offer.round), side_name(offer.by), points(view.utility(offer.terms)))
        for n, offer in enumerate(view.state.offers, 1)
    )
    if not rows:
        return (Para("No offer has been made yet."),)
    return (Table(("Offer", "Round", "Offer by", f"Worth to {me}"), rows, ("r", "r", "l", "r")),)


def view_transcript(view: PlayerView, transcript: Sequence[Event]) -> list[str]:
    return transcript_lines(transcript, view.state, view.side)
