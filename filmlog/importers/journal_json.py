"""filmlog's own JSON export, read back: into an empty journal it gives the same journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from filmlog.errors import BadValue
from filmlog.film_ids import KINDS, FilmIds
from filmlog.importers.archive import ImportRefused, members
from filmlog.importers.session import Cited, ImportSession, NamedList, Restored, Same, Viewing
from filmlog.importers.source import Given, Source
from filmlog.importers.sources import open_text
from filmlog.journal_format import FORMAT, VERSION
from filmlog.ratings import parse_rating


def _half_stars(value: Any) -> int | None:
    """A rating as the export writes it (4.5 stars), as half-stars."""
    if value is None:
        return None
    try:
        return parse_rating(str(value))
    except BadValue:
        raise ImportRefused("", f"the rating {value!r} is not 0.5 to 5 stars") from None


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
        _import(session, doc)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ImportRefused(
            str(given.path),
            f"not as `filmlog export json` writes it ({type(exc).__name__}: {exc})",
        ) from None


def _import(session: ImportSession, doc: dict[str, Any]) -> None:
    film_ids: dict[int, int] = {}
    entry_ids: set[int] = set()
    session.expect(len(doc["films"]))
    for film in doc["films"]:
        if film["id"] in film_ids:  # the same film twice: it is one film
            session.repeated("films")(film)
            continue
        cited = Cited(
            film["title"],
            film["year"],
            FilmIds(
                {k: v for k, v in (film.get("other_ids") or {}).items() if k in KINDS},
                imdb=film.get("imdb_id"),
                tmdb=film.get("tmdb_id"),
                letterboxd=film.get("letterboxd_uri"),
            ),
            original_title=film.get("original_title"),
            runtime=film.get("runtime"),
            directors=tuple(film.get("directors", [])),
            genres=tuple(film.get("genres", [])),
        )
        restore = Restored(
            rating=_half_stars(film.get("rating")),
            rated_at=film.get("rated_at"),
            seen=bool(film.get("seen")),
            liked=bool(film.get("liked")),
            stamps=(film["created_at"], film["updated_at"]),
            countries=film.get("countries", []),
        )
        fid = session.restore_film(cited, film["id"], restore)
        film_ids[film["id"]] = fid
        for entry in film.get("entries", []):
            if entry.get("id") is not None:
                if entry["id"] in entry_ids:  # the same entry twice
                    session.repeated("entries")(entry)
                    continue
                entry_ids.add(entry["id"])
            _entry(session, fid, entry)
        session.tick()
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


def _entry(session: ImportSession, fid: int, entry: dict[str, Any]) -> None:
    """A viewing of the export; one the journal had before (same day, rating, review) is
    skipped, but all of the export's own are kept, twins included."""
    viewing = Viewing(
        watched=entry.get("watched"),
        rating=_half_stars(entry.get("rating")),
        rewatch=bool(entry.get("rewatch")),
        liked=bool(entry.get("liked")),
        review=entry.get("review"),
        tags=[t for t in entry.get("tags", []) if t.strip()],
        uri=entry.get("letterboxd_uri"),
        spoilers=bool(entry.get("spoilers")),
    )
    session.restore_entry(fid, viewing, entry.get("id"), (entry["created_at"], entry["updated_at"]))


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
