"""Netflix: a profile's viewing history (NetflixViewingHistory.csv: Title, Date), or the full
personal-data download (ViewingActivity.csv, with MyList.csv and Ratings.csv beside it in
CONTENT_INTERACTION/), given as the file, its folder or the .zip.

Netflix writes no year and no kind: a title is an episode when it has the shape of one
(`Show: Season 2: Episode`, in Netflix's interface languages) or when several titles of
the file share the text before their first colon (a series whose episodes carry no
season); everything else is taken as a film. Its dates are in the account's locale and
read by the file date rule; the full download's start times are UTC, so a viewing is on
its local day. Trailers, teasers and the like are not viewings, and in the full download
neither is less than --min-minutes of a title in a day (two sittings add up).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from filmlog.imports.engine.session import Cited, ImportSession, Viewing
from filmlog.imports.engine.source import DATE_ORDER, Choose, Given, Identified, Option, Source
from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ImportRefused, Member
from filmlog.imports.reading.tables import Row, dates_of, table
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import FilmIds
from filmlog.values.keys import fold, key

# The word for a season (or a limited series) in Netflix's interface languages, as a whole
# part of a title: "Season 2", "Temporada 5", "2. Sezon", "1. évad", "Řada 3", "シーズン1",
# "시즌 2", "第2季", "Limited Series", "Miniserie".
_SEASON_WORDS = (
    "season|temporada|saison|staffel|seizoen|sezon|sæson|säsong|sesong|stagione|kausi|"
    "sezona|sezóna|sezonul|évad|řada|séria|сезон|σεζόν|עונה|الموسم|ซีซั่น|mùa|musim|"
    "シーズン|시즌|series|serie|série|limited series|miniseries|mini-series|miniserie|"
    "minisérie|miniserial|série limitée|serie limitada|série limitada|serie limitata|"
    "limitowany serial|begrenzte serie|kısa dizi|sınırlı dizi|ミニシリーズ|리미티드 시리즈"
)
_SEASON = re.compile(
    rf"(?:\d+\.?\s*)?(?:{_SEASON_WORDS})(?:\s*(?:\d+|[IVX]+))?|第.+季",
    re.IGNORECASE,
)
# Words that number a part of a series: an episode when another part follows, or when it
# ends the title with its number ("Show: Episode 3", "Show: Part 2: The Heist").
_PART = re.compile(
    r"(?:part|parte|partie|teil|deel|część|del|osa|část|rész|chapter|capítulo|capitulo|"
    r"chapitre|kapitel|kapitola|luku|rozdział|hoofdstuk|volume|volumen|vol\.|episode|"
    r"episodio|episódio|épisode|folge|aflevering|afsnit|avsnitt|jakso|epizoda|epizód|"
    r"odcinek|bölüm|collection|colección|coleção|kolekcja|book|libro|livro|buch|パート|"
    r"エピソード|에피소드)\s*[\w.]+",
    re.IGNORECASE,
)
_EPISODE_END = re.compile(
    r"(?:episode|episodio|episódio|épisode|folge|aflevering|afsnit|avsnitt|jakso|epizoda|"
    r"epizód|odcinek|bölüm|エピソード|에피소드)\s*\d+|\(\w+\s*\d+\)|第\d+[話集]",
    re.IGNORECASE,
)
MIN_MINUTES = 20


@dataclass(frozen=True)
class Played:
    """A title watched on a day (the full download's sittings of it that day, added up)."""

    title: str
    day: str | None
    line: int | None = None  # in the history file (the download's are added up)


def run(session: ImportSession, given: Given) -> None:
    found = session.files(given.path)
    history = [m for m in found if _name(m) in ("viewingactivity.csv",)]
    if not history:
        history = [m for m in found if _name(m).startswith("netflixviewinghistory")]
    if not history:
        history = [m for m in found if _name(m).endswith(".csv")][:1] if len(found) == 1 else []
    if not history:
        raise ImportRefused(
            str(given.path), "no NetflixViewingHistory.csv or ViewingActivity.csv here"
        )
    order = cells.DateOrder(given.option("date_order"))
    for member in history:
        rows = table(
            member,
            ("Title",),
            identity=lambda r: tuple(r.values.items()),
            repeated=session.repeated("entries"),
        )
        if "starttime" in (rows[0].values if rows else {}):
            profile = _profile(member, rows, given.option("profile"))
            least = given.option("min_minutes") or MIN_MINUTES
            resaved = [r for r in rows if not _STAMP.match(r.get("starttime"))]
            # A spreadsheet's re-save writes 10/20/2021 21:36: its days in the file's order
            days = dates_of(member, resaved, {"starttime": "Start Time"}, order)
            played = _activity(session, member, rows, profile, least, days)
            extras = [
                m
                for m in found
                if PurePosixPath(m.name).parent == PurePosixPath(member.name).parent
            ]
        else:
            if "date" not in (rows[0].values if rows else {"date": ""}):
                raise ImportRefused(member.label, "missing the column 'Date' (is it Netflix's?)")
            day = dates_of(member, rows, {"date": "Date"}, order)
            played = _history(member, rows, day)
            profile, extras = None, []
        series = _log(session, member, played, given)
        for extra in extras:
            if _name(extra) == "mylist.csv":
                _my_list(session, extra, profile, series)
            elif _name(extra) == "ratings.csv":
                _ratings(session, extra, profile, series)


def _name(member: Member) -> str:
    return PurePosixPath(member.name).name.lower()


def _history(member: Member, rows: list[Row], day: Any) -> list[Played]:
    played = []
    for row in rows:
        try:
            played.append(
                Played(" ".join(row.get("title").split()), day(row.get("date")), row.line)
            )
        except BadValue as exc:
            raise ImportRefused(member.label, exc.message, row.line) from None
    return played


def _profile(member: Member, rows: list[Row], wanted: str | None) -> str:
    """The profile whose viewings to import: the one named (without regard to case or
    accents), the only one, or a choice to make."""
    counts = Counter(r.get("profilename") for r in rows)
    if wanted:
        found = [p for p in counts if fold(p) == fold(wanted.strip())]
        if not found:
            raise ImportRefused(
                member.label, f"no profile {wanted!r} here (profiles: {_listed(counts)})"
            )
        return found[0]
    if len(counts) == 1:
        return next(iter(counts))
    raise Choose(
        "profile",
        [p for p, _ in counts.most_common()],
        f"{member.label}: the download holds {len(counts)} profiles ({_listed(counts)}):"
        " pick one with --profile NAME",
    )


def _listed(counts: Counter[str]) -> str:
    return ", ".join(f"{p} ({n:,} row{'s' if n != 1 else ''})" for p, n in counts.most_common())


def _activity(
    session: ImportSession,
    member: Member,
    rows: list[Row],
    profile: str,
    minimum: int,
    days: cells.FileDates,
) -> list[Played]:
    """The profile's viewings, a title's sittings of one day added up; trailers, teasers and
    other extras, and too short a time with a title, left out (counted)."""
    minutes: dict[tuple[str, str], float] = defaultdict(float)
    for row in rows:
        if row.get("profilename") != profile:
            continue
        if row.get("supplementalvideotype"):
            session.skip("trailers, teasers and other extras (not viewings)")
            continue
        start = row.get("starttime")
        try:  # Netflix writes its times in UTC, without saying so
            day = cells.local_day(_utc(start, days))
        except BadValue:  # named as the file has it, at its line
            why = f"{start[:40]!r} is not a date and time (Start Time)"
            raise ImportRefused(member.label, why, row.line) from None
        title = " ".join(row.get("title").split())
        minutes[(title, day or "")] += _minutes(row.get("duration"))
    played = []
    for (title, day), total in minutes.items():
        if total < minimum:
            session.skip(f"viewings shorter than {minimum} minutes")
        else:
            played.append(Played(title, day))
    return played


_STAMP = re.compile(r"\s*\d{4}-\d\d-\d\d[T ]\d")  # 2021-10-20 21:36:05, Netflix's own
_CLOCK = re.compile(r"\s(\d{1,2}):(\d\d)(?::(\d\d))?\s*([AaPp][Mm])?\s*$")


def _utc(start: str, days: cells.FileDates) -> str:
    """The moment a Start Time names, in ISO with its offset (UTC unless it says)."""
    if _STAMP.match(start):
        return start if "+" in start or start.endswith("Z") else f"{start}+00:00"
    clock = _CLOCK.search(start)
    day = days(start)
    if clock is None or day is None:
        raise BadValue(f"{start!r} is not a date and time")
    hour = int(clock[1]) % 12 + (12 if (clock[4] or "").lower() == "pm" else 0)
    hour = hour if clock[4] else int(clock[1])
    return f"{day}T{hour:02d}:{clock[2]}:{clock[3] or '00'}+00:00"


def _minutes(duration: str) -> float:
    parts = [int(p) for p in duration.split(":") if p.isdigit()]
    while len(parts) < 3:
        parts.insert(0, 0)
    hours, mins, secs = parts[-3:]
    return hours * 60 + mins + secs / 60


# A sequel's mark at the end of a title (Mission: Impossible III, Rocky II, Part 2 and
# its kin in Netflix's languages): a franchise's films share the text before a colon too.
_SEQUEL = re.compile(
    r"(?:\s(?:II|III|IV|V|VI|VII|VIII|IX|X|[2-9])|"
    r"\b(?:part|parte|partie|teil|część|del|deel|vol\.?|volume)\s*(?:\d+|[IVX]+))\s*$",
    re.IGNORECASE,
)


def series_of(titles: list[str], films: tuple[str, ...] = ()) -> tuple[set[str], set[str]]:
    """Which titles are episodes, and the series they belong to (by the text before the
    first colon): by the shape of the title, or because several titles share that text.

    A franchise's films share that text as a series' episodes do; a title is a film when
    it ends in a sequel's mark, when its head was watched as a title of its own (A
    Christmas Prince, then A Christmas Prince: The Royal Wedding), or when it starts with
    one of films (prefixes the person said are films')."""
    plain = {key(t) for t in titles if ":" not in t}
    firsts: dict[str, set[str]] = defaultdict(set)
    for title in titles:
        head, sep, rest = title.partition(":")
        if sep and not _PART.fullmatch(rest.strip()):  # "Kill Bill: Vol. 1" is a film's part
            firsts[key(head)].add(title)
    episodes, series = set(), set()
    for title in titles:
        head, sep, rest = title.partition(":")
        if not sep:
            continue
        parts = [p.strip() for p in rest.split(":")]
        shaped = any(_SEASON.fullmatch(p) for p in parts) or any(
            _PART.fullmatch(p) for p in parts[:-1]
        )
        # Show: Season: Episode, or Show: Part: Episode (a film has at most one colon);
        # Community: Community is a show's name twice
        shaped = shaped or len(parts) > 1 or bool(_EPISODE_END.search(parts[-1]))
        shaped = shaped or key(parts[-1]) == key(head)
        a_film = (
            _SEQUEL.search(title) is not None
            or key(head) in plain
            or any(key(title).startswith(key(f)) for f in films if key(f))
        )
        if shaped or (len(firsts[key(head)]) > 1 and not a_film):
            episodes.add(title)
            series.add(head.strip())
    return episodes, series


def _log(session: ImportSession, member: Member, played: list[Played], given: Given) -> set[str]:
    """The films' viewings into the journal; the series recognised (their names)."""
    episodes, series = series_of([p.title for p in played], tuple(given.option("films") or ()))
    for title in list(episodes):  # a title that is a film of the journal is that film
        if not _PART.search(title) and session.find(Cited(title)) is not None:
            episodes.discard(title)
    series = {h for h in series if any(t.partition(":")[0].strip() == h for t in episodes)}
    films = {
        p.title: Cited(p.title) for p in played if _titled(p.title) and p.title not in episodes
    }
    looked_up = set()
    if given.lookup is not None:  # what TMDb says of the titles the journal does not have
        new = [t for t, cited in films.items() if session.find(cited) is None]
        for title, found in given.lookup(new).items():
            looked_up.add(title)
            if found.series:
                series.add(title)
                episodes.add(title)
                del films[title]
            else:
                films[title] = _cited(title, found)
    session.expect(len(played))
    for play in session.each(member.label, played):
        if play.title in looked_up and play.title in episodes:
            session.skip("series, by TMDb (filmlog keeps films)")
        elif play.title in episodes:
            session.skip("episodes (filmlog keeps films)")
        elif not _titled(play.title):  # ": " is no title
            session.skip("rows without a title")
        else:
            fid = session.film_on(films[play.title], play.day)
            if fid is not None:
                named = (key(play.title), play.day)
                session.row(fid, "netflix", named, Viewing(watched=play.day, rewatch=None))
    if given.dry_run:  # every one of them, for the person to check
        session.note(f"Films ({len(films):,}): {_some(films, len(films))}.")
        session.note(f"Series recognised ({len(series):,}): {_some(series, len(series))}.")
    return series


def _cited(title: str, found: Identified) -> Cited:
    return Cited(
        title,
        found.year,
        FilmIds(tmdb=found.tmdb_id, imdb=found.imdb_id),
        original_title=found.original_title,
        runtime=found.runtime,
        directors=found.directors,
        genres=found.genres,
    )


def _titled(title: str) -> bool:
    return any(c.isalnum() for c in title)


def _some(names: Any, at_most: int = 40) -> str:
    names = sorted(names, key=fold)
    more = f", and {len(names) - at_most:,} more" if len(names) > at_most else ""
    return (", ".join(names[:at_most]) or "none") + more


def _extra_rows(member: Member, profile: str | None, required: tuple[str, ...]) -> list[Row]:
    rows = table(member, required)
    return [r for r in rows if profile is None or r.get("profilename") == profile]


def _is_series(title: str, series: set[str]) -> bool:
    return key(title) in {key(s) for s in series} or bool(series_of([title])[0])


def _my_list(session: ImportSession, member: Member, profile: str | None, series: set[str]) -> None:
    """The profile's My List: its films on the watchlist (series it watched left out)."""
    for row in _extra_rows(member, profile, ("Title Name",)):
        title = " ".join(row.get("titlename").split())
        if not title or _is_series(title, series):
            session.skip("series on My List")
            continue
        added = row.get("utctitleadddate")[:10] or None
        session.want(session.film(Cited(title)), added, unless_seen=True)


def _ratings(session: ImportSession, member: Member, profile: str | None, series: set[str]) -> None:
    """Thumbs up (one or two) like a film; Netflix's old stars rate it; thumbs down does
    nothing."""
    for row in _extra_rows(member, profile, ("Title Name",)):
        title = " ".join(row.get("titlename").split())
        if not title or _is_series(title, series):
            session.skip("ratings of series")
            continue
        stars, thumbs = row.get("starvalue"), row.get("thumbsvalue")
        if stars.isdigit() and 1 <= int(stars) <= 5:
            session.rate(
                session.film(Cited(title)), int(stars) * 2, row.get("eventutcts")[:10] or None
            )
        elif thumbs in ("2", "3"):
            session.like(session.film(Cited(title)))
        else:
            session.skip("thumbs down (filmlog keeps no such mark)")


def recognizes(columns: set[str], head: bytes) -> bool:
    return columns == {"title", "date"} or {"profilename", "starttime", "title"} <= columns


SOURCE = Source(
    name="netflix",
    read=run,
    help="""Import what you watched on Netflix: films, with episodes and trailers left out.

    Give NetflixViewingHistory.csv (Account > Viewing activity > Download all), or the
    full personal-data download (its .zip or folder, or ViewingActivity.csv), which also
    brings My List and your ratings. A dry run lists the films it would add and the
    series it recognised, so you can check.

    Example: filmlog import netflix NetflixViewingHistory.csv --dry-run
    """,
    argument_help="NetflixViewingHistory.csv, ViewingActivity.csv, or the download.",
    title="Netflix history {path}",
    options=(
        Option("profile", ("--profile",), "The profile to import, in a download of several."),
        Option(
            "min_minutes",
            ("--min-minutes",),
            f"In the full download, the least time with a title in a day that is a viewing"
            f" (default {MIN_MINUTES}).",
            type=int,
        ),
        Option(
            "lookup",
            ("--lookup",),
            "Ask TMDb (with your token) what each new title is: series left out, films given"
            " their year and facts.",
            type=bool,
            default=False,
        ),
        Option(
            "films",
            ("--films",),
            "Titles that start so are films, not a series' episodes (a franchise: --films"
            " 'The Lord of the Rings'); repeat for more.",
            multiple=True,
        ),
        DATE_ORDER,
    ),
    recognizes=recognizes,
    describes="a Netflix viewing history",
    platform="Netflix",
)
