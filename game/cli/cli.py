"""`tnt`: play, run scripts, check content, simulate.

Exit codes: 0 success; 1 a check or expectation failed; 2 bad usage or unusable input. Problems go
to stderr, one line each; a traceback only with --debug.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from game import __version__

if TYPE_CHECKING:  # the engine model, without importing it for `tnt --help`
    from game.content.assignments import Assignment
    from game.engine.model import Scenario
    from game.session.session import Session

from game.content import DEFAULT_SCENARIO
from game.errors import UsageError


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line and exit 2 (argparse prints the whole usage)."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _content_dir(args: argparse.Namespace) -> Path:
    from game.content.loader import default_content_dir

    return Path(args.content) if args.content else default_content_dir()


def _add_common(p: argparse.ArgumentParser, saves: bool = True) -> None:
    p.add_argument("--content", metavar="DIR", help="content folder (default: the game's own)")
    if saves:
        p.add_argument("--saves", metavar="DIR", default="saves", help="saves folder (./saves)")


def _add_setup(p: argparse.ArgumentParser) -> None:
    p.add_argument("--variant", metavar="ID", help="scenario variant: classic, full (the default)")
    p.add_argument("--difficulty", metavar="ID", help="easy, normal (the default) or hard")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tnt", description="Tariffs & Troops: the 2025 U.S.-Japan talks.")
    parser.add_argument("--version", action="version", version=f"tnt {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    play = sub.add_parser("play", help="play a game (the default)")
    play.add_argument("--role", choices=["japan", "us"], help="your side")
    play.add_argument("--scenario", default=None, help=f"scenario id ({DEFAULT_SCENARIO})")
    play.add_argument("--opponent", metavar="PERSONA", help="the AI counterpart's persona")
    play.add_argument("--seed", type=int, help="seed (default: chosen for you and shown)")
    play.add_argument("--name", default="", help="your name, stored in the save")
    play.add_argument("--plain", action="store_true", help="line-by-line mode (screen readers)")
    play.add_argument(
        "--hotseat", action="store_true", help="two players at one keyboard, no computer (app)"
    )
    play.add_argument(
        "--names", metavar="TOKYO,WASHINGTON", help="with --hotseat: both players' names"
    )
    _add_setup(play)
    play.add_argument(
        "--assignment", metavar="FILE", help="play a teacher's assignment (content/assignments/)"
    )
    play.add_argument(
        "--resume",
        nargs="?",
        const="",
        metavar="SAVE",
        help="continue a saved game (the most recent if none is named)",
    )
    _add_common(play)

    run = sub.add_parser("run", help="play a scripted playthrough and check its expectations")
    run.add_argument("script", nargs="+", help="playthrough script(s), TOML")
    run.add_argument("--json", action="store_true", help="print the transcript as JSON")
    run.add_argument("--transcript", metavar="FILE", help="also write the transcript here")
    run.add_argument("--quiet", action="store_true", help="print only failures and the verdict")
    run.add_argument(
        "--watch", action="store_true", help="play one script in the app, move by move (a demo)"
    )
    run.add_argument(
        "--pace", type=float, metavar="SECONDS", help="with --watch: seconds per move (1.5; 0 fast)"
    )
    _add_common(run)

    check = sub.add_parser("check", help="validate a content folder")
    check.add_argument("dir", nargs="?", help="content folder (default: the game's own)")
    check.add_argument("--content", help=argparse.SUPPRESS)

    sim = sub.add_parser("simulate", help="play many games with built-in player bots")
    sim.add_argument("--games", type=int, default=200)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument(
        "--player",
        default="mix",
        help="bot: mix (every bot in turn, the default), random, hardliner, conceder, mirror, "
        "logroller",
    )
    sim.add_argument("--role", choices=["japan", "us"], help="the bot's side (default: both)")
    sim.add_argument("--scenario", default=DEFAULT_SCENARIO)
    sim.add_argument("--opponent", metavar="PERSONA", help="AI persona (default: every one)")
    _add_setup(sim)
    sim.add_argument("--json", action="store_true")
    _add_common(sim, saves=False)

    export = sub.add_parser("export", help="a game's transcript and debrief as a file")
    export.add_argument("save", help="a save file")
    export.add_argument("--format", choices=["md", "html", "json"], default="md")
    export.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    export.add_argument(
        "--reveal",
        action="store_true",
        help="for teachers: a game still in play exports the whole debrief, the other side's "
        "values and the Nash point included (without it, only the player's own view)",
    )
    _add_common(export, saves=False)

    report = sub.add_parser("report", help="the class report from many saves")
    report.add_argument("saves_in", nargs="+", metavar="SAVES", help="save files, folders, globs")
    report.add_argument("--format", choices=["md", "csv"], default="md")
    report.add_argument("-o", "--output", metavar="FILE", help="write here (default: stdout)")
    _add_common(report, saves=False)

    saves = sub.add_parser("saves", help="list the saved games")
    _add_common(saves)

    replay = sub.add_parser("replay", help="step through a saved game; fork a what-if from it")
    replay.add_argument("save", help="a save file, or a name in the saves folder")
    _add_common(replay)

    serve = sub.add_parser("serve", help="play in a web browser (a computer lab); docs/serve.md")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")
    serve.add_argument(
        "--saves",
        metavar="DIR",
        default="saves/web",
        help="each visitor's games go in a new folder in here (./saves/web)",
    )
    serve.add_argument(
        "--assignment",
        metavar="FILE",
        help="every visitor plays this teacher's assignment (content/assignments/)",
    )
    serve.add_argument(
        "--origin",
        action="append",
        metavar="URL",
        help="also accept games opened from this page's origin (http://lab-pc:8000); repeatable",
    )
    # the command the server starts for each browser: one visitor's game (game.web.serve)
    serve.add_argument("--visitor", action="store_true", help=argparse.SUPPRESS)
    _add_common(serve, saves=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:  # bare `tnt` plays
            args = parser.parse_args([*argv, "play"])
        return _HANDLERS[args.command](args)
    except UsageError as exc:
        if debug:
            raise
        print(exc, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (`tnt simulate | head`): nothing more to say, and nowhere to say it
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # the promise: no traceback without --debug
        if debug:
            raise
        print(
            f"tnt: internal error: {exc.__class__.__name__}: {exc} (run with --debug)",
            file=sys.stderr,
        )
        return 2


# ---------------------------------------------------------------------------------------------


def _load(args: argparse.Namespace, scenario_id: str) -> Scenario:
    """The scenario, or exit 2 with every content problem on its own line."""
    from game.content.loader import ContentErrors, load_scenario
    from game.engine.variants import UnknownSetup

    try:
        return load_scenario(
            _content_dir(args),
            scenario_id,
            getattr(args, "variant", None),
            getattr(args, "difficulty", None),
        )
    except UnknownSetup as exc:
        raise UsageError(f"tnt: {exc}") from None
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        raise UsageError(
            f"tnt: the content has {len(exc.errors)} problem(s); the game cannot start"
        ) from None


def _check(args: argparse.Namespace) -> int:
    from game.content.check import check_content
    from game.content.loader import default_content_dir

    folder = Path(args.dir) if args.dir else default_content_dir()
    if not folder.is_dir():
        raise UsageError(f"tnt check: {folder}: no such folder")
    errors = check_content(folder)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s) in {folder}", file=sys.stderr)
        return 1
    print(f"{folder}: content is valid")
    return 0


def _check_hotseat(args: argparse.Namespace) -> None:
    """`--hotseat` and `--names`, refused in one line where they cannot apply (docs/hotseat.md);
    a name holding a control character (an escape code) is refused (docs/security.md)."""
    from game.content.limits import CONTROL

    if any(CONTROL.search(name or "") for name in (args.name, args.names)):
        raise UsageError("tnt play: a name cannot hold a control character (an escape code)")
    if args.names is not None and not args.hotseat:
        raise UsageError("tnt play: --names is for --hotseat; one player gives --name")
    if not args.hotseat:
        return
    if args.opponent or getattr(args, "assignment", None):
        what = "--opponent" if args.opponent else "--assignment"
        raise UsageError(f"tnt play: --hotseat is two players with no computer; leave out {what}")
    if args.names is not None and (len(args.names.split(",")) != 2 or "&" in args.names):
        raise UsageError(
            "tnt play: --names takes two names with a comma between, Tokyo's player's first "
            "(--names Aiko,Ben), and no '&'"
        )


def _play(args: argparse.Namespace) -> int:
    _check_hotseat(args)
    # a pipe or a screen reader gets the line-by-line game; a terminal gets the Textual app
    plain = args.plain or not (sys.stdin.isatty() and sys.stdout.isatty())
    if plain:
        return _play_in(args, plain)
    from game.tui.startup import pause_collector, resume_collector

    # no garbage collection until the app's first frame (game.tui.startup says why); resumed
    # here too in case the app never starts
    pause_collector()
    try:
        return _play_in(args, plain)
    finally:
        resume_collector()


def _play_in(args: argparse.Namespace, plain: bool) -> int:
    session = None
    assignment = None
    if args.resume is not None:
        from game.session.games import resume_session
        from game.session.saves import SaveError

        try:
            session = resume_session(Path(args.saves), args.resume or None, _content_dir(args))
        except SaveError as exc:
            raise UsageError(f"tnt play: {exc.reason}") from None
        scenario = session.scenario
    elif args.assignment:
        from game.content.assignments import EITHER

        assignment, scenario = _assignment(args)
        answered = bool(args.name) and (bool(args.role) or assignment.role != EITHER)
        # the app asks on its own screen what the command line left open (a browser has no
        # terminal to prompt on); plain mode prompts, one question per line (screen readers)
        if plain or answered:
            session = _assigned(args, assignment, scenario)
    else:
        scenario = _load(args, args.scenario or DEFAULT_SCENARIO)
    if args.hotseat and session is not None and session.ai_sides:
        raise UsageError("tnt play: that save is a game against the computer; leave out --hotseat")
    hotseat = args.hotseat or (session is not None and not session.ai_sides)
    if plain:
        if hotseat:  # the hand-over between two players needs a screen to hide
            raise UsageError(
                "tnt play: a hotseat game (two players) needs the app in a terminal; the plain "
                "mode plays against the computer"
            )
        from game.cli.play import play_plain_cli

        code: int = play_plain_cli(args, scenario, session)
        return code
    from game.cli.play import settings_from_args
    from game.tui import run_tui

    settings = settings_from_args(args, assignment)
    code = run_tui(settings, _content_dir(args), scenario, session)
    return code


def _assignment(args: argparse.Namespace, command: str = "play") -> tuple[Assignment, Scenario]:
    """The assignment named by --assignment, read and checked, with its scenario cut. Its
    content problems are printed one per line, then exit 2; so is a flag that contradicts it."""
    from game.content.assignments import EITHER, assignment_scenario, read_assignment
    from game.content.loader import ContentErrors

    for flag in ("scenario", "variant", "difficulty", "opponent", "resume"):
        if getattr(args, flag, None):
            raise UsageError(f"tnt {command}: --{flag} cannot be used with --assignment")
    try:
        assignment = read_assignment(Path(args.assignment), _content_dir(args))
        scenario = assignment_scenario(assignment, _content_dir(args))
    except ContentErrors as exc:
        for error in exc.errors:
            print(error, file=sys.stderr)
        verb = "played" if command == "play" else "served"
        raise UsageError(
            f"tnt {command}: the assignment {args.assignment} cannot be {verb}"
        ) from None
    except OSError as exc:
        raise UsageError(f"tnt {command}: {args.assignment}: {exc.strerror or exc}") from None
    role, seed = getattr(args, "role", None), getattr(args, "seed", None)
    if assignment.role != EITHER and role and role != assignment.role:
        raise UsageError(f"tnt {command}: this assignment is played as {assignment.role}")
    if seed is not None and seed != assignment.seed:
        raise UsageError(f"tnt {command}: this assignment is played on seed {assignment.seed}")
    return assignment, scenario


def _assigned(args: argparse.Namespace, assignment: Assignment, scenario: Scenario) -> Session:
    """A new game of the assignment: its scenario cut, seed and counterpart; the student's name
    and (when the assignment leaves it open) side are asked once, here on the terminal, and go
    into the save."""
    from game.content.assignments import EITHER
    from game.session.session import Session

    print(f"Assignment: {assignment.title}")
    from game.present.safe_text import safe_text

    name = args.name or _ask("Your name (it goes into your save for the teacher): ", None)
    name = safe_text(name)  # a typed name reaches the screen and the teacher's report
    role = args.role or (
        assignment.role
        if assignment.role != EITHER
        else _ask("Your side, japan or us: ", ("japan", "us"))
    )
    return Session.start(
        scenario,
        role,
        assignment.seed,
        persona=assignment.persona_against(role, scenario),
        saves_dir=Path(args.saves),
        name=name[:80],
    )


def _ask(prompt: str, choices: tuple[str, ...] | None) -> str:
    """One answer typed on the terminal, asked again until it is usable."""
    while True:
        print(prompt.strip())  # the question on its own line, as plain mode asks (screen readers)
        try:
            answer = input().strip()
        except EOFError:
            raise UsageError("tnt play: no answer given (use --name and --role)") from None
        if answer and (choices is None or answer.lower() in choices):
            return answer.lower() if choices else answer
        print(f"Please answer {' or '.join(choices)}." if choices else "Please type a name.")


def _run(args: argparse.Namespace) -> int:
    if args.watch or args.pace is not None:
        from game.cli.run import watch_cli

        watched: int = watch_cli(args, _content_dir(args))
        return watched
    from game.cli.run import run_cli

    code: int = run_cli(args, _content_dir(args))
    return code


def _simulate(args: argparse.Namespace) -> int:
    from game.cli.simulate import simulate_cli

    if args.games < 1:
        raise UsageError("tnt simulate: --games must be at least 1")
    code: int = simulate_cli(args, _load(args, args.scenario))
    return code


def _export(args: argparse.Namespace) -> int:
    from game.cli.documents import export_cli

    code: int = export_cli(args, _content_dir(args))
    return code


def _report(args: argparse.Namespace) -> int:
    from game.cli.documents import report_cli

    code: int = report_cli(args, _content_dir(args))
    return code


def _saves(args: argparse.Namespace) -> int:
    from game.cli.saves import saves_cli

    code: int = saves_cli(args, _content_dir(args))
    return code


def _replay(args: argparse.Namespace) -> int:
    from game.tui import run_replay
    from game.tui.startup import pause_collector, resume_collector

    saves_dir = Path(args.saves or "saves")
    debug = bool(getattr(args, "debug", False))
    pause_collector()  # until the app's first frame, as for `tnt play`
    try:
        code: int = run_replay(saves_dir, args.save, _content_dir(args), debug)
    finally:
        resume_collector()
    return code


def _serve(args: argparse.Namespace) -> int:
    from game.cli.serve import serve_cli

    # bad content (or a bad assignment) is refused here, once, rather than in every visitor's
    # browser
    assignment = None
    if args.assignment:
        assignment, scenario = _assignment(args, "serve")
    else:
        scenario = _load(args, DEFAULT_SCENARIO)
    code: int = serve_cli(args, _content_dir(args), scenario, assignment)
    return code


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "play": _play,
    "run": _run,
    "check": _check,
    "simulate": _simulate,
    "export": _export,
    "report": _report,
    "saves": _saves,
    "replay": _replay,
    "serve": _serve,
}
