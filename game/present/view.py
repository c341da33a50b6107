"""What the table screen shows, worked out from one side's `PlayerView`: plain values, no Textual.

The widgets only lay these out. Everything here is from the viewing side: its points, its
reservation value, whether a change is better or worse *for it*. The functions take the view,
not the game state, so the counterpart's utility cannot enter them: the view does not hold it
(game.engine.view). The one exception is the transcript of the hotseat's joint end, once both
players agreed to show both sides: `log_entries` then takes the full state.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from attrs import frozen

from game.engine.events import (
    DealSigned,
    Event,
    GameEnded,
    MeterMoved,
    NoDealChanged,
    ReservationShifted,
    RoundStarted,
    Said,
    SideEventFired,
    TemperChanged,
)
from game.engine.machine import proposal_base, round_date
from game.engine.model import GameState, Offer, Phase, Terms, other
from game.engine.view import PlayerView
from game.present.narrate import MOVES, counterpart_moves, event_lines, move_headline
from game.present.words import nice_date, points, side_name

BETTER = "▲"
WORSE = "▼"
CHANGED = "•"
LEGEND = f"{BETTER} better for you {WORSE} worse {CHANGED} changed, same worth"

_PARENTHESIS = re.compile(r"\s*\([^)]*\)")


def fit(text: str, width: int) -> str:
    """`text` in at most `width` cells without cutting a word: first drop the parenthetical
    remarks, then whole words from the end, marking the cut with '…'."""
    if len(text) <= width:
        return text
    text = _PARENTHESIS.sub("", text)
    if len(text) <= width:
        return text
    kept = ""
    for word in text.split():
        candidate = f"{kept} {word}" if kept else word
        if len(candidate) + 1 > width:
            break
        kept = candidate
    if not kept:  # one word longer than the cell: nothing better to do than cut it
        return text[: max(0, width - 1)] + "…"
    return kept.rstrip(",;:–-") + "…"


def mark(before: float, after: float, changed: bool) -> str:
    """A sign for a change, as the viewer values it; '' for no change."""
    if not changed:
        return ""
    if after > before + 1e-9:
        return BETTER
    if after < before - 1e-9:
        return WORSE
    return CHANGED


# ---------------------------------------------------------------------------------------------
# The offer table


@frozen
class OfferRow:
    issue: str
    table: str  # the option on the table (or in their last offer); "" when there is none
    table_mark: str  # vs their previous offer
    draft: str
    draft_mark: str  # vs the table (or, with nothing on it, where the draft started)
    points: float  # what the draft's option on this issue is worth to the player
    max_points: float  # the issue's weight for the player


@frozen
class OfferView:
    rows: tuple[OfferRow, ...]
    cursor: int
    table_heading: str
    table_total: float | None
    table_total_mark: str
    draft_total: float
    draft_total_mark: str
    reservation: float
    detail: str  # the highlighted issue in full words

    @property
    def draft_changed(self) -> bool:
        return any(row.draft_mark for row in self.rows)


def their_offers(view: PlayerView) -> list[Offer]:
    them = other(view.side)
    return [offer for offer in view.state.offers if offer.by == them]


def offer_view(view: PlayerView, draft: Terms, cursor: int) -> OfferView:
    state = view.state
    scenario = state.scenario
    player = view.side
    utility = view.utility
    theirs = their_offers(view)
    shown: Offer | None = theirs[-1] if theirs else None
    before = theirs[-2].terms if len(theirs) >= 2 else scenario.status_quo
    them = side_name(other(player))
    if state.standing is not None and state.standing.by != player:
        heading = f"On the table ({them})"
    elif shown is not None:
        heading = f"{them}'s last offer"
    else:
        heading = "Nothing on the table"
    compare = state.standing.terms if state.standing is not None else proposal_base(state, player)
    rows = []
    for i, issue in enumerate(scenario.issues):
        values = utility.values[i]
        pick = draft.picks[i]
        table, table_mark = "", ""
        if shown is not None:
            now = shown.terms.picks[i]
            table = issue.options[now].label
            was = before.picks[i]
            table_mark = mark(values[was], values[now], was != now)
        base = compare.picks[i]
        rows.append(
            OfferRow(
                issue=issue.name,
                table=table,
                table_mark=table_mark,
                draft=issue.options[pick].label,
                draft_mark=mark(values[base], values[pick], base != pick),
                points=utility.weights[i] * values[pick],
                max_points=utility.weights[i],
            )
        )
    table_total = utility(shown.terms) if shown is not None else None
    table_total_mark = ""
    if shown is not None:
        table_total_mark = mark(utility(before), utility(shown.terms), before != shown.terms)
    return OfferView(
        rows=tuple(rows),
        cursor=cursor,
        table_heading=heading,
        table_total=table_total,
        table_total_mark=table_total_mark,
        draft_total=utility(draft),
        draft_total_mark=mark(utility(compare), utility(draft), compare != draft),
        reservation=view.reservation,
        detail=detail_line(view, draft, cursor, shown),
    )


def detail_line(view: PlayerView, draft: Terms, cursor: int, shown: Offer | None) -> str:
    issue = view.state.scenario.issues[cursor]
    utility = view.utility
    pick = draft.picks[cursor]
    worth = points(utility.weights[cursor] * utility.values[cursor][pick])
    line = (
        f"{issue.name}, your draft: {issue.options[pick].label} "
        f"(option {pick + 1} of {len(issue.options)}), "
        f"{worth} of its {points(utility.weights[cursor])} points for you."
    )
    if shown is not None:
        line += f" Theirs: {issue.options[shown.terms.picks[cursor]].label}."
    return line


# ---------------------------------------------------------------------------------------------
# The lines around it


def status_text(view: PlayerView, busy: bool) -> str:
    """Round, date, time to the deadline and whose move it is, in one short line."""
    state = view.state
    scenario = state.scenario
    if state.phase is Phase.BRIEFING:
        return "Before the talks"
    date, _ = round_date(scenario, state.round)
    left = state.last_round - state.round
    deadline = nice_date(round_date(scenario, state.last_round)[0]).rsplit(" ", 1)[0]
    if left <= 0:
        time = f"last round before {deadline}"
    else:
        rounds = "1 more round" if left == 1 else f"{left} more rounds"
        time = f"{rounds} to {deadline}"
    if busy:
        turn = f"{side_name(other(view.side))} is answering…"
    elif state.phase is Phase.END:
        turn = "the game is over"
    else:
        turn = "your move"
    return f"Round {state.round} of {state.last_round} · {nice_date(date)} · {time} · {turn}"


def legend_text(view: PlayerView) -> str:
    return f"No deal: {points(view.reservation)} pts · {LEGEND}"


def news_text(events: Sequence[Event], view: PlayerView) -> str:
    """What just happened, in a line or two: the counterpart's moves (or, when it has not moved
    yet, the player's own), then the headlines of the side-events that fired."""
    state, player = view.state, view.side
    moves = counterpart_moves(events, state, player)
    if moves:
        parts = ["Their move: " + " ".join(moves)]
    else:
        mine = [
            move_headline(event, state, player)
            for event in events
            if isinstance(event, MOVES) and event.side == player
        ]
        parts = [" ".join(mine)] if mine else []
    titles = [event.title for event in events if isinstance(event, SideEventFired)]
    if titles:
        parts.append("News: " + "; ".join(titles) + ".")
    return " ".join(parts)


@frozen
class MeterItem:
    name: str
    value: int
    change: int  # since before the player's last move

    def text(self) -> str:
        if not self.change:
            return f"{self.name} {self.value}"
        # plus and minus, not ▲/▼: a meter going up is not always better for the player
        sign = "+" if self.change > 0 else "−"
        return f"{self.name} {self.value} ({sign}{abs(self.change)})"


def meter_items(view: PlayerView, before: Sequence[int] | None) -> list[MeterItem]:
    state = view.state
    previous = before if before is not None else state.meters
    return [
        MeterItem(meter.name, value, value - old)
        for meter, value, old in zip(state.scenario.meters, state.meters, previous, strict=True)
    ]


def pack(items: Sequence[str], width: int, separator: str = " · ") -> list[str]:
    """Items on as few lines of `width` as they fit, never splitting an item."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{separator}{item}" if line else item
        if line and len(candidate) > width:
            lines.append(line)
            line = item
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def table_key(view: PlayerView) -> tuple[object, ...]:
    """Changes whenever the table does (a new offer, a rejection, a new round): the player's draft
    starts again from the new table then, as in plain mode."""
    state = view.state
    return (state.round, len(state.offers), state.standing)


# ---------------------------------------------------------------------------------------------
# The transcript


@frozen
class LogEntry:
    kind: str  # round | event | said | move | end: a CSS class of the transcript
    text: str


_CHOOSE = "You must choose how to answer:"
# what an event or a move does to the world is told under the entry that caused it
_CONSEQUENCES = (MeterMoved, ReservationShifted, NoDealChanged, TemperChanged)


def log_entries(events: Sequence[Event], seen: PlayerView | GameState) -> list[LogEntry]:
    """The events as the transcript shows them: one entry per event, its consequences indented
    under it, and the round headers on their own. `seen` is the viewing side's view, or the
    full state for a neutral observer who sees both sides' numbers (hotseat, once both players
    agreed to show them)."""
    if isinstance(seen, PlayerView):
        state, viewer = seen.state, seen.side
    else:
        state, viewer = seen, None
    entries: list[LogEntry] = []
    for event in events:
        lines = event_lines(event, state, viewer)
        if not lines:
            continue
        if isinstance(event, _CONSEQUENCES) and entries:
            last = entries[-1]
            indented = "\n".join(f"  {line}" for line in lines)
            entries[-1] = LogEntry(last.kind, f"{last.text}\n{indented}")
            continue
        if isinstance(event, RoundStarted):
            kind = "round"
        elif isinstance(event, SideEventFired):
            kind = "event"
            # the answers are asked for in a dialog; plain mode's "choose ID" lines are not needed
            if _CHOOSE in lines:
                lines = lines[: lines.index(_CHOOSE)]
        elif isinstance(event, Said):
            kind = "said"
        elif isinstance(event, GameEnded | DealSigned):
            kind = "end"
        else:
            kind = "move"
        text = lines[0] + "".join(f"\n  {line}" for line in lines[1:])
        entries.append(LogEntry(kind, text))
    return entries
