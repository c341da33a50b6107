"""The key-path -> line scanner that gives content diagnostics their line numbers."""

from __future__ import annotations

import tomllib
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from game.content.reader import join_key, key_lines, line_of, parent_key

GOOD = Path(__file__).parent / "content_good"

DOCUMENT = '''\
id = "april"                      # line 1
title = """A title with
fake = "not a key" and [not.a.header]
"""
default_personas = { japan = "jp", us = "us" }
a.b.c = 1

[[rounds]]
date = "2025-04-16"

[[rounds]]
date = "2025-05-01"  # [comment with brackets]

[status_quo]
"0" = "zero"
'lit.key' = 'x'

[[issues]]
id = "tariff"

[[issues.options]]
id = "0"

[[issues.options]]
id = "10"
on_deal = { farm = -5, "markets" = { nested = 1 } }

[[issues]]
id = "rice"

[[issues.options]]
id = "closed"

[japan]
weights = { tariff = 0.5, rice = 0.5 }

[japan.values]
tariff = { "0" = 1.0, "10" = 0.0 }

[[events]]
id = "one"
effects = [
    { verb = "meter", meter = "farm", delta = -5 },
    # a comment between elements
    { verb = "queue", event = "two", rounds = 1 },

]
after = [ "x", 'y' ]

[events.trigger]
round_min = 2

[[events.options]]
id = "engage"
'''

EXPECTED = {
    "id": 1,
    "title": 2,
    "default_personas": 5,
    "default_personas.japan": 5,
    "default_personas.us": 5,
    "a": 6,
    "a.b": 6,
    "a.b.c": 6,
    "rounds": 8,
    "rounds[0]": 8,
    "rounds[0].date": 9,
    "rounds[1]": 11,
    "rounds[1].date": 12,
    "status_quo": 14,
    "status_quo.0": 15,
    "status_quo.lit.key": 16,
    "issues[0]": 18,
    "issues[0].id": 19,
    "issues[0].options[0]": 21,
    "issues[0].options[0].id": 22,
    "issues[0].options[1]": 24,
    "issues[0].options[1].on_deal.farm": 26,
    "issues[0].options[1].on_deal.markets.nested": 26,
    "issues[1]": 28,
    "issues[1].options[0].id": 32,
    "japan": 34,
    "japan.weights.rice": 35,
    "japan.values": 37,
    "japan.values.tariff.10": 38,
    "events[0].id": 41,
    "events[0].effects": 42,
    "events[0].effects[0]": 43,
    "events[0].effects[0].delta": 43,
    "events[0].effects[1]": 45,
    "events[0].effects[1].verb": 45,
    "events[0].effects[1].event": 45,
    "events[0].effects[1].rounds": 45,
    "events[0].after[1]": 48,
    "events[0].trigger": 50,
    "events[0].trigger.round_min": 51,
    "events[0].options[0]": 53,
    "events[0].options[0].id": 54,
}


def test_the_document_is_valid_toml() -> None:
    assert tomllib.loads(DOCUMENT)["events"][0]["options"][0]["id"] == "engage"


def test_lines_of_headers_keys_inline_tables_and_arrays() -> None:
    lines = key_lines(DOCUMENT)
    assert {path: lines.get(path) for path in EXPECTED} == EXPECTED


def test_text_inside_strings_and_comments_is_not_a_key() -> None:
    lines = key_lines(DOCUMENT)
    assert "fake" not in lines
    assert not any(path.startswith("not") for path in lines)


def test_array_of_tables_indices_restart_in_each_parent_element() -> None:
    lines = key_lines(DOCUMENT)
    assert "issues[1].options[0]" in lines
    assert "issues[1].options[2]" not in lines
    assert "issues[0].options[2]" not in lines


def test_line_of_falls_back_to_the_nearest_parent() -> None:
    lines = key_lines(DOCUMENT)
    assert line_of(lines, "issues[0].options[1].label") == 24
    assert line_of(lines, "events[0].effects[1].side") == 45
    assert line_of(lines, "events[0].trigger.after[3]") == 50
    assert line_of(lines, "japan.values.rice.open") == 37
    assert line_of(lines, "nowhere.at.all") is None
    assert line_of(lines, "") is None


def test_parent_key_steps_up_through_indices_and_dots() -> None:
    assert parent_key("events[3].effects[0].meter") == "events[3].effects[0]"
    assert parent_key("events[3].effects[0]") == "events[3].effects"
    assert parent_key("events[3].effects") == "events[3]"
    assert parent_key("events[3]") == "events"
    assert parent_key("events") == ""
    assert join_key("", "id") == "id"
    assert join_key("lines", "opening") == "lines.opening"


def test_inline_tables_spanning_lines_are_followed() -> None:
    # not TOML 1.0 (tomllib refuses it) but TOML 1.1 allows it, and it must not derail the scan
    lines = key_lines('effects = [ { verb = "queue",\n  event = "two" } ]\nnext = 1\n')
    assert lines["effects[0].verb"] == 1
    assert lines["effects[0].event"] == 2
    assert lines["next"] == 3


def _paths(value: object, path: str = "") -> list[str]:
    """Every key path in a parsed document, in the scanner's notation."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, join_key(path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, f"{path}[{index}]")
    return found


def test_every_key_of_the_good_fixture_has_a_line() -> None:
    files = sorted(GOOD.rglob("*.toml"))
    assert len(files) == 6
    for file in files:
        text = file.read_text(encoding="utf-8")
        lines = key_lines(text)
        missing = [path for path in _paths(tomllib.loads(text)) if path not in lines]
        assert missing == [], file


def test_a_recorded_line_holds_its_key() -> None:
    text = (GOOD / "scenarios" / "tiny" / "events.toml").read_text(encoding="utf-8")
    source = text.splitlines()
    for path, line in key_lines(text).items():
        if path.endswith("]"):
            continue  # an array element, not a key
        last = path.rsplit(".", 1)[-1]
        assert last in source[line - 1], (path, line)


@given(st.text(alphabet=st.sampled_from(list("ab=[]{},.\"'#\n \t\\01")), max_size=200))
def test_any_text_is_scanned_without_raising(text: str) -> None:
    lines = key_lines(text)
    assert all(1 <= line <= text.count("\n") + 1 for line in lines.values())


@given(st.text(max_size=300))
def test_any_unicode_text_is_scanned_without_raising(text: str) -> None:
    assert isinstance(key_lines(text), dict)
