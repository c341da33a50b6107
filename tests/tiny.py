"""A small scenario built in Python, so engine tests do not depend on the shipped content."""

from __future__ import annotations

from game.engine.model import (
    SITUATIONS,
    Effect,
    EventOption,
    Issue,
    Meter,
    Option,
    Persona,
    RatificationStage,
    Round,
    Scenario,
    SideEvent,
    SignalDef,
    Terms,
    Trigger,
    Utility,
)


def _issue(issue_id: str, n: int) -> Issue:
    return Issue(
        issue_id, issue_id.title(), tuple(Option(str(i), f"{issue_id} {i}") for i in range(n))
    )


def _lines(tag: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((s, (f"{tag} {s} one", f"{tag} {s} two")) for s in SITUATIONS)


def persona(pid: str, side: str, **kw: float | str) -> Persona:
    return Persona(pid, side, pid, pid, "test persona", lines=_lines(pid), **kw)  # type: ignore[arg-type]


def tiny_scenario(rounds: int = 4, **overrides: object) -> Scenario:
    issues = (_issue("tariff", 4), _issue("autos", 3), _issue("rice", 3), _issue("troops", 3))
    # Japan cares about tariffs and autos, the U.S. about rice and troops: logrolling pays.
    japan = Utility(
        (0.4, 0.3, 0.2, 0.1),
        ((1.0, 0.7, 0.3, 0.0), (1.0, 0.5, 0.0), (1.0, 0.5, 0.0), (1.0, 0.4, 0.0)),
    )
    us = Utility(
        (0.1, 0.2, 0.4, 0.3),
        ((0.0, 0.4, 0.7, 1.0), (0.0, 0.6, 1.0), (0.0, 0.6, 1.0), (0.0, 0.5, 1.0)),
    )
    meters = (Meter("farm", "Farm lobby", 60), Meter("markets", "Markets", 50))
    events = (
        SideEvent(
            "china-courts",
            "china",
            "China courts Tokyo",
            "Beijing offers talks.",
            trigger=Trigger(round_min=2, round_max=3),
            chance=1.0,
            effects=(Effect("meter", meter="markets", delta=-5),),
            options=(
                EventOption("engage", "Engage", (Effect("reservation", side="japan", delta=0.05),)),
                EventOption("decline", "Decline", (Effect("temper", side="us", delta=0.2),)),
            ),
            decider="japan",
        ),
        SideEvent(
            "steel-hike",
            "us",
            "Steel to 50%",
            "The steel tariff doubles.",
            trigger=Trigger(round_min=3),
            chance=0.5,
            effects=(Effect("no_deal", issue="autos", option="2"),),
        ),
        SideEvent(
            "letter",
            "us",
            "A letter",
            "More time.",
            trigger=Trigger(round_min=rounds, after=("china-courts",)),
            chance=0.5,
            effects=(Effect("extend_deadline", rounds=1),),
        ),
    )
    signals = (
        SignalDef("state_priority", "State a priority", needs_issue=True),
        SignalDef("link_security", "Link troops", sides=("us",), temper=-0.2),
        SignalDef("delink_security", "Delink troops", sides=("japan",), temper=0.1),
        SignalDef("threaten", "Threaten", temper=-0.3),
        SignalDef("appeal", "Appeal", temper=0.2),
    )
    personas = (
        persona("us-test", "us", e=0.6, reciprocity=0.5, volatility=0.03),
        persona("us-hard", "us", e=0.3, floor=0.2, walk_mood=-0.5, walk_chance=0.9),
        persona("jp-test", "japan", e=0.8, reciprocity=0.8),
    )
    fields: dict[str, object] = dict(
        id="tiny",
        title="Tiny",
        description="A test scenario.",
        issues=issues,
        utilities=(japan, us),
        status_quo=Terms((1, 2, 0, 0)),
        no_deal=Terms((3, 2, 0, 0)),
        meters=meters,
        rounds=(
            *(Round(i + 1, f"2025-05-{i + 1:02d}") for i in range(rounds)),
            Round(rounds + 1, "2025-08-01", "extra", extension=True),
        ),
        opens="us",
        ratification=(
            RatificationStage("japan", "Diet", 0.7, 1.0, (("farm", 0.2),)),
            RatificationStage("us", "White House", 0.8, 1.0),
        ),
        events=events,
        signals=signals,
        personas=personas,
        default_personas=("jp-test", "us-test"),
    )
    fields.update(overrides)
    return Scenario(**fields)  # type: ignore[arg-type]
