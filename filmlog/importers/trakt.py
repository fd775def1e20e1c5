"""Trakt: its data export (watched-history-N.json pages, ratings, watchlist, lists), or the
API's answers as backup tools save them (history_movies.json, watched_movies.json, …).

A .zip, a folder (files may sit in subfolders) or one file. Each file is known by its
records, not its name, since tools name them as they like: plays have `watched_at`,
the watched summary `plays`, ratings `rated_at`, list items `rank` and `listed_at`, the
list of lists `name` and `ids`. Films only: episode, season and show records are
counted and left out. A play is a synced item (its Trakt history id), so a newer
export adds only the newer plays and a play of a viewing the journal has from another
source (the same film that day) is that viewing.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from filmlog.errors import BadValue
from filmlog.film_ids import FilmIds, imdb_id, positive_id
from filmlog.importers import cells
from filmlog.importers.archive import ForeignFile, ImportRefused, Member, members, read_whole
from filmlog.importers.session import Cited, ImportSession, Item, NamedList, Same, Viewing
from filmlog.importers.source import Given, Source

SOURCE_NAME = "trakt"
KINDS = ("movie", "episode", "season", "show", "person")  # an episode record names its show
COLLECTION = "collection (what you own, not what you watched)"
FAVOURITES = "favourites (filmlog has no favourites; like the films instead)"
COMMENTS = "comments (filmlog keeps your reviews, not comments)"
_IMDB = re.compile(r"tt\d{5,10}")
_LIST_FILE = re.compile(r"lists?-list-(\d+)-(.+)", re.IGNORECASE)


@dataclass
class Export:
    """The files of an export, by what their records are."""

    history: list[tuple[Member, list[Any]]] = field(default_factory=list)
    watched: list[tuple[Member, list[Any]]] = field(default_factory=list)
    ratings: list[tuple[Member, list[Any]]] = field(default_factory=list)
    watchlist: list[tuple[Member, list[Any]]] = field(default_factory=list)
    lists: list[tuple[Member, list[Any]]] = field(default_factory=list)  # one list's items
    about_lists: list[Any] = field(default_factory=list)  # names, descriptions, ids


def run(session: ImportSession, given: Given) -> None:
    export = read_export(session, given)
    played: set[int] = set()
    for member, records in export.history:
        session.expect(len(records))
        for n, record in enumerate(records, start=1):
            session.at(member.label, n, "item")
            fid = _play(session, member, n, record)
            if fid is not None:
                played.add(fid)
            session.tick()
    for member, records in export.ratings:
        for film, record in _films(session, member, records, "ratings"):
            try:
                rating = cells.tenths(str(record.get("rating") or ""))
            except BadValue as exc:
                raise session.refused(exc) from None
            if rating is not None:
                session.rate(film, rating, _day(record, "rated_at"))
    for member, records in export.watched:
        for film, _record in _films(session, member, records, "watched summary"):
            if film not in played:  # the summary's dates are no viewings: seen, no more
                session.seen(film)
    for member, records in export.watchlist:
        for film, record in _films(session, member, records, "watchlist"):
            session.want(film, _day(record, "listed_at"), unless_seen=True)
    about = {str(a.get("ids", {}).get("trakt")): a for a in export.about_lists}
    about |= {a.get("ids", {}).get("slug"): a for a in export.about_lists}
    for member, records in export.lists:
        _list(session, member, records, about)


def read_export(session: ImportSession, given: Given) -> Export:
    """Every JSON file of what was given, each put where its records say it belongs."""
    found = members(given.path)
    export = Export()
    lone = given.path.is_file() and len(found) == 1
    known = 0
    for member in sorted(found, key=_natural):
        if not member.name.lower().endswith(".json"):
            session.ignored([member.name])
            continue
        records = _records(member, lone)
        if records is None:
            session.ignored([member.name])
            continue
        kind = _kind(member, records)
        if kind is None:
            if lone:
                raise ForeignFile(member, "not a file of a Trakt export")
            session.ignored([member.name])
            continue
        known += 1
        if kind in (COLLECTION, FAVOURITES, COMMENTS):
            session.skip(kind, len(records))
        elif kind == "about_lists":
            export.about_lists += records
        else:
            getattr(export, kind).append((member, records))
    if not known and not lone:
        raise ImportRefused(
            str(given.path),
            "no Trakt export here (looked for .json files of plays, ratings, watched films,"
            " the watchlist and lists)",
        )
    return export


def _records(member: Member, lone: bool) -> list[Any] | None:
    """A file's records (a list of objects, or an object of such lists); None when empty
    or not JSON at all (refused when it is the one file given, or a page of plays)."""
    try:
        doc = json.loads(read_whole(member).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if lone or "history" in member.name.lower():
            raise ImportRefused(member.label, f"not JSON as Trakt writes it ({exc})") from None
        return None
    if isinstance(doc, dict):
        doc = [r for value in doc.values() if isinstance(value, list) for r in value]
    if not isinstance(doc, list):
        return None
    records = [r for r in doc if isinstance(r, dict)]
    return records or None


def _kind(member: Member, records: list[Any]) -> str | None:
    first = records[0]
    name = PurePosixPath(member.name).name.lower()
    if "watched_at" in first:
        return "history"
    if "plays" in first and "last_watched_at" in first:
        return "watched"
    if "rated_at" in first and "rating" in first:
        return "ratings"
    if "collected_at" in first:
        return COLLECTION
    if "comment" in first:
        return COMMENTS
    if "rank" in first and "listed_at" in first:
        if "favorit" in name or "favourit" in name:
            return FAVOURITES
        return "watchlist" if "watchlist" in name else "lists"
    if "name" in first and isinstance(first.get("ids"), dict) and "item_count" in first:
        return "about_lists"
    return None


def _natural(member: Member) -> list[Any]:
    """watched-history-2.json before watched-history-10.json."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", member.name.lower())]


# Records ----------------------------------------------------------------------


def _play(session: ImportSession, member: Member, n: int, record: dict[str, Any]) -> int | None:
    """A play of a film: an entry, through the sync state (its history id); None for a
    play of anything else, counted."""
    kind = _type(record)
    if kind != "movie":
        session.skip(f"{kind} plays (filmlog keeps films)")
        return None
    try:
        cited = _cited(record.get("movie"))
        watched = cells.local_day(record.get("watched_at"))
        play = str(positive_id(record.get("id"), "Trakt history"))
    except BadValue as exc:
        raise ImportRefused(member.label, exc.message, n, "item") from None
    fid = session.film(cited)
    session.sync(fid, Item(SOURCE_NAME, play, {"watched": watched}), Viewing(watched, rewatch=None))
    return fid


def _films(
    session: ImportSession, member: Member, records: list[Any], what: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The films of a file other than the history, each with its record: records of
    shows and episodes, and records naming no film, are counted and left out."""
    session.expect(len(records))
    for n, record in enumerate(records, start=1):
        session.at(member.label, n, "item")
        kind = _type(record)
        if kind != "movie":
            session.skip(f"{kind}s ({what})")
        else:
            try:
                cited = _cited(record.get("movie"))
            except BadValue as exc:
                session.skip(f"{what} items: {exc.message}")
            else:
                yield session.film(cited), record
        session.tick()


def _type(record: dict[str, Any]) -> str:
    """What a record is of: its type, else the kind of thing it holds."""
    given = str(record.get("type") or "").lower()
    return given or next((k for k in KINDS if isinstance(record.get(k), dict)), "untyped item")


def _cited(movie: Any) -> Cited:
    """A film as Trakt names it: its title and year, and its IMDb, TMDb and Trakt ids."""
    if not isinstance(movie, dict):
        raise BadValue("the item names no film")
    given = movie.get("ids")
    ids: dict[str, Any] = given if isinstance(given, dict) else {}
    imdb = str(ids.get("imdb") or "").strip()
    found = FilmIds(
        imdb=imdb_id(imdb) if _IMDB.fullmatch(imdb) else None,
        tmdb=_id(ids.get("tmdb")),
        trakt=_id(ids.get("trakt")),
    )
    title = str(movie.get("title") or "").strip() or found.get("imdb") or ids.get("slug")
    if not title:
        raise BadValue("the film has neither a title nor ids")
    year = movie.get("year")
    return Cited(str(title), cells.year(str(year)) if year else None, found)


def _id(value: object) -> int | None:
    try:
        return positive_id(value, "Trakt") if value is not None else None
    except BadValue:
        return None


def _day(record: dict[str, Any], name: str) -> str | None:
    try:
        return cells.local_day(record.get(name))
    except BadValue:
        return None


def _list(
    session: ImportSession, member: Member, records: list[Any], about: dict[Any, Any]
) -> None:
    """One list's items, in Trakt's rank order, with its name and description."""
    stem = PurePosixPath(member.name).stem
    match = _LIST_FILE.fullmatch(stem)
    meta = (about.get(match[1]) or about.get(match[2])) if match else about.get(stem)
    meta = meta or {}
    slug = match[2] if match else stem
    ranked = sorted(records, key=lambda r: r.get("rank") or 0)
    films = [
        (position, fid, (record.get("notes") or None))
        for position, (fid, record) in enumerate(_films(session, member, ranked, "lists"), 1)
    ]
    session.listed(
        NamedList(
            str(meta.get("name") or slug.replace("-", " ")),
            description=meta.get("description") or None,
            created=meta.get("created_at"),
            updated=meta.get("updated_at"),
            films=films,
        )
    )


def recognizes(columns: set[str], head: bytes) -> bool:
    start = head.lstrip()[:4096]
    return start.startswith((b"[", b"{")) and b'"trakt"' in start and b'"ids"' in start


SOURCE = Source(
    name="trakt",
    read=run,
    help="""Import Trakt's data export: plays, ratings (1-10 become half stars), watched films,
    the watchlist and lists.

    Download it from trakt.tv/settings/data (a .zip), or give a backup tool's folder of the
    API's answers. Plays are dated in your time zone; importing a newer export adds only
    the newer plays, and a play of a film you logged that day elsewhere is not doubled.
    Episodes and shows are counted and left out.

    Example: filmlog import trakt trakt-export.zip --dry-run
    """,
    argument_help="The export: a .zip, a folder or one .json file.",
    title="Trakt export {path}",
    same=Same.NEVER,
    recognizes=recognizes,
    describes="a Trakt export",
)
