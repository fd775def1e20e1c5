"""JSON written as it is produced, laid out exactly as json.dumps(indent=2) lays it out.

Whole-journal outputs stream: an array goes out item by item, each item made
from a template of its keys, with strings escaped by the json module's C
escaper. (CPython's json.dumps runs pure Python whenever it indents; this
is several times faster, and byte for byte the same.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring
from typing import Any, TextIO

INDENT = "  "

# Characters that json leaves as they are but a terminal acts on (DEL, the C1 controls,
# line separators, bidi overrides): written as \u escapes, the same string once read.
_ACTED_ON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def string(text: str) -> str:
    """text as a JSON string, with nothing in it that a terminal showing it would act on."""
    encoded = encode_basestring(text)
    if text.isascii() and "\x7f" not in text:
        return encoded
    return _ACTED_ON.sub(lambda m: f"\\u{ord(m[0]):04x}", encoded)


class Raw(str):
    """Text that is JSON already (a nested array written beforehand): written as it is."""


def encode(value: Any, level: int = 0) -> str:
    """value as JSON, nested containers indented from level (json.dumps' layout)."""
    kind = type(value)
    if kind is str:
        return string(value)
    if kind is Raw:
        return str.__str__(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        return float.__repr__(value)
    if kind is dict:
        if not value:
            return "{}"
        pad = "\n" + INDENT * (level + 1)
        items = (string(k) + ": " + encode(v, level + 1) for k, v in value.items())
        return "{" + pad + ("," + pad).join(items) + "\n" + INDENT * level + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        pad = "\n" + INDENT * (level + 1)
        return (
            "["
            + pad
            + ("," + pad).join(encode(v, level + 1) for v in value)
            + "\n"
            + INDENT * level
            + "]"
        )
    raise TypeError(f"cannot write {kind.__name__} as JSON")


# How each kind of plain value is written; anything else goes through encode().
_PLAIN: dict[type, Any] = {
    str: string,
    int: int.__repr__,
    float: float.__repr__,
    bool: lambda b: "true" if b else "false",
    type(None): lambda _: "null",
}


class Shape:
    """Objects of known keys, in order, at one depth: render(values) is one object's JSON."""

    def __init__(self, keys: Sequence[str], level: int) -> None:
        pad = "\n" + INDENT * (level + 1)
        self.level = level + 1
        self.template = (
            "{"
            + ",".join(pad + encode_basestring(k) + ": %s" for k in keys)
            + "\n"
            + INDENT * level
            + "}"
        )

    def render(self, values: Iterable[Any]) -> str:
        plain, level = _PLAIN, self.level
        return self.template % tuple(
            [plain[type(v)](v) if type(v) in plain else encode(v, level) for v in values]
        )


BATCH = 100  # items joined into one write


def write_array(out: TextIO, items: Iterable[str], level: int = 0) -> None:
    """An array of already-encoded items, written as they come (a few hundred per write)."""
    pad = "\n" + INDENT * (level + 1)
    batch: list[str] = []
    first = True
    for item in items:
        batch.append(item)
        if len(batch) == BATCH:
            out.write(("[" if first else ",") + pad + ("," + pad).join(batch))
            first, batch = False, []
    if batch:
        out.write(("[" if first else ",") + pad + ("," + pad).join(batch))
        first = False
    out.write("[]" if first else "\n" + INDENT * level + "]")
