"""Engine events and state in plain English sentences, for the plain line mode and the Textual app.

Pure functions, no I/O: every function returns strings. Each line is written to make sense read
aloud on its own (a screen reader may read any one of them in isolation), and nothing is said by
colour or layout alone.

Hidden information: a viewer sees only their own side's utilities, weights and reservation value.
The counterpart's are never put into words, except the final scores both sides get at the end.
The viewer None is a neutral observer who sees both sides (the transcript of a headless
playthrough, `tnt run`): offers and deals are told with what they are worth to each side, and moods
and no-deal values with their numbers.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence

from game.engine.events import (
    DeadlineExtended,
    DeadlinePassed,
    DealSigned,
    Event,
    EventChoiceMade,
    GameEnded,
    GameStarted,
    MeterMoved,
    NoDealChanged,
    OfferAccepted,
    OfferMade,
    OfferRejected,
    RatificationVote,
    ReservationShifted,
    RoundStarted,
    Said,
    SideEventFired,
    SignalSent,
    TemperChanged,
    WalkedAway,
)
from game.engine.machine import (
    outcome_terms,
    ratification_chance,
    reservation_value,
    round_date,
)
from game.engine.model import (
    SIDE_NAMES,
    SIDES,
    Effect,
    Ending,
    GameState,
    Offer,
    Scenario,
    SideEvent,
    Terms,
    other,
)

ROLE_DESCRIPTIONS = {
    "japan": "Tokyo: Japan's negotiator, Ryosei Akazawa",
    "us": "Washington: the U.S. delegation (Trump, Bessent, Lutnick, Greer)",
}
DIALOGUE_NOTE = "{who}'s lines of dialogue are the game's invention, not real quotes."

# ---------------------------------------------------------------------------------------------
# Small formatting helpers


def points(utility: float) -> str:
    """A utility as points out of 100, one decimal at most: 0.312 -> '31.2', 0.31 -> '31'."""
    value = round(utility * 100, 1)
    if abs(value) < 0.05:
        value = 0.0
    return f"{value:.1f}".removesuffix(".0")


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


def vote_line(state: GameState, stage_index: int) -> str:
    stage = state.scenario.ratification[stage_index]
    chance = percent(ratification_chance(state, stage_index))
    return f"Vote {stage_index + 1}: {stage.name} ({side_name(stage.side)}), chance {chance}."


# ---------------------------------------------------------------------------------------------
# Events


def describe_event(event: Event, source: GameState | Scenario, viewer: str | None) -> str | None:
    """The event in words as `viewer` sees it, one or more lines joined by newlines (each line
    stands alone); None for events the viewer does not see (such as their own side's mood)."""
    lines = event_lines(event, source, viewer)
    return "\n".join(lines) if lines else None


def event_lines(
    event: Event, source: GameState | Scenario, viewer: str | None, *, ids: bool = False
) -> list[str]:
    """The event as lines, as `viewer` sees it (None: a neutral observer who sees both sides).
    With `ids`, the content's ids follow in brackets, written as a script would name them
    (`[autos = "15"]`, `[treaty-unfair = "cite-211"]`), so a transcript shows what to write."""
    handler = _HANDLERS.get(type(event))
    return handler(event, source, viewer, ids) if handler else []


_Handler = Callable[[Event, GameState | Scenario, str | None, bool], list[str]]


def _id_note(ids: bool, text: str) -> str:
    return f" [{text}]" if ids else ""


def _worth_to_both(scenario: Scenario, terms: Terms) -> str:
    """'41 points to Tokyo and 80 to Washington': for the neutral observer only."""
    japan, us = (points(scenario.utility(side)(terms)) for side in SIDES)
    return f"{japan} points to {side_name(SIDES[0])} and {us} to {side_name(SIDES[1])}"


def _game_started(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, GameStarted)
    who = "You play" if event.player == viewer else "The player plays"
    lines = [f"New game: {_scenario(source).title}. {who} {side_name(event.player)}."]
    if viewer is None and isinstance(source, GameState):
        them = other(event.player)
        persona = source.persona_for(them)
        note = _id_note(ids, f'opponent = "{persona.id}"')
        lines.append(
            f"The computer plays {side_name(them)} as {persona.name}{note}. Seed: {event.seed}."
        )
    return lines


def _round_started(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, RoundStarted)
    return [f"{round_line(_scenario(source), event.round, event.last_round)} The round begins."]


def _offers_before(state: GameState, side: str, round_number: int) -> tuple[Offer, ...]:
    """The offers made before the one `side` made in `round_number` (one per side per round)."""
    for n, offer in enumerate(state.offers):
        if offer.by == side and offer.round == round_number:
            return state.offers[:n]
    return state.offers


def _term_ids(scenario: Scenario, terms: Terms, issues: Sequence[int]) -> list[str]:
    """`autos = "15"` for each issue in `issues`."""
    return [
        f'{scenario.issues[i].id} = "{scenario.issues[i].options[terms.picks[i]].id}"'
        for i in issues
    ]


def _offer_made(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, OfferMade)
    scenario = _scenario(source)
    head = _subject(event.side, viewer, "propose", "proposes") + " a package"
    if not isinstance(source, GameState):
        every = _term_ids(scenario, event.terms, range(len(scenario.issues)))
        terms = describe_terms(event.terms, scenario)
        return [f"{head}:", *(t + _id_note(ids, n) for t, n in zip(terms, every, strict=True))]
    if viewer is not None:
        head += f", worth {points(scenario.utility(viewer)(event.terms))} points to you"
    else:
        head += f", worth {_worth_to_both(scenario, event.terms)}"
    before = _offers_before(source, event.side, event.round)
    previous = before[-1].terms if before else scenario.status_quo
    against = "the previous offer" if before else "today's terms"
    changes = describe_changes(previous, event.terms, scenario)
    if not changes:
        return [f"{head}. It repeats {against} unchanged."]
    pairs = zip(previous.picks, event.terms.picks, strict=True)
    changed = [i for i, (a, b) in enumerate(pairs) if a != b]
    notes = _term_ids(scenario, event.terms, changed)
    owner = "Your" if event.side == viewer else f"{side_name(event.side)}'s"
    count = "1 change" if len(changes) == 1 else f"{len(changes)} changes"
    return [
        f"{head}, with {count} from {against}.",
        *(
            f"{owner} offer changes {line}{_id_note(ids, note)}"
            for line, note in zip(changes, notes, strict=True)
        ),
    ]


def _offer_rejected(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, OfferRejected)
    whose = (
        "your offer" if other(event.side) == viewer else f"{side_name(other(event.side))}'s offer"
    )
    verb = _subject(event.side, viewer, "reject", "rejects")
    return [f"{verb} {whose} without a counter-offer. Nothing is on the table now."]


def _offer_accepted(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, OfferAccepted)
    whose = (
        "your offer" if other(event.side) == viewer else f"{side_name(other(event.side))}'s offer"
    )
    return [f"{_subject(event.side, viewer, 'accept', 'accepts')} {whose}."]


def _signal_sent(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, SignalSent)
    scenario = _scenario(source)
    try:
        label = scenario.signal(event.signal).label
    except KeyError:
        label = event.signal
    line = f"{_subject(event.side, viewer, 'signal', 'signals')}: {label}"
    if event.issue:
        try:
            line += f": {scenario.issues[scenario.issue_index(event.issue)].name}"
        except KeyError:
            line += f": {event.issue}"
    note = f'signal = "{event.signal}"' + (f', issue = "{event.issue}"' if event.issue else "")
    return [line + "." + _id_note(ids, note)]


def _side_event(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, SideEventFired)
    scenario = _scenario(source)
    note = _id_note(ids, event.event)
    try:
        side_event = scenario.event(event.event)
    except KeyError:
        return [f"Event: {event.title}.{note}"]
    when = f", {nice_date(side_event.date)}" if side_event.date else ""
    lines = [
        f"Event: {side_event.title}{when}.{note}",
        side_event.text.strip(),
        f"About this event: {sources_note(side_event.sources, side_event.invented)}",
    ]
    return lines + _decision_lines(side_event, source, viewer)


def _decision_lines(
    side_event: SideEvent, source: GameState | Scenario, viewer: str | None
) -> list[str]:
    if not side_event.options:
        return []
    player = source.player if isinstance(source, GameState) else viewer
    decider = side_event.decider or player
    if decider != viewer:
        return [f"{side_name(decider or '')} decides how to answer {side_event.title}."]
    return ["You must choose how to answer:", *choice_lines(side_event)]


def choice_lines(side_event: SideEvent) -> list[str]:
    """One line per answer, with the id to type after 'choose'."""
    lines = []
    for n, option in enumerate(side_event.options, 1):
        line = f"Answer {n}, choose {option.id}: {option.label}."
        if option.description:
            line += f" {option.description.strip()}"
        lines.append(line)
    return lines


def _choice_made(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, EventChoiceMade)
    scenario = _scenario(source)
    try:
        side_event = scenario.event(event.event)
        title = side_event.title
        label = next((o.label for o in side_event.options if o.id == event.option), event.option)
    except KeyError:
        title, label = event.event, event.option
    note = _id_note(ids, f'{event.event} = "{event.option}"')
    return [f"{_subject(event.side, viewer, 'answer', 'answers')} {title}: {label}.{note}"]


def meter_change(name: str, old: int, new: int) -> str:
    """'U.S. markets: up from 45 to 49' (a colon, not a verb, so plural names read right too)."""
    if new == old:
        return f"{name}: unchanged at {new}"
    return f"{name}: {'up' if new > old else 'down'} from {old} to {new}"


def _meter_moved(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, MeterMoved)
    scenario = _scenario(source)
    try:
        name = scenario.meters[scenario.meter_index(event.meter)].name
    except KeyError:
        name = event.meter
    cause = describe_cause(event.cause, source, viewer)
    return [f"{meter_change(name, event.old, event.new)}, because of {cause}."]


def _reservation(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, ReservationShifted)
    cause = describe_cause(event.cause, source, viewer)
    if viewer is None or event.side == viewer:
        whom = "you" if event.side == viewer else side_name(event.side)
        verb = "rises" if event.delta > 0 else "falls"
        size = points(abs(event.delta))
        return [f"What no deal is worth to {whom} {verb} by {size} points, because of {cause}."]
    # The counterpart's numbers stay hidden: only the direction is public knowledge.
    verb = "improves" if event.delta > 0 else "worsens"
    return [f"{side_name(event.side)}'s position without a deal {verb}, because of {cause}."]


def _no_deal(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, NoDealChanged)
    scenario = _scenario(source)
    try:
        i = scenario.issue_index(event.issue)
        name = scenario.issues[i].name
        label = option_label(scenario, i, scenario.issues[i].option_index(event.option))
    except KeyError:
        name, label = event.issue, event.option
    cause = describe_cause(event.cause, source, viewer)
    note = _id_note(ids, f'{event.issue} = "{event.option}"')
    return [f"Without a deal, {name} would now be {label}, because of {cause}.{note}"]


def _temper(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, TemperChanged)
    if event.side == viewer or abs(event.new - event.old) < 1e-9:
        return []
    verb = "warms" if event.new > event.old else "cools"
    if viewer is None:  # the neutral observer sees how far, on the scale from -1 to +1
        verb += f" from {event.old:+.2f} to {event.new:+.2f}"
    cause = describe_cause(event.cause, source, viewer)
    return [f"{side_name(event.side)}'s mood {verb}, because of {cause}."]


def _extended(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, DeadlineExtended)
    cause = describe_cause(event.cause, source, viewer)
    return [
        f"The deadline moves: the talks can now run to round {event.last_round}, "
        f"on {nice_date(event.date)}, because of {cause}."
    ]


def _signed(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, DealSigned)
    scenario = _scenario(source)
    votes = len(scenario.ratification)
    lines = [f"Deal signed in round {event.round}. It must now pass {votes} votes at home."]
    every = _term_ids(scenario, event.terms, range(len(scenario.issues)))
    lines += [
        f"Signed terms, {line}{_id_note(ids, note)}"
        for line, note in zip(describe_terms(event.terms, scenario), every, strict=True)
    ]
    if viewer is not None:
        lines.append(
            f"The signed deal is worth {points(scenario.utility(viewer)(event.terms))} "
            "points to you."
        )
    else:
        lines.append(f"The signed deal is worth {_worth_to_both(scenario, event.terms)}.")
    return lines


def _vote(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, RatificationVote)
    result = "passed" if event.passed else "rejected the deal"
    return [
        f"Vote at home in {side_name(event.side)}, {event.stage}: {result}. "
        f"Its chance of passing was {percent(event.chance)}."
    ]


def _walked(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, WalkedAway)
    verb = _subject(event.side, viewer, "walk", "walks")
    return [f"{verb} away from the table in round {event.round}. There will be no deal."]


def _deadline(
    event: Event, source: GameState | Scenario, viewer: str | None, ids: bool
) -> list[str]:
    assert isinstance(event, DeadlinePassed)
    return [f"The deadline passes after round {event.round} without a deal."]


_ENDINGS = {
    Ending.RATIFIED: "The deal is approved at home on both sides and takes effect.",
    Ending.REJECTED_AT_HOME: "The deal was rejected at home in {by}, so no-deal terms apply.",
    Ending.WALKED_AWAY: "{by} walked away, so no-deal terms apply.",
    Ending.DEADLINE_PASSED: "The deadline passed without a deal, so no-deal terms apply.",
}


def _ended(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, GameEnded)
    by = side_name(event.by) if event.by else "one side"
    note = f'ending = "{event.ending.value}"' + (f', ended_by = "{event.by}"' if event.by else "")
    ending = _ENDINGS[event.ending]
    if event.ending is Ending.WALKED_AWAY and event.by is not None and event.by == viewer:
        ending = "You walked away, so no-deal terms apply."
    lines = ["Game over. " + ending.format(by=by) + _id_note(ids, note)]
    scores = list(zip(SIDES, event.utilities, strict=True))
    scores.sort(key=lambda pair: pair[0] != viewer)  # the viewer's own score first
    for side, utility in scores:
        who = "Your result" if side == viewer else f"{side_name(side)}'s result"
        lines.append(f"{who}: {points(utility)} points out of 100.")
    lines.append(
        "A result is what the terms in force are worth to that side, in points out of 100."
    )
    if isinstance(source, GameState):
        if viewer is not None:
            rv = points(reservation_value(source, viewer))
            lines.append(f"No deal was worth {rv} points to you at the end.")
        else:
            japan, us = (points(reservation_value(source, side)) for side in SIDES)
            lines.append(
                f"No deal was worth {japan} points to {side_name(SIDES[0])} "
                f"and {us} to {side_name(SIDES[1])} at the end."
            )
        terms = outcome_terms(source)
        lines += [f"In force now, {line}" for line in describe_terms(terms, source.scenario)]
    return lines


def _said(event: Event, source: GameState | Scenario, viewer: str | None, ids: bool) -> list[str]:
    assert isinstance(event, Said)
    return [f"{side_name(event.side)} (the game's words, not a quote): {event.text.strip()}"]


_HANDLERS: dict[type, _Handler] = {
    GameStarted: _game_started,
    RoundStarted: _round_started,
    OfferMade: _offer_made,
    OfferRejected: _offer_rejected,
    OfferAccepted: _offer_accepted,
    SignalSent: _signal_sent,
    SideEventFired: _side_event,
    EventChoiceMade: _choice_made,
    MeterMoved: _meter_moved,
    ReservationShifted: _reservation,
    NoDealChanged: _no_deal,
    TemperChanged: _temper,
    DeadlineExtended: _extended,
    DealSigned: _signed,
    RatificationVote: _vote,
    WalkedAway: _walked,
    DeadlinePassed: _deadline,
    GameEnded: _ended,
    Said: _said,
}


# ---------------------------------------------------------------------------------------------
# A whole game as a transcript

# what events do to the world: told as details of the event that caused them
_CONSEQUENCES = (MeterMoved, ReservationShifted, NoDealChanged, TemperChanged)


def transcript_lines(
    events: Sequence[Event],
    state: GameState,
    viewer: str | None = None,
    heading: str = "",
    ids: bool = False,
) -> list[str]:
    """A whole game as a readable transcript: `heading` (if any), then every event as
    `event_lines` tells it (from the final `state`, so offers are told as changes from the one
    before), laid out for reading: a blank line and a `== Round … ==` header before each round,
    a blank line before a signed deal and before the ending; an event's first line flush left,
    its further lines and what it did to meters, moods and no-deal values indented."""
    out = [heading] if heading else []
    for event in events:
        if isinstance(event, RoundStarted):
            header = round_line(state.scenario, event.round, event.last_round).removesuffix(".")
            out += ["", f"== {header} =="]
            continue
        lines = event_lines(event, state, viewer, ids=ids)
        if not lines:
            continue
        if isinstance(event, DealSigned | GameEnded):
            out.append("")
        if isinstance(event, _CONSEQUENCES):
            out += [f"  {line}" for line in lines]
        else:
            out += [lines[0], *(f"  {line}" for line in lines[1:])]
    return out


# ---------------------------------------------------------------------------------------------
# For the Textual app: what an answer does, the other side's last move, the brief's red lines


def effect_lines(
    effects: Sequence[Effect], source: GameState | Scenario, viewer: str | None
) -> list[str]:
    """What a list of effects (an event's, or one answer's) does, as `viewer` may know it: meters
    with their amounts, the viewer's own no-deal value in points, but the counterpart's no-deal
    value and mood by direction only (their numbers are hidden). A follow-up event is announced
    without naming it, so an answer's description does not give away what comes next."""
    scenario = _scenario(source)
    lines: list[str] = []
    for effect in effects:
        line = _effect_line(effect, scenario, viewer)
        if line:
            lines.append(line)
    return lines


def _signed_amount(delta: float) -> str:
    return f"+{delta:g}" if delta > 0 else f"−{abs(delta):g}"


def _effect_line(effect: Effect, scenario: Scenario, viewer: str | None) -> str:
    match effect.verb:
        case "meter":
            try:
                name = scenario.meters[scenario.meter_index(effect.meter)].name
            except KeyError:
                name = effect.meter
            return f"{name} {_signed_amount(round(effect.delta))}"
        case "reservation":
            if viewer is None or effect.side == viewer:
                whom = "you" if effect.side == viewer else side_name(effect.side)
                size = f"{_signed_amount(round(effect.delta * 100, 1))} points"
                return f"What no deal is worth to {whom}: {size}"
            verb = "improves" if effect.delta > 0 else "worsens"
            return f"{side_name(effect.side)}'s position without a deal {verb}"
        case "no_deal":
            try:
                i = scenario.issue_index(effect.issue)
                label = option_label(scenario, i, scenario.issues[i].option_index(effect.option))
                return f"Without a deal, {scenario.issues[i].name} would be {label}"
            except KeyError:
                return f"Without a deal, {effect.issue} would be {effect.option}"
        case "temper":
            if effect.side == viewer or not effect.delta:
                return ""  # a human side has no mood for the game to move
            verb = "warms" if effect.delta > 0 else "cools"
            if viewer is None:
                verb += f" by {abs(effect.delta):.2f}"
            return f"{side_name(effect.side)}'s mood {verb}"
        case "queue":
            return "Something will follow from this later"
        case "extend_deadline":
            rounds = "1 round" if effect.rounds <= 1 else f"{effect.rounds} rounds"
            return f"The deadline moves back by {rounds}"
    return ""


# the moves a side makes at the table, as opposed to what happens to it
MOVES = (OfferMade, OfferAccepted, OfferRejected, SignalSent, WalkedAway)


def counterpart_moves(events: Sequence[Event], state: GameState, viewer: str) -> list[str]:
    """One short sentence for each move the other side made among `events` (its signal, its
    offer, its answer), for a 'what they just did' line; empty when it made none."""
    them = other(viewer)
    return [
        move_headline(event, state, viewer)
        for event in events
        if isinstance(event, MOVES) and event.side == them
    ]


def move_headline(event: Event, state: GameState, viewer: str) -> str:
    """A move in one short sentence: an offer by its worth to the viewer and how many issues it
    changes, rather than issue by issue."""
    if not isinstance(event, OfferMade):
        return event_lines(event, state, viewer)[0]
    who = _subject(event.side, viewer, "propose", "proposes")
    worth = points(state.scenario.utility(viewer)(event.terms))
    before = _offers_before(state, event.side, event.round)
    previous = before[-1].terms if before else state.scenario.status_quo
    changed = sum(a != b for a, b in zip(previous.picks, event.terms.picks, strict=True))
    against = "the offer before" if before else "today's terms"
    changes = "no change" if not changed else "1 change" if changed == 1 else f"{changed} changes"
    return f"{who} a package worth {worth} points to you ({changes} from {against})."


def red_line_lines(state: GameState, side: str) -> list[str]:
    """The viewer's red lines, from their own priorities: no package below their reservation
    value, and the options worth nothing to them on the issues that weigh most."""
    scenario = state.scenario
    utility = scenario.utility(side)
    rv = points(reservation_value(state, side))
    lines = [f"No package worth less than {rv} points: that is worse than no deal for you."]
    order = sorted(range(len(scenario.issues)), key=lambda i: -utility.weights[i])
    for i in order:
        if utility.weights[i] < 0.1:
            continue
        worthless = [p for p, value in enumerate(utility.values[i]) if value <= 0.0]
        for pick in worthless:
            lines.append(
                f"{scenario.issues[i].name} at {option_label(scenario, i, pick)}: it would cost "
                f"you all {points(utility.weights[i])} points this issue is worth."
            )
    return lines


def setup_lines(scenario: Scenario) -> list[str]:
    """What variant and difficulty this game is, in words for the brief (nothing when the
    scenario offers no choice of either)."""
    lines: list[str] = []
    if scenario.variants and scenario.setup.variant:
        variant = scenario.variant(scenario.setup.variant)
        lines.append(f"Variant: {variant.name}. {' '.join(variant.description.split())}")
    if scenario.difficulties:
        level = scenario.difficulty
        words = f"Difficulty: {level.name}."
        if level.description:
            words += " " + " ".join(level.description.split())
        lines.append(words)
    return lines
