"""Every source of history, by the word after `filmlog import`: one line each.

A source is loaded when it is used: `filmlog import letterboxd` loads the
Letterboxd module alone, and `filmlog sync` loads none when no source is set
up (config.of_sources reads the settings by the sources' names).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from filmlog.imports.engine.source import Source

# name: "module of filmlog.imports.sources:its Source", in the order `import --help` lists
REGISTERED = {
    "letterboxd": "letterboxd:SOURCE",
    "imdb": "imdb:SOURCE",
    "json": "journal_json:SOURCE",
    "journal": "journal_file:SOURCE",
    "letterboxd-rss": "letterboxd_rss:SOURCE",
    "trakt": "trakt:SOURCE",
    "csv": "spreadsheet:SOURCE",
    "netflix": "netflix:SOURCE",
    "jellyfin": "jellyfin:JELLYFIN",
    "emby": "jellyfin:EMBY",
    "plex": "plex:SOURCE",
    "kodi": "kodi:SOURCE",
}


def source(name: str) -> Source:
    """The source called name (KeyError for none)."""
    module, attribute = REGISTERED[name].split(":")
    found: Source = getattr(importlib.import_module(f"filmlog.imports.sources.{module}"), attribute)
    if found.name != name:
        raise LookupError(f"the registry's {name!r} is a source called {found.name!r}")
    return found


def sources() -> dict[str, Source]:
    """Every source, each module loaded."""
    return {name: source(name) for name in REGISTERED}
