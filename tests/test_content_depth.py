"""What the april-2025 content promises a class, pinned: the issues on the table, the personas
and their voices, the side-events by family, dated and sourced, and the glossary's terms."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from game.content.glossary import load_glossary
from game.content.loader import load_scenario
from game.engine.model import SITUATIONS

CONTENT = Path(__file__).resolve().parent.parent / "content"
SCENARIO = load_scenario(CONTENT, "april-2025")


def test_the_issues_of_the_spring_2025_talks_are_all_on_the_table() -> None:
    ids = {issue.id for issue in SCENARIO.issues}
    assert ids >= {
        "reciprocal",
        "autos",
        "steel",
        "stacking",
        "sectors",
        "hns",
        "defence",
        "investment",
        "farm",
        "purchases",
    }
    for issue in SCENARIO.issues:
        assert len(issue.options) >= 3, issue.id
        assert issue.sources, f"{issue.id}: the status quo and no-deal values are sourced"


def test_three_personas_for_washington_and_two_for_tokyo_each_with_eight_lines_a_situation() -> (
    None
):
    sides = Counter(persona.side for persona in SCENARIO.personas)
    assert sides["us"] >= 3 and sides["japan"] >= 2
    for persona in SCENARIO.personas:
        assert persona.invented, f"{persona.id}: dialogue for real people is the game's invention"
        for situation in SITUATIONS:
            lines = persona.lines_for(situation)
            assert len(lines) >= 8, (persona.id, situation, len(lines))
            # invented words are never dressed up as quotations
            assert not any(line.startswith(('"', "“")) for line in lines), (persona.id, situation)


def test_side_events_by_family_with_dates_and_sources_or_marked_invented() -> None:
    families = Counter(event.family for event in SCENARIO.events)
    assert len(SCENARIO.events) >= 18
    assert families["china"] >= 8
    assert families["japan"] >= 4
    assert families["us"] >= 4
    assert families["cross"] >= 2
    for event in SCENARIO.events:
        assert event.effects or event.options, f"{event.id} changes nothing"
        assert 0 < event.chance <= 1, event.id
        if event.invented:
            assert "invent" in event.text.lower() or "counterfactual" in event.text.lower(), (
                f"{event.id}: an invented event says so to the player"
            )
        else:
            assert event.sources, f"{event.id}: a real event carries its sources"
    choices = [event for event in SCENARIO.events if event.options]
    assert len(choices) > len(SCENARIO.events) / 2, "most events ask the player to choose"


def test_the_named_china_moves_are_there() -> None:
    ids = {event.id for event in SCENARIO.events}
    assert ids >= {
        "trilateral-ministers",
        "xi-sea-tour",
        "rare-earth-licences",
        "beijing-warning",
        "seafood-easing",
        "rcep-opening",
    }
    assert any(e.family == "china" and e.invented for e in SCENARIO.events)
    assert SCENARIO.event("trilateral-ministers").date == "2025-03-30"
    assert SCENARIO.event("xi-sea-tour").date == "2025-04-14"


def test_the_glossary_defines_the_terms_the_debrief_teaches() -> None:
    glossary = load_glossary(CONTENT)
    for word in (
        "BATNA",
        "reservation value",
        "ZOPA",
        "anchoring",
        "logrolling",
        "linkage",
        "two-level game",
        "Section 232",
        "IEEPA",
        "MFN",
        "host-nation support",
        "minimum access",
    ):
        assert glossary.find(word) is not None, word
