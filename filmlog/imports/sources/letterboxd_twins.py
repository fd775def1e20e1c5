"""Films of a Letterboxd export that share a title and a year (two *Cinderella* of 1922).

The per-film files (ratings, watched) name each film by its own address; the diary and
reviews name only the entry's, so a diary row of such a title could be either film. The
rating the row gives, against each film's rating in ratings.csv, says which; when it
cannot, the rows are shared out in turn, so neither film is left without its viewings
and no film is made of the two.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from filmlog.imports.reading import cells
from filmlog.imports.reading.archive import ImportRefused, Member
from filmlog.imports.reading.tables import read_rows
from filmlog.values.errors import BadValue
from filmlog.values.keys import key

Named = tuple[str, int | None]  # a title's key and its year


def _stars(text: str | None) -> int | None:
    try:
        return cells.stars(text)
    except BadValue:
        return None


class Twins:
    """The films of each title and year an export's per-film files name more than once."""

    def __init__(
        self, films: dict[Named, dict[str, int | None]], titles: dict[Named, str] | None = None
    ) -> None:
        self._films = {named: each for named, each in films.items() if len(each) > 1}
        self._titles = titles or {n: n[0] for n in self._films}
        self._used: Counter[str] = Counter()

    @classmethod
    def of(cls, members: list[Member]) -> Twins:
        """Read from ratings.csv and watched.csv (a file that cannot be read says nothing
        here: its own reader refuses it)."""
        films: dict[Named, dict[str, int | None]] = defaultdict(dict)
        titles: dict[Named, str] = {}
        for member in members:
            try:
                rows = list(read_rows(member, ("Name",)))
            except ImportRefused:  # its own reader names what is wrong with it
                continue
            for row in rows:
                uri = row.get("letterboxduri")
                if not uri:
                    continue
                try:
                    year = cells.year(row.get("year"))
                except BadValue:
                    continue
                named = (key(row.get("name")), year)
                titles.setdefault(named, row.get("name"))
                rated = films[named]
                if rated.get(uri) is None:
                    rated[uri] = _stars(row.get("rating"))
        return cls(films, titles)

    def __bool__(self) -> bool:
        return bool(self._films)

    def told(self) -> str:
        """Where rows were shared out by a guess, for the summary to say."""
        named = sorted(
            f"{self._titles[n]} ({n[1]})" if n[1] else self._titles[n] for n in self._films
        )
        return (
            f"Films that share a title and year ({', '.join(named)}): each diary and review"
            " row went to the one whose rating it gives, else to each in turn."
        )

    def restart(self) -> None:
        """A new file: its rows are shared out from the start."""
        self._used.clear()

    def film(self, title: str, year: int | None, rating: str | None) -> str | None:
        """The address of the film a diary or review row means, when its title and year
        name several; else None (title and year say which)."""
        films = self._films.get((key(title), year))
        if not films:
            return None
        stars = _stars(rating)
        rated = [uri for uri, r in films.items() if r is not None and r == stars]
        chosen = rated or list(films)
        uri = min(chosen, key=lambda u: self._used[u])  # in turn, when nothing tells
        self._used[uri] += 1
        return uri
