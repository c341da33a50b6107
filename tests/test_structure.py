"""The shape of game/: imports go one way (no cycle, function-level and TYPE_CHECKING imports
included), each floor imports only the floors below it, the plain front end knows nothing of
Textual's, argparse lives in the CLI alone, and no module is over 700 lines."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
MAX_LINES = 700

# the floors, lowest first; a module may import its own floor and the floors below it
FLOORS = (
    ("game.engine", "game.errors"),
    ("game.content",),
    ("game.session",),
    ("game.present",),
    ("game.plain", "game.headless"),
    ("game.tui",),
    ("game.web",),
    ("game.cli", "game.__main__"),
)


def _modules() -> dict[str, Path]:
    found = {}
    for path in GAME.rglob("*.py"):
        parts = path.relative_to(GAME.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imported(name: str, path: Path) -> Iterator[str]:
    """Every module of the game that `name` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            # a module importing its own package's __init__ is not an edge
            if target in MODULES and target != name and not name.startswith(target + "."):
                yield target


GRAPH = {name: set(_imported(name, path)) for name, path in MODULES.items()}


def _floor(name: str) -> int:
    for level, prefixes in enumerate(FLOORS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return level
    return -1  # game/__init__.py: the version, importable from anywhere


def _cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iteratively)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(GRAPH):
        if root in index:
            continue
        work = [(root, iter(sorted(GRAPH[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(GRAPH[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(sorted(component))
    return found


def test_the_walk_sees_function_level_imports() -> None:
    # the CLI imports nearly everything inside its functions; a walk that missed those would
    # find no edges from it and prove nothing
    assert "game.session.games" in GRAPH["game.cli.cli"] or any(
        "game.session" in t for t in GRAPH["game.cli.cli"]
    )
    assert GRAPH["game.cli.cli"], "the CLI's imports were not seen"


def test_the_import_graph_has_no_cycle() -> None:
    assert _cycles() == []


def test_each_floor_imports_only_its_own_floor_and_those_below() -> None:
    upward = [
        f"{name} imports {target}"
        for name, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if _floor(target) > _floor(name) >= 0
    ]
    assert upward == []


def test_the_plain_front_end_imports_nothing_of_the_textual_app() -> None:
    plain = {n: t for n, t in GRAPH.items() if n.startswith("game.plain")}
    assert plain, "no plain front end found"
    assert {n: sorted(t for t in ts if t.startswith("game.tui")) for n, ts in plain.items()} == {
        n: [] for n in plain
    }


def test_argparse_is_known_to_the_cli_alone() -> None:
    outside = [
        name
        for name, path in MODULES.items()
        if not name.startswith("game.cli") and "argparse" in _stdlib_imports(path)
    ]
    assert outside == []


def _stdlib_imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.add(node.module)
    return out


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_is_over_700_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(GAME.parent)}: {lines} lines"
