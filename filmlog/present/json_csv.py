"""JSON and CSV forms of listings, written as the rows are read.

None of this imports Rich: piped output and scripts start faster without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from filmlog.values import csvout
from filmlog.values.jsonout import Shape, encode, string, write_array
from filmlog.values.rows import DiaryRow, FilmRow

if TYPE_CHECKING:
    from filmlog.journal.lists import ListItem, NamedList


class AsJson(Protocol):
    def as_json(self) -> dict[str, Any]: ...


def to_json(data: Any) -> str:
    """One JSON document, as json.dumps(indent=2) would write it."""
    return encode(data)


def write_json_rows(out: TextIO, rows: Iterable[AsJson]) -> None:
    """An array of rows, written as they come (json.dumps' layout, byte for byte).

    The rows of list and diary (the long ones) have templates of their own;
    others go through their as_json().
    """

    def item(row: AsJson) -> str:
        fast = _TEMPLATES.get(type(row))
        return fast(row) if fast else encode(row.as_json(), 1)

    write_array(out, map(item, rows))
    out.write("\n")


def _strings(items: list[str], pad: str) -> str:
    if not items:
        return "[]"
    return "[" + pad + "  " + ("," + pad + "  ").join(map(string, items)) + pad + "]"


def _text(value: str | None) -> str:
    return "null" if value is None else string(value)


def _number(value: int | None) -> str:
    return "null" if value is None else int.__repr__(value)


def _stars(half_stars: int | None) -> str:
    return "null" if half_stars is None else float.__repr__(half_stars / 2)


_TRUE = {True: "true", False: "false"}
_DIARY = Shape(DiaryRow._fields, 1).template
_FILM = Shape(FilmRow._fields, 1).template


def diary_json(r: DiaryRow) -> str:
    """A diary row as write_json_rows writes it (the same as json.dumps, faster)."""
    pad = "\n    "
    return _DIARY % (
        r.id,
        r.film_id,
        string(r.title),
        _number(r.year),
        _strings(r.directors, pad),
        _text(r.watched),
        _stars(r.rating),
        _TRUE[r.rewatch],
        _TRUE[r.liked],
        _strings(r.tags, pad),
        _text(r.review),
        _TRUE[r.spoilers],
        string(r.created_at),
        string(r.updated_at),
        _strings(r.companions, pad),
        _text(r.place),
        _text(r.platform),
    )


def film_json(r: FilmRow) -> str:
    """A list row as write_json_rows writes it."""
    return _FILM % (
        r.id,
        string(r.title),
        _number(r.year),
        _strings(r.directors, "\n    "),
        _stars(r.rating),
        r.watched_count,
        _text(r.last_watched),
        _TRUE[r.liked],
    )


_TEMPLATES: dict[type, Callable[[Any], str]] = {DiaryRow: diary_json, FilmRow: film_json}


def write_csv_rows(out: TextIO, rows: Iterable[AsJson], columns: Sequence[str]) -> None:
    writer = csvout.Writer(out)
    writer.writerow(columns)
    for row in rows:
        data = row.as_json()
        writer.writerow([_cell(data.get(c)) for c in columns])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def write_named_list(out: TextIO, named: NamedList, items: Iterable[ListItem]) -> None:
    """A list and its films as one JSON object, its items an array written as read."""
    head = named.as_json()
    out.write("{" + "".join(f"\n  {encode(k)}: {encode(v, 1)}," for k, v in head.items()))
    out.write('\n  "items": ')
    write_array(out, (encode(i.as_json(), 2) for i in items), 1)
    out.write("\n}\n")
