"""What is shown of the journal's housekeeping: an import's summary, the imports made,
what came in twice, the tags, the settings. Rich objects, as render's are."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from filmlog.present.render import words

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from filmlog.imports.engine.summary import Summary
    from filmlog.imports.engine.undo import ImportRecord
    from filmlog.journal.company import TagCount
    from filmlog.journal.duplicates import Group as DuplicateGroup


def import_summary(summary: Summary) -> RenderableType:
    from rich.console import Group
    from rich.table import Table

    from filmlog.present.formats import summary_notes, summary_rows, summary_title

    table = Table(show_edge=False)
    table.add_column("")
    for name in ("added", "updated", "skipped"):
        table.add_column(name, justify="right")
    counted = summary_rows(summary)
    for kind, added, updated, skipped in counted:
        table.add_row(kind, str(added), str(updated), str(skipped))
    notes = (words(note, "dim") for note in summary_notes(summary))
    shown = [table] if counted else []  # no table of no rows
    return Group(words(summary_title(summary), "bold"), *shown, *notes)


def imports_table(records: Sequence[ImportRecord], header: bool = True) -> Table:
    """The imports made into the journal, one a row, with what each added."""
    from rich.table import Table

    from filmlog.imports.engine.summary import of_kind

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    # Short columns never wrap; the path and what was added fold, so that a narrow
    # terminal squeezes them, never the last column to nothing.
    table.add_column("Import", justify="right", no_wrap=True)
    table.add_column("When", no_wrap=True)
    table.add_column("Source", no_wrap=True)
    table.add_column("From", overflow="fold", ratio=1)
    table.add_column("Added", overflow="fold", ratio=1)
    undone_any = any(r.undone_at for r in records)
    if undone_any:
        table.add_column("Undone", no_wrap=True)
    for r in records:
        added = ", ".join(of_kind(c["added"], k) for k, c in r.counts.items() if c.get("added"))
        when = r.imported_at[:16].replace("T", " ")
        cells = [r.source, r.path, added or "nothing new"]
        if undone_any:
            cells.append((r.undone_at or "")[:10])
        table.add_row(str(r.id), when, *(words(c) for c in cells))
    return table


def duplicates_table(groups: Sequence[DuplicateGroup], header: bool = True) -> Table:
    """Each group of probable duplicates: what is in it, and why."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    table.add_column("Films or viewings", overflow="fold", ratio=2)
    table.add_column("Ids", no_wrap=True)
    table.add_column("Why", overflow="fold", ratio=1)
    for group in groups:
        if group.kind == "films":
            what = "\n".join(f"{m.label}  ({_viewings(m.detail)})" for m in group.members)
        else:
            what = f"{group.film}: " + ", ".join(m.label for m in group.members)
        ids = ", ".join(
            ("" if group.kind == "films" else "entry ") + str(m.id) for m in group.members
        )
        table.add_row(words(what), ids, words(group.why), end_section=True)
    return table


def _viewings(detail: dict[str, Any]) -> str:
    n = int(detail.get("viewings") or 0)
    sources = [str(s) for s in detail.get("sources") or []]
    said = f"{n} viewing{'s' if n != 1 else ''}"
    return said + (f", from {', '.join(sources)}" if sources else "")


def tags_table(tags: Sequence[TagCount], header: bool = True) -> Table:
    """Each tag and how many viewings have it."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold", show_header=header)
    table.add_column("Tag", overflow="fold")
    table.add_column("Viewings", justify="right")
    for t in tags:
        table.add_row(words(t.name), f"{t.count:,}")
    return table


def settings_table(settings: dict[str, dict[str, str | None]]) -> Table:
    """Each setting, its value (secrets masked), and where it comes from."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, header_style="bold")
    for name in ("Setting", "Value", "From"):
        table.add_column(name, overflow="fold")
    for name, setting in settings.items():
        table.add_row(words(name), words(setting["value"] or "-"), words(setting["from"]))
    return table
