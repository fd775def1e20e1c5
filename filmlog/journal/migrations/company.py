"""With whom, where and on what a film was watched, and finding viewings by them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def m013_company_and_place(db: Database) -> None:
    """With whom a film was watched (people, any number), where (a cinema, home, a
    festival), and on what (Netflix, a disc, the cinema): each optional, each compared as
    names are (case, accents and spacing aside)."""
    db.execute(
        """
        CREATE TABLE companions (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL UNIQUE
        )
        """
    )
    db.execute(
        """
        CREATE TABLE entry_companions (
            entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
            companion_id INTEGER NOT NULL REFERENCES companions (id),
            position INTEGER NOT NULL DEFAULT 0,
            tag TEXT,  -- the tag it was made from (`w/kyle`), written back by exports
            PRIMARY KEY (entry_id, companion_id)
        )
        """
    )
    db.execute("CREATE INDEX entry_companions_companion ON entry_companions (companion_id)")
    # (place_tag, platform_tag: the tags they were made from, written back by exports)
    for column in ("place", "place_key", "place_tag", "platform", "platform_key", "platform_tag"):
        db.execute(f"ALTER TABLE entries ADD COLUMN {column} TEXT")
    db.execute("CREATE INDEX entries_place ON entries (place_key) WHERE place_key IS NOT NULL")
    db.execute(
        "CREATE INDEX entries_platform ON entries (platform_key) WHERE platform_key IS NOT NULL"
    )
    # The person's conversions of tags into these (`tags convert 'w/ *' --to with`), kept
    # for imports to apply and the Letterboxd export to write back
    db.execute(
        """
        CREATE TABLE tag_conversions (
            pattern TEXT PRIMARY KEY,
            target TEXT NOT NULL CHECK (target IN ('with', 'at', 'on')),
            created_at TEXT NOT NULL
        )
        """
    )


def m014_search_company(db: Database) -> None:
    """Search finds a viewing by with whom, where and on what it was, as by its tags: its
    document's tags column holds them too, kept current by the triggers made anew here."""
    columns = "(rowid, title, original_title, directors, tags, review)"
    entry_document = """
    SELECT e.id * 2 + 1, '', '', '',
        trim(coalesce((SELECT group_concat(t.name, ' ') FROM entry_tags et
            JOIN tags t ON t.id = et.tag_id WHERE et.entry_id = e.id), '')
        || ' ' || coalesce((SELECT group_concat(c.name, ' ') FROM entry_companions ec
            JOIN companions c ON c.id = ec.companion_id WHERE ec.entry_id = e.id), '')
        || ' ' || coalesce(e.place, '') || ' ' || coalesce(e.platform, '')),
        coalesce(e.review, '')
    FROM entries e
"""
    has_words = (
        "(e.review IS NOT NULL OR e.place IS NOT NULL OR e.platform IS NOT NULL"
        " OR EXISTS (SELECT 1 FROM entry_tags et WHERE et.entry_id = e.id)"
        " OR EXISTS (SELECT 1 FROM entry_companions ec WHERE ec.entry_id = e.id))"
    )

    def entry_doc(entry: str) -> str:
        return (
            f"DELETE FROM search WHERE rowid = {entry} * 2 + 1;"
            f" INSERT INTO search {columns} {entry_document}"
            f" WHERE e.id = {entry} AND {has_words};"
        )

    triggers = {
        "search_entry_added": ("AFTER INSERT ON entries", entry_doc("new.id")),
        "search_entry_changed": (
            "AFTER UPDATE OF review, place, platform ON entries",
            entry_doc("new.id"),
        ),
        "search_tag_added": ("AFTER INSERT ON entry_tags", entry_doc("new.entry_id")),
        "search_tag_removed": ("AFTER DELETE ON entry_tags", entry_doc("old.entry_id")),
        "search_companion_added": ("AFTER INSERT ON entry_companions", entry_doc("new.entry_id")),
        "search_companion_removed": (
            "AFTER DELETE ON entry_companions",
            entry_doc("old.entry_id"),
        ),
    }
    for name, (event, body) in triggers.items():
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
        db.execute(f"CREATE TRIGGER {name} {event} BEGIN {body} END")
    db.execute("DELETE FROM search WHERE rowid % 2 = 1")
    db.execute(f"INSERT INTO search {columns} {entry_document} WHERE {has_words}")
