"""What a media server (or a player's library) says was played, and how it is asked.

A server keeps, for each film, when it was last played (and how often, which
invents no dates): each film played gives one viewing on that day, named in
the sync state by the server and the item with the day it was played, so a
later read that sees a newer play adds a viewing and an old one adds nothing.
A film marked played with no date is seen, no more. A server is asked
through filmlog's fetcher (timeouts, retries, pacing); what it answers that
is not its API, a refused token and the like are one line each, naming the
setting to fix.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from filmlog.imports.engine.session import Cited, ImportSession, Item, Viewing
from filmlog.imports.reading import cells
from filmlog.journal import config
from filmlog.values.errors import BadValue, FilmlogError
from filmlog.values.film_ids import FilmIds

__all__ = ["Server", "cited", "claimed", "played", "server_of", "setting"]
# More films than any library holds: a server claiming more is not believed (it would be
# paged for ever), and a read stops there.
MAX_ITEMS = 500_000
_IMDB = re.compile(r"tt\d{5,10}")


def setting(given: Any, name: str, source: str) -> str | None:
    """An option given to the command, else the source's setting (jellyfin-server)."""
    value = given.option(name) if given is not None else None
    return value or config.get(f"{source}-{name}")


def server_of(given: Any, source: str, label: str) -> str:
    """The server's address: --server, else the setting, else a refusal saying how."""
    value = setting(given, "server", source)
    if not value:
        raise FilmlogError(
            f"no {label} server: give --server URL, or set it with"
            f" `filmlog config set {source}-server URL`"
        )
    # A password in the address is neither sent nor kept: the server's token does that.
    return config.split_credentials(config.server_address(value, f"{label} server"))[0]


class Server:
    """JSON from one server's API; every failure said in one line."""

    def __init__(self, label: str, base: str, headers: dict[str, str], token_setting: str) -> None:
        from filmlog import __version__
        from filmlog.online.fetch import Fetcher

        self.label = label
        self.base = base.rstrip("/")
        self.token_setting = token_setting
        self.fetcher = Fetcher(
            label,
            headers={
                "Accept": "application/json",
                "User-Agent": f"filmlog/{__version__}",
                **headers,
            },
            timeout=20.0,
            per_second=20,
            needed_by=f"reading what you played on {label}",
        )

    def close(self) -> None:
        self.fetcher.close()

    def get(self, path: str, **params: Any) -> Any:
        query = f"?{urlencode(params)}" if params else ""
        return self._json(self.fetcher.get(f"{self.base}{path}{query}"), path)

    def get_if(self, path: str) -> Any:
        """The answer to path, or None when the server refuses this question (4xx)."""
        response = self.fetcher.get(f"{self.base}{path}")
        return None if 400 <= response.status_code < 500 else self._json(response, path)

    def post(self, path: str, body: Any) -> Any:
        return self._json(self.fetcher.post(f"{self.base}{path}", body), path)

    def _json(self, response: Any, path: str) -> Any:
        where = f"{self.label} at {urlsplit(self.base).netloc}"
        if response.status_code in (401, 403):
            raise FilmlogError(
                f"{where} refused the token ({response.status_code}): set a valid one with"
                f" `filmlog config set {self.token_setting} TOKEN`"
            )
        if response.status_code == 404:
            raise FilmlogError(
                f"{where} has no {path.split('?')[0]} (404): is it a {self.label} server?"
            )
        if response.status_code >= 400:
            raise FilmlogError(f"{where} answered {response.status_code} for {path.split('?')[0]}")
        try:
            return response.json()
        except ValueError:
            raise FilmlogError(
                f"{where} answered something other than its API for {path.split('?')[0]}:"
                f" is the address right?"
            ) from None


def claimed(value: Any, label: str, what: str) -> int:
    """How many items a server says it has, checked: a number, and one a library can hold."""
    text = str(value if value is not None else 0).strip()
    if isinstance(value, bool) or not text.isdigit() or len(text) > 12:
        raise FilmlogError(f"{label} answered a count of {what} that is no number ({text[:40]!r})")
    if int(text) > MAX_ITEMS:
        raise FilmlogError(
            f"{label} claims {int(text):,} {what}, more than any library holds: nothing was"
            " imported"
        )
    return int(text)


def cited(
    title: Any, year: Any, *, tmdb: Any = None, imdb: Any = None, original: Any = None
) -> Cited | None:
    """A film as a server names it (None without a title): a year it cannot mean, or ids
    not of their kind's form, are left out rather than refused."""
    text = " ".join(cells.text(title).split())
    if not text:
        return None
    year_text, tmdb_text, imdb_text = (cells.text(v).strip() for v in (year, tmdb, imdb))
    year_text = year_text if len(year_text) <= 4 else ""
    tmdb_text = tmdb_text if len(tmdb_text) <= 12 else ""
    found = int(year_text) if year_text.isdigit() and 1870 <= int(year_text) <= 2100 else None
    return Cited(
        text,
        found,
        FilmIds(
            tmdb=int(tmdb_text) if tmdb_text.isdigit() and int(tmdb_text) else None,
            imdb=imdb_text if _IMDB.fullmatch(imdb_text) else None,
        ),
        original_title=" ".join(cells.text(original).split()) or None,
    )


def played(
    session: ImportSession, source: str, item: str, cited: Cited, last_played: str | None
) -> None:
    """A film the server says was played: a viewing on the day it was last played (a sync
    item of the server), or, with no date, the film seen."""
    day = local_day(last_played)
    fid = session.film(cited)
    if day is None:
        session.seen(fid)
        return
    session.sync(fid, Item(source, f"{item}@{day}", {"watched": day}), Viewing(day, rewatch=None))


def local_day(stamp: str | int | float | None) -> str | None:
    """The local day of a play: an ISO time with its zone (Jellyfin's 7-digit fractions
    too), a Unix time (Plex), or a local time without zone (Kodi's)."""
    if stamp is None or stamp == "" or stamp == 0:
        return None
    text = cells.text(stamp).strip()
    if text.isdigit():
        if len(text) > 11:  # a Unix time past the year 5000 is no play
            raise BadValue(f"{text[:20]}… is not a time a film was played")
        moment = dt.datetime.fromtimestamp(int(text), dt.UTC)
        return cells.local_day(moment.isoformat())
    if not text:
        raise BadValue(f"{str(stamp)[:40]!r} is not a time a film was played")
    if text.startswith("0001-01-01"):
        return None  # .NET's "no date"
    head, dot, rest = text.partition(".")
    if dot:  # fractions beyond microseconds, which Python does not read
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = f"{head}.{rest[: min(digits, 6)]}{rest[digits:]}"
    return cells.local_day(text)
