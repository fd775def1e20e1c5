"""The journal's schema, as named, append-only migrations.

Never edit or reorder a migration that has been released: add a new one.
The functions are plain so that reading the list of names (to tell whether a
journal is current) does not import sqlite-utils; ``migrations()`` builds the
sqlite-utils ``Migrations`` set when a journal must actually be migrated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from filmlog.journal.migrations.company import m013_company_and_place, m014_search_company
from filmlog.journal.migrations.identity import m011_film_titles, m012_entry_uids
from filmlog.journal.migrations.machines import m015_machines, machine_id
from filmlog.journal.migrations.shipped import (
    m001_journal,
    m002_imports_watchlist_lists,
    m003_search,
    m004_filter_indexes,
    m005_tmdb,
    m006_import_links,
    m007_drop_imdb_index,
    m008_feed_items,
    m009_import_edits,
    m010_sync_items_and_film_ids,
)

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "filmlog"

MIGRATIONS: list[Callable[[Database], None]] = [
    m001_journal,
    m002_imports_watchlist_lists,
    m003_search,
    m004_filter_indexes,
    m005_tmdb,
    m006_import_links,
    m007_drop_imdb_index,
    m008_feed_items,
    m009_import_edits,
    m010_sync_items_and_film_ids,
    m011_film_titles,
    m012_entry_uids,
    m013_company_and_place,
    m014_search_company,
    m015_machines,
]

__all__ = ["MIGRATIONS", "NAMES", "machine_id", "migrations"]

NAMES: tuple[str, ...] = tuple(m.__name__ for m in MIGRATIONS)


def migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    result = Migrations(MIGRATION_SET)
    for fn in MIGRATIONS:
        result()(fn)
    return result
