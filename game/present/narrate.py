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
    reservation_value,
)
from game.engine.model import (
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
from game.present.words import (
    _scenario,
    _subject,
    describe_cause,
    describe_changes,
    describe_terms,
    nice_date,
    option_label,
    percent,
    points,
    round_line,
    side_name,
    sources_note,
)

ROLE_DESCRIPTIONS = {
    "japan": "Tokyo: Japan's negotiator, Ryosei Akazawa",
    "us": "Washington: the U.S. delegation (Trump, Bessent, Lutnick, Greer)",
}
DIALOGUE_NOTE = "{who}'s lines of dialogue are the game's invention, not real quotes."

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
