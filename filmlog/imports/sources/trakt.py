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

from filmlog.imports.engine.session import Cited, ImportSession, Item, NamedList, Same, Viewing
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ForeignFile, ImportRefused, Member, read_whole
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import FilmIds, imdb_id, positive_id

SOURCE_NAME = "trakt"
TRAKT_TYPES = ("movie", "episode", "season", "show", "person")  # an episode record names its show
COLLECTION = "collection (what you own, not what you watched)"
FAVOURITES = "favourites (filmlog has no favourites; like the films instead)"
COMMENTS = "comments (filmlog keeps your reviews, not comments)"
_IMDB = re.compile(r"tt\d{5,10}")
_LIST_FILE = re.compile(r"lists?-list-(\d+)-(.+)", re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """Records of one kind: a file's, or one list of a file that holds several by name."""

    label: str  # as a refusal names it: "watched-history-1.json", "backup.json (history)"
    name: str  # what its name says of it (a list's slug, "watchlist"), lower case
    records: list[dict[str, Any]]


@dataclass
class Export:
    """The records of an export, by what they are."""

    history: list[Part] = field(default_factory=list)
    watched: list[Part] = field(default_factory=list)
    ratings: list[Part] = field(default_factory=list)
    watchlist: list[Part] = field(default_factory=list)
    lists: list[Part] = field(default_factory=list)  # each one list's items
    about_lists: list[Any] = field(default_factory=list)  # names, descriptions, ids


def run(session: ImportSession, given: Given) -> None:
    export = read_export(session, given)
    played: set[int] = set()
    for part in export.history:
        session.expect(len(part.records))
        for record in session.each(part.label, part.records, "item"):
            fid = _play(session, record)
            if fid is not None:
                played.add(fid)
    for part in export.ratings:
        for film, record in _films(session, part, part.records, "ratings"):
            rating = cells.tenths(str(record.get("rating") or ""))
            if rating is not None:
                session.rate(film, rating, _day(record, "rated_at"))
    for part in export.watched:
        for film, _record in _films(session, part, part.records, "watched summary"):
            if film not in played:  # the summary's dates are no viewings: seen, no more
                session.seen(film)
    for part in export.watchlist:
        for film, record in _films(session, part, part.records, "watchlist"):
            session.want(film, _day(record, "listed_at"), unless_seen=True)
    about = {str(a.get("ids", {}).get("trakt")): a for a in export.about_lists}
    about |= {a.get("ids", {}).get("slug"): a for a in export.about_lists}
    for part in export.lists:
        _list(session, part, about)


def read_export(session: ImportSession, given: Given) -> Export:
    """Every JSON file of what was given, each part put where its records say it belongs."""
    found = session.files(given.path)
    export = Export()
    lone = given.path.is_file() and len(found) == 1
    known = 0
    for member in sorted(found, key=_natural):
        parts = _parts(member, lone) if member.name.lower().endswith(".json") else []
        kinds = [(part, _kind(part)) for part in parts]
        if lone and not any(kind for _, kind in kinds):
            raise ForeignFile(member, "not a file of a Trakt export")
        if not any(kind for _, kind in kinds):
            session.ignored([member.name])
        for part, kind in kinds:
            known += kind is not None
            if kind in (COLLECTION, FAVOURITES, COMMENTS):
                session.skip(kind, len(part.records))
            elif kind == "about_lists":
                export.about_lists += part.records
            elif kind is not None:
                getattr(export, kind).append(part)
    if not known and not lone:
        raise ImportRefused(
            str(given.path),
            "no Trakt export here (looked for .json files of plays, ratings, watched films,"
            " the watchlist and lists)",
        )
    return export


def _parts(member: Member, lone: bool) -> list[Part]:
    """A file's records: a list of objects, or an object of such lists by name (one file
    of a whole backup). Nothing for a file that is empty, or not JSON (refused when it is
    the one file given, or a page of plays)."""
    try:
        doc = json.loads(read_whole(member).decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        if lone or "history" in member.name.lower():
            raise ImportRefused(member.label, f"not JSON as Trakt writes it ({exc})") from None
        return []
    stem = PurePosixPath(member.name).stem.lower()
    named = doc.items() if isinstance(doc, dict) else [(None, doc)]
    parts = []
    for key, value in named:
        records = [r for r in value if isinstance(r, dict)] if isinstance(value, list) else []
        if records:
            label = f"{member.label} ({key})" if key else member.label
            parts.append(Part(label, f"{stem} {key}".lower() if key else stem, records))
    return parts


def _kind(part: Part) -> str | None:
    first, name = part.records[0], part.name
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
    if "name" in first and isinstance(first.get("ids"), dict):
        return "about_lists" if {"item_count", "privacy"} & set(first) else None
    return None


def _natural(member: Member) -> list[Any]:
    """watched-history-2.json before watched-history-10.json."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", member.name.lower())]


# Records ----------------------------------------------------------------------


def _play(session: ImportSession, record: dict[str, Any]) -> int | None:
    """A play of a film: an entry, through the sync state (its history id); None for a
    play of anything else, counted."""
    kind = _type(record)
    if kind != "movie":
        session.skip(f"{kind} plays (filmlog keeps films)")
        return None
    cited = _cited(record.get("movie"))
    watched = cells.local_day(record.get("watched_at"))
    play = str(positive_id(record.get("id"), "Trakt history"))
    fid = session.film(cited)
    session.sync(fid, Item(SOURCE_NAME, play, {"watched": watched}), Viewing(watched, rewatch=None))
    return fid


def _films(
    session: ImportSession, part: Part, records: list[dict[str, Any]], what: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """The films of a file other than the history, each with its record: records of
    shows and episodes, and records naming no film, are counted and left out."""
    session.expect(len(records))
    for record in session.each(part.label, records, "item"):
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


def _type(record: dict[str, Any]) -> str:
    """What a record is of: its type, else the kind of thing it holds."""
    given = str(record.get("type") or "").lower()
    return given or next(
        (k for k in TRAKT_TYPES if isinstance(record.get(k), dict)), "untyped item"
    )


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
    slug = cells.text(ids.get("slug")).strip()
    title = cells.text(movie.get("title")).strip() or found.get("imdb") or slug
    if not title:
        raise BadValue("the film has neither a title nor ids")
    year = cells.text(movie.get("year"))
    return Cited(str(title), cells.year(year) if year else None, found)


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


def _list(session: ImportSession, part: Part, about: dict[Any, Any]) -> None:
    """One list's items, in Trakt's rank order, with its name and description."""
    match = _LIST_FILE.search(part.name)
    slug = match[2] if match else re.sub(r"^(lists?[-_ ])+", "", part.name)
    meta = (about.get(match[1]) if match else None) or about.get(slug) or {}
    ranked = sorted(part.records, key=lambda r: r.get("rank") or 0)
    films = [
        (position, fid, (record.get("notes") or None))
        for position, (fid, record) in enumerate(_films(session, part, ranked, "lists"), 1)
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
    help="""Import Trakt's data export: plays, ratings, watched films, the watchlist and lists.

    Ratings of 1-10 become half stars.

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
    platform="Trakt",
)
