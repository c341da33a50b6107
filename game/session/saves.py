"""Saves that never lose a game, and never trust the file they read.

A save is the game's log, not a picture of its state: the setup (scenario, seed, sides and
personas), the player's commands in order, and a short summary of where the game stands, for
listings. Loading replays the commands through the engine and checks the result against the
summary, so no file can put a game into a state the rules could not reach, and loading never runs
anything from the file: it is JSON, read with size, depth and type limits.

    session = resume_session(saves_dir, "aiko-april-2025-japan-seed42", content_dir)
    game = load_game(path, content_dir, read_only=True)   # for export and reports
    game.session, game.verified, game.notes

Writing is atomic (a temporary file beside the save, fsync, rename, fsync of the folder) and keeps
the save as it stood before as NAME.json.bak, so a crash or a kill at any moment leaves the old
save or the new one. A hash chain over the commands makes hand edits visible (`verify_chain`).
The format, the guarantees and their limits are in docs/saves.md.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import stat
import tempfile
import time
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
from attrs import field, frozen

from game.engine.model import SIDES, Setup

if TYPE_CHECKING:
    pass

SAVE_FORMAT = 3  # 3: the setup as one nested value; 2: its fields flat beside the header
OLDEST_FORMAT = 1  # format 1 (no chain, no parent, no variant) is still read
MAX_SAVE_BYTES = 5 * 1024 * 1024  # a long game is a few tens of kB
MAX_COMMANDS = 10_000  # far more than any game has; bounds the work a file can ask for
MAX_NAME = 200
BACKUP_SUFFIX = ".bak"
_STALE_TEMP_SECONDS = 600
_MAX_INT_DIGITS = 20  # a seed fits in 64 bits; longer numbers only make Python work hard
_ID = re.compile(r"[a-z0-9_-]{1,64}")  # the content's ids; a scenario id becomes a folder name
_HEX = re.compile(r"[0-9a-f]{1,64}")


class SaveError(Exception):
    """A save that cannot be used. `problem` says what is wrong, `reason` adds the file's name:
    one line, safe to print (control characters from the file are escaped)."""

    def __init__(self, problem: str, path: Path | None = None) -> None:
        self.problem = printable(problem, 400)
        self.path = path
        where = printable(str(path), 400) if path is not None else ""
        self.reason = f"{where}: {self.problem}" if path is not None else self.problem
        super().__init__(self.reason)


@contextmanager
def _about(path: Path) -> Iterator[None]:
    """Name `path` in any SaveError raised inside."""
    try:
        yield
    except SaveError as exc:
        if exc.path is not None:
            raise
        raise SaveError(exc.problem, path) from None


def printable(text: str, limit: int = 80) -> str:
    """`text` from a file made safe for a terminal: control and format characters (which could
    move the cursor or recolour a teacher's terminal) escaped, and cut to `limit` characters."""
    out = "".join(
        ch if unicodedata.category(ch)[0] != "C" else ch.encode("unicode_escape").decode()
        for ch in text[: limit * 2]
    )
    return out if len(out) <= limit else out[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------
# The document


@frozen
class Parent:
    """Where a fork came from: the parent's file name ("" if it was never saved) and the round
    it was forked at."""

    file: str
    round: int


@frozen
class SaveData:
    """A save as read and checked: every field has its type. Commands stay JSON objects here; the
    scenario they name turns them into engine commands when they are replayed."""

    format: int
    game_version: str
    scenario: str
    content_fingerprint: str  # "" when unknown (format 1)
    role: str
    personas: tuple[str, str]  # indexed like SIDES
    hotseat: bool
    seed: int
    name: str
    parent: Parent | None
    commands: tuple[dict[str, Any], ...]
    summary: dict[str, Any]
    chain: str | None  # None when the save has none (format 1)
    # an earlier copy of this game failed its hash check or had none; it stays marked for good
    unverified: bool = False
    # how the scenario was cut (variant, difficulty, an assignment's words…): one value, written
    # from Setup's own fields, so a new field of Setup needs no edit here
    setup: Setup = field(factory=Setup)


def save_to_dict(save: SaveData) -> dict[str, Any]:
    header = {
        "format": save.format,
        "game_version": save.game_version,
        "scenario": save.scenario,
        "content_fingerprint": save.content_fingerprint,
        "role": save.role,
        "personas": dict(zip(SIDES, save.personas, strict=True)),
        "hotseat": save.hotseat,
        "seed": save.seed,
        "name": save.name,
        "parent": attrs.asdict(save.parent) if save.parent else None,
        "unverified": save.unverified,
        "commands": [dict(c) for c in save.commands],
        "chain": save.chain,
        "summary": save.summary,
    }
    if save.format >= 3:
        return header | {"setup": setup_to_dict(save.setup)}
    # an older save keeps its own layout, so its hash chain is computed over what was written
    return header | {"variant": save.setup.variant} | _flat_setup(save.setup)


def setup_to_dict(setup: Setup) -> dict[str, Any]:
    """Setup's fields that differ from their defaults (a default game's setup is `{}`)."""
    out: dict[str, Any] = {}
    for attribute in attrs.fields(Setup):
        value = getattr(setup, attribute.name)
        if value != attribute.default:
            out[attribute.name] = list(value) if isinstance(value, tuple) else value
    return out


# format 2 wrote the setup's fields flat, each only when not the default; `title` was `assignment`
_FLAT_NAMES = {"title": "assignment"}


def _flat_setup(setup: Setup) -> dict[str, Any]:
    flat = setup_to_dict(setup)
    flat.pop("variant", None)
    return {_FLAT_NAMES.get(name, name): value for name, value in flat.items()}


def encode_save(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


# ---------------------------------------------------------------------------------------------
# Tamper evidence


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def compute_chain(save: SaveData) -> str:
    """h0 = sha256 of the setup (every field that decides the game or names it: scenario, variant,
    content fingerprint, seed, role, personas, hotseat, name, parent, unverified); then
    h_i = sha256(h_(i-1) + canonical JSON of command i). The last hash is stored."""
    setup = save_to_dict(save)
    for derived in ("format", "game_version", "commands", "chain", "summary"):
        del setup[derived]
    digest = hashlib.sha256(_canonical(setup).encode()).hexdigest()
    for command in save.commands:
        digest = hashlib.sha256((digest + _canonical(command)).encode()).hexdigest()
    return digest


def sealed(save: SaveData) -> SaveData:
    return attrs.evolve(save, chain=compute_chain(save))


def verify_chain(data: SaveData | Mapping[str, Any]) -> bool:
    """True when the save's hash chain matches its setup and commands: nobody changed them
    outside the game since it was written. A save that does not parse does not verify."""
    try:
        save = data if isinstance(data, SaveData) else parse_save(data)
    except SaveError:
        return False
    return save.chain is not None and save.chain == compute_chain(save)


def integrity_problem(save: SaveData) -> str:
    """Why a save's moves cannot be trusted to be the game's own, in words for a teacher's
    report; "" when they can."""
    if save.chain is None:
        return "it has no hash chain (an older save format), so edits cannot be detected"
    if save.chain != compute_chain(save):
        return "its hash chain does not verify: it was changed outside the game"
    if save.unverified:
        return "an earlier copy of this game failed its hash check"
    return ""


# ---------------------------------------------------------------------------------------------
# Checking a document's shape: every field, its type, its bounds


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


class _Fields:
    """Typed reading of one JSON object; a missing or mistyped field is a SaveError naming it."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, dict):
            raise SaveError(f"field '{where}' should be an object, not {_kind(data)}")
        self.data: dict[str, object] = data
        self.where = f"{where}." if where else ""

    def value(self, key: str) -> object:
        if key not in self.data:
            raise SaveError(f"field '{self.where}{key}' is missing")
        return self.data[key]

    def _wrong(self, key: str, wanted: str) -> SaveError:
        return SaveError(
            f"field '{self.where}{key}' should be {wanted}, not {_kind(self.data.get(key))}"
        )

    def text(self, key: str, limit: int = 100, pattern: re.Pattern[str] | None = None) -> str:
        value = self.value(key)
        if not isinstance(value, str):
            raise self._wrong(key, "a string")
        if len(value) > limit:
            raise SaveError(f"field '{self.where}{key}' is longer than {limit} characters")
        if pattern is not None and value and not pattern.fullmatch(value):
            raise SaveError(f"field '{self.where}{key}' is not a valid id: {value!r}")
        return value

    def optional_text(self, key: str) -> str | None:
        return None if self.value(key) is None else self.text(key)

    def whole(self, key: str, low: int, high: int) -> int:
        value = self.value(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._wrong(key, "a whole number")
        if not low <= value <= high:
            raise SaveError(f"field '{self.where}{key}' is {value}, outside {low} to {high}")
        return value

    def flag(self, key: str) -> bool:
        value = self.value(key)
        if not isinstance(value, bool):
            raise self._wrong(key, "true or false")
        return value

    def nested(self, key: str) -> _Fields:
        return _Fields(self.value(key), f"{self.where}{key}")

    def listed(self, key: str) -> list[object]:
        value = self.value(key)
        if not isinstance(value, list):
            raise self._wrong(key, "a list")
        return value


def _ids_to_texts(fields: _Fields, key: str) -> dict[str, str]:
    inner = fields.nested(key)
    return {k: inner.text(k) for k in inner.data}


def _ids_to_wholes(fields: _Fields, key: str) -> dict[str, int]:
    inner = fields.nested(key)
    return {k: inner.whole(k, -(10**6), 10**6) for k in inner.data}


def _summary(fields: _Fields) -> dict[str, Any]:
    summary = fields.nested("summary")
    return {
        "phase": summary.text("phase", 20),
        "round": summary.whole("round", 0, 1000),
        "last_round": summary.whole("last_round", 0, 1000),
        "to_move": summary.optional_text("to_move"),
        "ending": summary.optional_text("ending"),
        "ended_by": summary.optional_text("ended_by"),
        "meters": _ids_to_wholes(summary, "meters"),
        "agreed": None if summary.value("agreed") is None else _ids_to_texts(summary, "agreed"),
        "moves": summary.whole("moves", 0, 10**6),
    }


def _command(value: object, where: str) -> dict[str, Any]:
    """A command as an object of short strings (a proposal's terms: issue id -> option id);
    whether it means anything is for the replay to find out."""
    fields = _Fields(value, where)
    fields.text("type")
    command: dict[str, Any] = {}
    for key in fields.data:
        command[key] = _ids_to_texts(fields, key) if key == "terms" else fields.text(key)
    return command


def _commands(fields: _Fields) -> tuple[dict[str, Any], ...]:
    raw = fields.listed("commands")
    if len(raw) > MAX_COMMANDS:
        raise SaveError(f"it holds {len(raw)} moves; no game has more than {MAX_COMMANDS}")
    return tuple(_command(item, f"commands[{n}]") for n, item in enumerate(raw))


def _parent(fields: _Fields) -> Parent | None:
    if fields.value("parent") is None:
        return None
    parent = fields.nested("parent")
    file = parent.text("file", 120)
    # the parent's file name, shown as a label: never a path (`../../../etc/passwd`)
    if file and (Path(file).name != file or file in (".", "..") or "\\" in file):
        raise SaveError(f"field 'parent.file' is not a file name: {file!r}")
    return Parent(file, parent.whole("round", 0, 1000))


def _personas(fields: _Fields) -> tuple[str, str]:
    personas = fields.nested("personas")
    japan, us = (personas.text(side, 64, _ID) for side in SIDES)
    return japan, us


def _format(data: object) -> int:
    if not isinstance(data, dict):
        raise SaveError(f"not a save: the file holds {_kind(data)}, not a JSON object")
    if "format" not in data:
        raise SaveError("not a Tariffs & Troops save: it has no 'format' field")
    number = _Fields(data, "").whole("format", -(10**9), 10**9)
    if number > SAVE_FORMAT:
        raise SaveError(
            f"saved by a newer version of the game (save format {number}; this version reads "
            f"formats {OLDEST_FORMAT} to {SAVE_FORMAT}): update the game to open it"
        )
    if number < OLDEST_FORMAT:
        raise SaveError(f"save format {number} does not exist")
    return number


def parse_save(data: object) -> SaveData:
    """Check every field of a save's JSON and return it typed; SaveError names the first field
    that is missing or wrong."""
    number = _format(data)
    fields = _Fields(data, "")
    old = number == 1  # format 1 had no variant, parent, chain or unverified mark
    return SaveData(
        format=number,
        game_version=fields.text("game_version", 40),
        scenario=_scenario_id(fields.text("scenario", 64)),
        content_fingerprint=""
        if old and "content_fingerprint" not in fields.data
        else fields.text("content_fingerprint", 64, _HEX),
        role=_role(fields.text("role", 10)),
        personas=_personas(fields),
        hotseat=fields.flag("hotseat"),
        seed=fields.whole("seed", -(2**63), 2**64 - 1),
        name=fields.text("name", MAX_NAME),
        parent=None if old else _parent(fields),
        commands=_commands(fields),
        summary=_summary(fields),
        chain=None if old else fields.text("chain", 64, _HEX),
        unverified=False if old else fields.flag("unverified"),
        setup=_setup(fields.nested("setup")) if number >= 3 else _flat(fields, old),
    )


# the longest a setup's text may be (an assignment's instructions are the long one)
_SETUP_TEXT_LIMITS = {"variant": 64, "difficulty": 64, "title": 200, "instructions": 4000}


def _setup(fields: _Fields, names: Mapping[str, str] | None = None) -> Setup:
    """A Setup read field by field from its own attrs fields: each key is optional (absent means
    the default) and is checked by the type of the field's default. `names` maps a field to the
    key an older format gave it."""
    values: dict[str, Any] = {}
    for attribute in attrs.fields(Setup):
        key = (names or {}).get(attribute.name, attribute.name)
        if key not in fields.data:
            continue
        default = attribute.default
        if isinstance(default, bool):
            values[attribute.name] = fields.flag(key)
        elif isinstance(default, int):
            values[attribute.name] = fields.whole(key, 1, 1000)
        elif isinstance(default, tuple):
            values[attribute.name] = _ids(fields, key)
        else:
            limit = _SETUP_TEXT_LIMITS.get(attribute.name, 200)
            pattern = _ID if limit == 64 else None
            values[attribute.name] = fields.text(key, limit, pattern)
    return Setup(**values)


def _flat(fields: _Fields, old: bool) -> Setup:
    """Formats 1 and 2: the setup's fields flat beside the header (format 1 had no variant)."""
    setup = _setup(fields, _FLAT_NAMES)
    return attrs.evolve(setup, variant="" if old else fields.text("variant", 64, _ID))


def _ids(fields: _Fields, key: str) -> tuple[str, ...]:
    ids = fields.listed(key)
    for index, value in enumerate(ids):
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise SaveError(f"field '{fields.where}{key}[{index}]' is not an event id: {value!r}")
    return tuple(str(value) for value in ids)


def _scenario_id(value: str) -> str:
    # checked before it is ever used as a folder name, so `../` never reaches the file system
    if not _ID.fullmatch(value):
        raise SaveError(f"field 'scenario' is not a scenario id: {value!r}")
    return value


def _role(value: str) -> str:
    if value not in SIDES:
        raise SaveError(f"field 'role' should be japan or us, not {value!r}")
    return value


# ---------------------------------------------------------------------------------------------
# Reading a file: never following a link, never reading more than a save can be


def read_save(path: Path) -> SaveData:
    """The save at `path`, checked field by field but not replayed (quick enough for listings).
    Every way the file can be unusable is a SaveError naming the file."""
    with _about(path):
        return parse_save(_parse_json(_read_text(path)))


def load_save(path: Path) -> dict[str, Any]:
    """The save at `path` as checked JSON (a dict), for code that wants the raw document."""
    return save_to_dict(read_save(path))


def _read_text(path: Path) -> str:
    info = _regular_file(path)
    if info.st_size > MAX_SAVE_BYTES:
        raise SaveError(_too_large(info.st_size))
    if info.st_size == 0:
        raise SaveError("the file is empty")
    # O_NOFOLLOW: a link swapped in after the check above is refused too; O_NONBLOCK: so is a pipe
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            raw = handle.read(MAX_SAVE_BYTES + 1)
    except OSError as exc:
        raise SaveError(f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(_too_large(len(raw)))
    try:
        text = raw.decode("utf-8-sig")  # an editor's byte-order mark is harmless
    except UnicodeDecodeError:
        raise SaveError("not a save: the file holds binary data, not text") from None
    if "\0" in text:
        raise SaveError("not a save: the file holds binary data, not text")
    return text


def _regular_file(path: Path) -> os.stat_result:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise SaveError("no such save") from None
    except OSError as exc:
        raise SaveError(f"cannot be read ({exc.strerror or exc.__class__.__name__})") from None
    if stat.S_ISLNK(info.st_mode):
        raise SaveError("is a symbolic link; a save must be the file itself")
    if stat.S_ISDIR(info.st_mode):
        raise SaveError("is a folder, not a save")
    if not stat.S_ISREG(info.st_mode):
        raise SaveError("is not a regular file")
    return info


def _too_large(size: int) -> str:
    return f"the file is {size / 2**20:.1f} MB; a save is never larger than 5 MB"


def _bounded_int(digits: str) -> int:
    if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
        raise ValueError("holds a number too long for any field of a save")
    return int(digits)


def _no_constant(name: str) -> object:
    raise ValueError(f"holds {name}, which is not a number a save can hold")


def _parse_json(text: str) -> object:
    try:
        return json.loads(text, parse_int=_bounded_int, parse_constant=_no_constant)
    except RecursionError:
        raise SaveError("not a save: its JSON is nested too deeply") from None
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) or exc.msg.startswith("Unterminated string"):
            raise SaveError("the file ends too soon: it was cut short") from None
        raise SaveError(
            f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except ValueError as exc:  # from the two hooks above
        raise SaveError(f"not a save: it {exc}") from None


# ---------------------------------------------------------------------------------------------
# Writing: atomic, with the previous save kept, and only ever inside the saves folder


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, rename it over `path` and flush
    the folder, so a crash leaves the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = _write_temp(path, text.encode("utf-8"))
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_save(saves_dir: Path, path: Path, text: str) -> None:
    """Write a save atomically inside `saves_dir`, keeping what stood there before as
    NAME.json.bak. SaveError for any path outside the folder, or when the disk refuses (the
    save that was there is then still there)."""
    check_inside(saves_dir, path)
    try:
        saves_dir.mkdir(parents=True, exist_ok=True)
        temp = _write_temp(path, text.encode("utf-8"))
        try:
            _keep_backup(path)
            os.replace(temp, path)
        except BaseException:
            temp.unlink(missing_ok=True)
            raise
        _fsync_folder(path.parent)
    except OSError as exc:  # a full disk, a read-only folder: one error type for front ends
        raise SaveError(f"cannot write the save ({exc.strerror or exc})", path) from None
    _sweep_stale_temps(path)


def _write_temp(path: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _keep_backup(path: Path) -> None:
    """NAME.json.bak becomes the save as it stands before this write. A hard link costs nothing
    and never leaves a moment without NAME.json; where links are not allowed (FAT, some network
    drives) the bytes are copied instead."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return  # the first save of a game
    if not stat.S_ISREG(info.st_mode):
        return  # never back up, or follow, anything but a plain file
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    staging = path.with_name(f".{path.name}.{os.urandom(4).hex()}.bak.tmp")
    try:
        os.link(path, staging, follow_symlinks=False)
    except (OSError, NotImplementedError):
        staging = _write_temp(backup, path.read_bytes())
    try:
        os.replace(staging, backup)
    except BaseException:
        staging.unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    # the rename is only durable once the folder's entry is on disk; Windows cannot open a folder
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename itself is still atomic
    finally:
        os.close(fd)


def _sweep_stale_temps(path: Path) -> None:
    """Remove temporary files a killed game left beside this save (old enough that no live
    write can own them)."""
    cutoff = time.time() - _STALE_TEMP_SECONDS
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with suppress(OSError):
            if os.lstat(temp).st_mtime < cutoff:
                temp.unlink()


def check_inside(saves_dir: Path, path: Path) -> None:
    """SaveError unless `path` names a plain file directly inside `saves_dir`."""
    inside = path.parent.resolve() == saves_dir.resolve()
    if not inside or path.name.startswith(".") or path.name in ("", ".."):
        raise SaveError(
            f"outside the saves folder {saves_dir}; saves are only read from and "
            "written to that folder",
            path,
        )
