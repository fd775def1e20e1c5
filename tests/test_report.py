"""`filmlog report`: the page's numbers are `stats`' own, what people wrote is text, nothing loads."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from filmlog.present.report import charts, data
from tests.conftest import SHARED, rows, subprocess_env
from tests.factory import JournalFactory

HOSTILE = (
    "<script>alert('review')</script> and <img src=x onerror=alert(1)>\n\n"
    "[a link](javascript:alert(1)) [data](data:text/html,<b>x</b>) ![poster](https://example.com/p.jpg)\n\n"
    '<a href="https://example.com" onclick="steal()">raw</a> [fine](https://example.org/)'
    " [path](../journal.db)"
)


@pytest.fixture
def year_2024(factory: JournalFactory, seed_review: Path) -> JournalFactory:
    """A year with every section filled: facts, ratings, rewatches, reviews, a streak."""
    f = factory
    f.log(
        "Heat",
        1995,
        directors="Michael Mann",
        rating="4.5",
        watched="2024-01-05",
        review="A *great* heist.\n\nTwo paragraphs.",
        liked=True,
        runtime=170,
    )
    f.log("Heat", 1995, rating="5", watched="2024-03-10", rewatch=True)
    f.log(
        "Ran",
        1985,
        directors="Akira Kurosawa",
        rating="5",
        watched="2024-03-11",
        review="Lear ends badly.",
        spoilers=True,
        runtime=162,
    )
    f.log("Ikiru", 1952, directors="Akira Kurosawa", rating="4", watched="2024-03-12")
    f.log("Stalker", 1979, directors="Andrei Tarkovsky", watched="2024-07-01", tags="slow, zone")
    f.log(
        "Chungking Express",
        1994,
        directors="Wong Kar-Wai",
        rating="4.5",
        watched="2024-12-31",
        review=seed_review.read_text(encoding="utf-8"),
    )
    f.log("Heat", 1995, rating="3", watched="2023-12-31")  # another year: not counted
    f.facts("Heat", genres=["Crime", "Drama"], countries=["United States of America"])
    f.facts("Ran", genres=["Drama", "War"], countries=["Japan", "France"])
    f.facts("Ikiru", genres=["Drama"], countries=["Japan"], runtime=143)
    return f


def page(cli, *args: str) -> BeautifulSoup:
    result = cli("report", *args, ok=True)
    return BeautifulSoup(result.stdout, "html.parser")


def shown(soup: BeautifulSoup) -> dict:
    """The numbers a person reads on the page, by section."""
    numbers = {}
    for box in soup.select("#numbers dl div"):
        value = box.dd.get_text().replace(",", "").split()[0]
        numbers[box.dt.contents[0].strip()] = float(value) if "." in value else int(value)

    def table(section: str) -> list[list[str]]:
        return [
            [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
            for row in soup.select(f"#{section} tbody tr")
        ]

    return {
        "numbers": numbers,
        "timeline": [int(n) for _, n in table("timeline")],
        "ratings": [int(n) for _, n in table("ratings")],
        "directors": [(r[0], int(r[1])) for r in table("directors")],
        "kinds": table("kinds"),
        "favourites": [h.get_text(" ", strip=True) for h in soup.select("#favourites h3")],
        "sections": [s["id"] for s in soup.find_all("section")],
    }


def expected(cli, *args: str) -> dict:
    return json.loads(cli("stats", *args, "--format", "json", ok=True).stdout)


def assert_matches_stats(soup: BeautifulSoup, stats: dict) -> None:
    seen = shown(soup)
    numbers = seen["numbers"]
    assert numbers["Films seen"] == stats["films"]
    assert numbers["Viewings"] == stats["entries"]
    assert numbers["Rewatches"] == stats["rewatches"]
    assert numbers["First watches"] == stats["entries"] - stats["rewatches"]
    assert numbers.get("Reviews", 0) == stats["reviews"]
    assert numbers.get("Hours", 0) == stats["hours"]
    timeline = stats["per_month"] if stats["year"] else stats["per_year"]
    assert seen["timeline"] == list(timeline.values())
    assert seen["ratings"] == list(stats["ratings"].values())
    assert seen["directors"] == [(d["name"], d["films"]) for d in stats["top_directors"]]
    assert seen["favourites"] == [
        f"{h['title']} ({h['year']})" if h["year"] else h["title"] for h in stats["highest_rated"]
    ]


def test_the_numbers_are_those_of_stats(cli, year_2024) -> None:
    soup = page(cli, "--year", "2024")
    stats = expected(cli, "--year", "2024")
    assert_matches_stats(soup, stats)
    numbers = shown(soup)["numbers"]
    assert (numbers["Films seen"], numbers["Viewings"], numbers["Rewatches"]) == (5, 6, 1)
    assert numbers["Hours"] == round((170 + 170 + 162 + 143) / 60, 1)
    review = cli("show", "Chungking Express", "-f", "json", ok=True).stdout
    words = 5 + 3 + len(json.loads(review)["entries"][0]["review"].split())  # + Heat's, Ran's
    assert numbers["Words written"] == words
    assert numbers["Longest streak"] == 3  # 10, 11 and 12 March
    assert "10 March to Tue 12 March" in soup.select_one("#bookends").get_text(" ")


def test_every_section_of_a_full_year(cli, year_2024) -> None:
    soup = page(cli, "-y", "2024")
    assert shown(soup)["sections"] == [
        "numbers",
        "timeline",
        "calendar",
        "ratings",
        "directors",
        "kinds",
        "bookends",
        "favourites",
        "rewatched",
        "reviews",
    ]
    directors = soup.select("#directors tbody tr")
    kurosawa = [c.get_text(" ", strip=True) for c in directors[0].find_all("td")]
    assert kurosawa[:2] == ["Akira Kurosawa", "2"] and kurosawa[2].endswith("4.5")  # (5 + 4) / 2
    kinds = shown(soup)["kinds"]
    assert ["Drama", "3", ""] in kinds and ["Japan", "2", ""] in kinds
    assert ["The 1990s", "2", ""] in kinds
    first, last = soup.select("#bookends .card h3")
    assert (first.get_text(" ", strip=True), last.get_text(" ", strip=True)) == (
        "Heat (1995)",
        "Chungking Express (1994)",
    )
    assert [li.get_text(" ", strip=True) for li in soup.select("#rewatched li")] == [
        "Heat (1995): 2 times"
    ]
    days = soup.select("#calendar rect")
    assert len(days) == 366  # 2024 is a leap year
    shaded = {r.title.get_text(): r["class"] for r in days if r["class"] != ["l0"]}
    assert shaded == {
        d: ["l1"]
        for d in (
            "Fri 5 January: 1 film",
            "Sun 10 March: 1 film",
            "Mon 11 March: 1 film",
            "Tue 12 March: 1 film",
            "Mon 1 July: 1 film",
            "Tue 31 December: 1 film",
        )
    }


def test_reviews_in_full_and_spoilers_folded(cli, year_2024) -> None:
    soup = page(cli, "--year", "2024")
    articles = soup.select("#reviews article")
    assert [a.h3.get_text(" ", strip=True) for a in articles] == [
        "Heat (1995)",
        "Ran (1985)",
        "Chungking Express (1994)",
    ]
    assert articles[0].select_one(".body em").get_text() == "great"
    assert len(articles[0].select(".body p")) == 2
    spoiler = articles[1].find("details")
    assert spoiler is not None and "Lear ends badly." in spoiler.get_text()
    assert articles[0].find("details") is None
    review = json.loads(cli("show", "Chungking Express", "-f", "json", ok=True).stdout)
    full = " ".join(review["entries"][0]["review"].split())
    assert " ".join(articles[2].select_one(".body").get_text(" ").split()).startswith(full[:200])
    excerpt = soup.select("#favourites blockquote")
    assert excerpt and len(excerpt[-1].get_text()) <= 281  # the seed review, cut at a word


def test_what_a_person_wrote_is_text_never_markup(cli, factory) -> None:
    factory.log(
        '<img src=x onerror=alert("title")>',
        2020,
        watched="2024-02-02",
        rating="5",
        review=HOSTILE,
        tags='"><script>alert(2)</script>',
        directors="<script>alert(3)</script>",
    )
    html = cli("report", "--year", "2024", ok=True).stdout
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find_all("script") == [] and soup.find_all("img") == []
    assert soup.find_all("iframe") == [] and soup.find_all("object") == []
    for element in soup.find_all(True):
        assert not [a for a in element.attrs if a.lower().startswith("on")], element
        for attr in ("href", "src", "action", "formaction"):
            value = str(element.get(attr, "")).strip().lower()
            assert not value.startswith(("javascript:", "data:", "vbscript:")), element
    text = soup.select_one("#reviews").get_text(" ")
    assert "<script>alert('review')</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert "[a link](javascript:alert(1))" in text and "[path](../journal.db)" in text
    assert (
        soup.select_one("#reviews h3").get_text().startswith('<img src=x onerror=alert("title")>')
    )
    assert '"><script>alert(2)</script>' in soup.select_one("#reviews .tags").get_text()
    links = [a["href"] for a in soup.select("#reviews a")]
    # A link written as Markdown stays a link; an image is one too, never loaded; a web
    # address in the text is one (even inside HTML written as text).
    assert links == ["https://example.com/p.jpg", "https://example.com", "https://example.org/"]


def test_nothing_is_loaded_from_anywhere(cli, year_2024) -> None:
    html = cli("report", "--year", "2024", ok=True).stdout
    soup = BeautifulSoup(html, "html.parser")
    policy = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "default-src 'none'" in policy and "script-src" not in policy
    for element in soup.find_all(True):
        for attr in ("src", "srcset", "poster", "data", "background", "xlink:href"):
            assert attr not in element.attrs, element
        if element.name == "link":
            pytest.fail(f"a <link> element: {element}")
    assert not re.search(r"url\(|@import", html)
    outside = [a["href"] for a in soup.find_all("a") if not a.find_parent(class_="body")]
    assert outside == []  # links only where the person wrote them, in reviews


def test_all_time_has_years_and_no_calendar(cli, year_2024) -> None:
    year_2024.log("Ikiru", 1952, watched="unknown", rating="4")
    soup = page(cli)
    assert soup.h1.get_text() == "All time in film"
    assert_matches_stats(soup, expected(cli))
    assert "calendar" not in shown(soup)["sections"]
    assert "1 viewing without a date" in soup.select_one("#timeline figcaption").get_text()


def test_a_section_without_data_is_left_out(cli, factory) -> None:
    factory.log("Heat", watched="2024-05-05")  # no year, rating, facts or review
    sections = shown(page(cli, "--year", "2024"))["sections"]
    assert sections == ["numbers", "timeline", "calendar", "bookends"]


def test_a_year_without_entries_writes_nothing(cli, factory, tmp_path) -> None:
    factory.log("Heat", 1995, watched="2024-05-05")
    result = cli("report", "--year", "2021", "-o", str(tmp_path / "2021.html"))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == "Error: no entries in 2021: `filmlog stats` shows the years you have\n"
    assert not (tmp_path / "2021.html").exists()
    assert cli("report", "--year", "1200").exit_code == 2


def test_an_empty_journal_says_how_to_begin(cli, journal) -> None:
    result = cli("report")
    assert result.exit_code == 1 and "log a film with `filmlog add`" in result.stderr


def test_output_file_private_and_never_overwritten_unasked(cli, year_2024, tmp_path) -> None:
    target = tmp_path / "2024.html"
    result = cli("report", "-y", "2024", "-o", str(target), ok=True)
    assert result.stdout == "" and result.stderr == f"Wrote {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target.write_text("mine", encoding="utf-8")
    refused = cli("report", "-y", "2024", "-o", str(target))
    assert refused.exit_code == 1 and "add --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    cli("report", "-y", "2024", "-o", str(target), "--force", ok=True)
    assert "2024 in film" in target.read_text(encoding="utf-8")


def test_open_shows_the_page_in_the_browser(year_2024, tmp_path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    run = subprocess.run(
        [sys.executable, "-m", "filmlog", "report", "-y", "2024", "--open"],
        capture_output=True,
        text=True,
        timeout=60,
        env=subprocess_env(BROWSER=str(browser), FILMLOG_DB=str(year_2024.path)),
    )
    assert run.returncode == 0, run.stderr
    written = Path(run.stderr.split("Wrote ", 1)[1].split(".html")[0] + ".html")
    assert opened.read_text(encoding="utf-8") == written.as_uri()
    assert "2024 in film" in written.read_text(encoding="utf-8")
    os.unlink(written)


def test_longest_streak_and_calendar_shapes() -> None:
    days = {d: 1 for d in ("2024-01-30", "2024-01-31", "2024-02-01", "2024-02-03", "2024-02-04")}
    assert data.longest_streak(days) == data.Streak(3, "2024-01-30", "2024-02-01")
    assert data.longest_streak({}) is None
    year = charts.calendar(2025, {"2025-01-01": 2, "2025-06-01": 9})
    first = year.days[0]
    assert (first.date, first.level, first.y) == ("2025-01-01", 2, charts.TOP + 2 * 13)  # a Wed
    assert [d.level for d in year.days if d.films] == [2, 4]
    assert [m for m, _ in year.months][:3] == ["Jan", "Feb", "Mar"] and len(year.days) == 365
    assert len({d.x for d in year.days}) == 53


NICK = SHARED / "realworld" / "letterboxd" / "nickwibert__LetterboxdML" / "letterboxd-data"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def real_year(cli, factory: JournalFactory, journal: Path) -> int:
    """A real member's export, with film facts as `enrich` would add them; its busiest year."""
    if not NICK.exists():
        pytest.skip("../shared/realworld is absent")
    cli("import", "letterboxd", str(NICK), ok=True)
    per_year = expected(cli)["per_year"]
    year = int(max(per_year, key=per_year.get))
    films = rows(
        journal,
        "SELECT DISTINCT f.title FROM films f JOIN entries e ON e.film_id = f.id"
        " WHERE e.watched LIKE ? ORDER BY f.id",
        f"{year}-%",
    )
    kinds = [("Drama", "France"), ("Comedy", "Japan"), ("Thriller", "United States of America")]
    for n, (title,) in enumerate(films):
        genre, country = kinds[n % 3]
        factory.facts(
            title,
            directors=[f"Director {n % 7}"],
            genres=[genre],
            countries=[country],
            runtime=90 + n % 60,
        )
    return year


def test_a_real_export_fills_every_section(cli, real_year) -> None:
    soup = page(cli, "--year", str(real_year))
    assert shown(soup)["sections"] == [
        "numbers",
        "timeline",
        "calendar",
        "ratings",
        "directors",
        "kinds",
        "bookends",
        "favourites",
        "rewatched",
        "reviews",
    ]
    stats = expected(cli, "--year", str(real_year))
    assert_matches_stats(soup, stats)
    assert len(soup.select("#reviews article")) == stats["reviews"]


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_the_page_in_a_real_browser(cli, factory, real_year, tmp_path) -> None:
    owned = "<script>document.body.setAttribute('data-owned', 'yes')</script>"
    factory.log("Hostile", 2020, watched=f"{real_year}-06-15", review=f"{owned}\n\n{HOSTILE}")
    target = tmp_path / "report.html"
    cli("report", "--year", str(real_year), "-o", str(target), ok=True)
    browser = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        # networking off: every request would go to a port where nothing listens
        "--proxy-server=http://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]
    dom = subprocess.run(
        [*browser, "--dump-dom", target.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    soup = BeautifulSoup(dom, "html.parser")
    assert_matches_stats(soup, expected(cli, "--year", str(real_year)))
    assert soup.select("#calendar rect") and soup.select("#timeline rect.column")
    assert soup.body.get("data-owned") is None and soup.find_all("script") == []
    assert owned in soup.select_one("#reviews").get_text()  # shown as the text it is
    shot = tmp_path / "report.png"  # kept in the test's tmp folder, to look at
    subprocess.run(
        [
            *browser,
            f"--screenshot={shot}",
            "--window-size=1280,5000",
            "--hide-scrollbars",
            target.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def test_review_markdown_reads_as_the_review_means_it(cli, factory) -> None:
    factory.log(
        "Heat",
        1995,
        rating="4",
        watched="2024-03-01",
        review=(
            "# Big heading\n\n| Scene | Minutes |\n|---|---|\n| Diner | 6 |\n\n"
            "See https://example.com/x and javascript:alert(1) there."
        ),
    )
    soup = page(cli)
    body = soup.select_one("#reviews article .body")
    assert body.find("h1") is None and body.find("h4").get_text() == "Big heading"
    assert [td.get_text() for td in body.select("table td")] == ["Diner", "6"]
    assert [a["href"] for a in body.find_all("a")] == ["https://example.com/x"]
    assert "javascript:alert(1)" in body.get_text()  # text, not a link


def test_all_time_keeps_empty_years_and_the_heading_says_what_it_holds(cli, factory) -> None:
    factory.log("Heat", 1995, rating="4", watched="2020-03-01")
    factory.log("Ran", 1985, rating="5", watched="2023-05-01")
    soup = page(cli)
    years = [row.td.get_text() for row in soup.select("#timeline table tbody tr")]
    assert years == ["2020", "2021", "2022", "2023"]
    assert soup.select_one("#kinds-h").get_text() == "Decades"  # no genres nor countries known


def test_no_space_before_punctuation(cli, year_2024) -> None:
    for args in ((), ("--year", "2024")):
        soup = page(cli, *args)
        for part in soup.select("style, .body"):
            part.decompose()
        text = soup.get_text(" ")
        text = re.sub(r"\s+", " ", soup.get_text())
        assert re.findall(r"\w \s*[.,;:!?]", text.replace(" ·", "")) == [], args


def test_an_excerpt_joins_emphasis_to_its_punctuation(cli, factory) -> None:
    factory.log(
        "The Dark Knight",
        2008,
        rating="5",
        watched="2024-03-01",
        review="Above all *Heath Ledger*. A **great**, `rare` film;\nworth it.",
    )
    soup = page(cli, "--year", "2024")
    excerpt = soup.select_one("#favourites blockquote").get_text(" ", strip=True)
    assert excerpt == "Above all Heath Ledger. A great, rare film; worth it."


def test_the_page_says_with_whom_and_where(cli, factory) -> None:
    factory.log(
        "Heat", 1995, watched="2024-03-01", companions=["Kyle"], place="Prince Charles Cinema"
    )
    factory.log(
        "Ran",
        1985,
        watched="2024-03-02",
        companions=["Kyle", "Anna"],
        place="home",
        platform="Criterion Channel",
    )
    factory.log("Alien", 1979, watched="2024-03-03")
    soup = page(cli, "--year", "2024")
    assert "company" in shown(soup)["sections"]
    rows_ = [
        [c.get_text(" ", strip=True) for c in tr.find_all("td")][:2]
        for tr in soup.select("#company tbody tr")
    ]
    assert rows_ == [
        ["Kyle", "2"],
        ["Anna", "1"],
        ["home", "1"],
        ["Prince Charles Cinema", "1"],
        ["Criterion Channel", "1"],
    ]
    assert (
        "50% of the viewings that say where were at a cinema"
        in soup.select_one("#company").get_text()
    )
    stats = json.loads(cli("stats", "--year", "2024", "-f", "json", ok=True).stdout)
    assert stats["top_companions"][0] == {"name": "Kyle", "entries": 2}
    assert stats["at_a_cinema"] == 0.5
