"""The game's small sentences: figures, dates, side names, terms, meters, a side's own points and
the round line. Pure functions returning strings; the events' narration builds on them."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from game.engine.machine import (
    reservation_value,
    round_date,
)
from game.engine.model import (
    SIDE_NAMES,
    GameState,
    Scenario,
    Terms,
)

# ---------------------------------------------------------------------------------------------
# Small formatting helpers


def points(utility: float) -> str:
    """A utility as points out of 100, one decimal at most: 0.312 -> '31.2', 0.31 -> '31'."""
    value = round(utility * 100, 1)
    if abs(value) < 0.05:
        value = 0.0
    return f"{value:.1f}".removesuffix(".0")


def signed(utility: float) -> str:
    """A change in points with its sign: '+4.5', '-2', '0'."""
    text = points(utility)
    return text if text.startswith("-") or text == "0" else f"+{text}"


def percent(chance: float) -> str:
    return f"{round(chance * 100)}%"


def nice_date(iso: str) -> str:
    """'2025-04-16' -> '16 April 2025' (read aloud better); anything else is returned as is."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


def side_name(side: str) -> str:
    return SIDE_NAMES.get(side, side)


def _subject(side: str, viewer: str | None, you: str, they: str) -> str:
    """'You propose' or 'Washington proposes', as the viewer sees it."""
    if side == viewer:
        return f"You {you}"
    return f"{side_name(side)} {they}"


def _scenario(source: GameState | Scenario) -> Scenario:
    return source.scenario if isinstance(source, GameState) else source


def option_label(scenario: Scenario, issue: int, pick: int) -> str:
    return scenario.issues[issue].options[pick].label


def sources_note(sources: Sequence[int], invented: bool) -> str:
    cited = ", ".join(f"[{n}]" for n in sources)
    if cited and invented:
        return f"Sources: {cited}; partly invented for the game."
    if cited:
        return f"Sources: {cited}."
    if invented:
        return "Invented for the game."
    return "No source given."


# ---------------------------------------------------------------------------------------------
# Terms, changes, meters


def describe_terms(terms: Terms, scenario: Scenario, previous: Terms | None = None) -> list[str]:
    """One line per issue, 'Issue: option', marked '(changed), was …' where `previous` differs
    (a word, not a colour, so it reads aloud)."""
    lines = []
    for i, issue in enumerate(scenario.issues):
        line = f"{issue.name}: {option_label(scenario, i, terms.picks[i])}"
        if previous is not None and previous.picks[i] != terms.picks[i]:
            line += f" (changed), was {option_label(scenario, i, previous.picks[i])}"
        lines.append(line)
    return lines


def describe_changes(old: Terms, new: Terms, scenario: Scenario) -> list[str]:
    """One line per issue that differs: 'Issue: from X to Y.'; empty when nothing changed."""
    return [
        f"{issue.name}: from {option_label(scenario, i, a)} to {option_label(scenario, i, b)}."
        for i, (issue, a, b) in enumerate(zip(scenario.issues, old.picks, new.picks, strict=True))
        if a != b
    ]


def meter_side(scenario: Scenario, meter_id: str) -> str:
    side = scenario.meters[scenario.meter_index(meter_id)].side
    return f"{side_name(side)}'s meter" if side else "both sides"


def describe_meters(state: GameState) -> list[str]:
    """One line per meter: 'Cabinet approval: 38 out of 100 (Tokyo's meter).'"""
    return [
        f"{meter.name}: {value} out of 100 ({meter_side(state.scenario, meter.id)})."
        for meter, value in zip(state.scenario.meters, state.meters, strict=True)
    ]


def describe_cause(cause: str, source: GameState | Scenario, viewer: str | None = None) -> str:
    """An effect's cause id in words: an event, an answer to one, a signal or a deal's term."""
    scenario = _scenario(source)
    head, _, tail = cause.partition(":")
    if head == "signal":
        try:
            return f"the signal '{scenario.signal(tail).label}'"
        except KeyError:
            return f"the signal {tail}"
    if head == "deal":
        try:
            return f"the deal's terms on {scenario.issues[scenario.issue_index(tail)].name}"
        except KeyError:
            return "the deal's terms"
    try:
        event = scenario.event(head)
    except KeyError:
        return cause
    if not tail:
        return event.title
    label = next((o.label for o in event.options if o.id == tail), tail)
    chooser = _chooser(source, event.id, tail)
    if chooser is None:
        return f"the answer '{label}' to {event.title}"
    whose = "your" if chooser == viewer else f"{side_name(chooser)}'s"
    return f"{whose} answer to {event.title}"


def _chooser(source: GameState | Scenario, event_id: str, option_id: str) -> str | None:
    if not isinstance(source, GameState):
        return None
    return next((s for e, o, s in source.chosen if e == event_id and o == option_id), None)


# ---------------------------------------------------------------------------------------------
# The viewer's own side: priorities and points


def priority_lines(scenario: Scenario, side: str) -> list[str]:
    """The viewer's point table, most important issue first: weight as points out of 100 and
    the best and worst option for them. Only ever called with the viewer's own side."""
    utility = scenario.utility(side)
    order = sorted(range(len(scenario.issues)), key=lambda i: -utility.weights[i])
    lines = []
    for i in order:
        values = utility.values[i]
        best = max(range(len(values)), key=values.__getitem__)
        worst = min(range(len(values)), key=values.__getitem__)
        lines.append(
            f"{scenario.issues[i].name}: {points(utility.weights[i])} of 100 points. "
            f"Best for you: {option_label(scenario, i, best)}. "
            f"Worst for you: {option_label(scenario, i, worst)}."
        )
    return lines


def option_points(scenario: Scenario, side: str, issue: int, pick: int) -> float:
    """What one option adds to `side`'s utility (weight times value)."""
    utility = scenario.utility(side)
    return utility.weights[issue] * utility.values[issue][pick]


def score_line(state: GameState, side: str, terms: Terms, what: str) -> str:
    """'This offer is worth 54 points to you, 12 above your reservation value of 42.'"""
    score = state.scenario.utility(side)(terms)
    rv = reservation_value(state, side)
    gap = score - rv
    if abs(gap) < 0.0005:
        relation = "exactly your reservation value"
    else:
        where = "above" if gap > 0 else "below"
        relation = f"{points(abs(gap))} {where} your reservation value of {points(rv)}"
    return f"{what} is worth {points(score)} points to you, {relation}."


# ---------------------------------------------------------------------------------------------
# Rounds and ratification


def round_line(scenario: Scenario, number: int, last_round: int) -> str:
    date, label = round_date(scenario, number)
    head = f"Round {number} of {last_round}, {nice_date(date)}"
    prefix = f"Round {number}: "
    label = label.removeprefix(prefix)
    return f"{head}: {label}." if label else f"{head}."


def rounds_left_line(state: GameState) -> str:
    left = state.last_round - state.round
    deadline = nice_date(round_date(state.scenario, state.last_round)[0])
    if left <= 0:
        return f"This is the last round before the deadline of {deadline}."
    more = "1 more round" if left == 1 else f"{left} more rounds"
    return f"{more} after this one before the deadline of {deadline}."


def vote_line(scenario: Scenario, stage_index: int, chance: float) -> str:
    """The vote at home about to be held, with the chance the rules announce (a view's
    `vote_chance`: the redacted state cannot work it out)."""
    stage = scenario.ratification[stage_index]
    return (
        f"Vote {stage_index + 1}: {stage.name} ({side_name(stage.side)}), chance {percent(chance)}."
    )


# ---------------------------------------------------------------------------------------------
