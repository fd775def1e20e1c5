"""filmlog's own JSON export, read back: into an empty journal it gives the same journal."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from filmlog.imports.engine.session import (
    Cited,
    Exported,
    ImportSession,
    NamedList,
    Restored,
    Same,
    Viewing,
)
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.reading.archive import ImportRefused, members
from filmlog.imports.reading.tables import open_text
from filmlog.values.checks import check_name, check_year
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import KINDS, FilmIds, imdb_id, positive_id
from filmlog.values.journal_format import FORMAT, VERSION
from filmlog.values.ratings import parse_rating


def _half_stars(value: Any) -> int | None:
    """A rating as the export writes it (4.5 stars), as half-stars."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise BadValue(f"the rating is {_kind(value)}, not 0.5 to 5 stars")
    try:
        return parse_rating(str(value))
    except BadValue:
        raise BadValue(f"the rating {_kind(value)} is not 0.5 to 5 stars") from None


def load(path: Path) -> dict[str, Any]:
    found = members(path)
    if len(found) != 1:
        raise ImportRefused(str(path), "give the .json file that `filmlog export json` wrote")
    member = found[0]
    with open_text(member) as f:
        text = f.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(member.label, f"not JSON ({exc.msg})", exc.lineno) from None
    except RecursionError:
        raise ImportRefused(member.label, "not a filmlog JSON export (nested too deep)") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRefused(member.label, "not a filmlog JSON export")
    version = doc.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise ImportRefused(
            member.label,
            f"written by a newer filmlog (format version {version}); upgrade filmlog to import it",
        )
    return doc


def run(session: ImportSession, given: Given) -> None:
    doc = load(given.path)
    session.at(str(given.path))
    try:
        import_doc(session, doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ImportRefused(
            str(given.path),
            f"not as `filmlog export json` writes it ({type(exc).__name__}: {exc})",
        ) from None


def import_doc(session: ImportSession, doc: dict[str, Any], *, newer_wins: bool = False) -> None:
    """A journal as the JSON export has it (newer_wins: an entry edited there later than
    here takes the export's values: another journal of the same person's)."""
    film_ids: dict[int, int] = {}
    entry_ids: set[int] = set()
    session.expect(len(doc["films"]))
    file = session.where.file if session.where else ""
    for film in session.each(file, doc["films"], "film"):
        if film["id"] in film_ids:  # the same film twice: it is one film
            session.repeated("films")(film)
            continue
        cited, restore = _film(film)
        fid = session.restore_film(cited, film["id"], restore)
        film_ids[film["id"]] = fid
        for entry in film.get("entries", []):
            if entry.get("id") is not None:
                if entry["id"] in entry_ids:  # the same entry twice
                    session.repeated("entries")(entry)
                    continue
                entry_ids.add(entry["id"])
            _entry(session, fid, entry, newer_wins)
    for item in doc.get("watchlist", []):
        if item["film_id"] in film_ids:
            session.want(film_ids[item["film_id"]], item.get("added_at"))
    for named in doc.get("lists", []):
        session.listed(
            NamedList(
                named["name"],
                description=named.get("description"),
                tags=named.get("tags"),
                letterboxd_uri=named.get("letterboxd_uri"),
                created=named.get("created_at"),
                updated=named.get("updated_at"),
                films=[
                    (i["position"], film_ids[i["film_id"]], i.get("note"))
                    for i in named.get("films", [])
                    if i["film_id"] in film_ids
                ],
            )
        )


def _film(film: dict[str, Any]) -> tuple[Cited, Restored]:
    """A film of the export, each value by the rule of the same value typed."""
    other = film.get("other_ids") or {}
    if not isinstance(other, dict):
        raise BadValue("other_ids is not an object")
    cited = Cited(
        _text(film["title"], "title"),
        _number(film["year"], "year", check_year),
        FilmIds(
            {k: _optional(v, k, str) for k, v in other.items() if k in KINDS},
            imdb=_optional(film.get("imdb_id"), "imdb_id", imdb_id),
            tmdb=_optional(film.get("tmdb_id"), "tmdb_id", lambda v: positive_id(v, "TMDb")),
            letterboxd=_optional(film.get("letterboxd_uri"), "letterboxd_uri", str),
        ),
        original_title=_optional(film.get("original_title"), "original_title", str),
        runtime=_number(film.get("runtime"), "runtime", _minutes),
        directors=tuple(_texts(film.get("directors"), "directors")),
        genres=tuple(_texts(film.get("genres"), "genres")),
    )
    restore = Restored(
        rating=_half_stars(film.get("rating")),
        rated_at=_optional(film.get("rated_at"), "rated_at", _moment),
        seen=_flag(film.get("seen"), "seen"),
        liked=_flag(film.get("liked"), "liked"),
        stamps=(_moment(film["created_at"]), _moment(film["updated_at"])),
        countries=_texts(film.get("countries"), "countries"),
    )
    return cited, restore


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise BadValue(f"{what} is {_kind(value)}, not text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadValue(f"{what} holds a character that is not text (a lone surrogate)") from None
    return value


def _texts(value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BadValue(f"{what} is {_kind(value)}, not a list of names")
    return [_text(v, what) for v in value]


def _named(value: Any, what: str) -> str | None:
    """A place or platform: a name, or none."""
    text = _optional(value, what, str)
    return check_name(text, what) if text and text.strip() else None


def _optional(value: Any, what: str, rule: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise BadValue(f"{what} is {_kind(value)}")
    return rule(value if not isinstance(value, int) or what != "imdb_id" else str(value))


def _number(value: Any, what: str, rule: Any) -> int | None:
    """A whole number (a year, a runtime) by its rule: 1999.5, -5, true or "abc" are not."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadValue(f"{what} is {_kind(value)}, not a whole number")
    return int(rule(value))


def _minutes(value: int) -> int:
    if not 1 <= value <= 100_000:
        raise BadValue(f"the runtime {value} is not a number of minutes")
    return value


def _flag(value: Any, what: str) -> bool:
    """true or false (an older export's 0 or 1 too): "no" is not false, it is refused."""
    if value is None:
        return False
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    raise BadValue(f"{what} is {_kind(value)}, not true or false")


def _moment(value: Any) -> str:
    """A date or a time as filmlog writes them (ISO 8601)."""
    text = _text(value, "a date")
    try:
        dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        shown = text if len(text) <= 40 else text[:39] + "…"
        raise BadValue(f"{shown!r} is not a date") from None
    return text


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return repr(value) if len(value) <= 40 else repr(value[:39]) + "…"
    if isinstance(value, int | float):
        text = repr(value)
        return text if len(text) <= 20 else text[:19] + "…"
    return f"a {type(value).__name__}"


def _entry(
    session: ImportSession, fid: int, entry: dict[str, Any], newer_wins: bool = False
) -> None:
    """A viewing of the export; one the journal had before (same day, rating, review) is
    skipped, but all of the export's own are kept, twins included."""
    review = entry.get("review")
    viewing = Viewing(
        watched=_optional(entry.get("watched"), "watched", str),
        rating=_half_stars(entry.get("rating")),
        rewatch=_flag(entry.get("rewatch"), "rewatch"),
        liked=_flag(entry.get("liked"), "liked"),
        review=None if review is None else _text(review, "review"),
        tags=[t for t in _texts(entry.get("tags"), "tags") if t.strip()],
        uri=_optional(entry.get("letterboxd_uri"), "letterboxd_uri", str),
        spoilers=_flag(entry.get("spoilers"), "spoilers"),
        companions=[c for c in _texts(entry.get("companions"), "companions") if c.strip()],
        place=_named(entry.get("place"), "place"),
        platform=_named(entry.get("platform"), "platform"),
    )
    stamps = (_moment(entry["created_at"]), _moment(entry["updated_at"]))
    keep = entry.get("id")
    if keep is not None and (not isinstance(keep, int) or isinstance(keep, bool)):
        raise BadValue(f"an entry's id is {_kind(keep)}")
    uid = entry.get("uid")
    if uid is not None and not (isinstance(uid, str) and 0 < len(uid) <= 64):
        raise BadValue(f"an entry's uid is {_kind(uid)}")
    session.restore_entry(fid, viewing, Exported(keep, *stamps, uid, newer_wins))


def recognizes(columns: set[str], head: bytes) -> bool:
    return b'"format": "filmlog-journal"' in head


SOURCE = Source(
    name="json",
    read=run,
    help="""Import filmlog's own JSON export (into an empty journal: the same journal back).

    Example: filmlog import json journal.json
    """,
    argument_help="A file written by `filmlog export json`.",
    title="filmlog export {path}",
    same=Same.CONTENT,
    exact_years=True,  # a filmlog export tells its films apart by title and year
    recognizes=recognizes,
    describes="filmlog's own JSON export",
)
