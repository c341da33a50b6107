"""`tnt serve` checks who opens a game (issue 14, finding 7): a real server started here, real
websocket and HTTP requests. Another site's page (any Origin but the server's own), a request
without an Origin, a name rebound to 127.0.0.1 and a plain GET of /ws are each answered with a
400 and one line in the server's output; the server's own page and an origin the teacher lists
start a game."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from test_serve import serving, stopped


async def _open(port: int, headers: dict[str, str]) -> int:
    """The status of a websocket handshake with /ws (101 when a game starts)."""
    async with aiohttp.ClientSession() as client:
        try:
            async with client.ws_connect(f"http://127.0.0.1:{port}/ws", headers=headers) as ws:
                await ws.close()
                return 101
        except aiohttp.WSServerHandshakeError as refused:
            return refused.status


def handshake(port: int, **headers: str) -> int:
    return asyncio.run(_open(port, {k.replace("_", "-"): v for k, v in headers.items()}))


def refusals(err: str) -> list[str]:
    assert "Traceback" not in err
    return [line for line in err.splitlines() if line.startswith("tnt serve: refused")]


def test_another_sites_page_cannot_start_a_game(tmp_path: Path) -> None:
    with serving(tmp_path, "--saves", "web") as (port, server):
        assert handshake(port, Origin="http://evil.example") == 400
        assert handshake(port) == 400  # no Origin: not a browser on our page
        # DNS rebinding: evil.example now resolves to 127.0.0.1, so its page is "same origin"
        rebound = f"evil.example:{port}"
        assert handshake(port, Origin=f"http://{rebound}", Host=rebound) == 400
    _, err = stopped(server)
    assert refusals(err) == [
        "tnt serve: refused 127.0.0.1: origin 'http://evil.example' is not this server's "
        f"(http://127.0.0.1:{port})",
        "tnt serve: refused 127.0.0.1: no origin",
        "tnt serve: refused 127.0.0.1: host 'evil.example' is not a loopback name",
    ]
    assert not any((tmp_path / "web").iterdir())  # no visitor's folder: no game was started


def test_the_servers_own_page_and_listed_origins_start_games(tmp_path: Path) -> None:
    args = ("--saves", "web", "--origin", "http://Lab-PC:8000/")
    with serving(tmp_path, *args) as (port, server):
        assert handshake(port, Origin=f"http://127.0.0.1:{port}") == 101
        assert handshake(port, Origin=f"http://localhost:{port}", Host=f"localhost:{port}") == 101
        assert handshake(port, Origin="http://lab-pc:8000", Host="lab-pc:8000") == 101
        assert handshake(port, Origin="http://lab-pc:8001") == 400
    _, err = stopped(server)
    assert len(refusals(err)) == 1


def test_a_plain_request_to_the_websocket_is_a_clean_400(tmp_path: Path) -> None:
    async def get(port: int) -> tuple[int, str]:
        async with (
            aiohttp.ClientSession() as client,
            client.get(f"http://127.0.0.1:{port}/ws") as response,
        ):
            return response.status, await response.text()

    with serving(tmp_path, "--saves", "web") as (port, server):
        status, body = asyncio.run(get(port))
    _, err = stopped(server)
    assert (status, body) == (400, "Bad request: not a websocket request\n")
    assert refusals(err) == ["tnt serve: refused 127.0.0.1: not a websocket request"]
    assert err.strip() == refusals(err)[0]  # that one line and nothing else: no traceback


@pytest.mark.parametrize("origin", ["lab-pc:8000", "ftp://lab-pc", "http://lab-pc/page"])
def test_an_origin_that_is_not_one_is_refused(tmp_path: Path, origin: str) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "game", "serve", "--origin", origin, "--saves", "web"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert run.returncode == 2
    assert run.stderr == f"tnt serve: --origin {origin!r} is not an origin such as " + (
        "http://lab-pc:8000\n"
    )
