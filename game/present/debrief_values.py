"""The values a debrief is made of (game.present.debrief builds them): the moments of a game,
each side's result, the real deal term by term, missed trades, concessions, the offers to plot,
the detectors' findings, the teaching points and the `Debrief` that holds them all. Frozen and
pure, so every front end may read them and none can change them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import field, frozen

from game.engine.analysis import (
    Analysis,
    Concession,
    Pair,
    Trade,
)
from game.engine.model import (
    Ending,
    Scenario,
    Terms,
    other,
)
from game.present.words import nice_date

# ---------------------------------------------------------------------------------------------
# Values


@frozen
class Moment:
    """A point in the transcript: the round (and its date), the move, and what happened."""

    round: int
    date: str  # ISO date of the round ("" before round 1)
    move: int  # this move's number, or the number of the last move before this event
    is_move: bool
    event_index: int  # position in the game's list of events (the transcript)
    side: str | None
    what: str

    def describe(self) -> str:
        """'round 3 (16 May 2025), move 7: Tokyo's offer'."""
        when = f"round {self.round}" if self.round else "the briefing"
        if self.date:
            when += f" ({nice_date(self.date)})"
        if self.is_move:
            when += f", move {self.move}"
        elif self.move:
            when += f", after move {self.move}"
        return f"{when}: {self.what}" if self.what else when


@frozen
class SideResult:
    side: str
    utility: float  # what the outcome is worth to this side (0..1)
    reservation: float  # what no deal was worth to it at the end
    ideal: float  # the utility that scores 100
    score: float  # 0 = no deal, 100 = ideal; below 0 is worse than no deal


@frozen
class TermRow:
    """One issue of the final terms beside the real deal: `japan` and `us` are what this game's
    option adds to each side's utility compared with the real deal's (0 when the same)."""

    issue_id: str
    issue: str
    game: str
    real: str
    same: bool
    japan: float
    us: float
    # why the real deal has its option here, and where that is written (content's per-term note)
    note: str = ""
    sources: tuple[int, ...] = ()


@frozen
class Historical:
    """The real deal of 22 July 2025 on both sides' score sheets, against this game's
    reservation values."""

    terms: Terms
    utilities: Pair
    scores: Pair
    rows: tuple[TermRow, ...]


@frozen
class MissedTrade:
    trade: Trade
    sentence: str


@frozen
class RoundConcessions:
    """What each side's offer of a round gave the other side compared with its previous offer
    (in the other side's utility); None when it made no new offer that round or its first."""

    round: int
    japan: float | None
    us: float | None


@frozen
class PlottedOffer:
    side: str
    round: int
    utilities: Pair
    moment: Moment


def _items(fields: Mapping[str, str] | Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(dict(fields).items())


@frozen
class Finding:
    """What a detector saw: the case of its kind, the moment, and the fields its teaching text
    is filled with (the keys game.teaching.KINDS declares for the kind)."""

    kind: str
    when: str
    moment: Moment
    fields: tuple[tuple[str, str], ...] = field(converter=_items)


@frozen
class TeachingPoint:
    id: str
    kind: str
    when: str
    term: str
    title: str
    text: str
    moment: Moment


@frozen
class Debrief:
    scenario: Scenario = field(eq=False, repr=False)
    name: str
    player: str
    personas: tuple[str, str]
    seed: int
    ending: Ending | None
    ended_by: str | None
    ending_text: str
    round: int  # the round the game ended in
    last_round: int  # the deadline round at the end
    outcome_terms: Terms  # in force now: the ratified deal, else the no-deal terms
    signed_terms: Terms | None  # the deal signed, ratified or not
    final_terms: Terms  # compared with the real deal: the signed deal, else the terms in force
    analysis: Analysis
    sides: tuple[SideResult, SideResult]
    historical: Historical | None
    trades: tuple[MissedTrade, ...]
    trades_from: str  # what the missed trades start from, in words ("" when nothing)
    concessions: tuple[Concession, ...]
    rounds: tuple[RoundConcessions, ...]
    offers: tuple[PlottedOffer, ...]
    findings: tuple[Finding, ...]  # what the detectors saw, with or without a text for it
    teaching: tuple[TeachingPoint, ...]
    transcript: tuple[str, ...]  # readable lines, moves numbered as in every Moment
    hotseat: bool = False  # both sides played by people: the counterpart's persona is unused

    @property
    def counterpart(self) -> str:
        return other(self.player)

    @property
    def rounds_played(self) -> int:
        return self.round
