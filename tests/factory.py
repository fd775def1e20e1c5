"""Journals for tests, made in a line through the store (as todoman's todo_factory does).

    def test_x(factory, cli):
        factory.log("Heat", 1995, directors="Michael Mann", rating="4.5", watched="2024-12-24")
        factory.want("Ran", 1985)
        factory.many(films=300, entries=1000)

Values are given as a person types them (ratings like "4.5" or "9/10", dates
like "2024-12-24" or "unknown", names separated by commas): the same rules
as the command line, without going through it.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from pathlib import Path

from filmlog.journal import edits, lists, names, store, watchlist
from filmlog.journal.db import Journal, open_journal
from filmlog.values.checks import check_name, check_title, check_year, split_names
from filmlog.values.dates import parse_optional_date
from filmlog.values.models import NewEntry
from filmlog.values.ratings import parse_rating


class JournalFactory:
    def __init__(self, path: Path) -> None:
        self.path = path

    def _open(self) -> Journal:
        return open_journal(self.path, write=True)

    def log(
        self,
        title: str,
        year: int | None = None,
        *,
        directors: str | Iterable[str] = (),
        rating: str | None = None,
        watched: str = "today",
        review: str | None = None,
        tags: str | Iterable[str] = (),
        rewatch: bool = False,
        liked: bool = False,
        spoilers: bool = False,
        runtime: int | None = None,
        companions: Iterable[str] = (),
        place: str | None = None,
        platform: str | None = None,
    ) -> int:
        """Log a viewing, as `filmlog add` does; the entry's id."""
        day = parse_optional_date(watched)
        new = NewEntry(
            title=check_title(title),
            year=check_year(year) if year is not None else None,
            directors=[check_name(d) for d in split_names(directors)],
            rating=parse_rating(rating) if rating else None,
            watched=day.isoformat() if day else None,
            review=review,
            tags=[check_name(t, "tag") for t in split_names(tags)],
            rewatch=rewatch,
            liked=liked,
            spoilers=spoilers,
            companions=list(companions),
            place=place,
            platform=platform,
        )
        with self._open() as journal:
            saved = store.add_entry(journal, new)
            if runtime is not None:
                edits.edit_film(journal, saved.film.id, edits.FilmChanges(runtime=runtime))
        return saved.entry.id

    def facts(
        self,
        title: str,
        *,
        directors: Iterable[str] = (),
        genres: Iterable[str] = (),
        countries: Iterable[str] = (),
        runtime: int | None = None,
    ) -> None:
        """Film facts as `enrich` would bring them, for the film called title."""
        with self._open() as journal:
            (film_id,) = journal.conn.execute(
                "SELECT id FROM films WHERE title = ?", [title]
            ).fetchone()
            if directors:
                names.set_directors(journal, film_id, directors)
            names.set_genres(journal, film_id, genres)
            names.set_countries(journal, film_id, countries)
            if runtime is not None:
                edits.edit_film(journal, film_id, edits.FilmChanges(runtime=runtime))

    def want(self, title: str, year: int | None = None, directors: Iterable[str] = ()) -> None:
        with self._open() as journal:
            watchlist.want(journal, title, year, list(directors))

    def listed(self, name: str, *titles: str) -> None:
        with self._open() as journal:
            lists.add(journal, name, list(titles))

    def many(self, films: int, entries: int, seed: int = 7) -> None:
        """A journal of films and entries made up at random (the same for the same seed)."""
        from filmlog.imports.engine.session import Cited, Same, Summary, Viewing
        from filmlog.imports.run import importing

        rng = random.Random(seed)
        made_up = Summary(source="test", path="made up")
        with self._open() as journal, importing(journal, made_up, same=Same.NEVER) as session:
            ids = [
                session.film(Cited(f"Film {n}", 1930 + n % 90, directors=(f"Director {n % 40}",)))
                for n in range(films)
            ]
            for n in range(entries):
                day = f"{rng.randint(2005, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                viewing = Viewing(
                    watched=day,
                    rating=rng.choice([None, *range(1, 11)]),
                    rewatch=None,
                    review=f"Review {n} of a film." if n % 3 == 0 else None,
                )
                session.viewing(ids[n % films] if n < films else rng.choice(ids), viewing)
