"""A saved game, loaded: read, replayed into a Session and checked against its summary; resuming,
forking and listing saved games. The file format itself is saves.py's; this module is where a
save becomes a Session (saves.py never imports Session)."""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from attrs import frozen

from game import __version__
from game.content.loader import ContentErrors, content_fingerprint, list_scenarios, load_scenario
from game.engine.model import Setup
from game.engine.variants import UnknownSetup

if TYPE_CHECKING:
    from game.engine.model import Scenario
    from game.session.session import ReplayHook, Session
from game.session.save_names import _modified, _save_files, find_save, new_save_path
from game.session.saves import (
    BACKUP_SUFFIX,
    SaveData,
    SaveError,
    _about,
    check_inside,
    integrity_problem,
    printable,
    read_save,
)

# ---------------------------------------------------------------------------------------------
# Loading a game: replay, then compare with the summary


@frozen
class LoadedGame:
    """A save replayed. `verified`: its moves are the game's own (the hash chain holds, and no
    earlier copy of it failed); `notes`: one line each that the player or a report should see;
    `stopped`: why the replay ended before the save's last move (only with `as_far_as_it_goes`),
    else ""."""

    path: Path
    session: Session
    save: SaveData
    verified: bool
    content_changed: bool
    notes: tuple[str, ...]
    stopped: str = ""


def load_game(
    path: Path,
    content_dir: Path,
    *,
    read_only: bool = False,
    saves_dir: Path | None = None,
    on_step: ReplayHook | None = None,
    as_far_as_it_goes: bool = False,
) -> LoadedGame:
    """Read and replay the save at `path` on the content in `content_dir`, once.

    read_only=True (export, reports, the replay screen): any path; the session is never
    written. Otherwise the file must be inside `saves_dir` (default: its own folder), and the
    session goes on saving there. SaveError, naming the file, for every way the save cannot be
    used. `on_step` sees every step of the replay (Session.replay's hook). With
    `as_far_as_it_goes` (read_only only), a save whose content has changed so that a move no
    longer replays loads as far as its moves go, and `stopped` says why."""
    from game.session.session import Session  # session.py imports this module

    if as_far_as_it_goes and not read_only:
        raise ValueError("only a read-only game may stop before its last move")
    folder = saves_dir if saves_dir is not None else path.parent
    if not read_only:
        with _about(path):
            check_inside(folder, path)
    save = read_save(path)
    with _about(path):
        scenario = scenario_for(save, content_dir)
        changed = (
            bool(save.content_fingerprint) and save.content_fingerprint != scenario.fingerprint
        )
        session, stopped = Session.replay_until_stopped(
            scenario, save, content_changed=changed, on_step=on_step
        )
        if stopped is not None and not (as_far_as_it_goes and changed):
            raise stopped  # on the content it was played on, every move must replay
        difference = summary_difference(save.summary, session.summary())
        # the same content and the same game must replay to the same place; anything else means
        # the file was edited or damaged
        expected_same = (
            not changed and save.content_fingerprint and save.game_version == __version__
        )
        if difference and expected_same:
            raise SaveError(
                f"the replayed game does not match the save's summary ({difference}): "
                "the file was edited or is damaged"
            )
    if stopped is not None:
        # where the replay stops says more than where it stands; the hash chain's word stays
        problem = integrity_problem(save)
        notes: tuple[str, ...] = (stopped.problem, *([problem] if problem else []))
    else:
        notes = _notes(save, session, changed, difference)
    session.loaded_from = path
    if not read_only:
        target = _play_on_in(folder, path)
        session.attach(folder, target)
        if target != path:
            notes += (f"this is a backup; the game goes on in {target.name}",)
            session.save()
    session.notes = notes
    why = stopped.problem if stopped is not None else ""
    return LoadedGame(path, session, save, not integrity_problem(save), changed, notes, why)


def _play_on_in(folder: Path, path: Path) -> Path:
    """Where a resumed game goes on saving: its own file, except for a backup, which must
    overwrite neither itself nor the save it backs up."""
    suffix = ".json" + BACKUP_SUFFIX
    if path.name.endswith(suffix):
        return new_save_path(folder, path.name.removesuffix(suffix) + "-from-backup")
    return path


def resume_session(saves_dir: Path, name: str | None, content_dir: Path) -> Session:
    """`tnt play --resume [SAVE]`: the named save, or the most recently played one, ready to
    play on and saving in place. Notes (content changed, an edited save) go to stderr, one line
    each, and stay on `session.notes` for the front end."""
    path = find_save(saves_dir, name)
    try:
        game = load_game(path, content_dir, saves_dir=saves_dir)
    except SaveError as exc:
        raise SaveError(exc.problem + _backup_hint(path), exc.path) from None
    for note in game.notes:
        print(f"tnt play: {path}: {note}", file=sys.stderr)
    return game.session


def _backup_hint(path: Path) -> str:
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    try:
        read_save(backup)
    except SaveError:
        return ""
    return f"; its backup holds the game a move earlier: tnt play --resume {backup.name}"


def fork_save(saves_dir: Path, name: str, round: int, content_dir: Path) -> Session:
    """A new game from the start of `round` of the named save (same seed, its moves up to then),
    saved under a new name beside it; the original is only read."""
    path = find_save(saves_dir, name)
    game = load_game(path, content_dir, read_only=True)
    try:
        return game.session.fork(round, saves_dir)
    except ValueError as exc:
        raise SaveError(str(exc), path) from None


# scenarios already read, by (content folder, scenario id): (fingerprint, scenario). A teacher's
# report loads thirty saves of one scenario; hashing the files (about a millisecond) tells
# whether the copy read before still holds, and reading the TOML again costs 40 times that.
_SCENARIOS: dict[tuple[str, str, Setup], tuple[str, Scenario]] = {}


def scenario_for(save: SaveData, content_dir: Path) -> Scenario:
    """The scenario a save names, from `content_dir`; SaveError when it is unknown or broken."""
    known = list_scenarios(content_dir)
    if save.scenario not in known:
        raise SaveError(
            f"unknown scenario {save.scenario!r} (this game has: {', '.join(known) or 'none'})"
        )
    key = (str(content_dir.resolve()), save.scenario, save.setup)
    cached = _SCENARIOS.get(key)
    with suppress(OSError):  # a missing file: load_scenario below says which
        if cached is not None and cached[0] == content_fingerprint(content_dir, save.scenario):
            return cached[1]
    try:
        scenario = load_scenario(content_dir, save.scenario, setup=save.setup)
        _SCENARIOS[key] = (scenario.fingerprint, scenario)
        return scenario
    except UnknownSetup as exc:
        raise SaveError(f"{exc} (the save asks for it)") from None
    except OSError as exc:
        raise SaveError(
            f"the content of scenario {save.scenario!r} cannot be read: {exc}"
        ) from None
    except ContentErrors as exc:
        raise SaveError(
            f"the content of scenario {save.scenario!r} has {len(exc.errors)} problem(s); "
            "run tnt check"
        ) from None


def summary_difference(saved: Mapping[str, Any], replayed: Mapping[str, Any]) -> str:
    """The first field in which two summaries differ, in words; "" when they agree."""
    for key in sorted(set(saved) | set(replayed)):
        if saved.get(key) != replayed.get(key):
            return f"{key}: saved {saved.get(key)!r}, replayed {replayed.get(key)!r}"
    return ""


def _notes(save: SaveData, session: Session, changed: bool, difference: str) -> tuple[str, ...]:
    notes: list[str] = []
    if changed:
        note = "the content has changed since this game was saved; its moves were replayed on it"
        if difference:
            summary = session.summary()
            note += f", and it now stands at round {summary['round']} ({difference})"
        notes.append(note)
    elif difference:
        notes.append(f"this version of the game replays it differently ({difference})")
    problem = integrity_problem(save)
    if problem:
        notes.append(problem)
    return tuple(notes)


# ---------------------------------------------------------------------------------------------
# `tnt saves`


@frozen
class SaveListing:
    path: Path
    modified: float
    save: SaveData | None
    problem: str  # "" when the save could be read
    content_changed: bool = False
    replay_problem: str = ""  # why it cannot be resumed, in resume's words ("" when it can)


def list_saves(
    saves_dir: Path, content_dir: Path | None = None, *, replay: bool = False
) -> list[SaveListing]:
    """Every save in the folder, newest first; an unreadable one is listed with its problem.
    With `content_dir`, saves played on other content are marked; with `replay` too, each save
    is replayed as resuming would and a save that cannot be resumed says why (`tnt saves`)."""
    fingerprints: dict[str, str] = {}
    listings = []
    for path in _save_files(saves_dir):
        try:
            save: SaveData | None = read_save(path)
            problem = ""
        except SaveError as exc:
            save, problem = None, exc.problem
        replay_problem = ""
        if save is not None and content_dir is not None and replay:
            try:
                load_game(path, content_dir, read_only=True)
            except SaveError as exc:
                replay_problem = exc.problem
        changed = False
        if save is not None and content_dir is not None and save.content_fingerprint:
            current = _fingerprint(content_dir, save.scenario, fingerprints)
            changed = current is not None and current != save.content_fingerprint
        listings.append(SaveListing(path, _modified(path), save, problem, changed, replay_problem))
    return sorted(listings, key=lambda item: (-item.modified, item.path.name))


def _fingerprint(content_dir: Path, scenario_id: str, cache: dict[str, str]) -> str | None:
    if scenario_id not in cache:
        if scenario_id not in list_scenarios(content_dir):
            return None
        try:
            cache[scenario_id] = content_fingerprint(content_dir, scenario_id)
        except OSError:
            return None
    return cache[scenario_id]


_COLUMNS = ("SAVE", "PLAYER", "SCENARIO", "ROLE", "ROUND", "ENDING", "LAST PLAYED", "NOTE")


def _row(item: SaveListing) -> list[str]:
    when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.modified))
    save = item.save
    if save is None:
        return [printable(item.path.stem, 40), *["-"] * 5, when, f"unreadable: {item.problem}"]
    summary = save.summary
    where = f"{summary['round']} of {summary['last_round']}"
    if summary["phase"] == "briefing":
        where = "briefing"
    notes = []
    if save.parent is not None:
        notes.append(f"fork of {printable(save.parent.file, 40)} at round {save.parent.round}")
    if item.content_changed:
        notes.append("content changed since")
    if integrity_problem(save):
        notes.append("not verified")
    if item.replay_problem:
        notes.append(f"cannot be resumed: {item.replay_problem}")
    return [
        printable(item.path.stem, 40),
        printable(save.name, 20) or "-",
        save.scenario,
        save.role,
        where,
        printable(summary["ending"] or "in play", 20).replace("-", " "),
        when,
        "; ".join(notes),
    ]


def format_listing(listings: Sequence[SaveListing]) -> list[str]:
    """The table `tnt saves` prints: plain text, aligned, nothing said by colour."""
    rows = [list(_COLUMNS), *(_row(item) for item in listings)]
    widths = [max(len(row[n]) for row in rows) for n in range(len(_COLUMNS) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[-1]]
        ).rstrip()
        for row in rows
    ]
