"""docs/teachers.md keeps up with the game it describes.

- Every `tnt …` command line the guide shows (in code blocks and in inline code) parses with the
  real command-line parser. Words in CAPITALS (SAVE, FILE) are the guide's placeholders and parse
  as ordinary arguments; a bare `tnt report` in a sentence names a command, which must exist;
  lines that are the CLI's own messages (`tnt play: …`) are output, not commands, and are
  skipped.
- Every path the guide names under content/, docs/, tests/ or game/ (globs included), and every
  relative link to another doc, exists.
- Every key the assignment reader (game/content/assignments.py) reads, and every key the example
  assignments use, is named in the guide as `key`: a new key without documentation fails.
- The tables of personas and side-events name exactly the ones the content has.

Each check has a test proving it rejects a bad case, so none of them passes vacuously.
"""

from __future__ import annotations

import ast
import math
import re
import shlex
import tomllib
from pathlib import Path

import pytest

from game.cli.cli import UsageError, build_parser
from game.content.loader import default_content_dir, load_scenario
from game.engine.model import Scenario, Setup

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "teachers.md"
LOADER = ROOT / "game" / "content" / "assignments.py"
ASSIGNMENTS = ROOT / "content" / "assignments"
SCENARIO = ROOT / "content" / "scenarios" / "april-2025"
PERSONAS = ROOT / "content" / "personas"

_INLINE = re.compile(r"`([^`\n]+)`")
_COMMAND = re.compile(r"^(?:\$\s+)?(?:\.venv/bin/)?tnt\s+(\S.*)$")
_PATH = re.compile(r"(?<![\w/.~-])((?:content|docs|tests|game)/[\w./*-]*[\w*])")
_LINK = re.compile(r"\]\(([\w.-]+\.md)(?:#[\w-]*)?\)")


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Commands


def command_lines(text: str) -> list[str]:
    """Every `tnt …` command the text shows: code lines (indented or fenced) and inline code."""
    found: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or line.startswith("    "):
            candidate = line.strip()
            if _COMMAND.match(candidate):
                found.append(candidate)
    for span in _INLINE.findall(text):
        if _COMMAND.match(span.strip()):
            found.append(span.strip())
    return found


def _arguments(line: str) -> list[str] | None:
    """The arguments after `tnt`, without a trailing comment or shell plumbing; None for a line
    of the CLI's own output ("tnt play: this assignment is played as japan")."""
    match = _COMMAND.match(line)
    assert match is not None
    rest = match.group(1)
    rest = re.split(r"\s+#\s", rest, maxsplit=1)[0]
    rest = re.split(r"\s(?:\||<|>|&&|;)\s", rest, maxsplit=1)[0]
    words = shlex.split(rest)
    if words and words[0].endswith(":"):
        return None
    return words


def parse_problem(line: str) -> str | None:
    """None when the real parser accepts the command, else why not."""
    words = _arguments(line)
    if words is None:
        return None
    if len(words) == 1:  # `tnt report` in a sentence names a command: it must be a real one
        words = [*words, "--help"]
    try:
        build_parser().parse_args(words)
    except UsageError as exc:
        return str(exc)
    except SystemExit as exc:  # --help prints and exits 0; anything else is a failure
        return None if exc.code in (0, None) else f"exit {exc.code}"
    return None


def test_the_guide_shows_commands() -> None:
    lines = command_lines(_doc())
    # the guide is built around these; if extraction broke, this says so instead of passing
    assert len(lines) >= 30, lines
    for sub in ("play", "check", "report", "export", "run", "serve"):
        assert any(re.search(rf"\btnt {sub}\b", line) for line in lines), sub
    assert any("--assignment" in line for line in lines)
    assert any("--watch" in line for line in lines)


def test_every_command_in_the_guide_parses(capsys: pytest.CaptureFixture[str]) -> None:
    problems = [
        f"{line!r}: {problem}"
        for line in command_lines(_doc())
        if (problem := parse_problem(line)) is not None
    ]
    capsys.readouterr()  # --help output
    assert not problems, "commands in docs/teachers.md the CLI refuses:\n" + "\n".join(problems)


def test_a_wrong_command_is_caught() -> None:
    text = "Run this:\n\n    tnt play --no-such-flag\n\nor `tnt report --format pdf saves/`.\n"
    lines = command_lines(text)
    assert lines == ["tnt play --no-such-flag", "tnt report --format pdf saves/"]
    assert all(parse_problem(line) is not None for line in lines)
    # the CLI's own messages are output, not commands
    assert parse_problem("tnt play: --variant cannot be used with --assignment") is None
    assert parse_problem("tnt play --variant classic --difficulty hard  # a comment") is None
    # a command named in a sentence must exist
    assert parse_problem("tnt report") is None
    assert parse_problem("tnt hotseats") is not None


# ---------------------------------------------------------------------------------------------
# Paths


def missing_paths(text: str, root: Path = ROOT) -> list[str]:
    missing = []
    for path in sorted(set(_PATH.findall(text))):
        if "*" in path:
            if not list(root.glob(path)):
                missing.append(path)
        elif not (root / path).exists():
            missing.append(path)
    for link in sorted(set(_LINK.findall(text))):
        if not (root / "docs" / link).exists():
            missing.append(f"docs/{link} (linked as {link})")
    return missing


def test_every_path_in_the_guide_exists() -> None:
    text = _doc()
    named = set(_PATH.findall(text))
    assert "content/assignments/first-lesson.toml" in named  # the extraction works
    assert "content/scenarios/april-2025/variants.toml" in named
    assert missing_paths(text) == []


def test_a_missing_path_is_caught() -> None:
    text = (
        "See content/assignments/no-such-lesson.toml, docs/nowhere.md, "
        "content/assignments/*.json and [the guide](no-such-guide.md). "
        "Not checked: /tmp/x/content/assignments/a.toml."
    )
    assert missing_paths(text) == [
        "content/assignments/*.json",
        "content/assignments/no-such-lesson.toml",
        "docs/nowhere.md",
        "docs/no-such-guide.md (linked as no-such-guide.md)",
    ]


# ---------------------------------------------------------------------------------------------
# Assignment keys


def _text(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _is_data(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "data"


def reader_keys(source: str) -> set[str]:
    """The keys the assignment reader reads: root.value("key", …), root.array("key", …),
    root.data.get("key") and "key" in root.data."""
    keys: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        key = None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args:
            method, owner = node.func.attr, node.func.value
            if method in ("value", "array") or (method == "get" and _is_data(owner)):
                key = _text(node.args[0])
        elif isinstance(node, ast.Compare) and any(_is_data(c) for c in node.comparators):
            key = _text(node.left) if any(isinstance(op, ast.In) for op in node.ops) else None
        if key is not None:
            keys.add(key)
    return keys


def assignment_keys() -> set[str]:
    keys = reader_keys(LOADER.read_text(encoding="utf-8"))
    for path in sorted(ASSIGNMENTS.glob("*.toml")):
        keys |= set(tomllib.loads(path.read_text(encoding="utf-8")))
    return keys


def undocumented(keys: set[str], text: str) -> list[str]:
    return sorted(key for key in keys if f"`{key}`" not in text)


def test_every_assignment_key_is_documented() -> None:
    keys = assignment_keys()
    # the reader's known keys, so a broken extraction cannot pass
    assert {"title", "instructions", "scenario", "seed", "persona", "same_events"} <= keys
    assert len(keys) >= 13, keys
    assert undocumented(keys, _doc()) == [], "assignment keys docs/teachers.md does not explain"


def test_a_new_reader_key_without_documentation_is_caught() -> None:
    source = LOADER.read_text(encoding="utf-8").replace(
        'root.value("reveal_persona", BOOLEAN, True)',
        'root.value("reveal_persona", BOOLEAN, True) and root.value("timer", INTEGER, 0)',
    )
    assert "timer" in reader_keys(source)
    assert undocumented(reader_keys(source), _doc()) == ["timer"]
    assert reader_keys('x = "seed" in root.data or root.data.get("persona")') == {
        "seed",
        "persona",
    }


# ---------------------------------------------------------------------------------------------
# Personas and side-events


def table_ids(text: str, header: str) -> list[str]:
    """The backticked ids in the first column of the table whose header starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    ids = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        match = re.match(r"\| `([\w-]+)` \|", line)
        assert match is not None, f"a row without an id: {line}"
        ids.append(match.group(1))
    return ids


def test_the_persona_table_matches_the_content() -> None:
    personas = sorted(
        tomllib.loads(p.read_text(encoding="utf-8"))["id"] for p in PERSONAS.glob("*.toml")
    )
    assert sorted(table_ids(_doc(), "Persona id")) == personas


def test_the_event_table_matches_the_content() -> None:
    data = tomllib.loads((SCENARIO / "events.toml").read_text(encoding="utf-8"))
    events = [event["id"] for event in data["events"]]
    assert len(events) >= 10
    assert table_ids(_doc(), "Event id") == events


# ---------------------------------------------------------------------------------------------
# The example and the figures of section 6


def test_the_example_assignment_in_the_guide_is_valid(tmp_path: Path) -> None:
    from game.content.assignments import assignment_scenario, read_assignment

    blocks = re.findall(r"```toml\n(.*?)```", _doc(), re.S)
    assert len(blocks) == 1, "the guide shows one example assignment"
    path = tmp_path / "example.toml"
    path.write_text(blocks[0], encoding="utf-8")
    assignment = read_assignment(path, default_content_dir())  # ContentErrors if broken
    assert assignment_scenario(assignment, default_content_dir()).setup.title == assignment.title


def _rows(text: str, header: str) -> list[list[str]]:
    """The cells of the table whose header row starts with `header`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _scenario(variant: str) -> Scenario:

    return load_scenario(default_content_dir(), "april-2025", setup=Setup(variant, "normal"))


def test_the_weights_in_the_guide_are_the_score_sheets() -> None:
    sheets = tomllib.loads((SCENARIO / "utilities.toml").read_text(encoding="utf-8"))
    rows = _rows(_doc(), "Issue")
    shown = {}
    for issue, tokyo, washington in rows:
        match = re.search(r"\(`([\w-]+)`\)", issue)
        assert match is not None, issue
        shown[match.group(1)] = (float(tokyo), float(washington))
    real = {
        issue: (100 * weight, 100 * sheets["us"]["weights"][issue])
        for issue, weight in sheets["japan"]["weights"].items()
    }
    assert shown.keys() == real.keys()
    for issue, pair in shown.items():
        assert pair == pytest.approx(real[issue], abs=0.05), issue


def test_the_starting_reservation_values_in_the_guide_are_the_games() -> None:
    from game.engine.machine import new_game, reservation_value

    rows = _rows(_doc(), "At the start of a game")
    assert [row[0] for row in rows] == ["Full variant, normal", "Classic variant, normal"]
    for label, tokyo, washington in rows:
        state, _ = new_game(_scenario(label.split()[0].lower()), "japan", 1)
        assert float(tokyo) == pytest.approx(100 * reservation_value(state, "japan"), abs=0.05)
        assert float(washington) == pytest.approx(100 * reservation_value(state, "us"), abs=0.05)


def test_the_real_deal_figures_in_the_guide_are_the_games() -> None:
    from game.present.debrief import scenario_reference

    rows = _rows(_doc(), "Real deal, scored on")
    assert len(rows) == 2
    for label, *figures in rows:
        reference = scenario_reference(_scenario(label.split()[1]))
        expected = [
            100 * reference.outcome[0],
            100 * reference.outcome[1],
            reference.scores[0],
            reference.scores[1],
            100 * reference.distance_to_frontier,
        ]
        for shown, real in zip(map(float, figures), expected, strict=True):
            assert shown == pytest.approx(real, abs=0.51), label  # scores are whole numbers


def test_the_worked_ratification_example_is_the_games() -> None:
    import attrs

    from game.engine.analysis import pareto_frontier
    from game.engine.machine import new_game, ratification_chance, reservation_value

    flat = " ".join(_doc().split())
    stage_words = re.search(
        r"the LDP General Council has base ([\d.]+), margin weight ([\d.]+), and watches the "
        r"farm lobby \(weight ([\d.]+)\) and cabinet approval \(([\d.]+)\)",
        flat,
    )
    deal_words = re.search(
        r"worth ([\d.]+) points to Tokyo against a reservation value of ([\d.]+), with the "
        r"farm lobby at (\d+) and cabinet approval at (\d+)",
        flat,
    )
    chance_words = re.search(r"= ([\d.]+), a (\d+)% chance", flat)
    assert stage_words and deal_words and chance_words, "the worked example was not found"
    scenario = _scenario("classic")
    stage = scenario.ratification[0]
    assert stage.name == "LDP General Council"
    meters = dict(stage.meters)
    assert [float(x) for x in stage_words.groups()] == [
        stage.base,
        stage.margin_weight,
        meters["farm_lobby"],
        meters["cabinet_approval"],
    ]
    assert scenario.historical is not None
    state, _ = new_game(scenario, "japan", 1)
    state = attrs.evolve(state, agreed=scenario.historical)
    deal = 100 * scenario.utility("japan")(scenario.historical)
    shown = [float(x) for x in deal_words.groups()]
    assert shown[:2] == pytest.approx([deal, 100 * reservation_value(state, "japan")], abs=0.05)
    assert shown[2:] == [state.meter("farm_lobby"), state.meter("cabinet_approval")]
    chance = ratification_chance(state, 0)
    assert float(chance_words.group(1)) == pytest.approx(chance, abs=0.005)
    assert int(chance_words.group(2)) == round(100 * chance)
    # and the size of the frontier quoted beside it
    sizes = re.search(r"\(([\d,]+) in the full variant; (\d+) of them are on the frontier\)", flat)
    assert sizes is not None
    full = _scenario("full")
    packages = math.prod(len(issue.options) for issue in full.issues)
    assert int(sizes.group(1).replace(",", "")) == packages
    assert int(sizes.group(2)) == len(pareto_frontier(*full.utilities))
