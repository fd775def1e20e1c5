"""`filmlog edit`: change an entry, or its film's facts."""

from __future__ import annotations

from typing import Annotated

import typer

from filmlog.cli.common import DbOption, FilmYearOption, open_for, say
from filmlog.cli.entries import (
    AtOption,
    EditOption,
    EntryOption,
    ImdbOption,
    NoAtOption,
    NoOnOption,
    NoWithOption,
    OnOption,
    ReviewFileOption,
    ReviewOption,
    RuntimeOption,
    TitleArg,
    WithOption,
    watched_day,
    where,
)
from filmlog.cli.review_text import review_text
from filmlog.journal import edits
from filmlog.values.checks import check_names, check_title, check_year
from filmlog.values.errors import BadValue
from filmlog.values.ratings import parse_rating


def edit(
    ctx: typer.Context,
    title: TitleArg = None,
    entry: EntryOption = None,
    year: FilmYearOption = None,
    rating: Annotated[
        str | None, typer.Option("--rating", "-r", help="New rating, or 'none' to remove it.")
    ] = None,
    watched: Annotated[
        str | None,
        typer.Option("--watched", "-w", help="New date watched, or 'unknown'."),
    ] = None,
    review: ReviewOption = None,
    review_file: ReviewFileOption = None,
    edit_review: EditOption = False,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Replace the entry's tags.")
    ] = None,
    no_tags: Annotated[bool, typer.Option("--no-tags", help="Remove the entry's tags.")] = False,
    with_: WithOption = None,
    no_with: NoWithOption = False,
    at: AtOption = None,
    no_at: NoAtOption = False,
    on: OnOption = None,
    no_on: NoOnOption = False,
    rewatch: Annotated[
        bool | None, typer.Option("--rewatch/--no-rewatch", help="Mark or unmark as a rewatch.")
    ] = None,
    liked: Annotated[
        bool | None, typer.Option("--liked/--no-liked", help="Mark or unmark as liked.")
    ] = None,
    spoilers: Annotated[
        bool | None,
        typer.Option("--spoilers/--no-spoilers", help="Whether the review has spoilers."),
    ] = None,
    new_title: Annotated[str | None, typer.Option("--title", help="Rename the film.")] = None,
    set_year: Annotated[
        int | None, typer.Option("--set-year", help="Change the film's release year.")
    ] = None,
    director: Annotated[
        list[str] | None,
        typer.Option("--director", "-d", help="Replace the film's directors."),
    ] = None,
    original_title: Annotated[
        str | None,
        typer.Option("--original-title", help="The title in its own language ('' removes it)."),
    ] = None,
    runtime: RuntimeOption = None,
    imdb: ImdbOption = None,
    genre: Annotated[
        list[str] | None, typer.Option("--genre", "-g", help="Replace the film's genres.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Change an entry (the film's latest, or --entry ID) or the film's facts.

    Example: filmlog edit chungking --rating 5 --tag "hong kong"
    """
    entry_changes = _entry_changes(rating, watched, tag, no_tags, rewatch, liked, spoilers)
    entry_changes.companions = _replaced(with_, no_with, "--with", "companion")
    entry_changes.place = _one_or_none(at, no_at, "--at")
    entry_changes.platform = _one_or_none(on, no_on, "--on")
    film_changes = _film_changes(
        new_title, set_year, director, original_title, runtime, imdb, genre
    )
    with open_for(ctx, db, write=True) as journal:
        target = edits.edit_target(journal.conn, title=title, entry_id=entry, year=year)
        initial = target.entry.review if target.entry and target.entry.review else ""
        entry_changes.review = review_text(review, review_file, edit_review, initial)
        film, changed, said = edits.edit_or_nothing(journal, target, entry_changes, film_changes)
    if not said:
        say("Nothing changed.")
        return
    what = f"entry {changed.id} of " if changed else ""
    say(f"Updated {what}{film.label}: {'; '.join(said)}.")


def _replaced(given: list[str] | None, clear: bool, option: str, what: str) -> list[str] | None:
    """A list option of edit: replaced by the names given, emptied by --no-…, else None."""
    if given and clear:
        raise BadValue(f"{option} and --no-{option[2:]} say opposite things: give one of them")
    return [] if clear else (check_names(given, what) if given else None)


def _one_or_none(given: str | None, clear: bool, option: str) -> str | None:
    """A value of edit: the one given, "" (removed) for --no-…, else None (unchanged)."""
    if given is not None and clear:
        raise BadValue(f"{option} and --no-{option[2:]} say opposite things: give one of them")
    return "" if clear else where(given, option)


def _entry_changes(
    rating: str | None,
    watched: str | None,
    tag: list[str] | None,
    no_tags: bool,
    rewatch: bool | None,
    liked: bool | None,
    spoilers: bool | None,
) -> edits.EntryChanges:
    clear = bool(rating and rating.lower() in ("none", "-"))
    if tag and no_tags:
        raise BadValue("--tag and --no-tags say opposite things: give one of them")
    return edits.EntryChanges(
        rating=parse_rating(rating) if rating and not clear else None,
        clear_rating=clear,
        watched=watched_day(watched) if watched else None,
        clear_watched=bool(watched) and watched_day(watched or "") is None,
        tags=[] if no_tags else (check_names(tag, "tag") if tag else None),
        rewatch=rewatch,
        liked=liked,
        spoilers=spoilers,
    )


def _film_changes(
    title: str | None,
    year: int | None,
    director: list[str] | None,
    original_title: str | None,
    runtime: int | None,
    imdb: str | None,
    genre: list[str] | None,
) -> edits.FilmChanges:
    if imdb is not None and imdb and not (imdb.startswith("tt") and imdb[2:].isdigit()):
        raise BadValue(f"invalid IMDb id {imdb!r}: it looks like tt0109424")
    return edits.FilmChanges(
        title=check_title(title) if title is not None else None,
        year=check_year(year) if year is not None else None,
        directors=check_names(director) if director else None,
        original_title=original_title,
        runtime=runtime,
        imdb_id=imdb,
        genres=check_names(genre, "genre") if genre else None,
    )
