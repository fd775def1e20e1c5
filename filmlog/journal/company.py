"""Tags that say with whom, where or on what a film was watched (`w/ kyle`, `@ home`,
`disney+`), made into what they are, by the person's say: `filmlog tags convert`.

A conversion is one transaction, recorded as an import of source "tags" (so `import
list` shows it and `import undo` takes it back), and saved as a rule: imports and syncs
apply the saved rules when asked (--convert-tags, or the convert-tags setting), and the
Letterboxd export writes companions, places and platforms back as the tags they came from.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from filmlog.journal import recorded
from filmlog.journal.db import Journal
from filmlog.journal.names import lookup
from filmlog.values.checks import check_name
from filmlog.values.clock import now
from filmlog.values.errors import BadValue
from filmlog.values.keys import key

SOURCE = "tags"
TARGETS = {"with": "companions", "at": "places", "on": "platforms"}
COLUMN = {"at": "place", "on": "platform"}
# How a companion, place or platform is written as a tag when no rule says (Letterboxd's
# habit: `w/ kyle`, `@ cinema`; a platform is its own name).
DEFAULT_PATTERNS = {"with": "w/ *", "at": "@ *", "on": "*"}


@dataclass(frozen=True)
class TagCount:
    name: str
    count: int

    def as_json(self) -> dict[str, object]:
        return {"tag": self.name, "count": self.count}


@dataclass
class Converted:
    """What a conversion did (or, in a dry run, would do)."""

    pattern: str
    target: str
    entries: int = 0
    values: dict[str, int] = field(default_factory=dict)  # each tag → value, and how often
    kept: int = 0  # viewings that already had another place or platform: left as they were
    import_id: int | None = None


def tag_counts(conn: sqlite3.Connection) -> list[TagCount]:
    """Every tag with how many viewings have it, most used first."""
    return [
        TagCount(name, n)
        for name, n in conn.execute(
            "SELECT t.name, count(et.entry_id) AS n FROM tags t JOIN entry_tags et"
            " ON et.tag_id = t.id GROUP BY t.id ORDER BY n DESC, t.name_key"
        )
    ]


def matcher(pattern: str) -> re.Pattern[str]:
    """A tag pattern (`w/ *`: * is the value) as a regular expression, without regard to
    case or spacing around its words."""
    text = " ".join(pattern.split())
    if not text:
        raise BadValue("the tag pattern is empty: give one like 'w/ *' or disney+")
    spaced = r"\s*"  # a space of the pattern is any spacing of the tag, or none
    parts = [spaced.join(re.escape(w) for w in p.split(" ")) for p in text.split("*")]
    body = "(.+?)".join(parts) if len(parts) > 1 else "(" + parts[0] + ")"
    return re.compile(r"\s*" + body + r"\s*", re.IGNORECASE | re.DOTALL)


def convert(
    journal: Journal,
    pattern: str,
    target: str,
    *,
    dry_run: bool = False,
    only_import: int | None = None,
    record: bool = True,
) -> Converted:
    """Every viewing's tags that match pattern, made companions (with), its place (at) or
    platform (on); the tag goes. only_import: the viewings one import made (its saved
    rules, applied as it runs)."""
    if target not in TARGETS:
        raise BadValue(f"--to must be with, at or on, not {target!r}")
    found = matcher(pattern)
    conn = journal.conn
    done = Converted(pattern, target)
    with journal.transaction():
        changes = []
        for entry, tag_id, name in _tagged(conn, only_import):
            whole = found.fullmatch(name)
            if whole is None:
                continue
            value = " ".join(whole.group(1).split())
            if not value:
                continue
            value = check_name(value, "companion" if target == "with" else COLUMN[target])
            change = _apply(journal, entry, tag_id, name, target, value)
            if change is None:
                done.kept += 1
                continue
            changes.append(change)
            shown = f"{name} → {value}"
            done.values[shown] = done.values.get(shown, 0) + 1
        done.entries = len({c["entry"] for c in changes})
        conn.execute(
            "DELETE FROM tags WHERE NOT EXISTS (SELECT 1 FROM entry_tags et"
            " WHERE et.tag_id = tags.id)"
        )
        if dry_run:
            raise recorded.Rehearsal(done)
        _save_rule(conn, pattern, target)
        if record and changes:
            entries = len({c["entry"] for c in changes})
            what = f"{' '.join(pattern.split())} → {target}"
            counts = {"entries": {"updated": entries}}
            done.import_id = recorded.record(conn, SOURCE, what, counts, changes)
    return done


def dry(journal: Journal, pattern: str, target: str) -> Converted:
    """What convert would do, worked out in its transaction and rolled back."""
    done: Converted = recorded.rehearse(lambda: convert(journal, pattern, target, dry_run=True))
    return done


def _tagged(conn: sqlite3.Connection, only_import: int | None) -> list[tuple[int, int, str]]:
    sql = "SELECT et.entry_id, t.id, t.name FROM entry_tags et JOIN tags t ON t.id = et.tag_id"
    if only_import is None:
        return conn.execute(sql + " ORDER BY et.entry_id, t.name_key").fetchall()
    return conn.execute(
        sql + " JOIN entries e ON e.id = et.entry_id WHERE e.import_id = ?"
        " ORDER BY et.entry_id, t.name_key",
        [only_import],
    ).fetchall()


def _apply(
    journal: Journal, entry: int, tag_id: int, tag: str, target: str, value: str
) -> dict[str, object] | None:
    """One tag of one viewing made what it says; what was changed (None: the viewing has
    another place or platform already, and keeps it and the tag)."""
    conn = journal.conn
    change: dict[str, object] = {"entry": entry, "tag": tag, "target": target, "value": value}
    if target == "with":
        who = lookup(journal, "companions", value)
        added = conn.execute(
            "INSERT OR IGNORE INTO entry_companions (entry_id, companion_id, position, tag)"
            " VALUES (?, ?, (SELECT coalesce(max(position) + 1, 0) FROM entry_companions"
            " WHERE entry_id = ?), ?)",
            [entry, who, entry, tag],
        ).rowcount
        change["added"] = bool(added)
    else:
        column = COLUMN[target]
        now_value = conn.execute(f"SELECT {column} FROM entries WHERE id = ?", [entry]).fetchone()
        if now_value[0] is not None and key(now_value[0]) != key(value):
            return None
        change["before"] = now_value[0]
        conn.execute(
            f"UPDATE entries SET {column} = ?, {column}_key = ?, {column}_tag = ? WHERE id = ?",
            [value, key(value), tag, entry],
        )
    conn.execute("DELETE FROM entry_tags WHERE entry_id = ? AND tag_id = ?", [entry, tag_id])
    return change


def _save_rule(conn: sqlite3.Connection, pattern: str, target: str) -> None:
    conn.execute(
        "INSERT INTO tag_conversions (pattern, target, created_at) VALUES (?, ?, ?)"
        " ON CONFLICT (pattern) DO UPDATE SET target = excluded.target",
        [" ".join(pattern.split()), target, now()],
    )


def rules(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """The saved conversions (pattern, target), oldest first."""
    return conn.execute("SELECT pattern, target FROM tag_conversions ORDER BY rowid").fetchall()


def convert_saved(journal: Journal, import_id: int) -> int:
    """An import's viewings, converted by every saved rule; how many tags were."""
    total = 0
    for pattern, target in rules(journal.conn):
        done = convert(journal, pattern, target, only_import=import_id, record=False)
        total += sum(done.values.values())
    return total


def as_tags(conn: sqlite3.Connection) -> dict[str, str]:
    """For writing them back: each target's pattern (the first saved rule, else the
    usual one)."""
    patterns = dict(DEFAULT_PATTERNS)
    for pattern, target in reversed(rules(conn)):
        if "*" in pattern:
            patterns[target] = pattern
    return patterns


def tag_of(patterns: dict[str, str], target: str, value: str) -> str:
    return patterns[target].replace("*", value, 1)


# Recording and taking back -------------------------------------------------------


def take_back(journal: Journal, import_id: int) -> tuple[int, list[str]]:
    """Undo a conversion (in the caller's transaction): each tag back on its viewing, and
    the companion, place or platform it became taken off, unless changed since."""
    conn = journal.conn
    restored, kept = 0, []
    for change in reversed(recorded.snapshot(conn, import_id, SOURCE)):
        entry = change["entry"]
        if conn.execute("SELECT 1 FROM entries WHERE id = ?", [entry]).fetchone() is None:
            continue  # the viewing is gone since
        tag = lookup(journal, "tags", change["tag"])
        conn.execute(
            "INSERT OR IGNORE INTO entry_tags (entry_id, tag_id) VALUES (?, ?)", [entry, tag]
        )
        restored += 1
        if change["target"] == "with":
            if change.get("added"):
                conn.execute(
                    "DELETE FROM entry_companions WHERE entry_id = ? AND companion_id ="
                    " (SELECT id FROM companions WHERE name_key = ?)",
                    [entry, key(change["value"])],
                )
            continue
        column = COLUMN[change["target"]]
        before = change.get("before")
        moved = conn.execute(
            f"UPDATE entries SET {column} = ?, {column}_key = ?, {column}_tag = NULL"
            f" WHERE id = ? AND {column}_key IS ?",
            [before, key(before) if before else None, entry, key(change["value"])],
        ).rowcount
        if not moved:
            kept.append(f"entry {entry}: its {column}, changed since the conversion")
    return restored, kept
