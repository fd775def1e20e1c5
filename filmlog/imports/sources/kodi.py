"""Kodi: the films played, from Kodi's video library export (videodb.xml), its own
database file (MyVideosNNN.db, Kodi 17 on), or a running Kodi's JSON-RPC
(VideoLibrary.GetMovies) at the address given or set as kodi-server.

Kodi keeps each film's play count and when it was last played (local time):
each film played gives one viewing on that day. A film started but not played
to the end has a last-played time and no play count: it is not a viewing.
Episodes played are counted and left out.
"""

from __future__ import annotations

import base64
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from filmlog.imports.engine.session import Cited, ImportSession, Same
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.reading.archive import ImportRefused, Member, check_file, read_whole
from filmlog.imports.sources.played import Server, cited, claimed, played
from filmlog.journal import config
from filmlog.journal.config import Setting
from filmlog.values.errors import FilmlogError

MOVIE_PROPERTIES = ["title", "originaltitle", "year", "playcount", "lastplayed", "uniqueid"]
EPISODES = "episodes played (filmlog keeps films)"


def run(session: ImportSession, given: Given) -> None:
    where = given.where.strip()
    if where.startswith(("http://", "https://")):
        _json_rpc(session, where)
        return
    path = _file_in(given.path)
    with path.open("rb") as f:
        head = f.read(16)
    if head.startswith(b"SQLite format 3"):
        _database(session, path)
    else:
        _library_export(session, Member(path.name, path))


def _file_in(path: Path) -> Path:
    """The file given, or in a folder its newest MyVideosNNN.db, else its videodb.xml."""
    check_file(path)
    if not path.is_dir():
        return path
    databases = sorted(
        path.glob("MyVideos*.db"),
        key=lambda p: int("0" + p.stem[8:]) if p.stem[8:].isdigit() else 0,
    )
    found = databases[-1:] or sorted(path.glob("videodb*.xml"))[:1]
    if not found:
        raise ImportRefused(str(path), "no Kodi MyVideosNNN.db or videodb.xml here")
    check_file(found[0])
    return found[0]


def _cited(title: Any, year: Any, ids: dict[str, str], original: Any = None) -> Cited | None:
    return cited(title, year, tmdb=ids.get("tmdb"), imdb=ids.get("imdb"), original=original)


def _take(
    session: ImportSession, source: str, key: str, film: Cited | None, plays: Any, last: Any
) -> None:
    if not (str(plays or "0").isdigit() and int(plays or 0) > 0):
        # in the library, not played (or started and left): said, so that a library of
        # such films does not look like one the journal already had
        session.skip("films in the library never played")
        return
    if film is None:
        session.skip("played items without a title")
    else:
        played(session, source, key, film, str(last) if last else None)


def _library_export(session: ImportSession, member: Member) -> None:
    """videodb.xml: one <movie> per film (its <uniqueid type=…> ids), <tvshow>s holding
    their <episodedetails>."""
    try:
        root = ET.fromstring(read_whole(member))
    except ET.ParseError as exc:
        raise ImportRefused(member.label, f"not a Kodi library export ({exc})") from None
    if root.tag != "videodb":
        raise ImportRefused(member.label, "not a Kodi library export (no <videodb>)")
    movies = root.findall("movie")
    session.expect(len(movies))
    for movie in session.each(member.label, movies, "film"):
        ids = {u.get("type", ""): (u.text or "").strip() for u in movie.findall("uniqueid")}
        film = _cited(
            movie.findtext("title"), movie.findtext("year"), ids, movie.findtext("originaltitle")
        )
        key = (
            ids.get("tmdb")
            or ids.get("imdb")
            or f"{movie.findtext('title')} {movie.findtext('year')}"
        )
        _take(
            session,
            f"kodi:{member.name}",
            key,
            film,
            movie.findtext("playcount"),
            movie.findtext("lastplayed"),
        )
    episodes = [e for show in root.findall("tvshow") for e in show.findall("episodedetails")]
    episodes += root.findall("episodedetails")
    played_episodes = sum(
        1 for e in episodes if (e.findtext("playcount") or "0").strip() not in ("", "0")
    )
    if played_episodes:
        session.skip(EPISODES, played_episodes)


def _database(session: ImportSession, path: Path) -> None:
    """MyVideosNNN.db, opened read only: movie and files (playCount, lastPlayed), uniqueid."""
    try:
        # Read only, by a quoted URI: a path with a space, a '#', a '?' or '%2F' in it
        # names this file and no other, and nothing is ever created.
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
        conn = sqlite3.connect(uri, uri=True)
        movies = conn.execute(
            "SELECT m.idMovie, m.c00, coalesce(substr(m.premiered, 1, 4), m.c07), m.c16,"
            " f.playCount, f.lastPlayed FROM movie m JOIN files f ON f.idFile = m.idFile"
        ).fetchall()
        ids: dict[int, dict[str, str]] = {}
        for media, kind, value in conn.execute(
            "SELECT media_id, type, value FROM uniqueid WHERE media_type = 'movie'"
        ):
            ids.setdefault(media, {})[kind] = value
        episodes = conn.execute(
            "SELECT count(*) FROM episode e JOIN files f ON f.idFile = e.idFile"
            " WHERE f.playCount > 0"
        ).fetchone()[0]
        conn.close()
    except sqlite3.DatabaseError as exc:
        raise ImportRefused(path.name, f"not a Kodi video database ({exc})") from None
    session.expect(len(movies))
    for movie, title, year, original, plays, last in session.each(path.name, movies, "film"):
        film = _cited(title, year, ids.get(movie, {}), original)
        _take(session, f"kodi:{path.name}", str(movie), film, plays, last)
    if episodes:
        session.skip(EPISODES, int(episodes))


def _json_rpc(session: ImportSession, address: str) -> None:
    base, user, password = config.split_credentials(config.server_address(address, "Kodi address"))
    password = password if password is not None else config.get("kodi-password")
    headers = {}
    if password:
        user = user or config.get("kodi-user") or "kodi"
        pair = base64.b64encode(f"{user}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {pair}"
    server = Server("Kodi", base, headers, "kodi-password")
    try:
        movies = _call(server, "VideoLibrary.GetMovies", properties=MOVIE_PROPERTIES).get("movies")
        if movies is None:
            movies = []
        if not isinstance(movies, list) or not all(isinstance(m, dict) for m in movies):
            raise FilmlogError("Kodi answered movies that are no list of films")
        session.expect(len(movies))
        source = f"kodi:{urlsplit(base).netloc}"
        for movie in session.each("Kodi", movies, "film"):
            film = _cited(
                movie.get("title"),
                movie.get("year"),
                movie.get("uniqueid") or {},
                movie.get("originaltitle"),
            )
            _take(
                session,
                source,
                str(movie.get("movieid")),
                film,
                movie.get("playcount"),
                movie.get("lastplayed"),
            )
        episodes = _call(
            server,
            "VideoLibrary.GetEpisodes",
            filter={"field": "playcount", "operator": "greaterthan", "value": "0"},
            limits={"start": 0, "end": 1},
        )
        limits = episodes.get("limits")
        total = claimed(
            (limits or {}).get("total") if isinstance(limits, dict) else 0, "Kodi", "episodes"
        )
        if total:
            session.skip(EPISODES, total)
    finally:
        server.close()


def _call(server: Server, method: str, **params: Any) -> dict[str, Any]:
    answer = server.post(
        "/jsonrpc", {"jsonrpc": "2.0", "method": method, "params": params, "id": 1}
    )
    if not isinstance(answer, dict) or "result" not in answer:
        error = (answer or {}).get("error", {}) if isinstance(answer, dict) else {}
        raise FilmlogError(
            f"Kodi answered no result for {method}: {error.get('message') or answer!r}"
        )
    result = answer["result"]
    return result if isinstance(result, dict) else {}


SOURCE = Source(
    name="kodi",
    read=run,
    help="""Import the films you played in Kodi: its database, library export or web address.

    Give its database file (MyVideosNNN.db), its library export (videodb.xml), or a
    running Kodi's address.

    Each film played gives one viewing on the day it was last played. Set kodi-server for
    `filmlog sync` to ask Kodi (Settings → Services → Control: allow remote control via
    HTTP). Episodes are counted and left out.

    Example: filmlog import kodi ~/.kodi/userdata/Database/MyVideos131.db
    """,
    argument="PATH",
    argument_help="videodb.xml, MyVideosNNN.db, or Kodi's address (http://kodi:8080).",
    title="Kodi {path}",
    same=Same.NEVER,
    configured=lambda _options: config.get("kodi-server"),
    synced_as="Kodi at {path}",
    set_up_by="kodi-server URL",
    platform="Kodi",
    settings=(
        Setting(
            "kodi-server",
            "Kodi's web address for JSON-RPC, e.g. http://kodi:8080",
            server=True,
            password_in="kodi-password",
            user_in="kodi-user",
        ),
        Setting("kodi-user", "the user Kodi's web server asks for (default kodi)", default="kodi"),
        Setting("kodi-password", "the password Kodi's web server asks for", env=True, secret=True),
    ),
)
