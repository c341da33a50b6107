"""What the Textual app shows, worked out without Textual: labels fitted without cutting words,
signs that say better or worse for the player, the counterpart's hidden numbers kept hidden,
invented dialogue labelled, and the glossary file checked like other content."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from tui_helpers import CONTENT, scenario

from game.content.glossary import check_glossary, entry_lines, load_glossary
from game.engine.commands import Choose, Proceed
from game.engine.events import Said
from game.engine.model import Effect
from game.engine.view import player_view
from game.present.narrate import effect_lines, move_headline, red_line_lines
from game.present.view import BETTER, WORSE, fit, log_entries, news_text, offer_view, pack
from game.session.session import Session


@pytest.mark.parametrize(
    ("text", "width", "fitted"),
    [
        ("15%", 10, "15%"),
        ("24% (the April 2 rate)", 20, "24%"),
        ("¥211B a year (current agreement)", 20, "¥211B a year"),
        ("Rice +75% inside the quota, plus $8B a year of farm goods", 20, "Rice +75% inside…"),
        ("$550B, profits split 50/50", 20, "$550B, profits…"),
    ],
)
def test_labels_are_fitted_without_cutting_a_word(text: str, width: int, fitted: str) -> None:
    assert fit(text, width) == fitted
    assert len(fit(text, width)) <= width


def test_meters_are_packed_without_splitting_one() -> None:
    items = ["Cabinet approval 38", "Farm lobby 50", "U.S. industrial base 55 (−3)"]
    assert pack(items, 40) == ["Cabinet approval 38 · Farm lobby 50", items[2]]


def _japan_at_the_table() -> Session:
    session = Session.start(scenario(), "japan", 3)
    session.submit(Proceed("japan"))
    while session.state.pending:
        event = session.scenario.event(session.state.pending[0])
        session.submit(Choose(session.player, event.id, event.options[0].id))
    return session


def test_the_table_marks_changes_by_their_worth_to_the_player() -> None:
    session = _japan_at_the_table()
    state = session.state
    assert state.standing is not None
    draft = state.standing.terms.with_pick(0, 0)  # the reciprocal tariff at 0%: best for Japan
    view = offer_view(player_view(state, "japan"), draft, cursor=0)
    assert view.rows[0].draft_mark == BETTER
    assert view.draft_total_mark == BETTER
    cars = [issue.id for issue in scenario().issues].index("autos")  # 27.5%, its last: worst
    worse = state.standing.terms.with_pick(cars, len(scenario().issues[cars].options) - 1)
    assert offer_view(player_view(state, "japan"), worse, cars).rows[cars].draft_mark in ("", WORSE)
    assert view.rows[0].max_points == pytest.approx(scenario().utility("japan").weights[0])


def test_the_table_never_depends_on_the_counterparts_utility() -> None:
    """Swap Washington's hidden utility for Japan's: what Japan's player sees must not change."""
    session = _japan_at_the_table()
    state = session.state
    assert state.standing is not None
    other = attrs.evolve(
        state.scenario, utilities=(state.scenario.utilities[0], state.scenario.utilities[0])
    )
    twin = attrs.evolve(state, scenario=other)
    for cursor in range(len(state.scenario.issues)):
        assert offer_view(player_view(state, "japan"), state.standing.terms, cursor) == offer_view(
            player_view(twin, "japan"), state.standing.terms, cursor
        )


def test_effects_hide_the_counterparts_numbers() -> None:
    s = scenario()
    effects = (
        Effect("reservation", side="us", delta=0.03),
        Effect("reservation", side="japan", delta=0.02),
        Effect("temper", side="us", delta=-0.1),
        Effect("temper", side="japan", delta=0.1),
        Effect("meter", meter="alliance_trust", delta=-3),
    )
    lines = effect_lines(effects, s, "japan")
    assert lines == [
        "Washington's position without a deal improves",
        "What no deal is worth to you: +2 points",
        "Washington's mood cools",
        "Alliance trust −3",
    ]
    assert not any("3 points" in line or "0.03" in line for line in lines)


def test_the_news_line_tells_the_counterparts_move_in_one_sentence() -> None:
    session = _japan_at_the_table()
    events = list(session.transcript)
    news = news_text(events, session.view("japan"))
    assert news.startswith("Their move: ")
    assert "points to you" in news
    offer = next(e for e in reversed(events) if type(e).__name__ == "OfferMade")
    assert move_headline(offer, session.state, "japan").startswith("Washington proposes")


def test_invented_dialogue_is_labelled_and_never_quoted() -> None:
    session = _japan_at_the_table()
    said = [e for e in session.transcript if isinstance(e, Said)]
    assert said, "the AI spoke at the table"
    entries = log_entries(said, session.view("japan"))
    for entry in entries:
        assert entry.kind == "said"
        head, _, words = entry.text.partition(": ")
        assert head == "Washington (the game's words, not a quote)"
        assert not words.startswith(('"', "“", "'"))


def test_red_lines_start_from_the_reservation_value() -> None:
    session = _japan_at_the_table()
    lines = red_line_lines(session.state, "japan")
    assert lines[0].startswith("No package worth less than")
    assert any("Cars and parts" in line for line in lines)


def test_the_glossary_has_the_terms_a_lesson_needs() -> None:
    glossary = load_glossary(CONTENT)
    wanted = {
        "BATNA",
        "Reservation value",
        "ZOPA",
        "Anchoring",
        "Logrolling",
        "Linkage",
        "Two-level game",
        "Section 232",
        "IEEPA",
        "MFN",
        "Host-nation support",
        "Minimum access",
    }
    assert wanted <= {e.term for e in glossary.entries}
    section_232 = glossary.find("section 232")
    assert section_232 is not None and section_232.sources
    lines = entry_lines(section_232, glossary)
    assert lines[0].startswith("Section 232: ")
    assert any(line.startswith("Sources: [") for line in lines)


def test_a_broken_glossary_is_reported_with_every_problem(tmp_path: Path) -> None:
    (tmp_path / "glossary.toml").write_text(
        '[[terms]]\nid = "a"\nterm = "A"\ndefinition = "x"\nsee_also = ["b"]\n\n'
        '[[terms]]\nid = "a"\nterm = ""\ndefinition = "y"\ncolour = "red"\n'
    )
    problems = [str(p) for p in check_glossary(tmp_path)]
    assert any("terms[1].id: duplicate term id 'a' (first at line 2)" in p for p in problems)
    assert any("terms[1].term: must not be empty" in p for p in problems)
    assert any("terms[1].colour: unknown key" in p for p in problems)
    assert any("terms[0].see_also[0]: unknown term 'b'" in p for p in problems)
    assert all(":" in p.split("glossary.toml", 1)[1][:4] for p in problems)  # with a line number


def test_a_glossary_syntax_error_says_its_line(tmp_path: Path) -> None:
    (tmp_path / "glossary.toml").write_text('[[terms]]\nid = "a"\nterm = A\n')
    (problem,) = check_glossary(tmp_path)
    assert problem.line == 3
    assert "TOML syntax error" in problem.message


@pytest.mark.parametrize(
    "module", ["game.tui", "game.content.glossary", "game.present.narrate", "game.present.view"]
)
def test_these_import_no_textual(module: str) -> None:
    """`import game.tui` is free (run_tui imports the app when called), so `tnt run`, `tnt check`
    and the plain mode never load Textual; the glossary and the views are plain Python too."""
    import subprocess
    import sys

    code = f"import sys, {module}; print(','.join(m for m in sys.modules if m == 'textual'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
