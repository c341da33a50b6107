"""`tnt serve`: the game in a browser through textual-serve. A real server on a free localhost
port answers with textual-serve's page under the game's title and says it is local only; a host
off loopback is warned about; each visitor's command makes a folder of its own; a taken port is
one line and exit 2; and `x` at the end of a game in a browser sends the Markdown debrief with
its transcript as a download (the download itself was checked in Chromium: docs/serve.md)."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import CONTENT, scenario

from game.cli.cli import main
from game.engine.commands import Proceed, WalkAway
from game.engine.machine import legal_commands
from game.session.session import Session
from game.tui.app import TntApp, make_app
from game.tui.screens.end import EndScreen
from game.tui.settings import Settings
from game.web.serve import deliver_export, is_loopback, visitor_command, visitor_folder

ROOT = Path(__file__).parent.parent


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def serving(tmp_path: Path, *args: str) -> Iterator[tuple[int, subprocess.Popen[str]]]:
    """`tnt serve` in a subprocess, yielded once it accepts connections; stopped afterwards
    (its output is then in .stdout / .stderr, read by `stopped`)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "game", "serve", "--port", str(port), *args],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.communicate()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server never accepted a connection"
                with suppress(subprocess.TimeoutExpired):  # between tries: did it stop?
                    server.wait(timeout=0.05)
        yield port, server
    finally:
        server.terminate()
        server.wait(timeout=15)


def stopped(server: subprocess.Popen[str]) -> tuple[str, str]:
    assert server.stdout is not None and server.stderr is not None
    return server.stdout.read(), server.stderr.read()


def test_the_server_serves_the_game_page_and_says_it_is_local(tmp_path: Path) -> None:
    with serving(tmp_path, "--saves", "web") as (port, server):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            html = page.read().decode()
        # the page a student's browser would get from a lab machine called lab-pc
        asked = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "lab-pc:80"})
        with urllib.request.urlopen(asked, timeout=10) as page:
            lab_html = page.read().decode()
    out, err = stopped(server)
    assert server.returncode == 0, err
    assert "<div>Tariffs &amp; Troops</div>" in html  # textual-serve's start card, our title
    assert "js/textual.js" in html and 'id="terminal"' in html
    assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in html
    # addresses come from the request, not from the address the server listens on
    assert 'data-session-websocket-url="ws://lab-pc:80/ws"' in lab_html
    first = out.splitlines()[0]
    assert first == (
        f"Serving Tariffs & Troops on http://127.0.0.1:{port} "
        "(localhost only; use --host 0.0.0.0 to open it to the network)"
    )
    assert "WARNING" not in err
    assert (tmp_path / "web").is_dir()


def test_a_host_off_loopback_is_warned_about(tmp_path: Path) -> None:
    with serving(tmp_path, "--host", "0.0.0.0", "--saves", "web") as (_port, server):
        pass
    out, err = stopped(server)
    assert server.returncode == 0, err
    assert "open to the network" in out.splitlines()[0]
    assert "localhost only" not in out
    warning = err.splitlines()[0]
    assert warning.startswith("tnt serve: WARNING: 0.0.0.0 is not a loopback address")
    assert "there is no login" in warning


def test_a_saves_root_that_cannot_be_made_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "saves"
    blocker.write_text("a file where the folder should be")
    code = main(["serve", "--port", str(free_port()), "--saves", str(blocker / "web")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"tnt serve: {blocker / 'web'}: cannot make the saves folder")
    assert err.count("\n") == 1
    assert blocker.read_text() == "a file where the folder should be"


def test_a_taken_port_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with closing(socket.socket()) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code = main(["serve", "--port", str(port), "--saves", str(tmp_path / "web")])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == (
        f"tnt serve: cannot listen on http://127.0.0.1:{port}: Address already in use\n"
    )
    assert "Serving" not in captured.out


@pytest.mark.parametrize("port", ["0", "70000"])
def test_a_port_out_of_range_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert capsys.readouterr().err == (
        f"tnt serve: --port must be between 1 and 65535, not {port}\n"
    )


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("::1", True), ("localhost", True), ("0.0.0.0", False)],
)
def test_loopback_hosts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_each_visitor_gets_a_fresh_folder_of_its_own(tmp_path: Path) -> None:
    root = tmp_path / "saves" / "web"
    folders = [visitor_folder(root) for _ in range(5)]
    assert len(set(folders)) == 5
    for folder in folders:
        assert folder.parent == root and folder.is_dir() and not any(folder.iterdir())


def test_the_visitor_command_is_one_quoted_shell_command(tmp_path: Path) -> None:
    root = tmp_path / "a lab's saves"
    parts = shlex.split(visitor_command(root, content=None))
    assert parts == [sys.executable, "-m", "game", "serve", "--visitor", "--saves", str(root)]
    with_content = shlex.split(visitor_command(root, content="my content", debug=True))
    assert with_content[3] == "--debug"
    assert with_content[-2:] == ["--content", str(Path("my content").resolve())]


def finished_game(saves: Path) -> Session:
    """Japan walks out at its first chance: the shortest game that reaches the end."""
    session = Session.start(scenario(), "japan", 42, saves_dir=saves)
    session.submit(Proceed("japan"))
    for _ in range(10):
        commands = legal_commands(session.state)
        walk = [c for c in commands if isinstance(c, WalkAway)]
        session.submit(walk[0] if walk else commands[0])
        if walk:
            return session
    raise AssertionError("never free to walk out")


async def test_export_at_the_end_in_a_browser_sends_the_debrief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = finished_game(tmp_path)
    # as visit() builds it: the web front end hands the app its way to the browser
    settings = Settings(deliver=deliver_export)
    app = make_app(session.scenario, content_dir=CONTENT, settings=settings, session=session)
    sent: list[Path] = []

    def deliver_text(path: Any, **options: Any) -> str:
        sent.append(Path(path))
        return "key"

    monkeypatch.setattr(TntApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_text", deliver_text)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        await pilot.press("x")
        await pilot.pause()
    assert session.save_path is not None
    assert sent == [session.save_path.with_name(f"{session.save_path.stem}-debrief.md")]
    text = sent[0].read_text()
    assert text.startswith("# Debrief: ") and "## Transcript" in text
    # the terminal's export is still written beside the save
    assert session.save_path.with_name(f"{session.save_path.stem}-transcript.txt").exists()


async def test_export_in_a_terminal_sends_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = finished_game(tmp_path)
    app = make_app(session.scenario, content_dir=CONTENT, settings=Settings(), session=session)
    sent: list[object] = []
    monkeypatch.setattr(app, "deliver_text", lambda *a, **k: sent.append(a))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
    assert sent == []
    assert session.save_path is not None
    assert session.save_path.with_name(f"{session.save_path.stem}-transcript.txt").exists()


async def test_export_from_the_debrief_in_a_browser_sends_it_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = finished_game(tmp_path)
    app = make_app(session.scenario, content_dir=CONTENT, settings=Settings(), session=session)
    sent: list[Path] = []
    monkeypatch.setattr(TntApp, "is_web", property(lambda self: True))
    monkeypatch.setattr(app, "deliver_text", lambda path, **k: sent.append(Path(path)) or "key")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")  # the end screen's debrief
        await pilot.pause()
        assert type(app.screen).__name__ == "DebriefScreen"
        await pilot.press("x")
        await pilot.pause()
    assert session.save_path is not None
    assert sent == [session.save_path.with_name(f"{session.save_path.stem}-debrief.md")]


# ---------------------------------------------------------------------------------------------
# Serving an assignment: every visitor gets the assignment's screen (tests/test_tui_assignment.py
# covers the screen itself)

ASSIGNMENT = CONTENT / "assignments" / "first-lesson.toml"


def test_the_visitor_command_carries_the_assignment_as_an_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson 3.toml").write_text(ASSIGNMENT.read_text())
    parts = shlex.split(visitor_command(tmp_path / "web", assignment="lesson 3.toml"))
    at = parts.index("--assignment")
    assert parts[at + 1] == str(tmp_path / "lesson 3.toml")
    assert Path(parts[at + 1]).is_absolute()
    assert "--assignment" not in shlex.split(visitor_command(tmp_path / "web"))


def test_a_visitor_of_an_assignment_opens_the_app_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hidden visitor command, as the server runs it, with the app's run recorded."""
    opened: list[Settings] = []
    monkeypatch.setattr(TntApp, "run", lambda self, *a, **k: opened.append(self.settings))
    root = tmp_path / "web"
    assert main(["serve", "--visitor", "--saves", str(root), "--assignment", str(ASSIGNMENT)]) == 0
    (settings,) = opened
    assert settings.assignment is not None
    assert settings.assignment.title.startswith("First lesson")
    assert settings.saves_dir is not None and settings.saves_dir.parent == root


def test_a_broken_assignment_is_refused_before_anything_is_served(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "lesson.toml"
    broken.write_text(ASSIGNMENT.read_text().replace("same_events =", "same_event =", 1))
    root = tmp_path / "web"
    code = main(
        ["serve", "--port", str(free_port()), "--saves", str(root), "--assignment", str(broken)]
    )
    captured = capsys.readouterr()
    assert code == 2
    first, last = captured.err.splitlines()
    assert first.startswith(f"{broken}:")
    assert "same_event: unknown key 'same_event' (did you mean 'same_events'?)" in first
    assert last == f"tnt serve: the assignment {broken} cannot be served"
    assert "Serving" not in captured.out
    assert not root.exists()  # nothing served, no folder made


def test_the_start_line_names_the_assignment(tmp_path: Path) -> None:
    with serving(tmp_path, "--saves", "web", "--assignment", str(ASSIGNMENT)) as (_port, server):
        pass
    out, err = stopped(server)
    assert server.returncode == 0, err
    assert out.splitlines()[0].startswith(
        'Serving Tariffs & Troops, the assignment "First lesson: trade across issues before '
        'the deadline", on http://127.0.0.1:'
    )
