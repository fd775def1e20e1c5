"""Jellyfin and Emby (their APIs share a lineage): the films a user played, read from the
server.

The token is an API key or the one signing in gives (`POST /Users/AuthenticateByName`
with the password asked once, in a terminal, never kept): it is kept in the settings
file. Jellyfin (10.11 on, and 12, which refuses the older headers) takes it in the
`Authorization: MediaBrowser Token=…` header, Emby as `X-Emby-Token`. The played films
are read a page at a time (`StartIndex`, `Limit`, `TotalRecordCount`), each with the
date it was last played (`UserData.LastPlayedDate`) and its TMDb and IMDb ids; played
episodes are counted and left out.
"""

from __future__ import annotations

import hashlib
import platform
from typing import Any
from urllib.parse import urlsplit

from filmlog.imports.engine.session import ImportSession, Same
from filmlog.imports.engine.source import Given, Option, Secret, Source
from filmlog.imports.sources.played import (
    MAX_ITEMS,
    Server,
    cited,
    claimed,
    played,
    server_of,
    setting,
)
from filmlog.journal import config
from filmlog.journal.config import Setting
from filmlog.values.errors import FilmlogError

PAGE = 200
# What a server may return though asked for films: counted with the episodes, left out.
NOT_FILMS = ("Episode", "Season", "Series")
FIELDS = "ProviderIds,ProductionYear,OriginalTitle,UserData"


def _identity() -> str:
    """How filmlog names itself to the server: client, device, a stable device id."""
    from filmlog import __version__

    device = platform.node() or "filmlog"
    device_id = hashlib.sha256(f"filmlog:{device}".encode()).hexdigest()[:32]
    return f'Client="filmlog", Device="{device}", DeviceId="{device_id}", Version="{__version__}"'


def _server(name: str, label: str, base: str, token: str | None) -> Server:
    if name == "jellyfin":
        said = f"MediaBrowser {_identity()}" + (f', Token="{token}"' if token else "")
        headers = {"Authorization": said}
    else:
        headers = {"X-Emby-Authorization": f"MediaBrowser {_identity()}"}
        headers |= {"X-Emby-Token": token} if token else {}
    return Server(label, base, headers, f"{name}-token")


def runner(name: str, label: str) -> Any:
    def run(session: ImportSession, given: Given) -> None:
        base = server_of(given, name, label)
        token = setting(None, "token", name)
        user = setting(given, "user", name)
        if not token:
            token = _sign_in(name, label, base, user, given)
        server = _server(name, label, base, token)
        try:
            user_id = _user_id(server, user, name, label)
            _read(session, server, f"{name}:{urlsplit(base).netloc}", user_id)
        finally:
            server.close()

    return run


def _sign_in(name: str, label: str, base: str, user: str | None, given: Given) -> str:
    """A user's token, from their name and password (asked for; the token is kept)."""
    password = given.option("password")
    api_key = f"set an API key with `filmlog config set {name}-token KEY`"
    if not user:
        raise Secret(
            "password",
            "",
            f"no {label} token: give --user NAME to sign in (the password is asked in a"
            f" terminal, and only the token is kept), or {api_key}",
        )
    if password is None:  # a terminal asks; a pipe or cron cannot
        raise Secret(
            "password",
            f"Password of {user} on {label}",
            f"cannot ask for {user}'s {label} password here (not a terminal): sign in once in"
            f" a terminal (only the token is kept, for later runs), or {api_key}",
        )
    server = _server(name, label, base, None)
    try:
        answer = server.post("/Users/AuthenticateByName", {"Username": user, "Pw": password})
    finally:
        server.close()
    token = answer.get("AccessToken") if isinstance(answer, dict) else None
    if not token:
        raise FilmlogError(f"{label} gave no token for {user}: is the password right?")
    config.set_value(f"{name}-token", str(token))
    config.set_value(f"{name}-user", user)
    return str(token)


def _user_id(server: Server, user: str | None, name: str, label: str) -> str:
    """The user whose plays to read: the token's own, else the one named among the
    server's users (an API key belongs to no user)."""
    me = server.get_if("/Users/Me")  # a user's token: its user (an API key has none)
    if isinstance(me, dict) and me.get("Id"):
        if user and str(me.get("Name", "")).casefold() != user.casefold():
            raise FilmlogError(
                f"the {label} token is {me.get('Name')}'s, not {user}'s: sign in as {user}"
                f" (`filmlog config unset {name}-token`, then --user {user})"
            )
        return str(me["Id"])
    users = server.get("/Users")
    if not isinstance(users, list):
        raise FilmlogError(f"{label} answered no list of users for /Users")
    if user:
        found = [u for u in users if str(u.get("Name", "")).casefold() == user.casefold()]
        if not found:
            names = ", ".join(str(u.get("Name")) for u in users)
            raise FilmlogError(f"no user {user!r} on {label} (its users: {names})")
        return str(found[0]["Id"])
    if len(users) == 1:
        return str(users[0]["Id"])
    names = ", ".join(str(u.get("Name")) for u in users)
    raise FilmlogError(
        f"{label} has {len(users)} users ({names}): pick yours with --user NAME"
        f" (or `filmlog config set {name}-user NAME`)"
    )


def _read(session: ImportSession, server: Server, source: str, user_id: str) -> None:
    seen: set[str] = set()
    start = 0
    while True:
        answer = server.get(
            f"/Users/{user_id}/Items",
            Recursive="true",
            IncludeItemTypes="Movie",
            Filters="IsPlayed",
            Fields=FIELDS,
            SortBy="SortName",
            StartIndex=start,
            Limit=PAGE,
        )
        items = answer.get("Items") if isinstance(answer, dict) else None
        if not isinstance(items, list):
            raise FilmlogError(f"{server.label} answered no Items for the played films")
        total = claimed(answer.get("TotalRecordCount"), server.label, "played films")
        session.expect(len(items) if start else total)
        if not all(isinstance(i, dict) for i in items):
            raise FilmlogError(f"{server.label} answered Items that are not items")
        fresh = [i for i in items if str(i.get("Id")) not in seen]
        for item in fresh:
            seen.add(str(item.get("Id")))
            session.at(server.label, len(seen), "item")
            kind = str(item.get("Type") or "Movie")
            if kind in NOT_FILMS:  # a server or plugin that ignores IncludeItemTypes
                session.skip("episodes played (filmlog keeps films)")
            elif kind != "Movie":
                session.skip(f"{kind} items (filmlog keeps films)")
            else:
                _film(session, source, item)
            session.tick()
        start += len(items)
        if len(seen) > MAX_ITEMS:
            raise FilmlogError(f"{server.label} gave more than {MAX_ITEMS:,} played films")
        if not fresh or start >= total:  # a server that pages wrongly stops here too
            break
    episodes = server.get(
        f"/Users/{user_id}/Items",
        Recursive="true",
        IncludeItemTypes="Episode",
        Filters="IsPlayed",
        Limit=0,
    )
    count = (
        claimed(episodes.get("TotalRecordCount"), server.label, "episodes")
        if isinstance(episodes, dict)
        else 0
    )
    if count:
        session.skip("episodes played (filmlog keeps films)", count)


def _film(session: ImportSession, source: str, item: dict[str, Any]) -> None:
    given = item.get("ProviderIds")
    ids = {str(k).lower(): v for k, v in given.items()} if isinstance(given, dict) else {}
    film = cited(
        item.get("Name"),
        item.get("ProductionYear"),
        tmdb=ids.get("tmdb"),
        imdb=ids.get("imdb"),
        original=item.get("OriginalTitle"),
    )
    if film is None:
        session.skip("played items without a title")
        return
    data = item.get("UserData")
    last = data.get("LastPlayedDate") if isinstance(data, dict) else None
    played(session, source, str(item.get("Id")), film, last)


def _source(name: str, label: str, port: int) -> Source:
    return Source(
        name=name,
        read=runner(name, label),
        help=f"""Import the films you played on {label}, each on the day it was last played.

    A later sync that sees a newer play adds a viewing.

    Sign in once with --user NAME (the password is asked in a terminal; only the token
    is kept, in the settings file), or set an API key with `filmlog config set
    {name}-token KEY`. `filmlog sync` reads it again when {name}-server is set.
    Episodes are counted and left out.

    Example: filmlog import {name} --server http://nas:{port} --user anna
    """,
        argument=None,
        title=f"{label} {{path}}",
        same=Same.NEVER,
        options=(
            Option("server", ("--server",), f"The server's address (default: {name}-server)."),
            Option("user", ("--user",), f"Your user on it (default: {name}-user)."),
        ),
        configured=lambda options: _configured(name, options),
        synced_as=f"{label} at {{path}}",
        set_up_by=f"{name}-server URL`, then sign in once: `filmlog import {name} --user NAME",
        platform=label,
        settings=(
            Setting(
                f"{name}-server",
                f"your {label} server's address, e.g. http://nas:{port}",
                server=True,
            ),
            Setting(f"{name}-user", f"the {label} user whose plays are yours"),
            Setting(
                f"{name}-token",
                f"an {label} API key"
                if label[0] in "AEIOU"
                else f"a {label} API key" + ", or the token signing in gave",
                env=True,
                secret=True,
            ),
        ),
    )


def _configured(name: str, options: dict[str, Any]) -> str | None:
    value = options.get("server") or config.get(f"{name}-server")
    return config.server_address(value, f"{name}-server") if value else None


JELLYFIN = _source("jellyfin", "Jellyfin", 8096)
EMBY = _source("emby", "Emby", 8096)
