"""Commands that write entries: add, edit, rm."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from filmlog import edits, store, titles
from filmlog.cli.common import (
    DbOption,
    FilmYearOption,
    ask,
    ask_yes,
    confirm,
    open_for,
    say,
    stdin_is_terminal,
    stdout_is_terminal,
)
from filmlog.cli.completion import complete_title
from filmlog.dates import parse_optional_date
from filmlog.errors import BadValue, FilmlogError, NotFound
from filmlog.models import NewEntry, Saved, check_names, check_title, check_year
from filmlog.ratings import parse_rating, stars

if TYPE_CHECKING:
    from filmlog.db import Journal

T = TypeVar("T")
MAX_REVIEW_BYTES = 4 * 1024 * 1024  # a review is words; a longer file is the wrong file

TitleArg = Annotated[
    str | None,
    typer.Argument(
        metavar="TITLE", help="The film's title.", autocompletion=complete_title, show_default=False
    ),
]
YearOption = FilmYearOption
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


def _interactive() -> bool:
    return stdin_is_terminal() and stdout_is_terminal()


def _review(text: str | None, file: str | None, edit: bool, initial: str = "") -> str | None:
    """The review from exactly one of --review, --review-file or --edit (None: none)."""
    _one_way(text, file, edit)
    if file is not None:
        return _read_review_file(file)
    if edit:
        from filmlog.editor import edit_text

        return _tidy(edit_text(initial, interactive=_interactive(), keep_empty=False))
    return _tidy(text) if text is not None else None


def _one_way(text: str | None, file: str | None, edit: bool) -> None:
    given = [
        name for name, v in (("--review", text), ("--review-file", file), ("--edit", edit)) if v
    ]
    if len(given) > 1:
        raise BadValue(f"give the review one way only, not {' and '.join(given)}")


def _tidy(text: str) -> str:
    """The review as written, without blank lines around it."""
    lines = text.replace("\r\n", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(line.rstrip() for line in lines)


def _read_review_file(name: str) -> str:
    """A review from a file (or a pipe: `--review-file <(…)`, or - for stdin), read with a
    bound: a file far larger than any review is refused, not read into memory."""
    if name == "-":
        data = sys.stdin.buffer.read(MAX_REVIEW_BYTES + 1)
        source = "standard input"
    else:
        path = Path(name).expanduser()
        source = str(path)
        if path.is_dir():
            raise BadValue(f"--review-file {name}: is a folder, not a file")
        try:
            with path.open("rb") as f:
                data = f.read(MAX_REVIEW_BYTES + 1)
        except FileNotFoundError:
            raise BadValue(f"--review-file {name}: no such file") from None
        except OSError as exc:
            raise BadValue(f"--review-file {name}: {exc.strerror}") from None
    if len(data) > MAX_REVIEW_BYTES:
        raise BadValue(
            f"the review in {source} is over {MAX_REVIEW_BYTES // 1024 // 1024} MB:"
            " is it the right file?"
        )
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
    new: Annotated[
        bool,
        typer.Option("--new", help="A new film, even when the journal has one of a like title."),
    ] = False,
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
        if not _interactive():
            raise BadValue(
                "give the film's TITLE (or run `filmlog add` in a terminal to be asked for it)"
            )
        with open_for(ctx, db, write=False) as reading:
            wanted = _ask(reading)
    else:
        wanted = NewEntry(
            title=check_title(title),
            year=year,
            directors=check_names(director),
            rating=parse_rating(rating) if rating is not None else None,
            watched=_watched(watched),
            tags=check_names(tag, "tag"),
            rewatch=rewatch,
            liked=liked,
            spoilers=spoilers,
        )
        _one_way(review, review_file, edit)
        if edit:
            from filmlog.editor import editor_command

            editor_command(interactive=_interactive())  # refused now, before anything is asked
    with open_for(ctx, db, write=True) as journal:
        if title is not None:
            wanted.title, wanted.year = titles.typed(journal.conn, wanted.title, wanted.year)
            if not new:
                _settle_title(journal, wanted)
            wanted.review = _review(review, review_file, edit) or None
            if edit and wanted.review is None:
                say("No review written: the viewing is logged without one.")
        saved = store.add_entry(journal, wanted)
        say(_saved_message(saved))
        if _wants_lookup(lookup) and not saved.film.tmdb_id:
            _look_up(journal, saved)


def _settle_title(journal: Journal, wanted: NewEntry) -> None:
    """A title the journal has no film of, but one like it (a typo, the start of a title):
    in a terminal, ask whether that film is meant; piped, refuse with it rather than make
    a film of the typo."""
    near = titles.near_matches(journal.conn, wanted.title, wanted.year)
    if not near:
        return
    if _interactive():
        if len(near) == 1:
            if ask_yes(f"Log {near[0].label}?", default=True):
                wanted.title, wanted.year = near[0].title, near[0].year
            return
        say(f"The journal has {len(near)} films like {wanted.title!r}:")
        for n, ref in enumerate(near, start=1):
            say(f"  {n}) {ref.label}")
        choice = ask(f"Which one? (0 for a new film {wanted.title!r})", default=0, type=int)
        if 1 <= choice <= len(near):
            wanted.title, wanted.year = near[choice - 1].title, near[choice - 1].year
        return
    shown = " or ".join(f'"{ref.label}"' for ref in near[:3])
    raise NotFound(
        f"the journal has no film called {wanted.title!r}, but has {shown}:"
        f" log it by its title, or add --new to make a new film {wanted.title!r}"
    )


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

    try:
        client = client_for(journal)
        try:
            outcome = look_up(client, saved.film)
            if outcome.candidates and _interactive():
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
    if _interactive() and not ask_yes(
        f"TMDb: {outcome.facts.summary()}. Use these facts?", default=True
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
        message += "\nMarked as a rewatch: you had seen it before."
    for kept in saved.kept:
        message += f"\n{kept[0].upper()}{kept[1:]}."
    return message


def _ask_for(prompt: str, parse: Callable[[str], T], default: str = "") -> T:
    """Ask until the answer parses; say what was wrong with each refused one."""
    while True:
        answer = ask(prompt, default=default)
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


def _ask(journal: Journal) -> NewEntry:
    """Ask for each field in turn, as a paper form would."""
    from filmlog.editor import editor_command

    wanted = NewEntry(title=_ask_for("Title", check_title))
    wanted.year = _ask_for("Year (blank if unknown)", _optional_year)
    _settle_title(journal, wanted)
    known = titles.exact_matches(journal.conn, wanted.title, wanted.year)
    film = store.get_film(journal.conn, known[0].id) if len(known) == 1 else None
    if film is None or not film.directors:
        wanted.directors = _ask_for("Director(s), separated by commas (blank to skip)", check_names)
    wanted.rating = _ask_for(
        "Rating, 0.5–5 (blank for none)", lambda s: parse_rating(s) if s.strip() else None
    )
    wanted.watched = _ask_for("Watched", _watched, default="today")
    wanted.tags = _ask_for(
        "Tags, separated by commas (blank for none)", lambda s: check_names(s, "tag")
    )
    wanted.liked = ask_yes("Liked?", default=False)
    if film is not None and film.seen:
        wanted.rewatch = ask_yes(f"A rewatch? (you have seen {film.label})", default=True)
    editor = " ".join(editor_command(interactive=True))
    if ask_yes(f"Write a review? (opens {editor})", default=False):
        from filmlog.editor import edit_text

        wanted.review = _tidy(edit_text(interactive=True)) or None
        if wanted.review is None:
            say("No review written: the viewing is logged without one.")
        else:
            wanted.spoilers = ask_yes(
                "Does the review give anything away (spoilers)?", default=False
            )
    return wanted


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
    entry_changes = _entry_changes(rating, watched, tag, no_tags, rewatch, liked, spoilers)
    if imdb is not None and imdb and not (imdb.startswith("tt") and imdb[2:].isdigit()):
        raise BadValue(f"invalid IMDb id {imdb!r}: it looks like tt0109424")
    film_changes = edits.FilmChanges(
        title=check_title(new_title) if new_title is not None else None,
        year=check_year(set_year) if set_year is not None else None,
        directors=check_names(director) if director else None,
        original_title=original_title,
        runtime=runtime,
        imdb_id=imdb,
        genres=check_names(genre, "genre") if genre else None,
    )
    with open_for(ctx, db, write=True) as journal:
        target = edits.edit_target(journal.conn, title=title, entry_id=entry, year=year)
        initial = target.entry.review if target.entry and target.entry.review else ""
        entry_changes.review = _review(review, review_file, edit_review, initial)
        film, changed, said = edits.edit_or_nothing(journal, target, entry_changes, film_changes)
    if not said:
        say("Nothing changed.")
        return
    what = f"entry {changed.id} of " if changed else ""
    say(f"Updated {what}{film.label}: {'; '.join(said)}.")


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
        watched=_watched(watched) if watched else None,
        clear_watched=bool(watched) and _watched(watched or "") is None,
        tags=[] if no_tags else (check_names(tag, "tag") if tag else None),
        rewatch=rewatch,
        liked=liked,
        spoilers=spoilers,
    )


def rm(
    ctx: typer.Context,
    title: TitleArg = None,
    entry: EntryOption = None,
    year: YearOption = None,
    yes: Annotated[bool, typer.Option("--yes", help="Remove without asking.")] = False,
    db: DbOption = None,
) -> None:
    """Remove an entry (--entry ID), or a film with all its entries (TITLE).

    The film is named by its exact title (and --year when two share it): a
    title close to it is only suggested. Asks first in a terminal; elsewhere,
    --yes is required.

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
            ref = titles.resolve(journal.conn, title, year, exact=True)
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
