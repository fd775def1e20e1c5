"""Servers that redirect, hang, trickle, lie about counts or answer the wrong types.

Each is a server on 127.0.0.1. What must hold: no credential leaves the host the
person named, the journal's write lock is never held while a server is slow, a
source's reading ends by its deadline, every wrong answer is one line, and
`sync` still reads the other sources.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import count, rows
from tests.fake_media import API_KEY, TOKEN, FakeJellyfin, FakePlex, film, plex_film, plex_play
from tests.test_reliability import start

Route = Callable[[BaseHTTPRequestHandler], None]


class Hostile:
    """A server whose every answer is the route given; it notes each request's headers."""

    def __init__(self, route: Route) -> None:
        self.seen: list[dict[str, str]] = []
        self.paths: list[str] = []
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                served.seen.append({k.lower(): v for k, v in self.headers.items()})
                served.paths.append(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    route(self)

            do_POST = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def answer(handler: BaseHTTPRequestHandler, status: int, body: Any, **headers: str) -> None:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    handler.send_response(status)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    handler.end_headers()
    handler.wfile.write(data)


@pytest.fixture(autouse=True)
def settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "settings" / "config.json"))
    monkeypatch.setenv("FILMLOG_SOURCE_DEADLINE", "4")


@pytest.fixture
def stranger() -> Iterator[Hostile]:
    """Another host (another port is another origin): what it is sent is noted."""
    server = Hostile(lambda h: answer(h, 200, {"Items": [], "TotalRecordCount": 0}))
    yield server
    server.close()


def one_line_error(result: Any) -> str:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "unexpectedly" not in lines[0]
    return lines[0]


# Credentials --------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["emby", "jellyfin", "plex"])
def test_no_token_follows_a_redirect_to_another_host(cli, journal, stranger, source) -> None:
    redirecting = Hostile(lambda h: answer(h, 302, b"", Location=stranger.url + h.path))
    try:
        cli("config", "set", f"{source}-token", API_KEY if source != "plex" else TOKEN, ok=True)
        if source != "plex":
            cli("config", "set", f"{source}-user", "anna", ok=True)
        cli("import", source, "--server", redirecting.url)
    finally:
        redirecting.close()
    assert stranger.seen, "the redirect was not followed"
    for headers in stranger.seen:
        sent = json.dumps(headers)
        assert API_KEY not in sent and TOKEN not in sent, headers
        assert not {"authorization", "x-emby-token", "x-plex-token", "x-emby-authorization"} & set(
            headers
        )
    for path in stranger.paths:
        assert API_KEY not in path and TOKEN not in path


def test_a_redirect_on_the_same_host_keeps_the_token(cli, journal) -> None:
    jellyfin = FakeJellyfin(emby=True)
    jellyfin.films["u-anna"] = [film("e1", "Heat", 1995, "2024-03-01T20:00:00Z", tmdb="949")]
    same = Hostile(lambda h: answer(h, 307, b"", Location=jellyfin.url + h.path))
    try:
        # the same host and port as the named server: a redirect to itself keeps the token
        cli("config", "set", "emby-token", API_KEY, ok=True)
        cli("config", "set", "emby-user", "anna", ok=True)
        cli("import", "emby", "--server", jellyfin.url, ok=True)
    finally:
        same.close()
        jellyfin.close()
    assert count(journal, "entries") == 1


def test_a_redirect_loop_is_one_line(cli, journal) -> None:
    looping = Hostile(lambda h: answer(h, 302, b"", Location=h.path))
    try:
        cli("config", "set", "plex-token", TOKEN, ok=True)
        message = one_line_error(cli("import", "plex", "--server", looping.url))
    finally:
        looping.close()
    assert "redirected" in message


# The write lock and the deadline --------------------------------------------------------


def _silent(handler: BaseHTTPRequestHandler) -> None:
    time.sleep(30)


def _trickle(handler: BaseHTTPRequestHandler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.end_headers()
    for _ in range(60):
        handler.wfile.write(b" ")
        handler.wfile.flush()
        time.sleep(0.5)


@pytest.mark.parametrize("route", [_silent, _trickle], ids=["silent", "trickling"])
def test_a_slow_server_never_holds_the_journal(journal, tmp_path, route) -> None:
    env = {
        "FILMLOG_CONFIG": str(tmp_path / "settings" / "config.json"),
        "FILMLOG_SOURCE_DEADLINE": "4",
        "FILMLOG_BUSY_TIMEOUT": "1",
        "FILMLOG_PLEX_TOKEN": TOKEN,
    }
    first = start(journal, "add", "Mine", **env)
    assert first.wait(60) == 0
    slow = Hostile(route)
    try:
        started = time.monotonic()
        importing = start(journal, "import", "plex", "--server", slow.url, **env)
        time.sleep(1.5)
        adding = start(journal, "add", "Heat", "-y", "1995", **env)
        assert adding.wait(30) == 0, adding.communicate()[1]
        assert importing.poll() is None  # still reading the server, the journal free
        _, err = importing.communicate(timeout=60)
        elapsed = time.monotonic() - started
    finally:
        slow.close()
    assert importing.returncode == 1
    assert len(err.strip().splitlines()) == 1, err
    assert "too long" in err or "did not answer" in err
    assert elapsed < 30, elapsed
    assert count(journal, "entries") == 2


def test_a_server_claiming_a_billion_films_is_not_paged_for_ever(cli, journal) -> None:
    def route(handler: BaseHTTPRequestHandler) -> None:
        if "/Users/Me" in handler.path:
            answer(handler, 200, {"Name": "anna", "Id": "u-anna"})
            return
        n = len(liar.paths)
        item = film(f"x{n}", f"Film {n}", 2000, "2024-01-01T10:00:00Z")
        answer(handler, 200, {"Items": [item], "TotalRecordCount": 10**9})

    liar = Hostile(route)
    try:
        cli("config", "set", "jellyfin-token", TOKEN, ok=True)
        started = time.monotonic()
        message = one_line_error(cli("import", "jellyfin", "--server", liar.url))
    finally:
        liar.close()
    assert time.monotonic() - started < 10
    assert "more than any library" in message
    assert not journal.exists() or count(journal, "films") == 0


# Wrong types: one line each, and sync goes on ---------------------------------------------


def _jellyfin_answering(items_answer: Any) -> Hostile:
    def route(handler: BaseHTTPRequestHandler) -> None:
        if "/Users/Me" in handler.path:
            answer(handler, 200, {"Name": "anna", "Id": "u-anna"})
        else:
            answer(handler, 200, items_answer)

    return Hostile(route)


WRONG_JELLYFIN = {
    "count-as-text": {"Items": [], "TotalRecordCount": "abc"},
    "items-as-strings": {"Items": ["a", "b"], "TotalRecordCount": 2},
    "items-as-object": {"Items": {"a": 1}, "TotalRecordCount": 1},
    "huge-year": {
        "Items": [{**film("a", "Heat", None, "2024-03-01T10:00:00Z"), "ProductionYear": 10**30}],
        "TotalRecordCount": 1,
    },
    "provider-ids-as-list": {
        "Items": [{**film("a", "Heat", 1995, "2024-03-01T10:00:00Z"), "ProviderIds": ["x"]}],
        "TotalRecordCount": 1,
    },
    "name-as-object": {
        "Items": [{**film("a", "Heat", 1995, "2024-03-01T10:00:00Z"), "Name": {"a": 1}}],
        "TotalRecordCount": 1,
    },
    "date-as-number": {
        "Items": [{**film("a", "Heat", 1995, None), "UserData": {"LastPlayedDate": 10**25}}],
        "TotalRecordCount": 1,
    },
    "not-json": b"<html>hello</html>",
}


@pytest.mark.parametrize("shape", list(WRONG_JELLYFIN))
def test_a_wrong_answer_is_one_line_and_writes_nothing(cli, journal, shape) -> None:
    cli("add", "Mine", ok=True)
    server = _jellyfin_answering(WRONG_JELLYFIN[shape])
    try:
        cli("config", "set", "jellyfin-token", TOKEN, ok=True)
        result = cli("import", "jellyfin", "--server", server.url)
    finally:
        server.close()
    if result.exit_code == 0:  # read as far as it makes sense: nothing invented
        assert rows(journal, "SELECT title FROM films WHERE title LIKE '%{%'") == []
        return
    one_line_error(result)
    assert rows(journal, "SELECT title FROM films") == [("Mine",)]


def test_one_malformed_source_does_not_stop_sync(cli, journal) -> None:
    broken = _jellyfin_answering({"Items": [], "TotalRecordCount": "abc"})
    plex = FakePlex()
    plex.metadata = {"10": plex_film("10", "Heat", 1995, tmdb=949, views=1, last=1717272000)}
    plex.history = [plex_play(1, "10", "Heat", 1717272000)]
    try:
        cli("config", "set", "jellyfin-server", broken.url, ok=True)
        cli("config", "set", "jellyfin-token", TOKEN, ok=True)
        cli("config", "set", "plex-server", plex.url, ok=True)
        cli("config", "set", "plex-token", TOKEN, ok=True)
        result = cli("sync")
    finally:
        broken.close()
        plex.close()
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert any(line.startswith("jellyfin: ") for line in lines), lines
    assert not any("unexpectedly" in line for line in lines), lines
    assert rows(journal, "SELECT title FROM films") == [("Heat",)]


def test_plex_counts_that_are_not_numbers(cli, journal) -> None:
    def route(handler: BaseHTTPRequestHandler) -> None:
        answer(handler, 200, {"MediaContainer": {"totalSize": "many", "Metadata": []}})

    server = Hostile(route)
    try:
        cli("config", "set", "plex-token", TOKEN, ok=True)
        message = one_line_error(cli("import", "plex", "--server", server.url))
    finally:
        server.close()
    assert "no number" in message


TMDB_ANSWERS = {
    "results-as-text": lambda path: {"results": "nope"},
    "results-of-strings": lambda path: {"results": ["a", "b"]},
    "id-of-30-digits": lambda path: (
        {"results": [{"id": 10**29, "title": "Heat", "release_date": "1995-12-15"}]}
        if "search" in path
        else {"id": 10**29, "title": "Heat"}
    ),
    "a-list-not-an-object": lambda path: [1, 2, 3],
}


@pytest.mark.parametrize("shape", list(TMDB_ANSWERS))
def test_a_wrong_tmdb_answer_is_one_line(cli, journal, monkeypatch, shape) -> None:
    cli("add", "Heat", "-y", "1995", ok=True)
    before = rows(journal, "SELECT * FROM films")
    server = Hostile(lambda h: answer(h, 200, TMDB_ANSWERS[shape](h.path)))
    monkeypatch.setenv("FILMLOG_TMDB_URL", server.url + "/3")
    monkeypatch.setenv("FILMLOG_TMDB_TOKEN", "token-for-a-test-server")
    try:
        result = cli("enrich", "Heat")
    finally:
        server.close()
    assert "unexpectedly" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert rows(journal, "SELECT * FROM films") == before
