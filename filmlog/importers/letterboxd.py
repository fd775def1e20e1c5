"""Letterboxd's data export: the .zip, its unzipped folder, or one of its CSV files.

Read by column name, never by position. Per-viewing files (diary, reviews)
become entries; per-film files (ratings, watched, likes, watchlist) set the
film's rating and flags; lists/*.csv become named lists.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from filmlog.importers import values
from filmlog.importers.session import ImportSession
from filmlog.importers.sources import ImportRefused, Member, Row, members, open_text, read_rows

KNOWN = ("diary.csv", "reviews.csv", "ratings.csv", "watched.csv", "watchlist.csv")
# Parts of an export that filmlog has no place for, or that are not the user's history.
IGNORED_FOLDERS = ("deleted", "orphaned")
IGNORED_FILES = ("profile.csv", "comments.csv", "likes/lists.csv", "likes/reviews.csv")
LIST_HEADER = "Letterboxd list export"


def run(session: ImportSession, path: Path) -> None:
    files = classify(members(path), path)
    session.summary.ignored_files = ignored(files)
    for kind in ("diary", "reviews"):
        for member in files.get(kind, []):
            READERS[kind](session, member)
    session.finish_entries()
    for kind in ("ratings", "watched", "likes", "watchlist", "list"):
        for member in files.get(kind, []):
            READERS[kind](session, member)


def classify(found: list[Member], path: Path) -> dict[str, list[Member]]:
    """Which reader each file needs; files we ignore are named in the summary."""
    csvs = [m for m in found if m.name.lower().endswith(".csv")]
    if path.is_file() and found and found[0].zip_name is None:
        kind = _kind_of_single(found[0])
        return {kind: [found[0]]}
    root = _root(csvs)
    if root is None:
        raise ImportRefused(f"{path}: no Letterboxd export here (looked for {', '.join(KNOWN)})")
    files: dict[str, list[Member]] = {}
    for m in csvs:
        rel = PurePosixPath(m.name)
        try:
            rel = rel.relative_to(root)
        except ValueError:
            continue
        name = rel.as_posix().lower()
        if rel.parts[0].lower() in IGNORED_FOLDERS or name in IGNORED_FILES:
            _ignored(files, m)
        elif name in KNOWN:
            files.setdefault(name.removesuffix(".csv"), []).append(m)
        elif name == "likes/films.csv":
            files.setdefault("likes", []).append(m)
        elif rel.parts[0].lower() == "lists":
            files.setdefault("list", []).append(m)
        else:
            _ignored(files, m)
    return files


def _ignored(files: dict[str, list[Member]], m: Member) -> None:
    files.setdefault("ignored", []).append(m)


def ignored(files: dict[str, list[Member]]) -> list[str]:
    return [m.name for m in files.get("ignored", [])]


def _root(csvs: list[Member]) -> PurePosixPath | None:
    """The folder of the export inside what was given (it may be one or two levels down)."""
    roots = sorted(
        {
            PurePosixPath(m.name).parent
            for m in csvs
            if PurePosixPath(m.name).name.lower() in KNOWN
            and not any(p.lower() in IGNORED_FOLDERS for p in PurePosixPath(m.name).parts)
        },
        key=lambda p: len(p.parts),
    )
    return roots[0] if roots else None


def _kind_of_single(m: Member) -> str:
    """A lone CSV file: which Letterboxd file it is, by its name or its header."""
    name = PurePosixPath(m.name).name.lower()
    for known in KNOWN:
        if name == known or name.endswith("-" + known) or name.endswith("_" + known):
            return known.removesuffix(".csv")
    with open_text(m, "utf-8-sig") as f:
        try:
            first = next((r for r in csv.reader(f) if any(c.strip() for c in r)), [])
        except (csv.Error, UnicodeDecodeError):
            first = []
    header = {c.strip().lower() for c in first}
    if first and first[0].startswith(LIST_HEADER):
        return "list"
    if "review" in header:
        return "reviews"
    if "watched date" in header:
        return "diary"
    if "rating" in header:
        return "ratings"
    if "letterboxd uri" in header:
        return "watchlist" if "watchlist" in name else "watched"
    raise ImportRefused(f"{m.label}: not a file of a Letterboxd export")


def _film(session: ImportSession, member: Member, row: Row, uri_is_film: bool) -> int:
    name = row.get("name")
    if not name:
        raise ImportRefused(f"{member.label}, line {row.line}: the film has no name")
    return session.film(
        name,
        values.year(member, row),
        letterboxd_uri=row.get("letterboxduri") if uri_is_film else None,
    )


def read_diary(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name", "Watched Date")):
        fid = _film(session, member, row, uri_is_film=False)
        tags = row.values.get("tags")
        session.entry(
            fid,
            watched=values.iso_date(member, row, "watcheddate", "Watched Date"),
            rating=values.stars(member, row),
            rewatch=values.yes(row, "rewatch"),  # None: 2017 exports; inferred by order
            tags=values.split_list(tags) if tags else (),
            letterboxd_uri=row.values.get("letterboxduri") or None,
        )
        session.tick()


def read_reviews(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name", "Review")):
        fid = _film(session, member, row, uri_is_film=False)
        watched = values.iso_date(member, row, "watcheddate", "Watched Date")
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
                tags=values.split_list(row.get("tags")),
                letterboxd_uri=uri,
                review=text or None,
            )
        elif text:
            session.set_review(eid, text)
        session.tick()


def read_ratings(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name", "Rating")):
        fid = _film(session, member, row, uri_is_film=True)
        rating = values.stars(member, row)
        if rating is not None:
            session.rate(fid, rating, values.iso_date(member, row, "date", "Date"))
        session.tick()


def read_watched(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name",)):
        values.iso_date(member, row, "date", "Date")
        session.mark_seen(_film(session, member, row, uri_is_film=True))
        session.tick()


def read_likes(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name",)):
        session.mark_liked(_film(session, member, row, uri_is_film=True))
        session.tick()


def read_watchlist(session: ImportSession, member: Member) -> None:
    for row in read_rows(member, ("Name",)):
        added = values.iso_date(member, row, "date", "Date")
        session.want(_film(session, member, row, uri_is_film=True), added)
        session.tick()


def read_list(session: ImportSession, member: Member) -> None:
    """A list file: a title line, the list's own row, then its films."""
    with open_text(member, "utf-8-sig") as f:
        lines = iter(f)
        first = ""
        for first in lines:
            if first.strip():
                break
        if not first.startswith(LIST_HEADER):
            raise ImportRefused(f"{member.label}: not a Letterboxd list export")
        rest = "".join(lines)
    reader = csv.reader(rest.splitlines(keepends=True))
    meta_header = next(reader, None)
    meta = next(reader, None)
    if not meta_header or not meta:
        raise ImportRefused(f"{member.label}: the list's name is missing")
    about = dict(zip((c.strip().lower() for c in meta_header), meta, strict=False))
    films_header = next((r for r in reader if any(c.strip() for c in r)), None)
    films: list[tuple[int, int, str | None]] = []
    if films_header:
        columns = [c.strip().lower() for c in films_header]
        for n, record in enumerate(reader, start=1):
            if not any(c.strip() for c in record):
                continue
            item = dict(zip(columns, record, strict=False))
            row = Row(n, {k.replace(" ", ""): v for k, v in item.items()})
            fid = session.film(
                item.get("name", "").strip(),
                values.year(member, row),
                letterboxd_uri=(item.get("url") or "").strip() or None,
            )
            position = int(item["position"]) if (item.get("position") or "").isdigit() else n
            note = values.markdown_from_html(item.get("description") or "") or None
            films.append((position, fid, note))
    name = (about.get("name") or "").strip() or PurePosixPath(member.name).stem
    session.named_list(
        name,
        description=values.markdown_from_html(about.get("description") or "") or None,
        tags=(about.get("tags") or "").strip() or None,
        letterboxd_uri=(about.get("url") or "").strip() or None,
        created=(about.get("date") or "").strip() or None,
        films=films,
    )
    session.tick()


READERS: dict[str, Callable[[ImportSession, Member], None]] = {
    "diary": read_diary,
    "reviews": read_reviews,
    "ratings": read_ratings,
    "watched": read_watched,
    "likes": read_likes,
    "watchlist": read_watchlist,
    "list": read_list,
}
