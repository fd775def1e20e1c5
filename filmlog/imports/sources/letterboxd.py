"""Letterboxd's data export: the .zip, its unzipped folder, or one of its CSV files.

The history (diary, reviews, ratings, watched) is what matters, and is read
strictly: a file of it that cannot be read refuses the whole import. The
rest (liked films, the watchlist, lists) is read whole before anything of it
is written, and a file of it that cannot be read is left out, named in the
summary, while everything else comes in. Files filmlog keeps nothing of
(deleted/, orphaned/, comments, the profile, liked lists and reviews) are
never opened. A file re-saved by a spreadsheet still reads (semicolons, its
dates in the one day and month order that fits them), and so does the CSV
Letterboxd's own importer takes (what `filmlog export letterboxd` writes).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

from filmlog.imports.engine.session import Cited, ImportSession, NamedList, Same, Viewing
from filmlog.imports.engine.source import DATE_ORDER, Given, Source
from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ForeignFile, ImportRefused, Member
from filmlog.imports.reading.cells import DateOrder
from filmlog.imports.reading.markup import markdown_from_html
from filmlog.imports.reading.tables import (
    Columns,
    CsvFile,
    Row,
    read_rows,
)
from filmlog.imports.sources.letterboxd_rows import (
    SAME_ROW,
    dates,
    entry_film,
    film_of,
    named,
    refusing,
    rows_of,
    viewings,
)
from filmlog.imports.sources.letterboxd_twins import Twins
from filmlog.values.checks import split_names
from filmlog.values.film_ids import FilmIds
from filmlog.values.keys import key

# The export's own files, by their path inside it, and what each holds.
FILES = {
    "diary.csv": "diary",
    "reviews.csv": "reviews",
    "ratings.csv": "ratings",
    "watched.csv": "watched",
    "watchlist.csv": "watchlist",
    "likes/films.csv": "likes",
}
HISTORY = ("diary", "reviews", "import", "ratings", "watched")  # refuse the import if unreadable
EXTRAS = ("likes", "watchlist", "list")  # left out, and named, when unreadable
IGNORED_FOLDERS = ("deleted", "orphaned")
LIST_TITLE = "letterboxd list export"


class Export:
    def __init__(self, files: dict[str, list[Member]] | None = None, whole: bool = True) -> None:
        self.files = files if files is not None else {}
        self.ignored: list[str] = []
        self.whole = whole  # False when one file was given: then every file is strict

    def of(self, kind: str) -> list[Member]:
        return self.files.get(kind, [])


def run(session: ImportSession, given: Given) -> None:
    export = classify(session.files(given.path), given.path)
    session.ignored(export.ignored)
    order = DateOrder(given.option("date_order"))
    twins = Twins.of(export.of("ratings") + export.of("watched"))
    if twins:
        session.note(twins.told())
    for kind, reader in HISTORY_READERS.items():
        for member in export.of(kind):
            twins.restart()
            reader(session, member, order, twins)
    for kind in EXTRAS:
        parse, apply = EXTRA_READERS[kind]
        parsed: list[Any] = []
        for member in export.of(kind):
            try:
                parsed.append(parse(member, order))
            except ImportRefused as exc:
                if not export.whole:
                    raise
                session.not_imported(member.label, exc.reason, exc.line)
        if kind == "list":
            parsed = one_file_per_list(parsed)
        session.expect(sum(len(each) if kind != "list" else 1 for each in parsed))
        for each in parsed:
            apply(session, each)


def classify(found: list[Member], path: Path) -> Export:
    """Which reader each file needs, by its path (a lone file: by its header)."""
    csvs = [m for m in found if m.name.lower().endswith(".csv")]
    if path.is_file() and found and found[0].zip_name is None:
        return Export({_kind_of_single(found[0]): [found[0]]}, whole=False)
    root = _root(csvs)
    if root is None:
        zips = [m.name for m in found if m.name.lower().endswith(".zip")]
        hint = f": give the .zip itself, {zips[0]}" if len(zips) == 1 else ""
        if len(csvs) == 1 and not hint:
            raise ForeignFile(csvs[0], f"not a Letterboxd export (looked for {', '.join(FILES)})")
        raise ImportRefused(
            str(path), f"no Letterboxd export here (looked for {', '.join(FILES)}){hint}"
        )
    export = Export()
    for m in csvs:
        try:
            rel = PurePosixPath(m.name).relative_to(root)
        except ValueError:  # beside the export, not in it
            export.ignored.append(m.name)
            continue
        name = rel.as_posix().lower()
        if rel.parts[0].lower() in IGNORED_FOLDERS:
            export.ignored.append(rel.as_posix())
        elif name in FILES:
            export.files.setdefault(FILES[name], []).append(m)
        elif rel.parts[0].lower() == "lists" and len(rel.parts) == 2:
            export.files.setdefault("list", []).append(m)
        else:
            export.ignored.append(rel.as_posix())  # profile, comments, liked lists and reviews
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
            if keys >= {"letterboxduri", "title"} or keys >= {"watcheddate", "title"}:
                return "import"  # the CSV Letterboxd's importer takes
            if "review" in keys and "name" in keys:
                return "reviews"
            if "watcheddate" in keys and "name" in keys:
                return "diary"
            if "rating" in keys and "name" in keys:
                return "ratings"
            if "letterboxduri" in keys and "name" in keys:
                return "watchlist" if "watchlist" in name else "watched"
            if n >= 3:
                break
    raise ForeignFile(m, "not a file of a Letterboxd export")


# History: strict --------------------------------------------------------------


def read_diary(session: ImportSession, member: Member, order: DateOrder, twins: Twins) -> None:
    rows = rows_of(session, member, ("Name", "Watched Date"), "entries")
    day = dates(member, rows, ("watcheddate", "date"), order)
    viewing, need = viewings(rows, day)
    columns = rows[0].columns if rows else Columns([])
    (name, year), named_need = columns.places(("name", "year"))
    need = max(need, named_need)
    known: dict[tuple[str, str], int] = {}  # a film named again, by its cells
    twinned = bool(twins)  # (twins: the rating tells which film)
    for row in session.each(member.label, rows):
        said = row.cells
        if len(said) < need:
            said = row.padded(need)
        cited = (said[name].strip(), said[year])
        fid = None if twinned else known.get(cited)
        if fid is None:  # (a diary's film: its name and year, read from the cells)
            plain = cited[0] and not twinned
            film = named(member, row.line, *cited) if plain else entry_film(member, row, twins)
            fid = known[cited] = session.film(film)
        session.viewing(fid, viewing(said))


def read_reviews(session: ImportSession, member: Member, order: DateOrder, twins: Twins) -> None:
    rows = rows_of(session, member, ("Name", "Review"), "reviews")
    day = dates(member, rows, ("watcheddate", "date"), order)
    # Dated first: an undated review joins a viewing of its day only if it has no review.
    rows.sort(key=lambda row: not row.get("watcheddate"))
    viewing, need = viewings(rows, day, review=True)
    for row in session.each(member.label, rows):
        fid = session.film(entry_film(member, row, twins))
        session.review(fid, viewing(row.padded(need)))


def read_import_csv(session: ImportSession, member: Member, order: DateOrder, _: Twins) -> None:
    """The CSV Letterboxd's own importer takes (letterboxd.com/about/importing-data): a row
    a viewing when it has a WatchedDate, else a film rated or seen; ids, directors, review."""
    # Its URI is the film's, and a row repeated is a twin viewing (as `export letterboxd`
    # writes one): no row is one of another.
    rows = rows_of(session, member, ("Title",), "entries", identity=lambda row: row.line)
    day = dates(member, rows, ("watcheddate",), order)
    for row in session.each(member.label, rows):
        _import_row(session, member, row, day)


def _import_row(session: ImportSession, member: Member, row: Row, day: Any) -> None:
    values = row.values
    tmdb = row.get("tmdbid")
    ids = FilmIds(
        letterboxd=row.get("letterboxduri") or None,
        imdb=row.get("imdbid") or None,
        tmdb=int(tmdb) if tmdb.isdigit() else None,
    )
    directors = tuple(split_names(values.get("directors")))
    cited = Cited(row.get("title"), cells.year(values.get("year")), ids, directors=directors)
    if not cited.title:
        raise ImportRefused(member.label, "the film has no title", row.line)
    fid = session.film(cited)
    rating = cells.stars(values.get("rating"))
    watched = day(values.get("watcheddate"))
    review, tags = markdown_from_html(row.get("review")) or None, split_names(values.get("tags"))
    rewatch = cells.yes(values.get("rewatch"))
    if watched is None and not (review or tags or rewatch):  # a film rated or seen
        if rating is not None:
            session.rate(fid, rating, None)
        session.seen(fid)
        return
    # With no date, a viewing all the same (a review is never dropped). Rows name films,
    # not viewings: two of one film on one day are two (as `export letterboxd` writes a
    # journal's twins); one the journal had is skipped.
    viewing = Viewing(watched=watched, rating=rating, rewatch=rewatch, tags=tags, review=review)
    session.viewing(fid, viewing, Same.CONTENT)


def read_ratings(session: ImportSession, member: Member, order: DateOrder, _: Twins) -> None:
    rows = rows_of(session, member, ("Name", "Rating"), "ratings")
    day = dates(member, rows, ("date",), order)
    for row in session.each(member.label, rows):
        fid = session.film(film_of(member, row))
        rating = cells.stars(row.values.get("rating"))
        if rating is not None:
            session.rate(fid, rating, day(row.values.get("date")))


def read_watched(session: ImportSession, member: Member, order: DateOrder, _: Twins) -> None:
    rows = rows_of(session, member, ("Name",), "watched")
    dates(member, rows, ("date",), order)  # a date no order reads is a file to refuse
    for row in session.each(member.label, rows):
        session.seen(session.film(film_of(member, row)))


HISTORY_READERS: dict[str, Callable[[ImportSession, Member, DateOrder, Twins], None]] = {
    "diary": read_diary,
    "import": read_import_csv,
    "reviews": read_reviews,
    "ratings": read_ratings,
    "watched": read_watched,
}


# The rest: read whole first, left out when unreadable ----------------------


def parse_likes(member: Member, order: DateOrder) -> list[Cited]:
    rows = list(read_rows(member, ("Name",), identity=SAME_ROW))
    return [refusing(member, r, partial(film_of, member, r)) for r in rows]


def apply_likes(session: ImportSession, films: list[Cited]) -> None:
    for film in films:
        session.like(session.film(film))
        session.tick()


def parse_watchlist(member: Member, order: DateOrder) -> list[tuple[Cited, str | None]]:
    rows = list(read_rows(member, ("Name",), identity=SAME_ROW))
    day = dates(member, rows, ("date",), order)
    return [refusing(member, r, partial(_wanted, member, r, day)) for r in rows]


def _wanted(member: Member, row: Row, day: Any) -> tuple[Cited, str | None]:
    return film_of(member, row), day(row.get("date"))


def apply_watchlist(session: ImportSession, wanted: list[tuple[Cited, str | None]]) -> None:
    for film, added in wanted:
        session.want(session.film(film), added)
        session.tick()


class ListFile:
    def __init__(
        self,
        name: str,
        description: str | None,
        tags: str | None,
        uri: str | None,
        created: str | None,
        items: list[tuple[int, Cited, str | None]],
    ) -> None:
        self.name = name
        self.description = description
        self.tags = tags
        self.uri = uri
        self.created = created
        self.items = items


def _is_items_header(record: list[str]) -> bool:
    keys = {key(c) for c in record}
    return "name" in keys and bool(keys & {"position", "year"}) and bool(keys & {"url", "uri"})


def _is_about_header(record: list[str]) -> bool:
    keys = {key(c) for c in record}
    return "name" in keys and "url" in keys and not keys & {"position", "year"}


def parse_list(member: Member, order: DateOrder) -> ListFile:
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
    items: list[tuple[int, Cited, str | None]] = []
    if items_at is not None:
        keys = [key(c) for c in records[items_at][1]]
        seen: set[object] = set()
        for n, (line, record) in enumerate(records[items_at + 1 :], start=1):
            row = Row.of(line, dict(zip(keys, record, strict=False)))
            film = refusing(member, row, partial(film_of, member, row))
            same = _same_film(film)
            if same in seen:
                continue  # a film is on a list once
            seen.add(same)
            position = row.get("position")
            note = markdown_from_html(row.get("description")) or None
            items.append((int(position) if position.isdigit() else n, film, note))
    created = about.get("date") or None
    if created:
        day = dates(member, [Row.of(0, {"date": created})], ("date",), order)
        created = day(created)
    return ListFile(
        name=about.get("name") or PurePosixPath(member.name).stem,
        description=markdown_from_html(about.get("description") or "") or None,
        tags=about.get("tags") or None,
        uri=about.get("url") or None,
        created=created,
        items=items,
    )


def one_file_per_list(files: list[ListFile]) -> list[ListFile]:
    """A list exported twice (renamed between two exports, and both files kept) is one list:
    the file read last gives its name and order, and films only the other has follow."""
    merged: dict[object, ListFile] = {}
    for listed in files:
        earlier = merged.get(listed.uri or id(listed))
        if earlier is not None:
            have = {_same_film(film) for _, film, _ in listed.items}
            last = max((position for position, _, _ in listed.items), default=0)
            extra = [
                (film, note) for _, film, note in earlier.items if _same_film(film) not in have
            ]
            listed.items += [(last + n, f, note) for n, (f, note) in enumerate(extra, start=1)]
        merged[listed.uri or id(listed)] = listed
    return list(merged.values())


def _same_film(film: Cited) -> object:
    """When two rows of lists are one film: its page's address, else title and year."""
    return film.ids.get("letterboxd") or (key(film.title), film.year)


def apply_list(session: ImportSession, listed: ListFile) -> None:
    films = [(position, session.film(film), note) for position, film, note in listed.items]
    session.listed(
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


EXTRA_READERS: dict[str, tuple[Callable[[Member, DateOrder], Any], Callable[..., None]]] = {
    "likes": (parse_likes, apply_likes),
    "watchlist": (parse_watchlist, apply_watchlist),
    "list": (parse_list, apply_list),
}


def recognizes(columns: set[str], head: bytes) -> bool:
    return bool(columns & {"letterboxduri"}) or (
        {"name", "watcheddate"} <= columns or head.lower().startswith(LIST_TITLE.encode())
    )


SOURCE = Source(
    name="letterboxd",
    read=run,
    help="""Import a Letterboxd export: diary, reviews, ratings, watched, likes, watchlist, lists.

    Importing the same export again adds nothing; a newer one adds what is
    new. A file re-saved by a spreadsheet reads too, and so does the CSV that
    `filmlog export letterboxd` writes.

    Example: filmlog import letterboxd ~/Downloads/letterboxd-me-2026-11-26.zip
    """,
    argument_help="The export: a .zip, a folder or a .csv file.",
    options=(DATE_ORDER,),
    recognizes=recognizes,
    describes="a Letterboxd export",
)
