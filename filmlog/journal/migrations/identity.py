"""Which film, which viewing: the titles a merged film was known by, each viewing's uid."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m011_film_titles(db: Database) -> None:
    """The titles (and years) a merged film was also known by: a source that names films by
    title alone (Netflix, a spreadsheet) finds the merged film by the one it merged away."""
    db.execute(
        """
        CREATE TABLE film_titles (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            year INTEGER,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (title_key, year, film_id)
        )
        """
    )
    db.execute("CREATE INDEX film_titles_film ON film_titles (film_id)")


def m012_entry_uids(db: Database) -> None:
    """Each viewing's own name, the same in every copy of the journal: another journal (a
    backup, another machine's) tells its viewings from this one's by it, ids being local."""
    db.execute("ALTER TABLE entries ADD COLUMN uid TEXT")
    # in the order they were logged (a name made later sorts after all of these)
    db.execute("UPDATE entries SET uid = printf('0000%012x', id) || lower(hex(randomblob(8)))")
    # Not unique (made unique by their making): an import sets it aside and builds it once.
    # Every writer of entries names them (filmlog.values.uids): a trigger to do it would cost an
    # import of 100,000 rows a sixth of its time.
    db.execute("CREATE INDEX entries_uid ON entries (uid)")
