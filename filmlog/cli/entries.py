"""Commands that write entries: add, edit, rm."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from filmlog.cli.common import DbOption, FilmYearOption, ask, ask_yes, confirm, open_for, say
from filmlog.cli.completion import complete_title
from filmlog.cli.review_text import interactive, one_way, review_text, tidy
from filmlog.journal import store, titles
from filmlog.values.checks import check_name, check_names, check_title, check_year
from filmlog.values.dates import parse_optional_date
from filmlog.values.errors import BadValue, FilmlogError, NotFound
from filmlog.values.models import NewEntry, Saved
from filmlog.values.ratings import parse_rating, stars

if TYPE_CHECKING:
    from filmlog.journal.db import Journal

T = TypeVar("T")

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
WithOption = Annotated[
    list[str] | None,
    typer.Option("--with", help="With whom you watched it; repeat or separate with commas."),
]
AtOption = Annotated[
    str | None, typer.Option("--at", help="Where: a cinema, home, a festival, a friend's.")
]
OnOption = Annotated[
    str | None, typer.Option("--on", help="On what: Netflix, Criterion Channel, a disc…")
]
RewatchOption = Annotated[bool, typer.Option("--rewatch", help="Mark as a rewatch.")]
LikedOption = Annotated[bool, typer.Option("--liked", help="Mark as liked.")]
SpoilersOption = Annotated[bool, typer.Option("--spoilers", help="The review has spoilers.")]
NewOption = Annotated[
    bool, typer.Option("--new", help="A new film, even when the journal has one of a like title.")
]
LookupOption = Annotated[
    bool | None,
    typer.Option(
        "--lookup/--no-lookup",
        help="Fill in the film's facts from TMDb (default: the lookup setting).",
    ),
]
WatchedOption = Annotated[
    str,
    typer.Option(
        "--watched",
        "-w",
        help="When: 2026-11-20, today, yesterday, '3 days ago', 'last friday', unknown.",
    ),
]
NoWithOption = Annotated[bool, typer.Option("--no-with", help="Remove with whom.")]
NoAtOption = Annotated[bool, typer.Option("--no-at", help="Remove where.")]
NoOnOption = Annotated[bool, typer.Option("--no-on", help="Remove on what.")]
RuntimeOption = Annotated[int | None, typer.Option("--runtime", help="Minutes.", min=1)]
ImdbOption = Annotated[str | None, typer.Option("--imdb", help="IMDb id, tt…")]
EntryOption = Annotated[
    int | None, typer.Option("--entry", help="An entry's id (see `filmlog diary`).")
]


def add(
    ctx: typer.Context,
    title: TitleArg = None,
    year: YearOption = None,
    director: DirectorOption = None,
    rating: RatingOption = None,
    watched: WatchedOption = "today",
    review: ReviewOption = None,
    review_file: ReviewFileOption = None,
    edit: EditOption = False,
    tag: TagOption = None,
    with_: WithOption = None,
    at: AtOption = None,
    on: OnOption = None,
    rewatch: RewatchOption = False,
    liked: LikedOption = False,
    spoilers: SpoilersOption = False,
    new: NewOption = False,
    lookup: LookupOption = None,
    db: DbOption = None,
) -> None:
    """Log a film you watched.

    A film already in the journal gets a new entry, marked as a rewatch. Run
    in a terminal without a title to be asked for each field.

    Example: filmlog add "Chungking Express" -y 1994 -r 4.5 --with Kyle --at cinema --on disc
    """
    if title is None:
        if not interactive():
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
            watched=watched_day(watched),
            tags=check_names(tag, "tag"),
            rewatch=rewatch,
            liked=liked,
            spoilers=spoilers,
            companions=check_names(with_, "companion"),
            place=where(at, "--at"),
            platform=where(on, "--on"),
        )
        one_way(review, review_file, edit)
        if edit:
            from filmlog.journal.editor import editor_command

            editor_command(interactive=interactive())  # refused now, before anything is asked
    with open_for(ctx, db, write=True) as journal:
        if title is not None:
            wanted.title, wanted.year = titles.typed(journal.conn, wanted.title, wanted.year)
            if not new:
                _settle_title(journal, wanted)
            wanted.review = review_text(review, review_file, edit) or None
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
    if interactive():
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
    from filmlog.journal import config

    return config.flag("lookup")


def _look_up(journal: Journal, saved: Saved) -> None:
    """TMDb's facts for the film just logged; in a terminal, shown before they are kept.

    The entry is saved whatever happens here: a lookup needs the network, and
    logging a film must not.
    """
    from filmlog.cli.tmdb import choose, client_for
    from filmlog.imports.enrich import MATCHED, apply, look_up
    from filmlog.online.tmdb import TmdbError

    try:
        client = client_for(journal)
        try:
            outcome = look_up(client, saved.film)
            if outcome.candidates and interactive():
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
    if interactive() and not ask_yes(
        f"TMDb: {outcome.facts.summary()}. Use these facts?", default=True
    ):
        return
    changes = apply(journal, outcome)
    say("TMDb: " + ("; ".join(changes) if changes else "nothing new"))


def where(text: str | None, option: str) -> str | None:
    """A place or platform as given (None: not said); an empty one is refused."""
    if text is None:
        return None
    if not text.strip():
        raise BadValue(f"{option} is empty: name it, or leave the option out")
    return check_name(text, "place" if option == "--at" else "platform")


def watched_day(text: str) -> str | None:
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


def _blank_or_name(what: str) -> Callable[[str], str | None]:
    return lambda s: check_name(s, what) if s.strip() else None


def _optional_year(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit():
        raise BadValue(f"invalid year {text!r}: give a year like 1994, or leave it blank")
    return check_year(int(text))


def _ask(journal: Journal) -> NewEntry:
    """Ask for each field in turn, as a paper form would."""
    from filmlog.journal.editor import editor_command

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
    wanted.watched = _ask_for("Watched", watched_day, default="today")
    wanted.tags = _ask_for(
        "Tags, separated by commas (blank for none)", lambda s: check_names(s, "tag")
    )
    wanted.companions = _ask_for(
        "With whom, separated by commas (blank: nobody said)",
        lambda s: check_names(s, "companion"),
    )
    wanted.place = _ask_for("Where (a cinema, home…; blank to skip)", _blank_or_name("place"))
    wanted.platform = _ask_for(
        "On what (Netflix, a disc…; blank to skip)", _blank_or_name("platform")
    )
    wanted.liked = ask_yes("Liked?", default=False)
    if film is not None and film.seen:
        wanted.rewatch = ask_yes(f"A rewatch? (you have seen {film.label})", default=True)
    editor = " ".join(editor_command(interactive=True))
    if ask_yes(f"Write a review? (opens {editor})", default=False):
        from filmlog.journal.editor import edit_text

        wanted.review = tidy(edit_text(interactive=True)) or None
        if wanted.review is None:
            say("No review written: the viewing is logged without one.")
        else:
            wanted.spoilers = ask_yes(
                "Does the review give anything away (spoilers)?", default=False
            )
    return wanted


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
