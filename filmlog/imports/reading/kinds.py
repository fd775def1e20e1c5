"""What is a film and what is not, by the kind a source gives a title: one rule for all.

IMDb writes a title's type in the language of the account ("Série télévisée",
"Episódio de TV"), Trakt and media servers in English ("episode", "show",
"Series"). Films, TV films, shorts and videos are films; series, episodes,
seasons, games and podcasts are not, and are counted and left out.
"""

from __future__ import annotations

from filmlog.values.keys import fold

# Words in a kind, in the languages sources write, that mark what is not a film.
NOT_FILMS = (
    "series",
    "serie",
    "episode",
    "episodio",
    "folge",
    "season",
    "show",
    "game",
    "gioco",
    "jeu",
    "spiel",
    "podcast",
    "miniseries",
    "seriado",
)


def is_film(kind: str | None) -> bool:
    """Whether a title of this kind is a film (a kind not given is taken as a film)."""
    # Accents and hyphens folded, so "Série télévisée" and "Mini-Series" are caught too.
    folded = fold((kind or "").strip()).replace("-", "").replace(" ", "")
    return not any(word in folded for word in NOT_FILMS)


def left_out(kind: str | None) -> str:
    """The reason a summary gives for a title of this kind: "TV Series (not a film)"."""
    return f"{(kind or '').strip() or 'untyped'} (not a film)"
