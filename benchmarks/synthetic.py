"""Synthetic film history for benchmarks and crash tests: realistic shapes, made up.

Deterministic for a given seed, standard library only.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

WORDS = [
    *[
        "neon",
        "rain",
        "melancholy",
        "city",
        "night",
        "love",
        "loss",
        "time",
        "memory",
        "light",
        "shadow",
        "slow",
        "quiet",
    ],
    *[
        "beautiful",
        "strange",
        "tender",
        "cold",
        "bright",
        "long",
        "short",
        "dream",
        "window",
        "train",
        "station",
    ],
    *[
        "music",
        "silence",
        "colour",
        "camera",
        "frame",
        "story",
        "heart",
        "face",
        "street",
        "summer",
        "winter",
    ],
    *[
        "sea",
        "river",
        "road",
        "house",
        "room",
        "door",
        "mirror",
        "cigarette",
        "coffee",
        "letter",
        "phone",
        "cop",
    ],
    *[
        "waitress",
        "pineapple",
        "expiry",
        "date",
        "heat",
        "desert",
        "island",
        "war",
        "peace",
        "stranger",
    ],
]
FIRST = [
    "Wong",
    "Agnès",
    "Andrei",
    "Akira",
    "Chantal",
    "Claire",
    "Hirokazu",
    "Apichatpong",
    "Lucrecia",
    "Jia",
    "Céline",
    "Abbas",
]
LAST = [
    "Kar-Wai",
    "Varda",
    "Tarkovsky",
    "Kurosawa",
    "Akerman",
    "Denis",
    "Kore-eda",
    "Weerasethakul",
    "Martel",
    "Zhangke",
    "Sciamma",
    "Kiarostami",
]
TAGS = ("cinema", "rewatch-worthy", "with friends", "festival", "hong kong", "noir", "comfort")


def films(n: int, directors: int, seed: int = 1) -> list[tuple[str, int, str]]:
    """(title, year, director) for n distinct films by about `directors` people."""
    rng = random.Random(seed)
    people = [
        f"{rng.choice(FIRST)} {rng.choice(LAST)} {i}"
        if i >= 100
        else f"{FIRST[i % 12]} {LAST[i // 12 % 12]}"
        for i in range(directors)
    ]
    result = []
    for i in range(n):
        words = rng.sample(WORDS, rng.randint(1, 3))
        title = " ".join(w.capitalize() for w in words) + f" {i}"
        result.append((title, rng.randint(1920, 2025), people[i % directors]))
    return result


def review(rng: random.Random, words: int = 80) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def diary_rows(entries: int, film_count: int, seed: int = 1) -> Iterator[list[str]]:
    rng = random.Random(seed)
    catalogue = films(film_count, max(2000, film_count // 15), seed)
    start = dt.date(2005, 1, 1)
    for i in range(entries):
        title, year, _ = catalogue[i % film_count] if i < film_count else rng.choice(catalogue)
        watched = start + dt.timedelta(days=rng.randint(0, 7600))
        rating = rng.choice(["", "0.5", "1", "2", "2.5", "3", "3.5", "4", "4.5", "5"])
        tags = ", ".join(rng.sample(TAGS, rng.randint(0, 2)))
        yield [
            watched.isoformat(),
            title,
            str(year),
            f"https://boxd.it/s{i:x}",
            rating,
            "Yes" if i >= film_count else "",
            tags,
            watched.isoformat(),
        ]


def write_letterboxd_diary(path: Path, entries: int, film_count: int, seed: int = 1) -> Path:
    """A Letterboxd-shaped diary.csv of `entries` rows over `film_count` films."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["Date", "Name", "Year", "Letterboxd URI", "Rating", "Rewatch", "Tags", "Watched Date"]
        )
        writer.writerows(diary_rows(entries, film_count, seed))
    return path
