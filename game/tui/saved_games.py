"""Saved games as the load and replay screens show them: plain values, no Textual.

    rows = listing_rows(list_saves(saves_dir, content_dir))   # the load screen's table
    history = read_history(path, content_dir)                  # a save, one move at a time
    history.steps[k].state, replay_view(history, k)

Reading a history never writes: the replayed Session has no save file, and a fork made from it
(`history.session.fork(round, saves_dir)`) is a new file beside the original.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from attrs import field, frozen

from game.engine.commands import Command
from game.engine.events import Event, SideEventFired
from game.engine.machine import reservation_value, round_date
from game.engine.model import GameState, Phase, Terms, other
from game.present.narrate import MOVES, counterpart_moves, event_lines, move_headline
from game.present.words import nice_date, option_label, points, side_name
from game.session.games import SaveListing, load_game
from game.session.saves import integrity_problem, printable
from game.session.session import Session

# ---------------------------------------------------------------------------------------------
# The load screen's table

COLUMNS = ("Save", "Scenario", "Role", "Round", "Ending", "Last played")
_NAME_MIN = 12
_ROLES = {"japan": "Japan", "us": "U.S."}
_GAP = 2


@frozen
class SaveRow:
    """One save as the load screen lists it: the cells of its row, or, for a file that cannot
    be read, its name and why (`problem`)."""

    listing: SaveListing = field(eq=False)
    cells: tuple[str, ...]
    problem: str  # "" when the save can be opened
    detail: str  # a line about the save under the table: the file, the player, forks, notes

    @property
    def readable(self) -> bool:
        return not self.problem

    @property
    def round(self) -> int:
        """The round the game has reached (0 before the talks)."""
        save = self.listing.save
        return int(save.summary["round"]) if save is not None else 0


def last_played(modified: float, now: float | None = None) -> str:
    """'28 Nov 03:37', with the year when it is not this one."""
    when = time.localtime(modified)
    this_year = time.localtime(now if now is not None else time.time()).tm_year
    if when.tm_year != this_year:
        return time.strftime("%d %b %Y", when).lstrip("0")
    return time.strftime("%d %b %H:%M", when).lstrip("0")


def listing_rows(listings: Sequence[SaveListing], now: float | None = None) -> list[SaveRow]:
    return [_row(item, now) for item in listings]


def _row(item: SaveListing, now: float | None) -> SaveRow:
    name = printable(item.path.stem, 60)
    when = last_played(item.modified, now)
    save = item.save
    if save is None:
        return SaveRow(
            item,
            (name, "", "", "", "", when),
            printable(item.problem, 200),
            f"{printable(item.path.name, 60)} cannot be opened: {printable(item.problem, 200)}",
        )
    summary = save.summary
    where = f"{summary['round']}/{summary['last_round']}"
    if summary["phase"] == "briefing":
        where = "brief"
    ending = printable(summary["ending"] or "in play", 20).replace("-", " ")
    notes = [printable(item.path.name, 60)]
    if save.name:
        notes.append(f"played by {printable(save.name, 30)}")
    notes.append(f"seed {save.seed}")
    if save.parent is not None:
        notes.append(f"a fork of {printable(save.parent.file, 60)} at round {save.parent.round}")
    if item.content_changed:
        notes.append("the content has changed since")
    if integrity_problem(save):
        notes.append("not verified")
    cells = (name, save.scenario, _ROLES.get(save.role, save.role), where, ending, when)
    return SaveRow(item, cells, "", " · ".join(notes))


def column_widths(rows: Sequence[SaveRow], width: int) -> tuple[int, ...]:
    """Widths for COLUMNS in `width` cells: every column but the first as wide as its longest
    cell, the save's name the rest (it is cut with '…' when the terminal is narrow)."""
    widths = [
        max([len(COLUMNS[n]), *(len(row.cells[n]) for row in rows if row.readable)])
        for n in range(len(COLUMNS))
    ]
    rest = width - sum(widths[1:]) - _GAP * (len(COLUMNS) - 1)
    widths[0] = max(_NAME_MIN, min(widths[0], rest))
    return tuple(widths)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def row_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return (
        (" " * _GAP)
        .join(_cut(cell, w).ljust(w) for cell, w in zip(cells, widths, strict=True))
        .rstrip()
    )


def unreadable_line(row: SaveRow, widths: Sequence[int]) -> str:
    return f"{_cut(row.cells[0], widths[0]).ljust(widths[0])}{' ' * _GAP}unreadable: {row.problem}"


# ---------------------------------------------------------------------------------------------
# A save, one move at a time


@frozen
class Step:
    """The game after one of the player's moves (or, first, before any)."""

    state: GameState
    command: Command | None  # the move that led here; None for the opening
    events: tuple[Event, ...]  # what it set off, the counterpart's answers included
    shown: int  # how much of the transcript stands at this step


@frozen
class History:
    path: Path
    steps: tuple[Step, ...]
    transcript: tuple[Event, ...]
    # the game replayed as far as it goes, saving nowhere: a fork starts from it
    session: Session = field(eq=False)
    notes: tuple[str, ...]  # content changed, not verified, where the replay stops: one line each
    stopped: bool  # a move no longer replays on today's content; the steps end before it

    @property
    def moves(self) -> int:
        """The player's moves that replay."""
        return len(self.steps) - 1


def read_history(path: Path, content_dir: Path) -> History:
    """The save at `path`, replayed once, one move at a time, on the content in `content_dir`,
    reading the file only. SaveError (naming the file) when it cannot be used; when the content
    has changed so that a move no longer replays, the history stops before that move and says
    so. The checks are those of `tnt play --resume`: the replay, the summary, the hash chain."""
    steps: list[Step] = []

    def record(session: Session, command: Command | None, events: Sequence[Event]) -> None:
        steps.append(Step(session.state, command, tuple(events), len(session.transcript)))

    game = load_game(path, content_dir, read_only=True, on_step=record, as_far_as_it_goes=True)
    notes = game.notes
    if game.stopped:  # the notes say which move and why
        notes = (*notes, f"the replay stops after move {len(steps) - 1}")
    session = game.session
    return History(
        path, tuple(steps), tuple(session.transcript), session, notes, bool(game.stopped)
    )


def fork_round(state: GameState) -> int:
    """The round a fork from this moment starts at: the current one (round 1 before the talks)."""
    return max(1, state.round)


# ---------------------------------------------------------------------------------------------
# What the replay screen shows at one step


@frozen
class OfferRow:
    issue: str
    theirs: str
    mine: str


@frozen
class ReplayView:
    position: str  # "Move 3 of 14 · Round 2 of 8 · 30 April 2025"
    move: str  # the player's move at this step, in a sentence
    answer: str  # what the counterpart did and what happened, or ""
    table_note: str  # what stands on the table and what no deal is worth
    headings: tuple[str, str, str]
    rows: tuple[OfferRow, ...]
    totals: tuple[str, str, str]
    meters_before: tuple[int, ...]  # to show how the meters moved in this step


def _last_offer(state: GameState, side: str) -> Terms | None:
    offers = [offer for offer in state.offers if offer.by == side]
    return offers[-1].terms if offers else None


def round_text(state: GameState) -> str:
    if state.phase is Phase.BRIEFING:
        return "before the talks"
    date, _ = round_date(state.scenario, state.round)
    text = f"Round {state.round} of {state.last_round} · {nice_date(date)}"
    if state.phase is Phase.END:
        text += " · game over"
    elif state.phase in (Phase.AGREEMENT, Phase.RATIFICATION):
        text += " · the votes at home"
    return text


def _move_text(step: Step) -> str:
    state = step.state
    player = state.player
    if step.command is None:
        return "The game as it began, before your first move. The replay only reads the save."
    mine = [
        move_headline(event, state, player)
        for event in step.events
        if isinstance(event, MOVES) and event.side == player
    ]
    if mine:
        return " ".join(mine)
    for event in step.events:
        lines = event_lines(event, state, player)
        if lines:
            return lines[0]
    return "You move on."


def _answer_text(step: Step) -> str:
    state = step.state
    parts = []
    moves = counterpart_moves(step.events, state, state.player)
    if moves:
        parts.append("Their move: " + " ".join(moves))
    titles = [event.title for event in step.events if isinstance(event, SideEventFired)]
    if titles:
        parts.append("News: " + "; ".join(titles) + ".")
    return " ".join(parts)


def replay_view(history: History, index: int) -> ReplayView:
    step = history.steps[index]
    state = step.state
    scenario = state.scenario
    player, them = state.player, other(state.player)
    utility = scenario.utility(player)
    theirs, mine = _last_offer(state, them), _last_offer(state, player)
    standing = state.standing
    marker = "▸ "
    if standing is None:
        on_table = "Nothing is on the table"
    else:
        whose = "your" if standing.by == player else f"{side_name(them)}'s"
        on_table = (
            f"{marker}On the table: {whose} offer, {points(utility(standing.terms))} pts to you"
        )
    no_deal = points(reservation_value(state, player))
    rows = tuple(
        OfferRow(
            issue.name,
            option_label(scenario, i, theirs.picks[i]) if theirs is not None else "—",
            option_label(scenario, i, mine.picks[i]) if mine is not None else "—",
        )
        for i, issue in enumerate(scenario.issues)
    )
    on = {
        side: marker if standing is not None and standing.by == side else ""
        for side in (player, them)
    }
    headings = (
        "Issue",
        f"{on[them]}{side_name(them)}'s last offer",
        f"{on[player]}Your last offer",
    )
    totals = (
        "Worth to you",
        f"{points(utility(theirs))} of 100" if theirs is not None else "—",
        f"{points(utility(mine))} of 100" if mine is not None else "—",
    )
    before = history.steps[index - 1].state.meters if index > 0 else state.meters
    return ReplayView(
        position=f"Move {index} of {history.moves} · {round_text(state)}",
        move=_move_text(step),
        answer=_answer_text(step),
        table_note=f"{on_table} · no deal: {no_deal} pts",
        headings=headings,
        rows=rows,
        totals=totals,
        meters_before=before,
    )
