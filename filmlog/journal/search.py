"""Full-text search of the journal with SQLite FTS5 (its index is kept by `search_index`).

What a person types is never handed to FTS5 as it is: words become quoted
terms, `word*` a prefix, `"two words"` a phrase, and anything else (brackets,
operators, a lone star) is taken as plain text, so no query is a syntax error.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from filmlog.journal.grouped import chunks
from filmlog.journal.records import DIRECTORS, split
from filmlog.values.errors import BadValue
from filmlog.values.ratings import as_number

# Column weights for bm25: a word in the title counts far more than one in passing.
WEIGHTS = (10.0, 8.0, 5.0, 3.0, 1.0)
START, END = "\x02", "\x03"  # marks around matched words in excerpts
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


def fts_query(text: str) -> str:
    """The FTS5 query for what a person typed; "" when it holds no word the index knows
    (an emoji, punctuation: searched as written), BadValue when it holds nothing at all."""
    terms = []
    for phrase, word in _TOKEN.findall(text):
        if phrase:
            words = _words(phrase)
            if words:
                terms.append('"' + " ".join(words) + '"')
            continue
        prefix = word.endswith("*")
        words = _words(word)
        if not words:
            continue
        # "hong-kong" is one phrase of two words, as the index saw it.
        quoted = '"' + " ".join(words) + '"'
        terms.append(quoted + ("*" if prefix else ""))
    if not terms:
        if not text.replace('"', "").strip():
            raise BadValue(
                f"nothing to search for in {text!r}: give a word, e.g. filmlog search neon"
            )
        return ""
    return " ".join(terms)


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[^\w]+", text) if w]


@dataclass
class Hit:
    film_id: int
    title: str
    year: int | None
    directors: list[str]
    rating: int | None
    entry_id: int | None
    watched: str | None
    matched_in: str  # the column the excerpt comes from
    excerpt: str  # plain text
    spans: list[tuple[int, int]] = field(default_factory=list)  # matched [start, end)
    score: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "film_id": self.film_id,
            "title": self.title,
            "year": self.year,
            "directors": self.directors,
            "rating": as_number(self.rating),
            "entry_id": self.entry_id,
            "watched": self.watched,
            "field": self.matched_in,
            "excerpt": self.excerpt,
            "matches": [list(span) for span in self.spans],
            "score": round(self.score, 4),
        }


FIELDS = ("title", "original_title", "directors", "tags", "review")


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> Iterator[Hit]:
    """The films best matching text, best first, each with one excerpt, as they are found.

    The ranked documents are read from the cursor a chunk at a time; each
    film is shown once, by its best document, and excerpts are made a batch
    of films at a time (making them is the costly part).
    """
    query = fts_query(text)
    if not query:
        yield from _as_written(conn, text.strip(), limit)
        return
    weights = ", ".join(str(w) for w in WEIGHTS)
    try:
        ranked = conn.execute(
            f"SELECT rowid, bm25(search, {weights}) AS score FROM search"
            " WHERE search MATCH ? ORDER BY score LIMIT ?",
            [query, max(limit, 1) * 20],
        )
    except sqlite3.OperationalError as exc:
        raise BadValue(f"cannot search for {text!r}: {exc}") from None
    shown: set[int] = set()
    for chunk in chunks(ranked):
        owners = _owners(conn, [rowid for rowid, _ in chunk])
        best: dict[int, tuple[int, int | None, float]] = {}  # film -> its best document
        for rowid, score in chunk:
            film_id, entry = owners.get(rowid, (None, None))
            if film_id is not None and film_id not in shown:
                shown.add(film_id)
                best[film_id] = (rowid, entry, score)
                if len(shown) >= limit:
                    break
        yield from _hits(conn, query, best)
        if len(shown) >= limit:
            return


def count(conn: sqlite3.Connection, text: str) -> int:
    """How many films the words match in all (search() shows the best of them)."""
    query = fts_query(text)
    if not query:
        return sum(1 for _ in _as_written(conn, text.strip(), None))
    return int(
        conn.execute(
            "SELECT count(DISTINCT CASE WHEN s.rowid % 2 = 0 THEN s.rowid / 2 ELSE e.film_id END)"
            " FROM search s LEFT JOIN entries e ON s.rowid % 2 = 1 AND e.id = s.rowid / 2"
            " WHERE search MATCH ?",
            [query],
        ).fetchone()[0]
    )


EXCERPT = 60  # characters either side of the match, for a search as written


def _as_written(conn: sqlite3.Connection, text: str, limit: int | None) -> Iterator[Hit]:
    """Films whose title or a review holds text as it is written (an emoji, punctuation:
    what the index has no words for), titles first, then the latest reviews."""
    shown: set[int] = set()
    rows = conn.execute(
        f"SELECT f.id, f.title, f.year, f.rating, {DIRECTORS}, NULL, NULL, 'title', f.title"
        " FROM films f WHERE instr(f.title, :t) > 0"
        f" UNION ALL SELECT f.id, f.title, f.year, coalesce(e.rating, f.rating), {DIRECTORS},"
        " e.id, e.watched, 'review', e.review FROM entries e JOIN films f ON f.id = e.film_id"
        " WHERE instr(e.review, :t) > 0",
        {"t": text},
    )
    for film_id, title, year, rating, directors, entry_id, watched, column, where in rows:
        if film_id in shown:
            continue
        if limit is not None and len(shown) >= limit:
            return
        shown.add(film_id)
        at = where.find(text)
        start, end = max(at - EXCERPT, 0), min(at + len(text) + EXCERPT, len(where))
        before = "…" if start else ""
        part = where[start:end]
        excerpt = before + part + ("…" if end < len(where) else "")
        spans = [
            (len(before) + m.start(), len(before) + m.end())
            for m in re.finditer(re.escape(text), part)
        ]
        yield Hit(
            film_id,
            title,
            year,
            split(directors),
            rating,
            entry_id,
            watched,
            column,
            excerpt,
            spans,
            0.0,
        )


def _hits(
    conn: sqlite3.Connection, query: str, best: dict[int, tuple[int, int | None, float]]
) -> Iterator[Hit]:
    """Each film's hit, with the excerpt of its best document."""
    if not best:
        return
    marks = {
        row[0]: row[1:]
        for row in conn.execute(
            f"SELECT rowid, snippet(search, -1, '{START}', '{END}', '…', 16),"
            " highlight(search, 0, ?, ?), highlight(search, 1, ?, ?),"
            " highlight(search, 2, ?, ?), highlight(search, 3, ?, ?)"
            " FROM search WHERE search MATCH ? AND rowid IN"
            f" ({', '.join('?' * len(best))})",
            [START, END] * 4 + [query, *(rowid for rowid, _, _ in best.values())],
        )
    }
    films = _in(
        conn,
        f"SELECT f.id, f.title, f.year, f.rating, {DIRECTORS} FROM films f WHERE f.id IN ({{}})",
        list(best),
    )
    entries = _in(
        conn,
        "SELECT id, watched, rating FROM entries WHERE id IN ({})",
        [entry for _, entry, _ in best.values() if entry is not None],
    )
    for film_id, (rowid, entry_id, score) in best.items():
        snippet, *highlighted = marks[rowid]
        excerpt, spans = _unmark(plain_text(snippet))
        _, title, year, film_rating, directors = films[film_id]
        watched, rating = entries[entry_id][1:] if entry_id in entries else (None, None)
        yield Hit(
            film_id=film_id,
            title=title,
            year=year,
            directors=split(directors),
            rating=rating or film_rating,
            entry_id=entry_id,
            watched=watched,
            matched_in=_matched_column(snippet, highlighted),
            excerpt=excerpt,
            spans=spans,
            score=score,
        )


def _in(conn: sqlite3.Connection, sql: str, ids: list[int]) -> dict[int, tuple[Any, ...]]:
    """Rows by their first column, for a list of ids, in one query."""
    if not ids:
        return {}
    return {r[0]: r for r in conn.execute(sql.format(", ".join("?" * len(ids))), ids)}


def _owners(conn: sqlite3.Connection, rowids: list[int]) -> dict[int, tuple[int, int | None]]:
    """The film (and entry) each search document belongs to: 2 * film id, or 2 * entry id + 1."""
    owners: dict[int, tuple[int, int | None]] = {r: (r // 2, None) for r in rowids if r % 2 == 0}
    entries = _in(
        conn, "SELECT id, film_id FROM entries WHERE id IN ({})", [r // 2 for r in rowids if r % 2]
    )
    for entry_id, (_, film_id) in entries.items():
        owners[entry_id * 2 + 1] = (film_id, entry_id)
    return owners


def _matched_column(snippet: str, highlighted: list[str]) -> str:
    for name, text in zip(FIELDS, highlighted, strict=False):
        if START in (text or ""):
            plain = _unmark(text)[0]
            if _unmark(snippet)[0].strip("…") in plain:
                return name
    return "review"


# Markdown's marks, so that an excerpt of a review reads as text: a link as its words, no
# stars, underscores, backticks, heading or quote marks.
_MARKDOWN = [
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)?"), r"\1"),
    (re.compile(r"\*\*|__|~~|`"), ""),
    (re.compile(r"(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*])"), ""),
    (re.compile(r"^[ \t]{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])[ \t]+", re.M), ""),
]


def plain_text(markdown: str) -> str:
    """Markdown (or an excerpt of it, with its match marks) as the words a reader sees."""
    for pattern, replacement in _MARKDOWN:
        markdown = pattern.sub(replacement, markdown)
    return markdown


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """Excerpt text without the marks, and where the marked words were."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start = None
    for part in re.split(f"([{START}{END}])", marked or ""):
        if part == START:
            start = length
        elif part == END:
            if start is not None:
                spans.append((start, length))
            start = None
        else:
            out.append(part)
            length += len(part)
    return "".join(out), spans


# Upkeep ----------------------------------------------------------------------
