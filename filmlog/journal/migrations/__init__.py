"""The journal's schema, as named, append-only migrations.

Never edit or reorder a migration that has been released: add a new one.
The functions are plain and listed by name so that telling whether a journal is
current imports neither them nor sqlite-utils; ``migrations()`` builds the
sqlite-utils ``Migrations`` set when a journal must actually be migrated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from filmlog.journal.migrations.machines import machine_id

if TYPE_CHECKING:
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "filmlog"

# The migrations by name, in the order they are applied: what a journal records of each.
# Telling whether a journal is current reads these alone; the functions load when a
# journal is migrated (tests/test_db.py holds the two lists together).
NAMES: tuple[str, ...] = (
    "m001_journal",
    "m002_imports_watchlist_lists",
    "m003_search",
    "m004_filter_indexes",
    "m005_tmdb",
    "m006_import_links",
    "m007_drop_imdb_index",
    "m008_feed_items",
    "m009_import_edits",
    "m010_sync_items_and_film_ids",
    "m011_film_titles",
    "m012_entry_uids",
    "m013_company_and_place",
    "m014_search_company",
    "m015_machines",
)

__all__ = ["NAMES", "all_migrations", "machine_id", "migrations"]


def all_migrations() -> list[Callable[[Database], None]]:
    """The migration functions, in order."""
    from filmlog.journal.migrations import company, identity, machines, shipped

    return [
        shipped.m001_journal,
        shipped.m002_imports_watchlist_lists,
        shipped.m003_search,
        shipped.m004_filter_indexes,
        shipped.m005_tmdb,
        shipped.m006_import_links,
        shipped.m007_drop_imdb_index,
        shipped.m008_feed_items,
        shipped.m009_import_edits,
        shipped.m010_sync_items_and_film_ids,
        identity.m011_film_titles,
        identity.m012_entry_uids,
        company.m013_company_and_place,
        company.m014_search_company,
        machines.m015_machines,
    ]


def migrations() -> Migrations:
    from sqlite_utils.migrations import Migrations

    result = Migrations(MIGRATION_SET)
    for fn in all_migrations():
        result()(fn)
    return result
