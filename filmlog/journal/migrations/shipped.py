"""The migrations of the first three waves: the journal, imports, search, TMDb, sync."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m001_journal(db: Database) -> None:
    """Films, directors, diary entries, tags and genres."""
    for sql in (
        """
        CREATE TABLE films (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            title_key TEXT NOT NULL,
            year INTEGER,
            original_title TEXT,
            original_title_key TEXT,
            runtime INTEGER,
            imdb_id TEXT UNIQUE,
            tmdb_id INTEGER UNIQUE,
            letterboxd_uri TEXT UNIQUE,
            -- the current rating in half-stars: the latest one given
            rating INTEGER CHECK (rating BETWEEN 1 AND 10),
            -- seen: logged or marked watched; unseen films are watchlist-only
            seen INTEGER NOT NULL DEFAULT 0,
            liked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX films_title_key ON films (title_key, year)",
        "CREATE INDEX films_original_title_key ON films (original_title_key)",
        "CREATE INDEX films_year ON films (year)",
        "CREATE INDEX films_rating ON films (rating)",
        """
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE film_directors (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people (id),
            position INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (film_id, person_id)
        )
        """,
        "CREATE INDEX film_directors_person ON film_directors (person_id, film_id)",
        """
        CREATE TABLE entries (
            id INTEGER PRIMARY KEY,
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            watched TEXT,  -- ISO date, NULL when not known
            rating INTEGER CHECK (rating BETWEEN 1 AND 10),
            rewatch INTEGER NOT NULL DEFAULT 0,
            liked INTEGER NOT NULL DEFAULT 0,
            review TEXT,
            spoilers INTEGER NOT NULL DEFAULT 0,
            letterboxd_uri TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """,
        "CREATE INDEX entries_film ON entries (film_id, watched)",
        "CREATE INDEX entries_watched ON entries (watched)",
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE entry_tags (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            tag_id INTEGER NOT NULL REFERENCES tags (id),
            PRIMARY KEY (entry_id, tag_id)
        )
        """,
        "CREATE INDEX entry_tags_tag ON entry_tags (tag_id, entry_id)",
        """
        CREATE TABLE genres (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        )
        """,
        """
        CREATE TABLE film_genres (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            genre_id INTEGER NOT NULL REFERENCES genres (id),
            PRIMARY KEY (film_id, genre_id)
        )
        """,
        "CREATE INDEX film_genres_genre ON film_genres (genre_id, film_id)",
    ):
        db.execute(sql)


def m002_imports_watchlist_lists(db: Database) -> None:
    """Where imported rows came from (so an import can be undone), the watchlist, lists."""
    for sql in (
        """
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            path TEXT NOT NULL,
            imported_at TEXT NOT NULL,
            counts TEXT NOT NULL DEFAULT '{}',  -- JSON: {"entries": {"added": 3}, ...}
            undone_at TEXT
        )
        """,
        # Values an import changed in rows it did not add, so undo can restore them.
        """
        CREATE TABLE import_changes (
            id INTEGER PRIMARY KEY,
            import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            column_name TEXT NOT NULL,
            previous
        )
        """,
        "CREATE INDEX import_changes_import ON import_changes (import_id)",
        "ALTER TABLE films ADD COLUMN import_id INTEGER REFERENCES imports (id)",
        "ALTER TABLE films ADD COLUMN rated_at TEXT",  # when the current rating was given
        "ALTER TABLE entries ADD COLUMN import_id INTEGER REFERENCES imports (id)",
        "CREATE INDEX films_import ON films (import_id)",
        "CREATE INDEX entries_import ON entries (import_id)",
        "CREATE INDEX films_imdb_id ON films (imdb_id)",
        """
        CREATE TABLE watchlist (
            film_id INTEGER PRIMARY KEY REFERENCES films (id) ON DELETE CASCADE,
            added_at TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id)
        )
        """,
        "CREATE INDEX watchlist_import ON watchlist (import_id)",
        """
        CREATE TABLE lists (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE,
            description TEXT,
            tags TEXT,
            letterboxd_uri TEXT UNIQUE,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id)
        )
        """,
        """
        CREATE TABLE list_items (
            list_id INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            note TEXT,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (list_id, film_id)
        )
        """,
        "CREATE INDEX list_items_position ON list_items (list_id, position)",
        "CREATE INDEX list_items_film ON list_items (film_id)",
        "CREATE INDEX list_items_import ON list_items (import_id)",
    ):
        db.execute(sql)


def m003_search(db: Database) -> None:
    """Full-text search over titles, directors, tags and reviews, kept current by triggers.

    A document per film (rowid 2 * id: title, original title, directors) and
    one per entry with words of its own (rowid 2 * id + 1: tags, review), so
    that a trigger finds a document by its rowid. The SQL is written out here,
    as shipped: filmlog.journal.search keeps its own copy for the work it does later.
    """
    columns = "(rowid, title, original_title, directors, tags, review)"
    film_document = """
    SELECT f.id * 2, f.title, coalesce(f.original_title, ''),
        coalesce((SELECT group_concat(p.name, ' ') FROM film_directors fd
            JOIN people p ON p.id = fd.person_id WHERE fd.film_id = f.id), ''), '', ''
    FROM films f
"""
    entry_document = """
    SELECT e.id * 2 + 1, '', '', '',
        coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), ''),
        coalesce(e.review, '')
    FROM entries e
"""
    has_words = (
        "(e.review IS NOT NULL OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id))"
    )

    def film_doc(film: str) -> str:
        return (
            f"DELETE FROM search WHERE rowid = {film} * 2;"
            f" INSERT INTO search {columns} {film_document} WHERE f.id = {film};"
        )

    def entry_doc(entry: str) -> str:
        return (
            f"DELETE FROM search WHERE rowid = {entry} * 2 + 1;"
            f" INSERT INTO search {columns} {entry_document}"
            f" WHERE e.id = {entry} AND {has_words};"
        )

    triggers = {
        "search_film_added": ("AFTER INSERT ON films", film_doc("new.id")),
        "search_film_renamed": (
            "AFTER UPDATE OF title, original_title ON films",
            film_doc("new.id"),
        ),
        "search_film_removed": (
            "AFTER DELETE ON films",
            "DELETE FROM search WHERE rowid = old.id * 2;",
        ),
        "search_director_added": ("AFTER INSERT ON film_directors", film_doc("new.film_id")),
        "search_director_removed": ("AFTER DELETE ON film_directors", film_doc("old.film_id")),
        "search_entry_added": ("AFTER INSERT ON entries", entry_doc("new.id")),
        "search_entry_changed": ("AFTER UPDATE OF review ON entries", entry_doc("new.id")),
        "search_entry_removed": (
            "AFTER DELETE ON entries",
            "DELETE FROM search WHERE rowid = old.id * 2 + 1;",
        ),
        "search_tag_added": ("AFTER INSERT ON entry_tags", entry_doc("new.entry_id")),
        "search_tag_removed": ("AFTER DELETE ON entry_tags", entry_doc("old.entry_id")),
    }
    db.execute(
        """
        CREATE VIRTUAL TABLE search USING fts5 (
            title, original_title, directors, tags, review,
            tokenize = "unicode61 remove_diacritics 2",
            prefix = '2 3'
        )
        """
    )
    for name, (event, body) in triggers.items():
        db.execute(f"CREATE TRIGGER {name} {event} BEGIN {body} END")
    db.execute(f"INSERT INTO search {columns} {film_document}")
    db.execute(f"INSERT INTO search {columns} {entry_document} WHERE {has_words}")


def m004_filter_indexes(db: Database) -> None:
    """Indexes for the filters that had none: liked films, and the diary's day of the year."""
    db.execute("CREATE INDEX films_liked ON films (title_key) WHERE liked = 1")
    db.execute("CREATE INDEX entries_day ON entries (substr(watched, 6))")


def m005_tmdb(db: Database) -> None:
    """Facts from TMDb: production countries, and the answers TMDb gave (a cache)."""
    db.execute(
        """
        CREATE TABLE film_countries (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            country TEXT NOT NULL,
            PRIMARY KEY (film_id, country)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE tmdb_cache (
            request TEXT PRIMARY KEY,  -- path and query, e.g. movie/843?append_to_response=credits
            body TEXT NOT NULL,
            fetched_at TEXT NOT NULL
        )
        """
    )


def m006_import_links(db: Database) -> None:
    """Directors and genres an import linked, so that undoing it takes them back."""
    db.execute("ALTER TABLE film_directors ADD COLUMN import_id INTEGER REFERENCES imports (id)")
    db.execute("ALTER TABLE film_genres ADD COLUMN import_id INTEGER REFERENCES imports (id)")
    db.execute("CREATE INDEX film_directors_import ON film_directors (import_id)")
    db.execute("CREATE INDEX film_genres_import ON film_genres (import_id)")


def m007_drop_imdb_index(db: Database) -> None:
    """films.imdb_id is UNIQUE, and so already indexed: m002's index of it was a second copy."""
    db.execute("DROP INDEX IF EXISTS films_imdb_id")


def m008_feed_items(db: Database) -> None:
    """The Letterboxd feed item an entry came from (letterboxd-watch-N), so that reading the
    same feed again finds it, and what the item said then (JSON), so that only what the
    member changed on Letterboxd since is taken the next time."""
    db.execute("ALTER TABLE entries ADD COLUMN feed_id TEXT")
    db.execute("ALTER TABLE entries ADD COLUMN feed_values TEXT")
    db.execute("CREATE UNIQUE INDEX entries_feed_id ON entries (feed_id)")


def m009_import_edits(db: Database) -> None:
    """What was changed after an import finished, so that undoing it never takes back a
    person's later work: a row the import made (an entry, a film, a list or its item), or a
    row whose value it changed, changed afterwards is noted here by a trigger, whatever
    command changed it."""
    db.execute("ALTER TABLE imports ADD COLUMN finished_at TEXT")
    db.execute("UPDATE imports SET finished_at = imported_at")
    db.execute(
        """
        CREATE TABLE import_edits (
            import_id INTEGER NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
            table_name TEXT NOT NULL,
            row_id INTEGER NOT NULL,
            PRIMARY KEY (import_id, table_name, row_id)
        ) WITHOUT ROWID
        """
    )
    db.execute("CREATE INDEX import_changes_row ON import_changes (table_name, row_id)")
    for table, row_id in (
        ("entries", "id"),
        ("films", "id"),
        ("lists", "id"),
        ("list_items", "rowid"),
    ):
        db.execute(
            f"""
            CREATE TRIGGER edited_{table} AFTER UPDATE ON {table} BEGIN
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT id, '{table}', old.{row_id} FROM imports
                WHERE id = old.import_id AND finished_at IS NOT NULL;
                INSERT OR IGNORE INTO import_edits (import_id, table_name, row_id)
                SELECT DISTINCT c.import_id, '{table}', old.{row_id} FROM import_changes c
                JOIN imports i ON i.id = c.import_id
                WHERE c.table_name = '{table}' AND c.row_id = old.{row_id}
                AND i.finished_at IS NOT NULL;
            END
            """
        )


def m010_sync_items_and_film_ids(db: Database) -> None:
    """What each source said of each item it gave, in one table for every source that names
    its items (the Letterboxd feed's items, Trakt's plays, a media server's films): so that
    reading the source again finds the entry, and takes only what changed there since. The
    feed's own columns move here, its items' identity kept. And films' ids of the kinds
    that have no column of their own (Trakt's)."""
    import sqlite3

    db.execute(
        """
        CREATE TABLE sync_items (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,  -- letterboxd-rss, trakt, jellyfin:SERVER, ...
            item TEXT NOT NULL,  -- the source's own name of the item
            -- NULL once the person removed the entry (or its film): not brought back by
            -- the same item, unless the source changes it
            entry_id INTEGER REFERENCES entries (id) ON DELETE SET NULL,
            film_id INTEGER REFERENCES films (id) ON DELETE SET NULL,
            said TEXT,  -- JSON: what the source said of it, the last time it was read
            import_id INTEGER REFERENCES imports (id),
            UNIQUE (source, item)
        )
        """
    )
    db.execute("CREATE INDEX sync_items_entry ON sync_items (entry_id)")
    db.execute("CREATE INDEX sync_items_import ON sync_items (import_id)")
    db.execute(
        "INSERT INTO sync_items (source, item, entry_id, film_id, said, import_id)"
        " SELECT 'letterboxd-rss', feed_id, id, film_id, feed_values, import_id FROM entries"
        " WHERE feed_id IS NOT NULL ORDER BY id"
    )
    db.execute("DROP INDEX entries_feed_id")
    if sqlite3.sqlite_version_info >= (3, 35, 0):  # older SQLite keeps the columns, unused
        db.execute("ALTER TABLE entries DROP COLUMN feed_values")
        db.execute("ALTER TABLE entries DROP COLUMN feed_id")
    db.execute(
        """
        CREATE TABLE film_ids (
            film_id INTEGER NOT NULL REFERENCES films (id) ON DELETE CASCADE,
            kind TEXT NOT NULL,  -- trakt, ...: kinds without a column in films
            value TEXT NOT NULL,
            import_id INTEGER REFERENCES imports (id),
            PRIMARY KEY (kind, value)
        )
        """
    )
    db.execute("CREATE INDEX film_ids_film ON film_ids (film_id)")
