"""The confidential brief: the player's priorities as a point table, their reservation value and
what no deal means, their red lines, the counterpart's public face, the calendar, the votes at
home and the meters. Shown before the talks, and again on `b` at the table.

Only the player's own side's numbers appear; the counterpart is described by its persona (or not
at all when the player asked to be surprised) and by today's terms, its public starting point.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rich import box
from rich.table import Table
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from game.engine.machine import round_date
from game.engine.model import other
from game.engine.view import PlayerView
from game.present.narrate import DIALOGUE_NOTE, ROLE_DESCRIPTIONS, red_line_lines, setup_lines
from game.present.words import (
    describe_meters,
    nice_date,
    option_label,
    points,
    side_name,
    sources_note,
)


def _heading(text: str) -> Static:
    return Static(Content(text), classes="heading")


def _para(text: str, classes: str = "") -> Static:
    return Static(Content(" ".join(text.split())), classes=f"para {classes}".strip())


def _table(*columns: str) -> Table:
    table = Table(box=box.SIMPLE_HEAD, expand=True, pad_edge=False, show_edge=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def _screenful(paragraphs: list[Static], width: int, height: int) -> int:
    """How many of the paragraphs it takes to fill a screen of this size, at least: each is
    reckoned at its lines if they were full, without margins, so a few more than fit."""
    rows = 0
    for n, paragraph in enumerate(paragraphs):
        if rows >= height:
            return n
        rows += 1 + len(str(paragraph.content)) // max(width - 4, 20)
    return len(paragraphs)


class BriefView(VerticalScroll):
    """The brief for the view's side, built once from the view it is given."""

    def __init__(
        self,
        view: PlayerView,
        surprise: bool = False,
        save_path: Path | None = None,
        id: str | None = None,
        hotseat: bool = False,
    ) -> None:
        super().__init__(id=id)
        self.seen = view
        self.state = view.state
        self._below_the_fold: list[Static] = []
        self.surprise = surprise
        self.save_path = save_path
        self.hotseat = hotseat  # the counterpart is the other player at this keyboard

    def compose(self) -> ComposeResult:
        opening = list(self._opening())
        shown = _screenful(opening, self.app.size.width, self.app.size.height)
        self._below_the_fold = opening[shown:]
        yield from opening[:shown]

    def on_mount(self) -> None:
        # the rest is below the fold: built and drawn after the first frame, so the brief
        # opens sooner
        self.call_after_refresh(lambda: self.mount_all([*self._below_the_fold, *self._body()]))

    def _opening(self) -> Iterator[Static]:
        state = self.state
        scenario = state.scenario
        me = self.seen.side
        utility = self.seen.utility
        if scenario.setup.title:
            yield _heading(f"Assignment: {scenario.setup.title}")
            yield _para(scenario.setup.instructions)
        yield _heading(f"Confidential brief for {side_name(me)}. Only you see this.")
        yield _para(f"You play {ROLE_DESCRIPTIONS.get(me, side_name(me))}.")
        saved = f"Saved after every move in {self.save_path}." if self.save_path else ""
        yield _para(
            f"Seed {state.seed}: the same seed and the same moves replay the same game. {saved}"
        )
        yield _para(scenario.description)
        brief = self.seen.brief
        if brief is not None:
            yield _heading(brief.title)
            for paragraph in brief.text.split("\n\n"):
                yield _para(paragraph)
            yield _para(sources_note(brief.sources, False), classes="hint")
        for line in setup_lines(scenario):
            yield _para(line)
        if utility.note:
            yield _heading("Your instructions")
            yield _para(utility.note)

    def _body(self) -> Iterator[Static]:
        state = self.state
        scenario = state.scenario
        me = self.seen.side
        utility = self.seen.utility
        yield _heading("Your priorities, in points out of 100")
        priorities = _table("Issue", "Points", "Best for you", "Worst for you")
        for i in sorted(range(len(scenario.issues)), key=lambda i: -utility.weights[i]):
            values = utility.values[i]
            best = max(range(len(values)), key=values.__getitem__)
            worst = min(range(len(values)), key=values.__getitem__)
            priorities.add_row(
                scenario.issues[i].name,
                points(utility.weights[i]),
                option_label(scenario, i, best),
                option_label(scenario, i, worst),
            )
        yield Static(priorities, classes="table")
        yield _para(
            "A package's worth to you is the sum, over the issues, of the issue's points times "
            "how good its option is for you (the best option earns all the points, the worst "
            "none). The table shows the points each option earns."
        )

        rv = points(self.seen.reservation)
        yield _heading(f"No deal: your reservation value is {rv} points")
        deadline = nice_date(round_date(scenario, state.last_round)[0])
        yield _para(
            f"If the talks fail (the deadline of {deadline} passes, or a side walks away), the "
            f"no-deal terms apply; they are worth {rv} points to you. Events can move this."
        )
        no_deal = _table("Issue", "Today", "With no deal")
        for i, issue in enumerate(scenario.issues):
            no_deal.add_row(
                issue.name,
                option_label(scenario, i, scenario.status_quo.picks[i]),
                option_label(scenario, i, state.no_deal.picks[i]),
            )
        yield Static(no_deal, classes="table")

        yield _heading("Your red lines")
        for line in red_line_lines(state, me):
            yield _para(f"• {line}")

        them = side_name(other(me))
        yield _heading(f"Your counterpart: {them}")
        if self.hotseat:
            yield _para(
                f"The other player at this keyboard speaks for {them}, with a confidential "
                "brief of their own that you do not see, as they do not see yours."
            )
        elif scenario.setup.hide_persona:
            yield _para(f"Your assignment keeps who speaks for {them} hidden, even at the end.")
        elif self.surprise:
            yield _para(f"You asked to be surprised: who speaks for {them} is revealed at the end.")
        else:
            persona = state.persona_for(other(me))
            yield _para(f"{persona.name}: {persona.title}.")
            yield _para(persona.description)
        yield _para(
            f"In public, {them} starts from today's terms (the 'Today' column above); what it "
            "would settle for is hidden, and you learn it only from its offers."
        )
        if not self.hotseat:
            yield _para(DIALOGUE_NOTE.format(who=them))

        yield _heading(f"The calendar: {state.last_round} rounds")
        calendar = _table("Round", "Date", "Meeting")
        for n in range(1, len(scenario.rounds) + 1):
            date, label = round_date(scenario, n)
            label = label.removeprefix(f"Round {n}: ")
            number = str(n) if n <= state.last_round else f"{n} (only if extended)"
            calendar.add_row(number, nice_date(date), label)
        yield Static(calendar, classes="table")

        if scenario.ratification:
            yield _heading("At home: the votes a signed deal must pass, in order")
            for n, stage in enumerate(scenario.ratification, 1):
                yield _para(f"{n}. {stage.name} ({side_name(stage.side)})")

        yield _heading("The meters, each out of 100")
        for line in describe_meters(state):
            yield _para(line)
        yield _para(
            "At the table: ↑/↓ choose an issue, ←/→ change your draft, Enter proposes it. "
            "Press ? for every key and g for the glossary (BATNA, ZOPA, logrolling …).",
            classes="hint",
        )
