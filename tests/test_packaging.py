"""A non-editable install must carry every package and the content (pip install . then tnt)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent


def test_every_package_under_game_is_listed_for_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "game").rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    assert config["package-dir"]["game._content"] == "content"
    data = config.get("package-data", {})
    assert "**/*.toml" in data["game._content"]


def test_content_is_found_from_a_checkout() -> None:
    from game.content.loader import default_content_dir

    assert default_content_dir() == ROOT / "content"
    assert (default_content_dir() / "scenarios" / "april-2025" / "scenario.toml").exists()


def test_a_non_editable_install_finds_its_content(tmp_path: Path) -> None:
    """`pip install .` (not editable): the game runs from site-packages with content inside."""
    import os
    import subprocess
    import sys

    target = tmp_path / "site"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps"),
            *("--disable-pip-version-check", "--target", str(target), str(ROOT)),
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    run = subprocess.run(
        [sys.executable, "-m", "game", "check"],
        cwd=tmp_path,  # away from the checkout, so ./game cannot shadow the installed copy
        capture_output=True,
        text=True,
        env=env,
    )
    assert run.returncode == 0, run.stderr
    assert str(target / "game" / "_content") in run.stdout
    assert (target / "game" / "_content" / "personas" / "us-dealmaker.toml").exists()
