"""What an import did (or, for a dry run, would do): counts by kind of record and outcome."""

from __future__ import annotations

from collections import Counter, defaultdict
from enum import StrEnum
from typing import Any


class Count(StrEnum):
    """What happened to a record the export held."""

    ADDED = "added"
    UPDATED = "updated"
    SKIPPED = "skipped"


# The kinds of record, in the order the summary shows them.
RECORD_KINDS = ("films", "entries", "reviews", "ratings", "watched", "liked", "watchlist", "lists")


# A kind's word for one record of it (the kinds are named in the plural).
ONE = {
    "films": "film",
    "entries": "entry",
    "reviews": "review",
    "ratings": "rating",
    "lists": "list",
}


def of_kind(n: int, kind: str) -> str:
    """'1 film', '3 films', '1 watched': a count of records of a kind, in words."""
    return f"{n:,} {ONE.get(kind, kind) if n == 1 else kind}"


class Summary:
    def __init__(self, source: str, path: str, *, dry_run: bool = False, title: str = "") -> None:
        self.source = source
        self.path = path
        self.counts: dict[str, Counter[str]] = defaultdict(Counter)
        self.skipped_rows: Counter[str] = Counter()  # reason -> rows not imported
        self.ignored_files: list[str] = []
        self.notes: list[str] = []  # what the source guessed, to check
        # Files of the export that could not be read, and why: left out, the rest imported.
        self.skipped_files: list[tuple[str, str]] = []
        self.import_id: int | None = None
        self.dry_run = dry_run
        self.title = title  # how the source names what was imported: "letterboxd export x.zip"

    def count(self, kind: str, outcome: Count, n: int = 1) -> None:
        self.counts[kind][outcome] += n

    def not_imported(self, file: str, reason: str, line: int | None = None) -> None:
        self.skipped_files.append((file, f"line {line}: {reason}" if line else reason))

    def kinds(self) -> list[str]:
        """The kinds of record this import touched, in the summary's order."""
        return [kind for kind in RECORD_KINDS if kind in self.counts]

    def changed(self) -> bool:
        """Whether anything was added or updated (else the import leaves no record)."""
        return any(c[Count.ADDED] or c[Count.UPDATED] for c in self.counts.values())

    def counts_json(self) -> dict[str, dict[str, int]]:
        return {kind: {c.value: self.counts[kind][c] for c in Count} for kind in self.kinds()}

    def as_json(self) -> dict[str, Any]:
        return {
            "import_id": self.import_id,
            "source": self.source,
            "path": self.path,
            "dry_run": self.dry_run,
            "counts": self.counts_json(),
            "rows_not_imported": dict(self.skipped_rows),
            "ignored_files": self.ignored_files,
            "notes": self.notes,
            "files_not_imported": [{"file": f, "reason": r} for f, r in self.skipped_files],
        }
