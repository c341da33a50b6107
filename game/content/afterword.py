"""The debrief's context from `scenario.toml`: `[[benchmarks]]`, the deals Washington struck
with others in the same months ("what others got"), and `[[epilogue]]`, what came after the real
deal. Both optional, both reference text for the debrief only (never shown during play), so they
may tell what came later than any round."""

from __future__ import annotations

import datetime

from game.content.tables import DATE, Table
from game.engine.model import Benchmark, EpilogueNote


def read_benchmarks(top: Table) -> tuple[Benchmark, ...]:
    return tuple(
        Benchmark(
            partner=table.words("partner"),
            date=_date(table),
            terms=" ".join(table.words("terms").split()),
            sources=table.sources(),
        )
        for table in top.tables("benchmarks")
    )


def read_epilogue(top: Table) -> tuple[EpilogueNote, ...]:
    return tuple(
        EpilogueNote(
            date=_date(table),
            title=table.words("title"),
            text=" ".join(table.words("text").split()),
            sources=table.sources(),
        )
        for table in top.tables("epilogue")
    )


def _date(table: Table) -> str:
    date = table.value("date", DATE, "", required=True)
    try:
        ok = len(date) == 10 and bool(datetime.date.fromisoformat(date))
    except ValueError:
        ok = False
    if date and not ok:
        table.error("date", f"date '{date}' must be written YYYY-MM-DD")
    return date
