"""The user's settings, in a small JSON file in their config folder (0600).

Environment variables win over the file, so a token can live in a password
manager and reach filmlog as FILMLOG_TMDB_TOKEN.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, NamedTuple

from filmlog.values.errors import BadValue, FilmlogError


class Setting(NamedTuple):
    """A setting a person may give: filmlog's own, or one a source declares (on its Source).

    env: read from FILMLOG_<NAME> too (a token kept in a password manager). A server's
    address is checked as one; a password typed into it is kept in `password_in` (with
    the user in `user_in`), or refused when the source signs in by a token of its own.
    """

    name: str
    help: str
    env: bool = False
    secret: bool = False
    default: str | None = None
    flag: bool = False  # true or false
    server: bool = False
    folder: bool = False  # an absolute path, the same wherever the command was run from
    check: Callable[[str], str] | None = None  # the value as kept, or BadValue
    password_in: str | None = None
    user_in: str | None = None

    @property
    def variable(self) -> str:
        return "FILMLOG_" + self.name.upper().replace("-", "_")


OWN = (
    Setting(
        "tmdb-token",
        "your TMDb API read access token (v4), sent as a Bearer header",
        env=True,
        secret=True,
    ),
    Setting(
        "tmdb-url",
        "the TMDb API's address (default https://api.themoviedb.org/3)",
        env=True,
        default="https://api.themoviedb.org/3",
    ),
    Setting(
        "lookup",
        "true to make `filmlog add` look films up on TMDb as if --lookup were given",
        default="false",
        flag=True,
    ),
    Setting(
        "convert-tags",
        "true to apply your `tags convert` rules to every import and sync",
        default="false",
        flag=True,
    ),
    Setting(
        "sync-folder",
        "a folder your sync tool carries between your machines (Syncthing, Dropbox, a git"
        " repository): `filmlog sync` keeps one journal on all of them through it",
        env=True,
        folder=True,
    ),
)
# Every setting known in this process: filmlog's own, then each source's as its module
# is loaded (`declare`); `config` commands load them all first.
_KNOWN: dict[str, Setting] = {s.name: s for s in OWN}


def declare(settings: Iterable[Setting]) -> None:
    """Settings a source reads (made known when its Source is made)."""
    for setting in settings:
        _KNOWN.setdefault(setting.name, setting)


def known() -> dict[str, Setting]:
    return dict(_KNOWN)


def of_sources(names: Iterable[str]) -> bool:
    """Whether any setting of these sources is given, in the file or the environment, with
    no source module loaded (a source's settings are named after it: jellyfin-server)."""
    prefixes = tuple({f"{n.split('-')[0]}-" for n in names})
    if any(name.startswith(prefixes) for name in load()):
        return True
    variables = tuple("FILMLOG_" + p.upper().replace("-", "_") for p in prefixes)
    return any(v.startswith(variables) and os.environ[v] for v in os.environ)


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
    setting = _KNOWN.get(name)
    if setting is not None and setting.env and os.environ.get(setting.variable):
        return os.environ[setting.variable]
    return load().get(name, setting.default if setting else None)


def flag(name: str) -> bool:
    return (get(name) or "").strip().lower() in ("1", "true", "yes", "on")


def _check(name: str) -> Setting:
    if name not in _KNOWN:
        raise BadValue(f"unknown setting {name!r}: the settings are {', '.join(_KNOWN)}")
    return _KNOWN[name]


def is_secret(name: str) -> bool:
    setting = _KNOWN.get(name)
    return setting is not None and setting.secret


def set_value(name: str, value: str) -> Path:
    setting = _check(name)
    if setting.flag and value.lower() not in ("true", "false", "yes", "no", "on", "off"):
        raise BadValue(f"invalid value {value!r} for {name}: use true or false")
    if setting.check is not None:
        value = setting.check(value)
    if setting.folder:
        value = str(Path(value).expanduser().absolute())
    data = load()
    if setting.server:
        value, user, password = split_credentials(server_address(value, name))
        if password is not None and setting.password_in is None:
            raise BadValue(
                f"give {name} without a password in it: the {name.split('-')[0]} token is a"
                " setting of its own"
            )
        if password is not None and setting.password_in:  # kept masked, not in the address
            data[setting.password_in] = password
            if setting.user_in:
                data[setting.user_in] = user or _KNOWN[setting.user_in].default or ""
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
    for name, setting in _KNOWN.items():
        value: str | None
        if setting.env and os.environ.get(setting.variable):
            value, source = os.environ[setting.variable], f"${setting.variable}"
        elif name in data:
            value, source = data[name], str(path())
        else:
            value, source = setting.default, "default"
        if value and setting.secret:
            value = mask(value)
        result[name] = {"value": value, "from": source}
    return result


def mask(secret: str) -> str:
    """A secret as shown: its first and last four characters when it is long enough that
    they say little of it (a third at most), else nothing of it."""
    return secret[:4] + "…" + secret[-4:] if len(secret) >= 24 else "…"
