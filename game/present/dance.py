"""The negotiation dance as a picture in a character grid.

Every offer is a point by its value to Japan (across) and to the U.S. (up), over the Pareto
frontier, with the Nash point, both reservation values as lines, the outcome and the real deal.
Each kind of point has its own character, so the picture reads without colour (NO_COLOR, a
printout, a screen reader's braille line); front ends may colour the characters by `MARKS`.

    picture = draw_dance(debrief)            # or draw(Layers(...)) for any set of points
    picture.lines      # the picture with its axes, one string per row
    picture.legend     # one line per character used
    picture.notes      # markers hidden under others, said in words

Pure: no rich, no I/O. Values are utilities (0..1), drawn as points out of 100.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from attrs import frozen

from game.engine.analysis import Pair
from game.engine.model import JAPAN, SIDE_NAMES, US
from game.present.debrief import Debrief

# character -> what it marks; later entries are drawn over earlier ones
MARKS: Mapping[str, str] = {
    "|": f"{SIDE_NAMES[JAPAN]}'s reservation value (no deal), across",
    "-": f"{SIDE_NAMES[US]}'s reservation value (no deal), up",
    "+": "both reservation values",
    ".": "the Pareto frontier (packages nobody can improve on for one side without the other)",
    "t": f"an offer by {SIDE_NAMES[JAPAN]}",
    "w": f"an offer by {SIDE_NAMES[US]}",
    "b": "offers by both sides",
    "R": "the real deal of 22 July 2025",
    "N": "the Nash point (the largest product of both sides' gains over no deal)",
    "*": "the outcome of this game",
}
_PRIORITY = {mark: rank for rank, mark in enumerate(MARKS)}
# the singular points, whose hiding under another is worth saying in words
_SINGLE = ("R", "N", "*")

WIDTH = 61  # columns of the plot: 0 to 100 in steps of 5/3 points
HEIGHT = 21  # rows: 0 to 100 in steps of 5 points


@frozen
class Layers:
    """What to draw, in utilities (japan, us)."""

    frontier: Sequence[Pair]
    offers: Sequence[tuple[str, Pair]]  # (side, point)
    reservations: Pair
    nash: Pair | None = None
    outcome: Pair | None = None
    outcome_words: str = "the outcome of this game"
    real: Pair | None = None


@frozen
class DancePicture:
    grid: tuple[str, ...]  # the plot area only, top row first
    lines: tuple[str, ...]  # the plot with axes and titles
    legend: tuple[str, ...]
    notes: tuple[str, ...]
    marks: tuple[tuple[str, str], ...]  # (character, meaning) for each character used

    def text(self) -> str:
        return "\n".join([*self.lines, "", *self.legend, *self.notes])


def draw_dance(debrief: Debrief, width: int = WIDTH, height: int = HEIGHT) -> DancePicture:
    """The dance of a debriefed game."""
    analysis = debrief.analysis
    historical = debrief.historical
    ratified = debrief.signed_terms is not None and debrief.outcome_terms == debrief.signed_terms
    return draw(
        Layers(
            frontier=[p.utilities for p in analysis.frontier.points],
            offers=[(o.side, o.utilities) for o in debrief.offers],
            reservations=analysis.reservations,
            nash=analysis.nash.utilities if analysis.nash is not None else None,
            outcome=analysis.outcome,
            outcome_words="the outcome: the deal" if ratified else "the outcome: no deal",
            real=historical.utilities if historical is not None else None,
        ),
        width,
        height,
    )


def draw(layers: Layers, width: int = WIDTH, height: int = HEIGHT) -> DancePicture:
    canvas = _Canvas(width, height)
    canvas.reservation_lines(layers.reservations)
    for point in layers.frontier:
        canvas.put(point, ".")
    for side, point in layers.offers:
        canvas.offer(point, "t" if side == JAPAN else "w")
    singles: tuple[tuple[Pair | None, str], ...] = (
        (layers.real, "R"),
        (layers.nash, "N"),
        (layers.outcome, "*"),
    )
    for single, mark in singles:
        if single is not None:
            canvas.put(single, mark)
    used = sorted({c for row in canvas.cells for c in row if c != " "}, key=_PRIORITY.__getitem__)
    meanings = {**MARKS, "*": layers.outcome_words}
    marks = tuple((c, meanings[c]) for c in used)
    return DancePicture(
        grid=tuple("".join(row) for row in canvas.cells),
        lines=tuple(_framed(canvas)),
        legend=tuple(f"  {c}  {meaning}" for c, meaning in marks),
        notes=tuple(canvas.notes(meanings)),
        marks=marks,
    )


class _Canvas:
    def __init__(self, width: int, height: int) -> None:
        self.width, self.height = width, height
        self.cells = [[" "] * width for _ in range(height)]
        # singular marks drawn over by another mark: (hidden, shown)
        self.hidden: list[tuple[str, str]] = []

    def cell(self, point: Pair) -> tuple[int, int]:
        x = min(1.0, max(0.0, point[0]))
        y = min(1.0, max(0.0, point[1]))
        return round((1.0 - y) * (self.height - 1)), round(x * (self.width - 1))

    def put(self, point: Pair, mark: str) -> None:
        row, col = self.cell(point)
        here = self.cells[row][col]
        if _PRIORITY.get(here, -1) > _PRIORITY[mark]:
            if mark in _SINGLE:
                self.hidden.append((mark, here))
            return
        if here in _SINGLE and here != mark:
            self.hidden.append((here, mark))
        self.cells[row][col] = mark

    def offer(self, point: Pair, mark: str) -> None:
        row, col = self.cell(point)
        here = self.cells[row][col]
        if here in ("t", "w") and here != mark:
            mark = "b"
        self.put(point, mark)

    def reservation_lines(self, reservations: Pair) -> None:
        row, col = self.cell(reservations)
        for r in range(self.height):
            self.cells[r][col] = "|"
        for c in range(self.width):
            self.cells[row][c] = "+" if c == col else "-"

    def notes(self, meanings: Mapping[str, str]) -> list[str]:
        return [
            f"  {hidden} ({meanings[hidden]}) falls in the same place as {shown} and is not shown."
            for hidden, shown in dict.fromkeys(self.hidden)
        ]


def _framed(canvas: _Canvas) -> list[str]:
    """The grid with a value axis for the U.S. on the left, for Japan below, and titles."""
    height, width = canvas.height, canvas.width
    labels = {0: "100", (height - 1) // 2: " 50", height - 1: "  0"}
    lines = [f"Value to {SIDE_NAMES[US]} (points out of 100)"]
    for r, row in enumerate(canvas.cells):
        lines.append(f"{labels.get(r, '   ')} |{''.join(row)}".rstrip())
    lines.append("    +" + "-" * width)
    ticks = [" "] * (width + 3)
    for value, text in ((0, "0"), (50, "50"), (100, "100")):
        col = round(value / 100 * (width - 1))
        start = min(col, width + 3 - len(text))
        ticks[start : start + len(text)] = list(text)
    lines.append("     " + "".join(ticks).rstrip())
    lines.append(f"     Value to {SIDE_NAMES[JAPAN]} (points out of 100)")
    return lines
