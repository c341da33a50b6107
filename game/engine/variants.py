"""Cutting a scenario for a lesson: a variant (fewer issues, fewer rounds, events off), an
assignment's own cut on top of it, and a difficulty level.

`cut(scenario, setup)` returns a new, smaller `Scenario` that the engine plays like any other:
the kept issues' weights are renormalised so each side's utility still runs from 0 to 1, event
windows are moved onto the rounds that remain, and events that talk about a dropped issue are
switched off. Pure, like the rest of the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs

from game.engine.model import (
    NORMAL,
    Difficulty,
    Effect,
    Round,
    Scenario,
    Setup,
    SideEvent,
    Terms,
    Trigger,
    Utility,
    Variant,
)


class UnknownSetup(ValueError):
    """A variant, difficulty, issue, event or round count the scenario does not have."""


def _names(ids: Sequence[str]) -> str:
    return ", ".join(ids) or "none"


def cut(scenario: Scenario, setup: Setup) -> Scenario:
    """The scenario as `setup` asks: its variant ('' = the default), difficulty ('' = the
    default), then the setup's own rounds and events switched off."""
    variant_id = setup.variant or scenario.default_variant
    issues: tuple[str, ...] = ()
    rounds = 0
    events_off: tuple[str, ...] = ()
    if variant_id:
        variant = _named(scenario, "variant", variant_id, scenario.variants)
        issues, rounds, events_off = variant.issues, variant.rounds, variant.events_off
    difficulty_id = setup.difficulty or scenario.default_difficulty
    difficulty = NORMAL
    if difficulty_id:
        difficulty = _named(scenario, "difficulty", difficulty_id, scenario.difficulties)
    if setup.rounds:
        rounds = min(rounds, setup.rounds) if rounds else setup.rounds
    out = restrict(
        scenario, issues=issues, rounds=rounds, events_off=(*events_off, *setup.events_off)
    )
    resolved = attrs.evolve(
        setup, variant=variant_id, difficulty=difficulty_id, events_off=tuple(setup.events_off)
    )
    return attrs.evolve(out, setup=resolved, difficulty=difficulty)


_Named = TypeVar("_Named", Variant, Difficulty)


def _named(scenario: Scenario, what: str, wanted: str, choices: Sequence[_Named]) -> _Named:
    for choice in choices:
        if choice.id == wanted:
            return choice
    known = _names([c.id for c in choices])
    raise UnknownSetup(f"unknown {what} {wanted!r} of {scenario.id} (choose: {known})")


def restrict(
    scenario: Scenario,
    *,
    issues: Sequence[str] = (),
    rounds: int = 0,
    events_off: Sequence[str] = (),
) -> Scenario:
    """Keep only `issues` (all when empty), the first `rounds - 1` regular rounds and the
    deadline (all when 0), and switch off `events_off`."""
    known_issues = [issue.id for issue in scenario.issues]
    for issue_id in issues:
        if issue_id not in known_issues:
            raise UnknownSetup(f"unknown issue {issue_id!r} (the issues: {_names(known_issues)})")
    known_events = [event.id for event in scenario.events]
    for event_id in events_off:
        if event_id not in known_events:
            raise UnknownSetup(f"unknown event {event_id!r} (the events: {_names(known_events)})")
    regular = [r for r in scenario.rounds if not r.extension]
    if rounds < 0 or rounds > len(regular):
        raise UnknownSetup(f"rounds must be between 1 and {len(regular)}, not {rounds}")
    out = scenario
    if issues and list(issues) != known_issues:
        out = _keep_issues(out, set(issues))
    if rounds and rounds < len(regular):
        out = _keep_rounds(out, rounds)
    off = set(events_off)
    if off:
        out = attrs.evolve(out, events=_without_events(out.events, off))
    return out


# ---------------------------------------------------------------------------------------------
# Issues


def _keep_issues(scenario: Scenario, kept_ids: set[str]) -> Scenario:
    keep = [i for i, issue in enumerate(scenario.issues) if issue.id in kept_ids]

    def terms(t: Terms | None) -> Terms | None:
        return None if t is None else Terms(tuple(t.picks[i] for i in keep))

    def utility(u: Utility) -> Utility:
        weights = [u.weights[i] for i in keep]
        total = sum(weights)
        # a side that cares about none of the kept issues is indifferent: equal weights
        scaled = [w / total for w in weights] if total > 0 else [1 / len(keep)] * len(keep)
        return Utility(tuple(scaled), tuple(u.values[i] for i in keep), u.note)

    dropped = {issue.id for issue in scenario.issues} - kept_ids
    # an event whose trigger asks about a dropped issue cannot be read the same way: it goes
    off = {
        event.id
        for event in scenario.events
        if any(issue_id in dropped for issue_id, _ in event.trigger.on_table)
    }
    events = tuple(
        attrs.evolve(
            event,
            effects=_effects_kept(event.effects, dropped),
            options=tuple(
                attrs.evolve(o, effects=_effects_kept(o.effects, dropped)) for o in event.options
            ),
        )
        for event in scenario.events
    )
    status_quo, no_deal = terms(scenario.status_quo), terms(scenario.no_deal)
    assert status_quo is not None and no_deal is not None
    japan, us = scenario.utilities
    return attrs.evolve(
        scenario,
        issues=tuple(scenario.issues[i] for i in keep),
        utilities=(utility(japan), utility(us)),
        status_quo=status_quo,
        no_deal=no_deal,
        historical=terms(scenario.historical),
        events=_without_events(events, off),
    )


def _effects_kept(effects: tuple[Effect, ...], dropped: set[str]) -> tuple[Effect, ...]:
    return tuple(e for e in effects if not (e.verb == "no_deal" and e.issue in dropped))


# ---------------------------------------------------------------------------------------------
# Rounds


def _keep_rounds(scenario: Scenario, count: int) -> Scenario:
    """The first count - 1 regular rounds, the deadline, and any extra time after it."""
    numbered = list(enumerate(scenario.rounds, start=1))
    regular = [(n, r) for n, r in numbered if not r.extension]
    kept = [*regular[: count - 1], regular[-1], *[(n, r) for n, r in numbered if r.extension]]
    old_numbers = [n for n, _ in kept]
    rounds = tuple(
        Round(new, r.date, r.label, r.extension) for new, (_, r) in enumerate(kept, start=1)
    )

    def window(trigger: Trigger) -> Trigger:
        # an event keeps its place in time: it fires from the first kept round at or after its
        # earliest round, until the last kept round at or before its latest (at least one round)
        first = next(
            (new for new, old in enumerate(old_numbers, 1) if old >= trigger.round_min),
            len(old_numbers),
        )
        last = max(
            (new for new, old in enumerate(old_numbers, 1) if old <= trigger.round_max),
            default=first,
        )
        return attrs.evolve(trigger, round_min=first, round_max=max(first, last))

    events = tuple(attrs.evolve(e, trigger=window(e.trigger)) for e in scenario.events)
    return attrs.evolve(scenario, rounds=rounds, events=events)


# ---------------------------------------------------------------------------------------------
# Events


def _without_events(events: tuple[SideEvent, ...], off: set[str]) -> tuple[SideEvent, ...]:
    """Drop the switched-off events and every queue effect that would bring one back."""

    def kept(effects: tuple[Effect, ...]) -> tuple[Effect, ...]:
        return tuple(e for e in effects if not (e.verb == "queue" and e.event in off))

    return tuple(
        attrs.evolve(
            event,
            effects=kept(event.effects),
            options=tuple(attrs.evolve(o, effects=kept(o.effects)) for o in event.options),
        )
        for event in events
        if event.id not in off
    )
