"""Where saves live: file names made from what a player typed, and finding a save in its folder."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from game.session.saves import SaveError, check_inside

# ---------------------------------------------------------------------------------------------
# Names


_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9]|lpt[0-9])")  # names Windows will not create


def save_name(text: str, limit: int = 60) -> str:
    """A player's words as a save's file name (without .json): lowercase ASCII letters, digits and
    dashes, at most `limit` characters, so it can neither leave the saves folder nor trouble any
    file system; "game" when nothing usable is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if _RESERVED.fullmatch(slug):
        slug += "-game"
    return slug or "game"


def default_stem(scenario_id: str, role: str, seed: int, name: str = "") -> str:
    """SCENARIO-ROLE-seedN, after the player's name when it has letters a file name can keep
    (a teacher collecting saves by email sees whose is whose)."""
    stem = f"{scenario_id}-{role}-seed{seed}"
    person = save_name(name, 30)
    return stem if person == "game" else f"{person}-{stem}"


def new_save_path(saves_dir: Path, stem: str) -> Path:
    """A free file name in `saves_dir` for `stem` (sanitised): STEM.json, else STEM-2.json, …"""
    stem = save_name(stem, 120)
    path = saves_dir / f"{stem}.json"
    n = 2
    while os.path.lexists(path):
        path = saves_dir / f"{stem}-{n}.json"
        n += 1
    return path


def find_save(saves_dir: Path, name: str | None) -> Path:
    """The save a player means: a name in the saves folder (with or without .json), a path to a
    file inside the folder, or the most recently played save when `name` is empty."""
    if not name:
        return _most_recent(saves_dir)
    given = Path(name)
    if given.is_absolute() or len(given.parts) > 1 or name.startswith("."):
        check_inside(saves_dir, given)
        return given
    path = saves_dir / name
    if not name.endswith(".json") and not os.path.lexists(path):
        path = saves_dir / f"{name}.json"
    return path


def _save_files(saves_dir: Path) -> list[Path]:
    try:
        entries = list(os.scandir(saves_dir))
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [
        Path(entry.path)
        for entry in entries
        if entry.name.endswith(".json") and not entry.name.startswith(".")
    ]


def _modified(path: Path) -> float:
    try:
        return os.lstat(path).st_mtime
    except OSError:
        return 0.0


def _most_recent(saves_dir: Path) -> Path:
    files = _save_files(saves_dir)
    if not files:
        raise SaveError(f"no saved games in {saves_dir} to resume; start one with: tnt play")
    return max(files, key=_modified)
