"""Plex: the films played on a Plex Media Server, asked with your X-Plex-Token.

For the server's owner, the play history (`/status/sessions/history/all`, one row per
play, newest first, paged with X-Plex-Container-Start/Size) gives every viewing with its
day, and each film's ids come from its metadata (`includeGuids=1`: tmdb://, imdb://).
A shared user's token may not read the history: then each film of the movie libraries
that was viewed gives one viewing, on the day it was last viewed. Episodes are counted
and left out.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from filmlog.imports.engine.session import Cited, ImportSession, Item, Same, Viewing
from filmlog.imports.engine.source import Given, Option, Source
from filmlog.imports.sources.played import (
    MAX_ITEMS,
    Server,
    cited,
    claimed,
    local_day,
    played,
    server_of,
)
from filmlog.journal import config
from filmlog.journal.config import Setting
from filmlog.values.errors import FilmlogError

PAGE = 200
HOW_TO_GET_A_TOKEN = (
    "no Plex token: find yours as Plex's support article 'Finding an authentication token'"
    " says (open an item's XML in Plex Web; it ends in X-Plex-Token=…), then"
    " `filmlog config set plex-token TOKEN`"
)


def run(session: ImportSession, given: Given) -> None:
    base = server_of(given, "plex", "Plex")
    token = config.get("plex-token")
    if not token:
        raise FilmlogError(HOW_TO_GET_A_TOKEN)
    server = Server("Plex", base, {"X-Plex-Token": token}, "plex-token")
    source = f"plex:{urlsplit(base).netloc}"
    try:
        history = server.get_if(_paged("/status/sessions/history/all", 0, 1))
        if isinstance(history, dict):
            _history(session, server, source)
        else:  # not the owner: what the library says was viewed
            _library(session, server, source)
    finally:
        server.close()


def _paged(path: str, start: int, size: int, **params: str) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"{path}?X-Plex-Container-Start={start}&X-Plex-Container-Size={size}" + (
        f"&{query}" if query else ""
    )


def _rows(server: Server, path: str, **params: str) -> list[dict[str, Any]]:
    """Every row of a paged answer (its MediaContainer's Metadata), each once."""
    found: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        answer = server.get(_paged(path, start, PAGE, **params))
        container = answer.get("MediaContainer") if isinstance(answer, dict) else None
        if not isinstance(container, dict):
            raise FilmlogError(f"Plex answered no MediaContainer for {path}")
        rows = container.get("Metadata") or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise FilmlogError(f"Plex answered Metadata that is no list of items for {path}")
        fresh = 0
        for row in rows:
            name = str(row.get("historyKey") or row.get("ratingKey") or len(found))
            if name not in found:
                found[name] = row
                fresh += 1
        start += len(rows)
        total = claimed(container.get("totalSize"), "Plex", "items")
        if len(found) > MAX_ITEMS:
            raise FilmlogError(f"Plex gave more than {MAX_ITEMS:,} items for {path}")
        if not rows or not fresh or start >= total:
            return list(found.values())


def _history(session: ImportSession, server: Server, source: str) -> None:
    rows = _rows(server, "/status/sessions/history/all", sort="viewedAt:desc", accountID="1")
    session.expect(len(rows))
    films: dict[str, Cited | None] = {}
    for row in session.each("Plex history", rows, "item"):
        if row.get("type") != "movie":
            session.skip(f"{row.get('type') or 'other'} plays (filmlog keeps films)")
        else:
            key = str(row.get("ratingKey") or "")
            if key not in films:
                films[key] = _cited(server, key, row)
            cited = films[key]
            day = local_day(row.get("viewedAt"))
            if cited is None or day is None:
                session.skip("plays of films no longer on the server")
            else:
                item = Item(source, str(row.get("historyKey")), {"watched": day})
                session.sync(session.film(cited), item, Viewing(day, rewatch=None))


def _cited(server: Server, key: str, row: dict[str, Any]) -> Cited | None:
    """A film by its metadata (title, year, ids), or None when the server has it no more."""
    answer = server.get_if(f"/library/metadata/{key}?includeGuids=1") if key.isdigit() else None
    metadata = (answer or {}).get("MediaContainer", {}).get("Metadata") or []
    if not metadata:
        return None
    return _film(metadata[0]) or _film(row)


def _film(meta: dict[str, Any]) -> Cited | None:
    guids = [str(g.get("id", "")) for g in meta.get("Guid") or [] if isinstance(g, dict)]
    ids = dict(g.split("://", 1) for g in guids if "://" in g)
    return cited(
        meta.get("title"),
        meta.get("year"),
        tmdb=ids.get("tmdb"),
        imdb=ids.get("imdb"),
        original=meta.get("originalTitle"),
    )


def _library(session: ImportSession, server: Server, source: str) -> None:
    answer = server.get("/library/sections")
    sections = (answer.get("MediaContainer") or {}).get("Directory") or []
    for section in sections:
        if section.get("type") != "movie":
            continue
        rows = _rows(
            server, f"/library/sections/{section.get('key')}/all", type="1", includeGuids="1"
        )
        session.expect(len(rows))
        for row in session.each(f"Plex library {section.get('title')}", rows, "item"):
            cited = _film(row)
            if row.get("viewCount") and cited is not None:
                played(session, source, str(row.get("ratingKey")), cited, row.get("lastViewedAt"))


SOURCE = Source(
    name="plex",
    read=run,
    help="""Import the films you played on Plex: every play of the server's history.

    That is yours as the server's owner; a shared user gets one viewing per film, on the
    day it was last viewed.

    Set your token once with `filmlog config set plex-token TOKEN` (the README says where to
    find it). `filmlog sync` reads it again when plex-server is set. Episodes are counted
    and left out.

    Example: filmlog import plex --server http://nas:32400
    """,
    argument=None,
    title="Plex {path}",
    same=Same.NEVER,
    options=(Option("server", ("--server",), "The server's address (default: plex-server)."),),
    configured=lambda options: (
        config.server_address(v, "plex-server")
        if (v := options.get("server") or config.get("plex-server"))
        else None
    ),
    synced_as="Plex at {path}",
    set_up_by="plex-server URL` and `filmlog config set plex-token TOKEN",
    platform="Plex",
    settings=(
        Setting("plex-server", "your Plex server's address, e.g. http://nas:32400", server=True),
        Setting("plex-token", "your X-Plex-Token", env=True, secret=True),
    ),
)
