"""A recording session: stands where an import session stands and writes down what a
source says, in order, with no journal beneath it.

A source's test reads a file through its real `read` into one of these and compares
the verbs it said ("file → verbs"), in milliseconds; what the engine then does with
them is tested at its own seam (tests/test_engine.py) and end to end through the CLI.
Films get ids as the session would give them: one per film, the first citation's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from filmlog.imports.engine.films import Cited
from filmlog.imports.engine.reporting import Reporting
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.engine.summary import Summary
from filmlog.imports.engine.viewings import Same
from filmlog.values.keys import key


class RecordingSession(Reporting):
    def __init__(self) -> None:
        super().__init__(Summary(source="recorded", path="", dry_run=True))
        self.said: list[tuple[Any, ...]] = []
        self.films: dict[int, Cited] = {}
        self._ids: dict[tuple[Any, ...], int] = {}
        self.platform: str | None = None
        self.same = Same.DAY
        self.journal_path: Path | None = None

    def _names(self, cited: Cited) -> list[tuple[Any, ...]]:
        """What names a film, as the engine looks: each id, then title and year."""
        return [(k, str(v)) for k, v in cited.ids.items()] + [(key(cited.title), cited.year)]

    def find(self, cited: Cited) -> int | None:
        return next((self._ids[n] for n in self._names(cited) if n in self._ids), None)

    def film(self, cited: Cited) -> int:
        """The film's number, the first time it is named said with what named it."""
        found = self.find(cited)
        if found is None:
            found = len(self.films) + 1
            self.films[found] = cited
            self.said.append(("film", found, cited.title, cited.year, dict(cited.ids.items())))
        for name in self._names(cited):
            self._ids.setdefault(name, found)
        return found

    def film_on(self, cited: Cited, day: str | None) -> int | None:
        return self.film(cited)

    def restore_film(self, cited: Cited, keep_id: int, restore: Any) -> int:
        fid = self.film(cited)
        self.said.append(("restore_film", fid, keep_id, restore.rating, restore.seen))
        return fid

    def viewing(self, fid: int, v: Any, same: Same | None = None, **restored: Any) -> int:
        self.said.append(("viewing", fid, v.watched, v.rating, v.rewatch, tuple(v.tags), v.uri))
        return len(self.said)

    def restore_entry(self, fid: int, v: Any, given: Any) -> int:
        self.said.append(("restore_entry", fid, v.watched, v.rating, given.id, given.uid))
        return len(self.said)

    def review(self, fid: int, v: Any) -> int:
        self.said.append(("review", fid, v.watched, v.review, v.spoilers))
        return len(self.said)

    def sync(self, fid: int, item: Any, v: Any) -> int | None:
        self.said.append(("sync", fid, item.source, item.item, v.watched, v.rating))
        return len(self.said)

    def row(self, fid: int, source: str, names: tuple[object, ...], v: Any) -> int | None:
        self.said.append(("row", fid, source, names, v.watched, v.rating))
        return len(self.said)

    def rate(self, fid: int, rating: int, rated_at: str | None) -> None:
        self.said.append(("rate", fid, rating, rated_at))

    def seen(self, fid: int) -> None:
        self.said.append(("seen", fid))

    def like(self, fid: int) -> None:
        self.said.append(("like", fid))

    def want(self, fid: int, added_at: str | None, *, unless_seen: bool = False) -> None:
        self.said.append(("want", fid, added_at))

    def listed(self, listed: Any) -> None:
        self.said.append(("listed", listed.name, [(p, f) for p, f, _ in listed.films]))

    def verbs(self, *names: str) -> list[tuple[Any, ...]]:
        """What was said, of these verbs only (all, when none are named)."""
        return [s for s in self.said if not names or s[0] in names]

    def titled(self, fid: int) -> str:
        return self.films[fid].title


def recorded(source: Source, where: str | Path, **options: Any) -> RecordingSession:
    """What a source says of what it is given."""
    session = RecordingSession()
    session.platform = source.platform
    source.read(session, Given(str(where), options))  # type: ignore[arg-type]
    return session
