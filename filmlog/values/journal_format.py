"""What filmlog's own JSON export holds: its name, its version and its keys.

Shared by the exporter that writes it and the importer that reads it back
(neither layer imports the other). Keys are only ever added; a new VERSION
means an older filmlog cannot read the document.
"""

from __future__ import annotations

FORMAT = "filmlog-journal"
VERSION = 1

FILM_KEYS = (
    "id",
    "title",
    "year",
    "original_title",
    "runtime",
    "imdb_id",
    "tmdb_id",
    "letterboxd_uri",
    "other_ids",  # ids of other kinds, by kind: {"trakt": 554}
    "rating",
    "rated_at",
    "seen",
    "liked",
    "directors",
    "genres",
    "countries",
    "created_at",
    "updated_at",
    "entries",
)
ENTRY_KEYS = (
    "id",
    "watched",
    "rating",
    "rewatch",
    "liked",
    "review",
    "spoilers",
    "tags",
    "letterboxd_uri",
    "created_at",
    "updated_at",
    "uid",
    "companions",
    "place",
    "platform",
)
