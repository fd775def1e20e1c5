"""Letterboxd's data export: the .zip, its unzipped folder, or one of its CSV files.

The history (diary, reviews, ratings, watched) is what matters, and is read
strictly: a file of it that cannot be read refuses the whole import. The
rest (liked films, the watchlist, lists) is read whole before anything of it
is written, and a file of it that cannot be read is left out, named in the
summary, while everything else comes in. Files filmlog keeps nothing of
(deleted/, orphaned/, comments, the profile, liked lists and reviews) are
never opened. Per-viewing files (diary, reviews) become entries; per-film
files set the film's rating and flags; lists/*.csv become named lists.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from filmlog.importers import values
from filmlog.importers.named_lists import NamedList
from filmlog.importers.session import ImportSession
from filmlog.importers.sources import CsvFile, ImportRefused, Member, Row, members, read_rows
from filmlog.keys import key
from filmlog.models import split_names

# The export's own files, by their path inside it, and what each holds.
FILES = {
    "diary.csv": "diary",
    "reviews.csv": "reviews",
    "ratings.csv": "ratings",
    "watched.csv": "watched",
    "watchlist.csv": "watchlist",
    "likes/films.csv": "likes",
}
HISTORY = ("diary", "reviews", "ratings", "watched")  # refuse the import when unreadable
EXTRAS = ("likes", "watchlist", "list")  # left out, and named, when unreadable
IGNORED_FOLDERS = ("deleted", "orphaned")
LIST_TITLE = "letterboxd list export"


class FilmCited(NamedTuple):
    """A film as a row names it, before the journal finds or makes it."""

    title: str
    year: int | None
    uri: str | None


@dataclass
class Export:
    files: dict[str, list[Member]] = field(default_factory=dict)
    ignored: list[Member] = field(default_factory=list)
    whole: bool = True  # False when one file was given: then every file is strict

    def of(self, kind: str) -> list[Member]:
        return self.files.get(kind, [])


def run(session: ImportSession, path: Path) -> None:
    export = classify(members(path), path)
    session.summary.ignored_files = [m.name for m in export.ignored]
    for member in export.of("diary"):
        read_diary(session, member)
    for member in export.of("reviews"):
        read_reviews(session, member)
    session.finish_entries()
    for member in export.of("ratings"):
        read_ratings(session, member)
    for member in export.of("watched"):
        read_watched(session, member)
    for kind in EXTRAS:
        parse, apply = EXTRA_READERS[kind]
        parsed: list[Any] = []
        for member in export.of(kind):
            try:
                parsed.append(parse(member))
            except ImportRefused as exc:
                if not export.whole:
                    raise
                session.not_imported(member.label, exc.reason, exc.line)
        if kind == "list":
            parsed = one_file_per_list(parsed)
        for each in parsed:
            apply(session, each)


def classify(found: list[Member], path: Path) -> Export:
    """Which reader each file needs, by its path only: nothing is opened here."""
    csvs = [m for m in found if m.name.lower().endswith(".csv")]
    if path.is_file() and found and found[0].zip_name is None:
        return Export({_kind_of_single(found[0]): [found[0]]}, whole=False)
    root = _root(csvs)
    if root is None:
        zips = [m.name for m in found if m.name.lower().endswith(".zip")]
        hint = f": give the .zip itself, {zips[0]}" if len(zips) == 1 else ""
        raise ImportRefused(
            str(path), f"no Letterboxd export here (looked for {', '.join(FILES)}){hint}"
        )
    export = Export()
    for m in csvs:
        try:
            rel = PurePosixPath(m.name).relative_to(root)
        except ValueError:  # beside the export, not in it
            export.ignored.append(m)
            continue
        name = rel.as_posix().lower()
        if rel.parts[0].lower() in IGNORED_FOLDERS:
            export.ignored.append(m)
        elif name in FILES:
            export.files.setdefault(FILES[name], []).append(m)
        elif rel.parts[0].lower() == "lists" and len(rel.parts) == 2:
            export.files.setdefault("list", []).append(m)
        else:
            export.ignored.append(m)  # profile, comments, liked lists and reviews
    return export


def _root(csvs: list[Member]) -> PurePosixPath | None:
    """The folder of the export inside what was given (a .zip may add a top folder)."""
    top_level = {n for n in FILES if "/" not in n}
    roots = sorted(
        {
            PurePosixPath(m.name).parent
            for m in csvs
            if PurePosixPath(m.name).name.lower() in top_level
            and not any(p.lower() in IGNORED_FOLDERS for p in m.parts)
        },
        key=lambda p: len(p.parts),
    )
    return roots[0] if roots else None


def _kind_of_single(m: Member) -> str:
    """A lone CSV file: which Letterboxd file it is, by its name or its header."""
    name = PurePosixPath(m.name).name.lower()
    for known, kind in FILES.items():
        known = PurePosixPath(known).name
        if name == known or name.endswith(("-" + known, "_" + known)):
            return kind
    with CsvFile(m) as f:
        for n, (_, record) in enumerate(f):
            keys = {key(c) for c in record}
            if record[0].strip().lower().startswith(LIST_TITLE) or _is_items_header(record):
                return "list"
            if "review" in keys:
                return "reviews"
            if "watcheddate" in keys:
                return "diary"
            if "rating" in keys and "name" in keys:
                return "ratings"
            if "letterboxduri" in keys:
                return "watchlist" if "watchlist" in name else "watched"
            if n >= 3:
                break
    raise ImportRefused(m.label, "not a file of a Letterboxd export")


def _same_row(row: Row) -> object:
    """Two rows are one when they have the same Letterboxd URI, or every cell alike."""
    return row.get("letterboxduri") or tuple(sorted(row.values.items()))


def _rows(
    session: ImportSession, member: Member, required: tuple[str, ...], kind: str
) -> Iterator[Row]:
    return read_rows(member, required, identity=_same_row, repeated=session.repeated(kind))


def _cited(member: Member, row: Row, *, uri_is_film: bool) -> FilmCited:
    name = row.get("name")
    if not name:
        raise ImportRefused(member.label, "the film has no name", row.line)
    uri = row.get("letterboxduri") or row.get("url") or None
    return FilmCited(name, values.year(member, row), uri if uri_is_film else None)


def _film(session: ImportSession, film: FilmCited) -> int:
    return session.film(film.title, film.year, letterboxd_uri=film.uri)


# History: strict, streamed -------------------------------------------------


def read_diary(session: ImportSession, member: Member) -> None:
    for row in _rows(session, member, ("Name", "Watched Date"), "entries"):
        fid = _film(session, _cited(member, row, uri_is_film=False))
        tags = row.values.get("tags")
        session.entry(
            fid,
            watched=values.iso_date(member, row, "watcheddate", "Watched Date", watched=True),
            rating=values.stars(member, row),
            rewatch=values.yes(row, "rewatch"),  # None: 2017 exports; inferred by order
            tags=split_names(tags),
            letterboxd_uri=row.get("letterboxduri") or None,
        )
        session.tick()


def read_reviews(session: ImportSession, member: Member) -> None:
    for row in _rows(session, member, ("Name", "Review"), "reviews"):
        fid = _film(session, _cited(member, row, uri_is_film=False))
        watched = values.iso_date(member, row, "watcheddate", "Watched Date", watched=True)
        text = values.markdown_from_html(row.get("review"))
        uri = row.get("letterboxduri") or None
        eid = session.find_entry(fid, watched, uri)
        if eid is None:
            # A review with no diary entry is a viewing of its own.
            eid, _ = session.entry(
                fid,
                watched=watched,
                rating=values.stars(member, row),
                rewatch=values.yes(row, "rewatch"),
                tags=split_names(row.get("tags")),
                letterboxd_uri=uri,
                review=text or None,
            )
        elif text:
            session.set_review(eid, text)
        session.tick()


def read_ratings(session: ImportSession, member: Member) -> None:
    for row in _rows(session, member, ("Name", "Rating"), "ratings"):
        fid = _film(session, _cited(member, row, uri_is_film=True))
        rating = values.stars(member, row)
        if rating is not None:
            session.rate(fid, rating, values.iso_date(member, row, "date", "Date"))
        session.tick()


def read_watched(session: ImportSession, member: Member) -> None:
    for row in _rows(session, member, ("Name",), "watched"):
        values.iso_date(member, row, "date", "Date")
        session.mark_seen(_film(session, _cited(member, row, uri_is_film=True)))
        session.tick()


# The rest: read whole first, left out when unreadable ----------------------


def parse_likes(member: Member) -> list[FilmCited]:
    rows = read_rows(member, ("Name",), identity=_same_row)
    return [_cited(member, row, uri_is_film=True) for row in rows]


def apply_likes(session: ImportSession, films: list[FilmCited]) -> None:
    for film in films:
        session.mark_liked(_film(session, film))
        session.tick()


def parse_watchlist(member: Member) -> list[tuple[FilmCited, str | None]]:
    return [
        (_cited(member, row, uri_is_film=True), values.iso_date(member, row, "date", "Date"))
        for row in read_rows(member, ("Name",), identity=_same_row)
    ]


def apply_watchlist(session: ImportSession, wanted: list[tuple[FilmCited, str | None]]) -> None:
    for film, added in wanted:
        session.want(_film(session, film), added)
        session.tick()


@dataclass
class ListFile:
    name: str
    description: str | None
    tags: str | None
    uri: str | None
    created: str | None
    items: list[tuple[int, FilmCited, str | None]]


def _is_items_header(record: list[str]) -> bool:
    keys = {key(c) for c in record}
    return "name" in keys and bool(keys & {"position", "year"}) and bool(keys & {"url", "uri"})


def _is_about_header(record: list[str]) -> bool:
    keys = {key(c) for c in record}
    return "name" in keys and "url" in keys and not keys & {"position", "year"}


def parse_list(member: Member) -> ListFile:
    """A list file: a title line, a header and row about the list, then its films.

    Older exports begin with a blank line instead of the title line; both
    headers are found by their column names.
    """
    with CsvFile(member) as f:
        records = list(f)
    head = records[:10]
    items_at = next((i for i, (_, r) in enumerate(head) if _is_items_header(r)), None)
    about_at = next((i for i, (_, r) in enumerate(head[:items_at]) if _is_about_header(r)), None)
    if items_at is None and about_at is None:
        raise ImportRefused(
            member.label, "not a Letterboxd list: no header with the columns Name and URL"
        )
    about: dict[str, str] = {}
    end = items_at if items_at is not None else len(records)
    if about_at is not None and about_at + 1 < end:
        keys = [key(c) for c in records[about_at][1]]
        about = {k: v.strip() for k, v in zip(keys, records[about_at + 1][1], strict=False)}
    items: list[tuple[int, FilmCited, str | None]] = []
    if items_at is not None:
        keys = [key(c) for c in records[items_at][1]]
        seen: set[object] = set()
        for n, (line, record) in enumerate(records[items_at + 1 :], start=1):
            row = Row(line, dict(zip(keys, record, strict=False)))
            film = _cited(member, row, uri_is_film=True)
            same = film.uri or (key(film.title), film.year)
            if same in seen:
                continue  # a film is on a list once
            seen.add(same)
            position = row.get("position")
            note = values.markdown_from_html(row.get("description")) or None
            items.append((int(position) if position.isdigit() else n, film, note))
    return ListFile(
        name=about.get("name") or PurePosixPath(member.name).stem,
        description=values.markdown_from_html(about.get("description") or "") or None,
        tags=about.get("tags") or None,
        uri=about.get("url") or None,
        created=about.get("date") or None,
        items=items,
    )


def one_file_per_list(files: list[ListFile]) -> list[ListFile]:
    """A list exported twice (renamed between two exports, and both files kept) is one list:
    the file read last gives its name and order, and films only the other has follow."""
    merged: dict[object, ListFile] = {}
    for listed in files:
        earlier = merged.get(listed.uri or id(listed))
        if earlier is not None:
            have = {film.uri or (key(film.title), film.year) for _, film, _ in listed.items}
            last = max((position for position, _, _ in listed.items), default=0)
            extra = [
                (film, note)
                for _, film, note in earlier.items
                if (film.uri or (key(film.title), film.year)) not in have
            ]
            listed.items += [(last + n, f, note) for n, (f, note) in enumerate(extra, start=1)]
        merged[listed.uri or id(listed)] = listed
    return list(merged.values())


def apply_list(session: ImportSession, listed: ListFile) -> None:
    films = [(position, _film(session, film), note) for position, film, note in listed.items]
    session.named_list(
        NamedList(
            listed.name,
            description=listed.description,
            tags=listed.tags,
            letterboxd_uri=listed.uri,
            created=listed.created,
            films=films,
        )
    )
    session.tick()


EXTRA_READERS: dict[str, tuple[Callable[[Member], object], Callable[..., None]]] = {
    "likes": (parse_likes, apply_likes),
    "watchlist": (parse_watchlist, apply_watchlist),
    "list": (parse_list, apply_list),
}
