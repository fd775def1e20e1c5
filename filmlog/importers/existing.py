"""The entries the journal already has, as an import looks for them: is this viewing new?"""

from __future__ import annotations

from filmlog.importers.writer import RowWriter


class KnownEntries:
    """Finds the entry a row of an export (or an item of a feed) may already be.

    URIs of entries the journal had before the import are kept in memory;
    those this import adds are looked up in the table, so memory does not grow
    with the rows of the file.
    """

    def __init__(self, writer: RowWriter) -> None:
        self.writer = writer
        self.conn = writer.conn
        self.by_uri: dict[str, int] = dict(
            self.conn.execute(
                "SELECT letterboxd_uri, id FROM entries WHERE letterboxd_uri IS NOT NULL"
            ).fetchall()
        )

    def same_viewing(
        self, fid: int, watched: str | None, letterboxd_uri: str | None, *, unfed: bool = False
    ) -> int | None:
        """By its Letterboxd URI, else the film on the same day (unfed: one no feed item
        gave, since two viewings on one day are two items of a feed)."""
        if letterboxd_uri and letterboxd_uri in self.by_uri:
            return self.by_uri[letterboxd_uri]
        self.writer.flush()
        if letterboxd_uri:
            row = self.conn.execute(
                "SELECT id FROM entries WHERE letterboxd_uri = ?", [letterboxd_uri]
            ).fetchone()
            if row:
                return int(row[0])
        row = self.conn.execute(
            "SELECT id FROM entries WHERE film_id = ? AND watched IS ?"
            " AND (letterboxd_uri IS NULL OR ? IS NULL) AND (feed_id IS NULL OR NOT ?)"
            " ORDER BY id LIMIT 1",
            [fid, watched, letterboxd_uri, unfed],
        ).fetchone()
        return int(row[0]) if row else None

    def from_feed(self, feed_id: str) -> int | None:
        """The entry a feed item gave before."""
        self.writer.flush()
        row = self.conn.execute("SELECT id FROM entries WHERE feed_id = ?", [feed_id]).fetchone()
        return int(row[0]) if row else None

    def viewed_before(
        self, fid: int, watched: str | None, rating: int | None, review: str | None
    ) -> int | None:
        """An entry of the film the journal had before this import, with this day, rating and
        review (what the import itself adds is never compared: an export's viewings differ)."""
        row = self.conn.execute(
            "SELECT id FROM entries WHERE film_id = ? AND watched IS ? AND rating IS ?"
            " AND review IS ? AND import_id IS NOT ?",
            [fid, watched, rating, review, self.writer.import_id],
        ).fetchone()
        return int(row[0]) if row else None

    def values(self, eid: int, columns: tuple[str, ...]) -> dict[str, object]:
        """Some of an entry's values as the journal holds them."""
        self.writer.flush()
        row = self.conn.execute(
            f"SELECT {', '.join(columns)} FROM entries WHERE id = ?", [eid]
        ).fetchone()
        return dict(zip(columns, row, strict=True))
