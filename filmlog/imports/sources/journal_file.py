"""Another filmlog journal file (from another machine, a backup, a copy of yours): all of
it, by the rules every source follows (nothing doubled, reviews never lost), an entry
edited in both taking the later edit.

The other file is only read, whatever its version: copied into memory (an older one
brought up to date there), written out as the JSON export, and read back as `import json`
reads it. A newer filmlog's journal is refused.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from filmlog.exports import journal_json as written
from filmlog.imports.engine.session import ImportSession, Same
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.reading.archive import ImportRefused
from filmlog.imports.sources.journal_json import import_doc
from filmlog.journal.db import JournalError, open_scratch


def read(path: Path) -> dict:
    """The other journal as its JSON export (built in memory; the file is never changed)."""
    if not path.is_file():
        raise ImportRefused(str(path), "no journal file here: give the other journal's .db file")
    if path.stat().st_size == 0:
        raise ImportRefused(str(path), "the file is empty: not a filmlog journal")
    try:
        other = open_scratch(path)
    except JournalError as exc:
        raise ImportRefused(str(path), exc.message.replace(f"{path} ", "").strip()) from None
    try:
        out = io.StringIO()
        written.write(other.conn, out)
    finally:
        other.close()
    return json.loads(out.getvalue())


def run(session: ImportSession, given: Given) -> None:
    mine = session.journal_path
    if mine is not None and given.path.resolve() == mine.resolve():
        raise ImportRefused(str(given.path), "that is this journal: give another journal's file")
    doc = read(given.path)
    session.at(str(given.path))
    import_doc(session, doc, newer_wins=True)


SOURCE = Source(
    name="journal",
    read=run,
    help="""Bring in everything of another filmlog journal file: a backup, another machine's.

    Films, viewings, reviews, tags, the watchlist and lists, by the rules every import
    follows: nothing doubled, no review lost; a viewing edited in both journals takes the
    later edit. The other file is only read, whatever filmlog version made it (a newer
    one's is refused). Run it both ways and the two journals agree.

    Example: filmlog import journal ~/backup/filmlog.db
    """,
    argument_help="The other journal's file (.db).",
    title="the journal {path}",
    same=Same.CONTENT,
    exact_years=True,
)
