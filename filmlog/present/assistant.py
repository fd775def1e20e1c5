"""`filmlog mcp`: the journal put before an assistant, as a Model Context Protocol server.

The tools answer with the rows and keys of the CLI's `--format json` (the
same library calls build them) inside a page: `results`, and `next_offset`
when there are more. Text from the journal goes out only as data, in fields;
tool descriptions are fixed text. The journal is opened for each call (read
only unless writes are allowed), so a `filmlog add` in a terminal meanwhile
is seen by the next call and never waits on the server. A mistake in a
call is a tool error with the CLI's one-line message; nothing reaches stdout
but the protocol, and logs go to stderr.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp_types import ToolAnnotations
from pydantic import Field

from filmlog import __version__
from filmlog.journal import listing, lists, queries, search, stats, store, titles, watchlist
from filmlog.journal.db import Journal, open_journal
from filmlog.values.checks import check_names, check_title, check_year
from filmlog.values.dates import parse_date, parse_optional_date
from filmlog.values.errors import FilmlogError
from filmlog.values.models import NewEntry
from filmlog.values.ratings import parse_rating

MAX_PAGE = 200  # rows in one answer at most: a whole journal is paged, never sent at once
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
WRITES = ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False)

INSTRUCTIONS = """A person's film journal: what they watched and when, their ratings (½ to
5 stars), reviews, tags, watchlist and lists. Find a film with show_film or list_films,
their words with search_reviews, their viewings by date with diary. Ratings are stars
(4.5); dates are ISO (2024-06-30). Long answers come in pages: call again with the
next_offset given."""

Limit = Annotated[int, Field(ge=1, le=MAX_PAGE, description="Rows in this answer.")]
Offset = Annotated[
    int, Field(ge=0, le=2**62, description="Rows to pass over: a previous next_offset.")
]
Rating = Annotated[str | None, Field(description="Stars, 0.5 to 5: '4.5', '4½', '9/10'.")]
Day = Annotated[
    str | None, Field(description="A date: 2024-06-30, a year (2024), a month (2024-06).")
]
Sort = Literal["title", "year", "rating", "watched", "director"]


def server(path: Path, *, allow_writes: bool = False) -> MCPServer:
    """The server of the journal at path: its reading tools, and its writing ones if
    allowed (without, they do not exist)."""
    tools = Tools(path, allow_writes)
    app = MCPServer(
        "filmlog",
        version=__version__,
        instructions=INSTRUCTIONS,
        log_level="WARNING",
    )
    for fn in (
        tools.search_reviews,
        tools.show_film,
        tools.list_films,
        tools.diary,
        tools.on_this_day,
        tools.stats,
        tools.watchlist,
        tools.lists,
        tools.list_items,
        tools.duplicates,
        tools.watch_next,
    ):
        app.add_tool(fn, description=described(fn), annotations=READ_ONLY, structured_output=True)
    if allow_writes:
        for fn in (tools.log_viewing, tools.add_to_watchlist):
            app.add_tool(fn, description=described(fn), annotations=WRITES, structured_output=True)
    return app


def described(fn: Callable[..., Any]) -> str:
    """A tool's description: its docstring, each paragraph one line (a docstring's
    indentation and line breaks are no part of what the model should read)."""
    doc = inspect.cleandoc(fn.__doc__ or "")
    return "\n\n".join(" ".join(p.split()) for p in doc.split("\n\n"))


def page(rows: Iterable[Any], offset: int, limit: int) -> dict[str, Any]:
    """One page of rows (as their JSON), and where the next one starts (None: the last)."""
    taken = list(itertools.islice(rows, offset, offset + limit + 1))
    more = len(taken) > limit
    return {
        "results": [_json(r) for r in taken[:limit]],
        "next_offset": offset + limit if more else None,
    }


def _json(row: Any) -> Any:
    return row.as_json() if hasattr(row, "as_json") else row


class Tools:
    def __init__(self, path: Path, writes: bool) -> None:
        self.path = path
        self.writes = writes

    @contextmanager
    def journal(self, write: bool = False) -> Iterator[Journal]:
        """The journal for one call; a filmlog error becomes a tool error in its words."""
        try:
            # Read only means the file is never touched: an older journal is not upgraded.
            writing = write and self.writes
            with open_journal(self.path, write=writing, upgrade=self.writes) as journal:
                yield journal
        except FilmlogError as exc:
            raise ToolError("; ".join([exc.message, *[d.strip() for d in exc.details]])) from None

    def search_reviews(self, query: str, limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
        """Search the journal's reviews, titles, directors and tags, best match first: the
        films, each with an excerpt of where the words are. Words in quotes are a phrase;
        melan* finds words that start so. The same search as `filmlog search`."""
        with self.journal() as journal:
            return page(search.search(journal.conn, query, offset + limit + 1), offset, limit)

    def show_film(
        self, title: str, year: Annotated[int | None, Field(description="Release year.")] = None
    ) -> dict[str, Any]:
        """One film: its facts, every viewing of it (date, rating, rewatch, liked, tags)
        and the reviews, verbatim. The title is matched as `filmlog show` matches it (no
        case, accents or typos needed); when several films match, or none, the error
        names the candidates or the closest titles: ask the person, do not guess."""
        with self.journal() as journal:
            ref = titles.resolve(journal.conn, title, year)
            return store.film_card(journal.conn, ref.id).as_json()

    def list_films(
        self,
        director: str | None = None,
        year: int | None = None,
        decade: Annotated[str | None, Field(description="A decade: 1990s.")] = None,
        min_rating: Rating = None,
        max_rating: Rating = None,
        tag: str | None = None,
        genre: str | None = None,
        watched_since: Day = None,
        watched_until: Day = None,
        liked: bool = False,
        unrated: bool = False,
        with_whom: Annotated[str | None, Field(description="Watched with this person.")] = None,
        at: Annotated[str | None, Field(description="Watched at this place.")] = None,
        on: Annotated[str | None, Field(description="Watched on this platform.")] = None,
        sort: Sort = "title",
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The films seen, one row each (title, year, directors, rating, times watched, last
        watched, liked), filtered (the filters combine) and sorted as `filmlog list` does:
        rating and watched sort best and newest first."""
        query = self._query(
            queries.films,
            director=director,
            year=year,
            decade=decade,
            min_rating=min_rating,
            max_rating=max_rating,
            tag=tag,
            genre=genre,
            watched_since=watched_since,
            watched_until=watched_until,
            liked=liked,
            unrated=unrated,
            companion=with_whom,
            place=at,
            platform=on,
            sort=sort,
        )
        with self.journal() as journal:
            return page(listing.list_films(journal.conn, query), offset, limit)

    def diary(
        self,
        since: Day = None,
        until: Day = None,
        year: Annotated[int | None, Field(description="Watched in this year.")] = None,
        director: str | None = None,
        tag: str | None = None,
        with_whom: Annotated[str | None, Field(description="Watched with this person.")] = None,
        at: Annotated[str | None, Field(description="Watched at this place.")] = None,
        on: Annotated[str | None, Field(description="Watched on this platform.")] = None,
        limit: Limit = 50,
        offset: Offset = 0,
    ) -> dict[str, Any]:
        """The viewings, newest first: each with its date, film, rating, rewatch, liked,
        tags, review, companions, place and platform, as `filmlog diary` gives them."""
        query = self._query(
            queries.diary,
            since=since,
            until=until,
            year=year,
            director=director,
            tag=tag,
            companion=with_whom,
            place=at,
            platform=on,
        )
        with self.journal() as journal:
            return page(listing.diary(journal.conn, query), offset, limit)

    def on_this_day(
        self, date: Annotated[str | None, Field(description="The day (today if not given).")] = None
    ) -> dict[str, Any]:
        """What was watched on this month and day in earlier years, newest first."""
        day = self._call(lambda: parse_date(date) if date else dt.date.today())
        query = self._query(queries.diary, on_this_day=day)
        with self.journal() as journal:
            return page(listing.diary(journal.conn, query), 0, MAX_PAGE)

    def stats(
        self, year: Annotated[int | None, Field(description="Only this year.")] = None
    ) -> dict[str, Any]:
        """The numbers of `filmlog stats`: films, entries, hours, ratings, months, decades,
        top directors and tags, favourites; of one year, or of all time."""
        if year is not None:
            self._call(lambda: check_year(year))
        with self.journal() as journal:
            return stats.report(journal.conn, year)

    def watchlist(self, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """The films the person wants to see, oldest wish first, with when each was added."""
        with self.journal() as journal:
            return page(watchlist.items(journal.conn), offset, limit)

    def lists(self) -> dict[str, Any]:
        """The person's named lists: name, description and how many films each holds."""
        with self.journal() as journal:
            return page(lists.overview(journal.conn), 0, MAX_PAGE)

    def watch_next(
        self,
        limit: Limit = 10,
        max_runtime: Annotated[int | None, Field(ge=1, description="At most minutes.")] = None,
        with_whom: Annotated[str | None, Field(description="Watching with this person.")] = None,
    ) -> dict[str, Any]:
        """What to watch next from the watchlist, best first, each with why in one line: the
        person's own ratings of its directors, genres, countries and decade (as `filmlog
        next`)."""
        from filmlog.journal import suggest

        with self.journal() as journal:
            ranked = suggest.rank(
                journal.conn, limit=limit, max_runtime=max_runtime, with_whom=with_whom
            )
            return {"results": [s.as_json() for s in ranked.suggestions]}

    def duplicates(self, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """Films that are probably one film, and viewings probably one viewing, each group
        with why, most certain first (as `filmlog duplicates`). Merging them is the
        person's to do, with `filmlog merge`."""
        from filmlog.journal import duplicates

        with self.journal() as journal:
            return page(duplicates.find(journal.conn), offset, limit)

    def list_items(self, name: str, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
        """A list's films in their order, with their notes; the name is matched as
        `filmlog lists show` matches it."""
        with self.journal() as journal:
            named = lists.find(journal.conn, name)
            answer = {**named.as_json(), **page(lists.items(journal.conn, named), offset, limit)}
            return answer

    def log_viewing(
        self,
        title: str,
        year: int | None = None,
        directors: list[str] | None = None,
        rating: Rating = None,
        watched: Annotated[
            str | None,
            Field(description="When: 2024-06-30, yesterday, 'unknown'. Today if not given."),
        ] = None,
        review: str | None = None,
        tags: list[str] | None = None,
        rewatch: bool = False,
        liked: bool = False,
        spoilers: bool = False,
    ) -> dict[str, Any]:
        """Log a viewing in the journal, as `filmlog add` does (the film is found by its
        title and year, or made): returns the entry saved and its film."""
        wanted = self._call(
            lambda: NewEntry(
                title=check_title(title),
                year=check_year(year) if year is not None else None,
                directors=check_names(directors or []),
                rating=parse_rating(rating) if rating else None,
                watched=_day(watched),
                tags=check_names(tags or [], "tag"),
                rewatch=rewatch,
                liked=liked,
                spoilers=spoilers,
                review=review or None,
            )
        )
        with self.journal(write=True) as journal:
            saved = store.add_entry(journal, wanted)
            return {
                "film": saved.film.as_json(),
                "entry": saved.entry.as_json(),
                "new_film": saved.new_film,
                "rewatch_inferred": saved.auto_rewatch,
                "off_watchlist": saved.off_watchlist,
            }

    def add_to_watchlist(self, title: str, year: int | None = None) -> dict[str, Any]:
        """Put a film on the watchlist, as `filmlog watchlist add` does."""
        checked = self._call(
            lambda: (check_title(title), check_year(year) if year is not None else None)
        )
        with self.journal(write=True) as journal:
            item, added = watchlist.want(journal, *checked)
            return {"film": item.as_json(), "added": added}

    # --------------------------------------------------------------------------

    def _query(self, build: Callable[..., Any], **given: Any) -> Any:
        return self._call(lambda: build(named=lambda n: n, **given))

    @staticmethod
    def _call(reading: Callable[[], Any]) -> Any:
        """A value read by its rule; a bad one is a tool error in the CLI's words."""
        try:
            return reading()
        except FilmlogError as exc:
            raise ToolError(exc.message) from None


def _day(text: str | None) -> str | None:
    if text is None:
        text = "today"
    value = parse_optional_date(text)
    return value.isoformat() if value else None
