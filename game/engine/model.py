"""The negotiation's nouns: issues and their options, terms, offers, sides, meters, side-events,
personas, the scenario that holds them, and the game state.

Everything here is an immutable attrs value. A `Scenario` is constant for a game (loaded from
content, never saved); a `GameState` is what changes, and it carries its scenario by reference so
that `apply(state, command)` needs nothing else.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from attrs import field, frozen
from attrs import fields as attrs_fields

from game.engine.rng import Rng

JAPAN = "japan"
US = "us"
SIDES: tuple[str, str] = (JAPAN, US)
SIDE_NAMES: Mapping[str, str] = {JAPAN: "Tokyo", US: "Washington"}


def side_index(side: str) -> int:
    return 0 if side == JAPAN else 1


def other(side: str) -> str:
    return US if side == JAPAN else JAPAN


class Phase(enum.Enum):
    BRIEFING = "briefing"
    NEGOTIATION = "negotiation"
    AGREEMENT = "agreement"
    RATIFICATION = "ratification"
    END = "end"


class Ending(enum.Enum):
    RATIFIED = "deal-ratified"
    REJECTED_AT_HOME = "rejected-at-home"
    WALKED_AWAY = "walked-away"
    DEADLINE_PASSED = "deadline-passed"


# ---------------------------------------------------------------------------------------------
# Issues, terms, offers


@frozen
class Option:
    id: str
    label: str
    value: float | None = None
    note: str = ""
    # meter moves when a deal containing this option is signed (the two-level game)
    on_deal: tuple[tuple[str, int], ...] = ()


@frozen
class Issue:
    id: str
    name: str
    options: tuple[Option, ...]
    unit: str = ""
    kind: str = "steps"  # steps | choice | yesno
    description: str = ""
    sources: tuple[int, ...] = ()
    invented: bool = False

    def option_index(self, option_id: str) -> int:
        for i, option in enumerate(self.options):
            if option.id == option_id:
                return i
        raise KeyError(option_id)


@frozen
class Terms:
    """A full package: one option index per issue, in the scenario's issue order."""

    picks: tuple[int, ...]

    def with_pick(self, issue: int, option: int) -> Terms:
        picks = list(self.picks)
        picks[issue] = option
        return Terms(tuple(picks))


@frozen
class Offer:
    terms: Terms
    by: str
    round: int


# ---------------------------------------------------------------------------------------------
# Hidden utilities


@frozen
class Utility:
    """u(terms) = sum of weight_i * value_i(option_i); weights sum to 1, values in [0, 1]."""

    weights: tuple[float, ...]
    values: tuple[tuple[float, ...], ...]
    note: str = ""

    def __call__(self, terms: Terms) -> float:
        return sum(w * v[p] for w, v, p in zip(self.weights, self.values, terms.picks, strict=True))

    def best_terms(self) -> Terms:
        return Terms(tuple(max(range(len(v)), key=v.__getitem__) for v in self.values))


# ---------------------------------------------------------------------------------------------
# Meters, rounds, ratification


@frozen
class Meter:
    id: str
    name: str
    initial: int
    description: str = ""
    side: str | None = None
    sources: tuple[int, ...] = ()


@frozen
class Round:
    number: int
    date: str
    label: str = ""
    # extra time: only reached when an event extends the deadline (the August 1 letter)
    extension: bool = False


@frozen
class RatificationStage:
    """One vote or sign-off at home. Its chance is
    base + margin_weight * (u(deal) - reservation) + sum(weight * (meter - 50) / 50),
    clamped to [0.02, 0.98]."""

    side: str
    name: str
    base: float
    margin_weight: float = 1.0
    meters: tuple[tuple[str, float], ...] = ()
    description: str = ""


# ---------------------------------------------------------------------------------------------
# Side-events: structured triggers and a fixed table of effect verbs

EFFECT_VERBS = ("meter", "reservation", "no_deal", "temper", "queue", "extend_deadline")
# the keys each effect verb takes; the loader accepts exactly these (plus `verb`)
EFFECT_KEYS: Mapping[str, tuple[str, ...]] = {
    "meter": ("meter", "delta"),
    "reservation": ("side", "delta"),
    "no_deal": ("issue", "option"),
    "temper": ("side", "delta"),
    "queue": ("event", "rounds"),
    "extend_deadline": ("rounds",),
}
ISSUE_KINDS = ("steps", "choice", "yesno")
EVENT_FAMILIES = ("china", "japan", "us", "cross", "markets")


@frozen
class Effect:
    verb: str
    meter: str = ""
    side: str = ""
    issue: str = ""
    option: str = ""
    event: str = ""
    delta: float = 0.0
    rounds: int = 0


@frozen
class Trigger:
    round_min: int = 1
    round_max: int = 99
    meters_above: tuple[tuple[str, int], ...] = ()
    meters_below: tuple[tuple[str, int], ...] = ()
    after: tuple[str, ...] = ()
    not_after: tuple[str, ...] = ()
    player: str | None = None
    # the offer on the table has one of these options on this issue
    on_table: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the player has sent one of these signals
    signals: tuple[str, ...] = ()


@frozen
class EventOption:
    id: str
    label: str
    effects: tuple[Effect, ...] = ()
    description: str = ""
    # how strongly an AI decider leans to this option (persona-independent default)
    ai_weight: float = 1.0


@frozen
class SideEvent:
    id: str
    family: str  # china | japan | us | cross | markets
    title: str
    text: str
    trigger: Trigger = Trigger()
    chance: float = 1.0
    once: bool = True
    cooldown: int = 0
    effects: tuple[Effect, ...] = ()
    options: tuple[EventOption, ...] = ()
    decider: str | None = None  # japan | us | None (no choice)
    date: str = ""
    sources: tuple[int, ...] = ()
    invented: bool = False


# ---------------------------------------------------------------------------------------------
# Signals: moves that say something without putting terms on the table

SIGNAL_VERBS = ("state_priority", "link_security", "delink_security", "threaten", "appeal")


@frozen
class SignalDef:
    id: str  # one of SIGNAL_VERBS
    label: str
    description: str = ""
    sides: tuple[str, ...] = SIDES
    needs_issue: bool = False
    effects: tuple[Effect, ...] = ()
    # how the counterpart's temper moves (scaled by the persona's reaction to this signal)
    temper: float = 0.0


# ---------------------------------------------------------------------------------------------
# Personas: the AI's strategy parameters and voice

SITUATIONS = (
    "opening",
    "good_offer",
    "bad_offer",
    "concession",
    "threat",
    "linkage",
    "deadline",
    "accepting",
    "walking_out",
)


@frozen
class Persona:
    id: str
    side: str
    name: str
    title: str
    description: str
    # offering curve: target(t) = best - (best - rv) * t ** (1 / e); e < 1 holds firm
    e: float = 1.0
    # how far above its reservation value it will settle at the very end (0..1 of the range)
    floor: float = 0.0
    # extra concession per unit of the player's concession (and hardening per hardening)
    reciprocity: float = 0.5
    # standard deviation of the seeded noise on its target (temper)
    volatility: float = 0.0
    # t from which it accepts anything at or above its reservation value
    deadline_t: float = 0.9
    # walks out when its mood falls to this level (and a seeded roll says so)
    walk_mood: float = -0.8
    walk_chance: float = 0.5
    # mood moves per signal received, by signal id (multiplies the signal's own temper)
    reactions: tuple[tuple[str, float], ...] = ()
    lines: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # a signal it sends with its first offer (a dealmaker ties troops to trade at once)
    opening_signal: str = ""
    invented: bool = True

    def lines_for(self, situation: str) -> tuple[str, ...]:
        for key, lines in self.lines:
            if key == situation:
                return lines
        return ()

    def reaction(self, signal: str) -> float:
        for key, scale in self.reactions:
            if key == signal:
                return scale
        return 1.0


# ---------------------------------------------------------------------------------------------
# Confidential briefs, variants and difficulty


@frozen
class Brief:
    """One side's confidential brief: the words a student reads before play."""

    side: str
    title: str
    text: str
    sources: tuple[int, ...] = ()


@frozen
class TermNote:
    """Why the real deal has this option on one issue, and where that is written."""

    issue: str
    note: str
    sources: tuple[int, ...] = ()


@frozen
class Benchmark:
    """A deal Washington struck with another partner in the same months: a reference point the
    debrief's "what others got" compares the real deal with."""

    partner: str
    date: str
    terms: str
    sources: tuple[int, ...] = ()


@frozen
class EpilogueNote:
    """What happened after the real deal (the debrief's epilogue): a signed deal is not the end
    of a two-level game."""

    date: str
    title: str
    text: str
    sources: tuple[int, ...] = ()


@frozen
class Variant:
    """A cut of the scenario for a lesson: fewer issues, fewer rounds, some events off."""

    id: str
    name: str
    description: str = ""
    issues: tuple[str, ...] = ()  # kept issue ids; () keeps them all
    rounds: int = 0  # regular rounds kept (the deadline is always the last); 0 keeps them all
    events_off: tuple[str, ...] = ()


@frozen
class Difficulty:
    """Pressure, not rules: shifts of both reservation values and a per-round discount on the
    player's deal value (a deal in July is worth less than the same deal in April)."""

    id: str
    name: str
    description: str = ""
    player_reservation: float = 0.0
    counterpart_reservation: float = 0.0
    discount: float = 1.0


NORMAL = Difficulty("normal", "Normal")


@frozen
class Setup:
    """How a playable scenario was cut from its content: recorded in a save, so that loading
    the same content with the same setup gives the same game."""

    variant: str = ""
    difficulty: str = ""
    rounds: int = 0  # an assignment's own cut, on top of the variant's
    events_off: tuple[str, ...] = ()
    # side-events on a fixed calendar (dates and dice only, not the players' moves), so a
    # class playing one seed sees the same events
    scheduled: bool = False
    # an assignment's words on the brief, and whether the counterpart stays unnamed at the end
    title: str = ""
    instructions: str = ""
    hide_persona: bool = False


# ---------------------------------------------------------------------------------------------
# The scenario


@frozen
class Scenario:
    id: str
    title: str
    description: str
    issues: tuple[Issue, ...]
    utilities: tuple[Utility, Utility]  # indexed by side_index
    status_quo: Terms
    no_deal: Terms
    meters: tuple[Meter, ...]
    rounds: tuple[Round, ...]
    opens: str
    ratification: tuple[RatificationStage, ...]
    events: tuple[SideEvent, ...]
    signals: tuple[SignalDef, ...]
    personas: tuple[Persona, ...]
    default_personas: tuple[str, str]  # indexed by side_index
    max_events_per_round: int = 2
    historical: Terms | None = None
    sources: tuple[int, ...] = ()
    # a hash of the content files it was read from (set by the loader; "" when built in code)
    fingerprint: str = ""
    briefs: tuple[Brief, ...] = ()
    historical_notes: tuple[TermNote, ...] = ()
    benchmarks: tuple[Benchmark, ...] = ()
    epilogue: tuple[EpilogueNote, ...] = ()
    variants: tuple[Variant, ...] = ()
    difficulties: tuple[Difficulty, ...] = ()
    default_variant: str = ""
    default_difficulty: str = ""
    # what this copy is: the variant and difficulty applied (game.engine.variants.cut)
    setup: Setup = Setup()
    difficulty: Difficulty = NORMAL

    def brief(self, side: str) -> Brief | None:
        for brief in self.briefs:
            if brief.side == side:
                return brief
        return None

    def historical_note(self, issue_id: str) -> TermNote | None:
        for note in self.historical_notes:
            if note.issue == issue_id:
                return note
        return None

    def variant(self, variant_id: str) -> Variant:
        for variant in self.variants:
            if variant.id == variant_id:
                return variant
        raise KeyError(variant_id)

    def issue_index(self, issue_id: str) -> int:
        for i, issue in enumerate(self.issues):
            if issue.id == issue_id:
                return i
        raise KeyError(issue_id)

    def meter_index(self, meter_id: str) -> int:
        for i, meter in enumerate(self.meters):
            if meter.id == meter_id:
                return i
        raise KeyError(meter_id)

    def event(self, event_id: str) -> SideEvent:
        for event in self.events:
            if event.id == event_id:
                return event
        raise KeyError(event_id)

    def persona(self, persona_id: str) -> Persona:
        for persona in self.personas:
            if persona.id == persona_id:
                return persona
        raise KeyError(persona_id)

    def signal(self, signal_id: str) -> SignalDef:
        for signal in self.signals:
            if signal.id == signal_id:
                return signal
        raise KeyError(signal_id)

    def utility(self, side: str) -> Utility:
        return self.utilities[side_index(side)]

    def terms_from_ids(self, picks: Mapping[str, str], base: Terms | None = None) -> Terms:
        """Terms from {issue id: option id}; issues not named keep `base` (default: status quo)."""
        terms = base or self.status_quo
        for issue_id, option_id in picks.items():
            i = self.issue_index(issue_id)
            terms = terms.with_pick(i, self.issues[i].option_index(option_id))
        return terms

    def terms_to_ids(self, terms: Terms) -> dict[str, str]:
        return {
            issue.id: issue.options[p].id for issue, p in zip(self.issues, terms.picks, strict=True)
        }


# ---------------------------------------------------------------------------------------------
# The state of one game


@frozen
class GameState:
    scenario: Scenario = field(eq=False, repr=False)
    player: str  # the human's side; the AI (if any) plays the other
    personas: tuple[str, str]  # AI persona per side (the player's entry is unused)
    seed: int
    rng: Rng
    phase: Phase = Phase.BRIEFING
    round: int = 0
    last_round: int = 0
    to_move: str = JAPAN
    moves_this_round: int = 0
    standing: Offer | None = None
    offers: tuple[Offer, ...] = ()
    rejections: tuple[int, int] = (0, 0)  # offers each side declined without a counter
    meters: tuple[int, ...] = ()
    no_deal: Terms = Terms(())
    reservation_shift: tuple[float, float] = (0.0, 0.0)
    mood: tuple[float, float] = (0.0, 0.0)
    fired: tuple[tuple[str, int], ...] = ()
    queued: tuple[tuple[str, int], ...] = ()
    pending: tuple[str, ...] = ()  # fired events awaiting their decider's choice
    chosen: tuple[tuple[str, str, str], ...] = ()  # (event, option, side)
    signals: tuple[tuple[str, str, str, int], ...] = ()  # (side, signal, issue, round)
    signalled_this_turn: bool = False
    agreed: Terms | None = None
    ratify_step: int = 0
    ending: Ending | None = None
    ended_by: str | None = None
    linked: bool = False  # troop costs are tied to trade on the table
    moves: int = 0
    # both sides are human (hotseat): no AI moods, and triggers on "the player" mean either side
    hotseat: bool = False

    def meter(self, meter_id: str) -> int:
        return self.meters[self.scenario.meter_index(meter_id)]

    def has_fired(self, event_id: str) -> bool:
        return any(e == event_id for e, _ in self.fired)

    def persona_for(self, side: str) -> Persona:
        return self.scenario.persona(self.personas[side_index(side)])

    @property
    def t(self) -> float:
        """Time to the deadline as a fraction: 0 before round 1, 1 in the last round."""
        if self.last_round <= 1:
            return 1.0
        return min(1.0, max(0.0, (self.round - 1) / (self.last_round - 1)))


_STATE_FIELDS = tuple(a.name for a in attrs_fields(GameState))
_new = object.__new__
_set = object.__setattr__


def evolve_state(state: GameState, **changes: object) -> GameState:
    """attrs.evolve for GameState, about 40% cheaper per copy: GameState has no validators or
    converters, so its slots can be copied directly instead of going through __init__."""
    new = _new(GameState)
    for name in _STATE_FIELDS:
        _set(new, name, changes.pop(name) if name in changes else getattr(state, name))
    if changes:
        raise TypeError(f"GameState has no field(s) {sorted(changes)}")
    return new
