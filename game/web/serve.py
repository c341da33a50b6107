"""`tnt serve`: the game in a web browser, for a computer lab (docs/serve.md).

textual-serve runs one command per browser connection and bridges its screen and keys over a
websocket. Here that command is `tnt serve --visitor`: the ordinary Textual app on its setup
screen (or, with `tnt serve --assignment FILE`, on the assignment's screen), saving into a fresh
folder of its own under the saves root, so no visitor sees, loads or overwrites another's games,
and the teacher collects them all with `tnt report saves/web/`.

It listens on localhost unless told otherwise: there is no login, so opening it to a network is
the teacher's explicit choice, and the server says so loudly.

textual-serve and aiohttp are imported only when serving: the visitor's process and the app's
export (`deliver_export`) do not load them.
"""

from __future__ import annotations

import asyncio
import ipaddress
import shlex
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohttp import web
    from textual.app import App
    from textual_serve.server import Server

    from game.content.assignments import Assignment
    from game.engine.model import Scenario
    from game.tui.app import TntApp

TITLE = "Tariffs & Troops"
# how long a stopping server waits for open games to close before it cuts them off (each game
# is saved after every move, so nothing is lost)
SHUTDOWN_GRACE = 3.0


# ---------------------------------------------------------------------------------------------
# One visitor


def visitor_folder(root: Path) -> Path:
    """A new, empty folder under `root` for one visitor's saves: named by the time of the visit
    (so a teacher can tell the sessions of a lesson apart) and a random part that mkdtemp
    guarantees no other visitor has, even in the same second."""
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=time.strftime("%Y%m%d-%H%M%S-"), dir=root))


def visitor_command(
    root: Path,
    content: str | None = None,
    debug: bool = False,
    assignment: str | None = None,
) -> str:
    """The shell command textual-serve starts for each connection (it runs it through a shell,
    so every part is quoted). The root, content and assignment are made absolute: the command
    must not depend on a working directory."""
    parts = [sys.executable, "-m", "game"]
    if debug:
        parts.append("--debug")
    parts += ["serve", "--visitor", "--saves", str(root.resolve())]
    if content:
        parts += ["--content", str(Path(content).resolve())]
    if assignment:
        parts += ["--assignment", str(Path(assignment).resolve())]
    return shlex.join(parts)


def visit(
    root: Path, content_dir: Path, scenario: Scenario, assignment: Assignment | None = None
) -> int:
    """One visitor's game: the app on its setup screen (or, serving an assignment, on the
    assignment's screen), saving into a folder of its own."""
    from game.tui.app import make_app
    from game.tui.settings import Settings

    folder = visitor_folder(root)
    settings = Settings(saves_dir=folder, assignment=assignment, deliver=deliver_export)
    app = make_app(scenario, content_dir=content_dir, settings=settings)
    try:
        app.run()
    finally:
        # a visit that never started a game leaves no empty folder behind (rmdir refuses a
        # folder with anything in it)
        with suppress(OSError):
            folder.rmdir()
    # nothing is printed after the app: stdout is textual-serve's pipe, not a terminal
    return 0


def deliver_export(game_app: App[None], transcript: Path) -> None:
    """`x` in a browser: the export was written on the server, so the visitor is also sent a
    copy as a download. After the game it is the Markdown debrief with the transcript (what
    `tnt export` gives, and what a student hands in); before the end, the plain transcript."""
    from game.engine.model import Phase
    from game.tui.app import TntApp

    assert isinstance(game_app, TntApp)  # handed in by visit(), which makes only TntApps
    app = game_app

    path = transcript
    session = app.session
    if session is not None and session.state.phase is Phase.END and session.save_path:
        try:
            path = _debrief_markdown(app)
        # broken teaching content is told in the export itself (prepare_debrief); a full disk
        # is not, and the transcript still goes
        except OSError as exc:
            app.notify(
                f"The debrief could not be written ({exc}); sending the transcript alone.",
                severity="warning",
                markup=False,
            )
    app.deliver_text(path, encoding="utf-8")
    app.notify(f"{path.name} is on its way to your downloads.", title="Download", markup=False)


def _debrief_markdown(app: TntApp) -> Path:
    from game.present.exports import export_debrief
    from game.present.prepare import concepts, prepare_debrief

    session = app.session
    assert session is not None and session.save_path is not None
    prepared = prepare_debrief(session, app.content_dir)  # as the end screen's debrief has it
    return export_debrief(
        session,
        prepared.debrief,
        concepts(app.glossary()),
        session.save_path,
        prepared.teaching_problem,
    )


# ---------------------------------------------------------------------------------------------
# The server


def is_loopback(host: str) -> bool:
    """Whether every address `host` names is this machine's loopback (only this machine can
    connect). Raises OSError when the name cannot be resolved."""
    with suppress(ValueError):
        return ipaddress.ip_address(host).is_loopback
    infos = socket.getaddrinfo(host, None)
    return all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def url(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def start_line(host: str, port: int, loopback: bool, assignment: str = "") -> str:
    """What the server says once it listens: where, who can reach it, and the assignment's
    title when every visitor plays one."""
    if loopback:
        where = "localhost only; use --host 0.0.0.0 to open it to the network"
    elif host in ("0.0.0.0", "::"):
        where = f"open to the network: students open {url(socket.gethostname(), port)}"
    else:
        where = "open to the network"
    what = f'{TITLE}, the assignment "{assignment}",' if assignment else TITLE
    return f"Serving {what} on {url(host, port)} ({where})"


def network_warning(host: str, port: int, root: str) -> str:
    return (
        f"tnt serve: WARNING: {host} is not a loopback address, so anyone who can reach this "
        f"machine on port {port} can start games here: there is no login, and each visit "
        f"makes a folder in {root}. Do this only on a network you trust, such as a lab's; "
        "Ctrl+C stops the server."
    )


async def run_server(
    command: str,
    host: str,
    port: int,
    loopback: bool,
    root: str,
    assignment: str = "",
    origins: Sequence[str] = (),
) -> None:
    """Listen until SIGINT or SIGTERM; say where only once the port is really ours. A game
    starts only from the server's own page or the `origins` listed (`normal_origin` each)."""
    from aiohttp import web

    server = _game_server(command, host, port, origins, loopback)
    runner = web.AppRunner(
        await server._make_app(), access_log=None, shutdown_timeout=SHUTDOWN_GRACE
    )
    await runner.setup()
    stop = _stop_on_signals()  # before listening: a signal right after is a clean stop too
    try:
        await web.TCPSite(runner, host, port).start()
        print(start_line(host, port, loopback, assignment), flush=True)
        if not loopback:
            print(network_warning(host, port, root), file=sys.stderr, flush=True)
        print(f"Each visitor's games are saved in a folder of its own in {root}.", flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):  # Windows event loops: Ctrl+C still interrupts
            loop.add_signal_handler(signum, stop.set)
    return stop


def _game_server(
    command: str, host: str, port: int, origins: Sequence[str] = (), loopback: bool = True
) -> Server:
    """textual-serve's Server, with the page's addresses taken from the request: the Server
    would write the address it listens on into the page, and 0.0.0.0 is no address a
    student's browser can connect to. Its websocket (a game) opens only for the server's own
    page or the `origins` the teacher listed (`_refusal`)."""
    import aiohttp_jinja2
    from aiohttp import web
    from textual_serve.server import Server

    visits: set[asyncio.Task[object]] = set()  # the open games' websocket handlers

    class GameServer(Server):
        async def on_startup(self, app: web.Application) -> None:
            """Not the Server's logo: `run_server` says where, once it listens."""

        async def handle_websocket(  # type: ignore[override]
            self, request: web.Request
        ) -> web.StreamResponse:
            refused = _refusal(request, origins, loopback)
            if refused:
                # one line in the server's output, and a plain 400 rather than aiohttp's
                # traceback (a plain GET) or a game started by another site's page
                print(
                    f"tnt serve: refused {request.remote or 'a visitor'}: {refused}",
                    file=sys.stderr,
                    flush=True,
                )
                return web.Response(status=400, text=f"Bad request: {refused}\n")
            visit = asyncio.current_task()
            assert visit is not None
            visits.add(visit)
            try:
                return await super().handle_websocket(request)
            finally:
                visits.discard(visit)

        async def on_shutdown(self, app: web.Application) -> None:
            """Stopping: each open game is told to quit now (it saves, as on `q`), rather than
            after aiohttp's grace period."""
            for visit in visits:
                visit.cancel()

        async def handle_index(self, request: web.Request) -> web.Response:
            base = f"{request.scheme}://{request.host}"
            router = request.app.router
            static = str(router["static"].url_for(filename="/")).rstrip("/") + "/"
            socket_path = str(router["websocket"].url_for())
            ws = "wss" if request.scheme == "https" else "ws"
            context = {
                "font_size": _font_size(request.query.get("fontsize", "16")),
                "app_websocket_url": f"{ws}://{request.host}{socket_path}",
                "config": {"static": {"url": f"{base}{static}"}},
                "application": {"name": TITLE},
            }
            return aiohttp_jinja2.render_template("app_index.html", request, context)

    return GameServer(command, host=host, port=port, title=TITLE)


def _refusal(request: web.Request, origins: Sequence[str], loopback: bool) -> str:
    """Why a request to /ws may not start a game ("" when it may). A browser sends the Origin
    of the page that opens a websocket, and another site's page must not start games on a lab
    machine (cross-site websocket hijacking): only the server's own origin, as the browser
    addressed it, and those the teacher listed are accepted. A server on loopback also wants
    a loopback name in Host, so a site whose name is rebound to 127.0.0.1 is refused too."""
    from aiohttp import web

    if not web.WebSocketResponse().can_prepare(request).ok:
        return "not a websocket request"
    origin = request.headers.get("Origin", "")
    own = f"{request.scheme}://{request.host}"
    if origin != own and origin not in origins:
        return f"origin {origin!r} is not this server's ({own})" if origin else "no origin"
    name = request.host.rsplit(":", 1)[0].strip("[]") if request.host else ""
    if loopback and origin not in origins and not _loopback_name(name):
        return f"host {name!r} is not a loopback name"
    return ""


def _loopback_name(name: str) -> bool:
    if name.lower() == "localhost":
        return True
    with suppress(ValueError):
        return ipaddress.ip_address(name).is_loopback
    return False


def normal_origin(text: str) -> str:
    """An origin the teacher lists (`--origin http://lab-pc:8000`), as a browser sends it:
    scheme, host and port, no path; ValueError when it is not one."""
    scheme, sep, rest = text.rstrip("/").partition("://")
    if not sep or scheme not in ("http", "https") or not rest or "/" in rest:
        raise ValueError(f"{text!r} is not an origin such as http://lab-pc:8000")
    return f"{scheme}://{rest.lower()}"


def _font_size(value: str) -> int:
    try:
        return max(8, min(int(value), 40))
    except ValueError:
        return 16
