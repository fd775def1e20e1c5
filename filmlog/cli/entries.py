"""Commands that write entries: add, edit, rm."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from filmlog import store, titles
from filmlog.cli.common import (
    DbOption,
    confirm,
    open_for,
    say,
    stdin_is_terminal,
    stdout_is_terminal,
)
from filmlog.cli.completion import complete_title
from filmlog.dates import parse_optional_date
from filmlog.errors import BadValue, FilmlogError
from filmlog.models import NewEntry, Saved, check_name, check_title, check_year, split_names
from filmlog.ratings import parse_rating, stars

if TYPE_CHECKING:
    from filmlog.db import Journal

T = TypeVar("T")

TitleArg = Annotated[
    str | None,
    typer.Argument(
        metavar="TITLE", help="The film's title.", autocompletion=complete_title, show_default=False
    ),
]
YearOption = Annotated[int | None, typer.Option("--year", "-y", help="Release year.")]
DirectorOption = Annotated[
    list[str] | None,
    typer.Option("--director", "-d", help="Director; repeat or separate with commas."),
]
RatingOption = Annotated[
    str | None,
    typer.Option("--rating", "-r", help="0.5–5 stars: 4.5, 4½, ★★★★½, 9/10 or 4.5/5."),
]
ReviewOption = Annotated[str | None, typer.Option("--review", help="Review text (Markdown).")]
ReviewFileOption = Annotated[
    str | None,
    typer.Option("--review-file", help="Read the review from a file, or - for stdin."),
]
EditOption = Annotated[
    bool, typer.Option("--edit", "-e", help="Write the review in $VISUAL / $EDITOR.")
]
TagOption = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Tag; repeat or separate with commas.")
]
EntryOption = Annotated[
    int | None, typer.Option("--entry", help="An entry's id (see `filmlog diary`).")
]


def _review(text: str | None, file: str | None, edit: bool, initial: str = "") -> str | None:
    """The review from exactly one of --review, --review-file or --edit."""
    given = [
        name for name, v in (("--review", text), ("--review-file", file), ("--edit", edit)) if v
    ]
    if len(given) > 1:
        raise BadValue(f"give the review one way only, not {' and '.join(given)}")
    if file is not None:
        return _read_review_file(file)
    if edit:
        from filmlog.editor import edit_text

        written = edit_text(initial)
        if not written.strip():
            raise FilmlogError("the review is empty: nothing was saved")
        return _tidy(written)
    return _tidy(text) if text is not None else None


def _tidy(text: str) -> str:
    """The review as written, without blank lines around it."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def _read_review_file(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
        source = "standard input"
    else:
        path = Path(name).expanduser()
        source = str(path)
        if path.is_dir():
            raise BadValue(f"--review-file {name}: is a folder, not a file")
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise BadValue(f"--review-file {name}: no such file") from None
        except OSError as exc:
            raise BadValue(f"--review-file {name}: {exc.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadValue(f"the review in {source} is not UTF-8 text: save it as UTF-8") from None
    return _tidy(text)


def add(
    ctx: typer.Context,
    title: TitleArg = None,
    year: YearOption = None,
    director: DirectorOption = None,
    rating: RatingOption = None,
    watched: Annotated[
        str,
        typer.Option(
            "--watched",
            "-w",
            help="When: 2026-11-20, today, yesterday, '3 days ago', 'last friday', unknown.",
        ),
    ] = "today",
    review: ReviewOption = None,
    review_file: ReviewFileOption = None,
    edit: EditOption = False,
    tag: TagOption = None,
    rewatch: Annotated[bool, typer.Option("--rewatch", help="Mark as a rewatch.")] = False,
    liked: Annotated[bool, typer.Option("--liked", help="Mark as liked.")] = False,
    spoilers: Annotated[bool, typer.Option("--spoilers", help="The review has spoilers.")] = False,
    lookup: Annotated[
        bool | None,
        typer.Option(
            "--lookup/--no-lookup",
            help="Fill in the film's facts from TMDb (default: the lookup setting).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Log a film you watched.

    A film already in the journal gets a new entry, marked as a rewatch. Run
    in a terminal without a title to be asked for each field.

    Example: filmlog add "Chungking Express" -y 1994 -d "Wong Kar-Wai" -r 4.5 -w yesterday
    """
    if title is None:
        if not (stdin_is_terminal() and stdout_is_terminal()):
            raise BadValue(
                "give the film's TITLE (or run `filmlog add` in a terminal to be asked for it)"
            )
        new = _ask()
    else:
        new = NewEntry(
            title=check_title(title),
            year=check_year(year) if year is not None else None,
            directors=[check_name(d) for d in split_names(director)],
            rating=parse_rating(rating) if rating is not None else None,
            watched=_watched(watched),
            tags=[check_name(t, "tag") for t in split_names(tag)],
            rewatch=rewatch,
            liked=liked,
            spoilers=spoilers,
        )
        new.review = _review(review, review_file, edit)
    with open_for(ctx, db, write=True) as journal:
        near = titles.near_match(journal.conn, new.title, new.year)
        if (
            near is not None
            and stdin_is_terminal()
            and stdout_is_terminal()
            and typer.confirm(f"Did you mean {near.label}?", default=True, err=True)
        ):
            new.title, new.year = near.title, near.year
        saved = store.add_entry(journal, new)
        say(_saved_message(saved))
        if _wants_lookup(lookup) and not saved.film.tmdb_id:
            _look_up(journal, saved)
    if saved.new_film and near is not None and near.title != new.title:
        say(f"(The journal also has {near.label}: use that title to log it again.)")


def _wants_lookup(option: bool | None) -> bool:
    if option is not None:
        return option
    from filmlog import config

    return config.flag("lookup")


def _look_up(journal: Journal, saved: Saved) -> None:
    """TMDb's facts for the film just logged; in a terminal, shown before they are kept.

    The entry is saved whatever happens here: a lookup needs the network, and
    logging a film must not.
    """
    from filmlog.cli.tmdb import choose, client_for
    from filmlog.enrich import MATCHED, apply, look_up
    from filmlog.tmdb import TmdbError

    interactive = stdin_is_terminal() and stdout_is_terminal()
    try:
        client = client_for(journal)
        try:
            outcome = look_up(client, saved.film)
            if outcome.candidates and interactive:
                heading = f"TMDb has several films called {saved.film.title!r}:"
                choose(client, outcome, heading, "0 for none")
        finally:
            client.close()
    except TmdbError as exc:
        say(f"Could not look the film up: {exc.message}")
        return
    except FilmlogError as exc:  # no token
        say(f"Could not look the film up: {exc.message}")
        return
    if outcome.status != MATCHED or outcome.facts is None:
        what = "several films match" if outcome.candidates else "no film matches"
        say(f"TMDb: {what}; the film keeps the facts you gave (`filmlog enrich` can retry).")
        return
    if interactive and not typer.confirm(
        f"TMDb: {outcome.facts.summary()}. Use these facts?", default=True, err=True
    ):
        return
    changes = apply(journal, outcome)
    say("TMDb: " + ("; ".join(changes) if changes else "nothing new"))


def _watched(text: str) -> str | None:
    value = parse_optional_date(text)
    return value.isoformat() if value else None


def _saved_message(saved: Saved) -> str:
    e = saved.entry
    parts = [f"Logged {saved.film.label}", e.watched or "date unknown"]
    if e.rating:
        parts.append(stars(e.rating))
    if e.rewatch:
        parts.append("rewatch")
    if e.review:
        parts.append("with review")
    message = " · ".join(parts) + f" (entry {e.id})"
    if saved.off_watchlist:
        message += "\nTaken off your watchlist."
    if saved.new_film:
        message += "\nNew film in the journal."
    elif saved.auto_rewatch:
        message += "\nMarked as a rewatch: you logged it before."
    return message


def _ask_for(prompt: str, parse: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer parses; say what was wrong with each refused one."""
    while True:
        answer = typer.prompt(prompt, default=default, show_default=bool(default))
        try:
            return parse(answer)
        except BadValue as exc:
            say(f"Error: {exc.message}")


def _optional_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadValue(f"invalid year {text!r}: give a year like 1994, or leave it blank")
    return check_year(int(text))


def _ask() -> NewEntry:
    """Ask for each field in turn, as a paper form would."""
    title = _ask_for("Title", check_title)
    year = _ask_for("Year (blank if unknown)", _optional_year)
    directors = _ask_for(
        "Director(s), separated by commas (blank to skip)",
        lambda s: [check_name(d) for d in split_names([s])],
    )
    rating = _ask_for(
        "Rating, 0.5–5 (blank for none)", lambda s: parse_rating(s) if s.strip() else None
    )
    watched = _ask_for("Watched", _watched, default="today")
    review = None
    if typer.confirm("Write a review in your editor?", default=False):
        from filmlog.editor import edit_text

        review = _tidy(edit_text()) or None
    return NewEntry(
        title=title,
        year=year,
        directors=directors,
        rating=rating,
        watched=watched,
        review=review,
    )


def edit(
    ctx: typer.Context,
    title: TitleArg = None,
    entry: EntryOption = None,
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", help="Pick the film by year, or set its year."),
    ] = None,
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
    rewatch: Annotated[bool | None, typer.Option("--rewatch/--no-rewatch")] = None,
    liked: Annotated[bool | None, typer.Option("--liked/--no-liked")] = None,
    spoilers: Annotated[bool | None, typer.Option("--spoilers/--no-spoilers")] = None,
    new_title: Annotated[str | None, typer.Option("--title", help="Rename the film.")] = None,
    director: Annotated[
        list[str] | None,
        typer.Option("--director", "-d", help="Replace the film's directors."),
    ] = None,
    original_title: Annotated[str | None, typer.Option("--original-title")] = None,
    runtime: Annotated[int | None, typer.Option("--runtime", help="Minutes.", min=1)] = None,
    imdb: Annotated[str | None, typer.Option("--imdb", help="IMDb id, tt…")] = None,
    genre: Annotated[
        list[str] | None, typer.Option("--genre", "-g", help="Replace the film's genres.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Change an entry (the film's latest, or --entry ID) or the film's facts.

    Example: filmlog edit chungking --rating 5 --tag "hong kong"
    """
    entry_changes = store.EntryChanges(
        rating=parse_rating(rating) if rating and rating.lower() not in ("none", "-") else None,
        clear_rating=bool(rating and rating.lower() in ("none", "-")),
        watched=_watched(watched) if watched else None,
        clear_watched=bool(watched) and _watched(watched or "") is None,
        tags=[] if no_tags else ([check_name(t, "tag") for t in split_names(tag)] if tag else None),
        rewatch=rewatch,
        liked=liked,
        spoilers=spoilers,
    )
    if imdb is not None and imdb and not (imdb.startswith("tt") and imdb[2:].isdigit()):
        raise BadValue(f"invalid IMDb id {imdb!r}: it looks like tt0109424")
    film_changes = store.FilmChanges(
        title=check_title(new_title) if new_title is not None else None,
        directors=[check_name(d) for d in split_names(director)] if director else None,
        original_title=original_title,
        runtime=runtime,
        imdb_id=imdb,
        genres=split_names(genre) if genre else None,
    )
    with open_for(ctx, db, write=True) as journal:
        target = store.edit_target(journal.conn, title=title, entry_id=entry, year=year)
        initial = target.entry.review if target.entry and target.entry.review else ""
        entry_changes.review = _review(review, review_file, edit_review, initial)
        film, changed = store.edit(journal, target, entry_changes, film_changes)
    what = f"entry {changed.id} of " if changed else ""
    say(f"Updated {what}{film.label}.")


def rm(
    ctx: typer.Context,
    title: TitleArg = None,
    entry: EntryOption = None,
    year: YearOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking.")] = False,
    db: DbOption = None,
) -> None:
    """Remove an entry (--entry ID), or a film with all its entries (TITLE).

    Asks first in a terminal; elsewhere, --yes is required.

    Example: filmlog rm --entry 12
    """
    if (title is None) == (entry is None):
        raise BadValue("name the film (TITLE) or the entry (--entry ID), one of the two")
    with open_for(ctx, db, write=True) as journal:
        if entry is not None:
            target = store.get_entry(journal.conn, entry)
            film = store.get_film(journal.conn, target.film_id)
            question = f"Remove entry {entry} ({film.label}, {target.watched or 'date unknown'})?"
        else:
            assert title is not None
            ref = titles.resolve(journal.conn, title, year)
            card = store.film_card(journal.conn, ref.id)
            n = len(card.entries)
            question = f"Remove {ref.label} and its {n} entr{'y' if n == 1 else 'ies'}?"
        if not confirm(question, yes):
            say("Nothing removed.")
            return
        if entry is not None:
            store.remove_entry(journal, entry)
            say(f"Removed entry {entry} of {film.label}.")
        else:
            store.remove_film(journal, ref.id)
            say(f"Removed {ref.label}.")
