"""The user's settings, in a small JSON file in their config folder (0600).

Environment variables win over the file, so a token can live in a password
manager and reach filmlog as FILMLOG_TMDB_TOKEN.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from filmlog.values.errors import BadValue, FilmlogError

SETTINGS = {
    "tmdb-token": "your TMDb API read access token (v4), sent as a Bearer header",
    "tmdb-url": "the TMDb API's address (default https://api.themoviedb.org/3)",
    "lookup": "true to make `filmlog add` look films up on TMDb as if --lookup were given",
    "convert-tags": "true to apply your `tags convert` rules to every import and sync",
    "letterboxd-user": "the Letterboxd member whose feed `filmlog sync` reads",
    "sync-folder": "a folder your sync tool carries between your machines (Syncthing, Dropbox,"
    " a git repository): `filmlog sync` keeps one journal on all of them through it",
    "jellyfin-server": "your Jellyfin server's address, e.g. http://nas:8096",
    "jellyfin-user": "the Jellyfin user whose plays are yours",
    "jellyfin-token": "a Jellyfin API key, or the token signing in gave",
    "emby-server": "your Emby server's address, e.g. http://nas:8096",
    "emby-user": "the Emby user whose plays are yours",
    "emby-token": "an Emby API key, or the token signing in gave",
    "plex-server": "your Plex server's address, e.g. http://nas:32400",
    "plex-token": "your X-Plex-Token",
    "kodi-server": "Kodi's web address for JSON-RPC, e.g. http://kodi:8080",
    "kodi-user": "the user Kodi's web server asks for (default kodi)",
    "kodi-password": "the password Kodi's web server asks for",
}
ENVIRONMENT = {
    "tmdb-token": "FILMLOG_TMDB_TOKEN",
    "tmdb-url": "FILMLOG_TMDB_URL",
    "letterboxd-user": "FILMLOG_LETTERBOXD_USER",
    "sync-folder": "FILMLOG_SYNC_FOLDER",
    "jellyfin-token": "FILMLOG_JELLYFIN_TOKEN",
    "emby-token": "FILMLOG_EMBY_TOKEN",
    "plex-token": "FILMLOG_PLEX_TOKEN",
    "kodi-password": "FILMLOG_KODI_PASSWORD",
}
SECRET = {"tmdb-token", "jellyfin-token", "emby-token", "plex-token", "kodi-password"}
SERVERS = {"jellyfin-server", "emby-server", "plex-server", "kodi-server"}
SOURCE_SETTINGS = ("letterboxd-user", *sorted(SERVERS))  # any of them: `sync` reads a source
DEFAULTS = {"tmdb-url": "https://api.themoviedb.org/3", "lookup": "false", "convert-tags": "false"}


def path() -> Path:
    if os.environ.get("FILMLOG_CONFIG"):
        return Path(os.environ["FILMLOG_CONFIG"]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("filmlog", appauthor=False) / "config.json"


def load() -> dict[str, str]:
    file = path()
    if not file.exists():
        return {}
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise FilmlogError(f"cannot read the settings in {file} ({exc}): fix or remove it") from exc
    if not isinstance(data, dict):
        raise FilmlogError(f"the settings in {file} are not a JSON object: fix or remove it")
    return {str(k): str(v) for k, v in data.items()}


def get(name: str) -> str | None:
    env = ENVIRONMENT.get(name)
    if env and os.environ.get(env):
        return os.environ[env]
    return load().get(name, DEFAULTS.get(name))


def flag(name: str) -> bool:
    return (get(name) or "").strip().lower() in ("1", "true", "yes", "on")


def _check(name: str) -> None:
    if name not in SETTINGS:
        raise BadValue(f"unknown setting {name!r}: the settings are {', '.join(SETTINGS)}")


def set_value(name: str, value: str) -> Path:
    _check(name)
    if name in ("lookup", "convert-tags") and value.lower() not in (
        "true",
        "false",
        "yes",
        "no",
        "on",
        "off",
    ):
        raise BadValue(f"invalid value {value!r} for {name}: use true or false")
    if name == "letterboxd-user":
        value = _member(value)
    if name == "sync-folder":  # the same folder wherever the command was run from
        value = str(Path(value).expanduser().absolute())
    data = load()
    if name in SERVERS:
        value, user, password = split_credentials(server_address(value, name))
        if password is not None and name != "kodi-server":
            raise BadValue(
                f"give {name} without a password in it: the {name.split('-')[0]} token is a"
                " setting of its own"
            )
        if password is not None:  # kept as the masked setting it is, never in the address
            data["kodi-password"] = password
            data["kodi-user"] = user or "kodi"
    data[name] = value
    _write(data)
    return path()


def split_credentials(address: str) -> tuple[str, str | None, str | None]:
    """An address without the user and password it may carry (http://kodi:PW@host), and
    them: an address is shown, stored and logged; a password is none of those."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(address)
    if "@" not in parts.netloc:
        return address, None, None
    host = parts.netloc.rpartition("@")[2]
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    user = unquote(parts.username) if parts.username else None
    password = unquote(parts.password) if parts.password is not None else None
    return bare, user, password


def without_credentials(where: str) -> str:
    """What a person gave an import, as it may be shown and kept: a URL's password out."""
    if "://" in where and "@" in where:
        return split_credentials(where)[0]
    return where


def _member(value: str) -> str:
    """A Letterboxd member's name, or their page's address (letterboxd.com/NAME/) for it."""
    page = re.fullmatch(r"(?:https?://)?(?:www\.)?letterboxd\.com/([^/?#]+)/?", value.strip())
    name = page[1] if page else value.strip()
    if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", name):
        raise BadValue(
            f"invalid Letterboxd member {value!r}: the name in letterboxd.com/NAME/, e.g. sdiamond"
        )
    return name


def server_address(value: str, what: str = "server") -> str:
    """A server's address as typed (nas:8096 is http://nas:8096), without a trailing slash."""
    text = value.strip().rstrip("/")
    if text and "://" not in text:
        text = "http://" + text
    if not re.fullmatch(r"https?://[^/\s?#]+(/[^\s?#]*)?", text):
        raise BadValue(f"invalid {what} {value!r}: give its address, e.g. http://nas:8096")
    return text


def unset(name: str) -> bool:
    """Remove a setting from the file; False (and nothing written) when it was not there."""
    _check(name)
    data = load()
    if name not in data:
        return False
    del data[name]
    _write(data)
    return True


def _write(data: dict[str, Any]) -> None:
    from filmlog.journal.files import make_folders, writing_text

    file = path()
    make_folders(file.parent)
    with writing_text(file, force=True) as f:
        json.dump(data, f, indent=2)
        f.write("\n")


def shown() -> dict[str, dict[str, str | None]]:
    """Every setting, where it comes from, secrets masked."""
    data = load()
    result: dict[str, dict[str, str | None]] = {}
    for name in SETTINGS:
        env = ENVIRONMENT.get(name)
        value: str | None
        if env and os.environ.get(env):
            value, source = os.environ[env], f"${env}"
        elif name in data:
            value, source = data[name], str(path())
        else:
            value, source = DEFAULTS.get(name), "default"
        if value and name in SECRET:
            value = mask(value)
        result[name] = {"value": value, "from": source}
    return result


def mask(secret: str) -> str:
    """A secret as shown: its first and last four characters when it is long enough that
    they say little of it (a third at most), else nothing of it."""
    return secret[:4] + "…" + secret[-4:] if len(secret) >= 24 else "…"
