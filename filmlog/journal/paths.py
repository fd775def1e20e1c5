"""Where the journal lives: --db, else FILMLOG_DB, else the user data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FILMLOG_DB"


def journal_path(option: str | Path | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_journal()


def default_journal() -> Path:
    """filmlog.db in the user data folder: the one place filmlog makes folders for."""
    from platformdirs import user_data_path

    return user_data_path("filmlog", appauthor=False) / "filmlog.db"
