"""docs/authoring.md keeps up with the content format: every key any content file uses is named
in it, every known-bad fixture's message is shown in it, and every message a content check can
print is represented in it. Each test fails when the format or the checks grow and the guide
does not."""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "authoring.md"
# the shipped content and the loader's good fixture, which uses every part of the format
CONTENT_ROOTS = (ROOT / "content", ROOT / "tests" / "content_good")
# assignments are a teacher's file, documented in the teacher's guide, not in this one
NOT_AUTHORING = (ROOT / "content" / "assignments",)
BAD = ROOT / "tests" / "content_bad"
GAME = ROOT / "game"


def _doc() -> str:
    return DOC.read_text(encoding="utf-8")


def _toml_files() -> list[Path]:
    files = []
    for root in CONTENT_ROOTS:
        for path in sorted(root.rglob("*.toml")):
            if not any(path.is_relative_to(skip) for skip in NOT_AUTHORING):
                files.append(path)
    return files


def _keys(value: object) -> Iterator[str]:
    """Every key of every table, however deeply nested (arrays of tables included)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


def _defined_ids(data: dict[str, object]) -> Iterator[str]:
    """Issue, option and meter ids a file defines: content uses them as keys (weights, values,
    terms, on_deal, triggers), and they are data, not part of the format."""
    for table_name in ("issues", "meters"):
        tables = data.get(table_name, [])
        for table in tables if isinstance(tables, list) else []:
            if isinstance(table, dict):
                yield str(table.get("id", ""))
                options = table.get("options", [])
                for option in options if isinstance(options, list) else []:
                    if isinstance(option, dict):
                        yield str(option.get("id", ""))


def test_every_key_of_every_content_file_is_in_the_guide() -> None:
    # The rule: a key must appear in the guide in backticks, as `key`. Keys that are ids the
    # content defines itself (an issue, option or meter id used as a key in a table of weights
    # or terms) are data and are exempt; every other key, at any depth, is part of the format.
    # (A format key spelt exactly like some issue, option or meter id would slip through; none
    # does today.)
    files = _toml_files()
    assert len(files) >= 10, "the content folders were not found"
    parsed = {path: tomllib.loads(path.read_text(encoding="utf-8")) for path in files}
    data_ids = {ident for data in parsed.values() for ident in _defined_ids(data)}
    used: dict[str, Path] = {}
    for path, data in parsed.items():
        for key in _keys(data):
            if key not in data_ids:
                used.setdefault(key, path)
    doc = _doc()
    missing = sorted(
        f"{key} (used in {path.relative_to(ROOT)})"
        for key, path in used.items()
        if f"`{key}`" not in doc
    )
    assert not missing, "keys not explained in docs/authoring.md: " + ", ".join(missing)


def _expected_lines() -> list[tuple[str, str]]:
    return [
        (case.name, line)
        for case in sorted(BAD.iterdir())
        if case.is_dir()
        for line in (case / "expect.txt").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


def test_every_known_bad_fixture_message_is_shown_in_the_guide() -> None:
    # Each folder in tests/content_bad is one rule and the exact lines `tnt check` prints for
    # it. The guide shows each line verbatim as that rule's example, so a new rule added with
    # its fixture (the project's convention) fails here until the guide shows it. A line
    # ending in "..." ends in tomllib's own words; the guide shows the full line.
    expected = _expected_lines()
    assert len(expected) >= 60, "the known-bad fixtures were not found"
    doc = _doc()
    missing = [
        f"{case}: {line}"
        for case, line in expected
        if (line[:-3] if line.endswith("...") else line) not in doc
    ]
    assert not missing, "fixture messages not shown in docs/authoring.md:\n" + "\n".join(missing)


# ---------------------------------------------------------------------------------------------
# The checks' own words, read from the code


def _message_fragments(path: Path) -> Iterator[tuple[int, str]]:
    """(line, words) for the fixed words of every content-problem message built in `path`: the
    message argument of `ContentError(path, line, key, message)` and of the error helpers
    `….error(key, message)` and `problem(key, message)`. The words are the string literals in
    that argument (f-string text included, format specs left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    specs = {
        id(const)
        for node in ast.walk(tree)
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None
        for const in ast.walk(node.format_spec)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        if name == "ContentError" and len(node.args) >= 4:
            message = node.args[3]
        elif name in ("error", "problem") and len(node.args) >= 2:
            message = node.args[1]
        else:
            continue
        for const in ast.walk(message):
            if (
                isinstance(const, ast.Constant)
                and isinstance(const.value, str)
                and id(const) not in specs
            ):
                yield node.lineno, const.value.strip(" '\"(),:;.")


def _checking_modules() -> list[Path]:
    """Every module of the game that builds ContentErrors, itself or through the TOML reader:
    the loader and its parts, teaching, the glossary, and any checker added later."""
    found = []
    for path in sorted(GAME.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "ContentError"
            )
            # or words its problems through the one TOML reader's Table.error
            or (
                isinstance(node, ast.ImportFrom)
                and node.module == "game.content.tables"
                and any(alias.name in ("Table", "read_toml") for alias in node.names)
            )
            for node in ast.walk(tree)
        ):
            found.append(path)
    return found


# Fragments shorter than this are connecting words and ids of what is wrong ("not", "id",
# "signal", "persona"): they would pass anyway and prove nothing.
_MIN_WORDS = 8


def test_every_check_message_is_represented_in_the_guide() -> None:
    # Checks without a fixture (the teaching and glossary files, rarer loader rules) are caught
    # here: the fixed words of every message the checking modules can build must appear in the
    # guide, so a new message written into the code fails until its example is in the guide.
    # A message assembled only from short words or from a helper's words is not seen by this
    # rule; the fixture rule above covers those when the new check comes with its fixture.
    modules = _checking_modules()
    assert {path.name for path in modules} >= {"loader.py", "teaching.py", "glossary.py"}
    doc = _doc()
    # an assignment is the teachers' file and a script the testers': their guides tell theirs
    guides = {
        name: (ROOT / "docs" / guide).read_text(encoding="utf-8")
        for name, guide in (("assignments.py", "teachers.md"), ("script_reader.py", "scripts.md"))
    }
    missing = [
        f"{path.relative_to(ROOT)}:{line}: {words!r}"
        for path in modules
        for line, words in _message_fragments(path)
        if len(words) >= _MIN_WORDS and words not in guides.get(path.name, doc)
    ]
    assert not missing, "check messages with no example in docs/authoring.md:\n" + "\n".join(
        missing
    )


def _slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def test_the_guides_links_lead_somewhere() -> None:
    doc = _doc()
    in_code = False
    headings = []
    for line in doc.splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif line.startswith("#") and not in_code:
            headings.append(_slug(line.lstrip("#")))
    links = re.findall(r"\]\(([^)\s]+)\)", doc)
    assert len(links) >= 10
    for link in links:
        if link.startswith("#"):
            assert link[1:] in headings, f"no heading for {link}"
        elif "://" not in link:
            assert (DOC.parent / link).is_file(), f"no file {link}"
