"""A Letterboxd member's feed: `import letterboxd-rss` and `sync`, against feeds served on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest

from tests.conftest import SHARED, count, nothing_new, rows
from tests.fake_web import FakeWeb
from tests.test_import import DIARY, export

FEEDS = SHARED / "realworld" / "letterboxd-rss"
ARON = FEEDS / "aron__books.aroncarroll.com" / "letterboxd.xml"
SAM = FEEDS / "samueldiamond__samueldiamond.github.io" / "data" / "letterboxd.xml"
shared = pytest.mark.skipif(not FEEDS.exists(), reason="../shared/realworld is absent")


def item(
    n: int,
    title: str,
    year: int | None = 2024,
    *,
    kind: str = "watch",
    watched: str | None = "2024-06-01",
    rating: str | None = None,
    rewatch: str = "No",
    like: str | None = None,
    tmdb: int | None = None,
    slug: str | None = None,
    review: str = "",
    spoilers: bool = False,
) -> str:
    """An item the way Letterboxd writes one (the fields of the saved feeds)."""
    slug = slug or title.lower().replace(" ", "-")
    fields = [
        f"<letterboxd:watchedDate>{watched}</letterboxd:watchedDate>" if watched else "",
        f"<letterboxd:rewatch>{rewatch}</letterboxd:rewatch>",
        f"<letterboxd:filmTitle>{escape(title)}</letterboxd:filmTitle>",
        f"<letterboxd:filmYear>{year}</letterboxd:filmYear>" if year else "",
        f"<letterboxd:memberRating>{rating}</letterboxd:memberRating>" if rating else "",
        f"<letterboxd:memberLike>{like}</letterboxd:memberLike>" if like else "",
        f"<tmdb:movieId>{tmdb}</tmdb:movieId>" if tmdb else "",
    ]
    body = '<p><img src="https://a.ltrbxd.com/poster.jpg"/></p> '
    if spoilers:
        body += "<p><em>This review may contain spoilers.</em></p> "
    body += review or (f"<p>Watched on Saturday June 1, {watched[:4]}.</p>" if watched else "")
    return (
        f"<item> <title>{escape(title)}, {year}</title>"
        f" <link>https://letterboxd.com/member/film/{slug}/</link>"
        f' <guid isPermaLink="false">letterboxd-{kind}-{n}</guid>'
        f" <pubDate>Sat, 1 Jun 2024 10:00:00 +1200</pubDate> {' '.join(fields)}"
        f" <description><![CDATA[ {body} ]]></description> <dc:creator>member</dc:creator> </item>"
    )


def feed(*items: str) -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:letterboxd="https://letterboxd.com"'
        ' xmlns:tmdb="https://themoviedb.org"><channel><title>Letterboxd - member</title>'
        + "".join(items)
        + "</channel></rss>"
    )


def write(tmp_path: Path, text: str, name: str = "feed.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def summary(cli, *args: str) -> dict:
    result = cli("import", "letterboxd-rss", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def web(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeWeb]:
    server = FakeWeb()
    monkeypatch.setenv("FILMLOG_LETTERBOXD_URL", server.url)
    yield server
    server.close()


@shared
@pytest.mark.parametrize("saved", [ARON, SAM], ids=["without-tmdb", "with-tmdb"])
def test_a_saved_feed_comes_in_whole_and_once(cli, journal, tmp_path, saved) -> None:
    path = shutil.copy(saved, tmp_path / "letterboxd.xml")
    first = summary(cli, str(path))
    watches = saved.read_text(encoding="utf-8").count("letterboxd-watch-")
    assert first["counts"]["entries"] == {"added": watches, "updated": 0, "skipped": 0}
    assert count(journal, "entries") == watches == 50
    lists = saved.read_text(encoding="utf-8").count("letterboxd-list-")
    assert first["rows_not_imported"] == (
        {"lists (a feed shows only part of a list)": lists} if lists else {}
    )
    again = summary(cli, str(path))
    assert nothing_new(again)
    assert again["counts"]["entries"] == {"added": 0, "updated": 0, "skipped": watches}
    assert count(journal, "entries") == watches


@shared
def test_what_a_real_feed_says_is_kept(cli, journal, tmp_path) -> None:
    summary(cli, str(shutil.copy(SAM, tmp_path / "letterboxd.xml")))
    card = json.loads(cli("show", "Sirāt", "-f", "json", ok=True).stdout)
    assert card["letterboxd_uri"] == "https://letterboxd.com/film/sirat-2025/"
    assert card["tmdb_id"] and card["entries"][0]["watched"] and card["entries"][0]["rating"]
    assert rows(journal, "SELECT count(*) FROM films WHERE tmdb_id IS NULL") == [(0,)]
    assert rows(journal, "SELECT count(*) FROM entries WHERE review IS NOT NULL") == [(0,)]


def test_every_kind_of_item(cli, journal, tmp_path) -> None:
    text = feed(
        item(1, "Heat", 1995, rating="4.5", like="Yes", tmdb=949),
        item(2, "Heat", 1995, watched="2024-07-01", rewatch="Yes", tmdb=949),
        item(
            3,
            "Ran",
            1985,
            kind="review",
            watched=None,
            rating="5",
            review="<p>Lear in <b>colour</b>.</p> <p>Second paragraph.</p>",
        ),
        item(4, "Stalker", 1979, kind="review", spoilers=True, review="<p>The room.</p>"),
        item(5, "Sirāt", 2025, rating="4"),
        item(6, "The Coen Brothers", None, kind="list"),
    )
    data = summary(cli, str(write(tmp_path, text)))
    assert data["counts"]["entries"]["added"] == 5
    assert data["rows_not_imported"] == {"lists (a feed shows only part of a list)": 1}
    heat = json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)
    assert heat["tmdb_id"] == 949 and heat["liked"] is True
    assert [(e["watched"], e["rating"], e["rewatch"]) for e in heat["entries"]] == [
        ("2024-06-01", 4.5, False),
        ("2024-07-01", None, True),
    ]
    assert heat["rating"] == 4.5  # the unrated rewatch leaves the rating
    (ran,) = json.loads(cli("show", "Ran", "-f", "json", ok=True).stdout)["entries"]
    assert (ran["watched"], ran["rating"]) == (None, 5.0)
    assert ran["review"] == "Lear in **colour**.\n\nSecond paragraph."
    (stalker,) = json.loads(cli("show", "Stalker", "-f", "json", ok=True).stdout)["entries"]
    assert (stalker["review"], stalker["spoilers"]) == ("The room.", True)
    assert json.loads(cli("show", "Sirat", "-f", "json", ok=True).stdout)["title"] == "Sirāt"
    assert "letterboxd-" not in cli("export", "json", ok=True).stdout  # the guid is no fact


def test_a_review_may_begin_with_the_words_watched_on(cli, journal, tmp_path) -> None:
    text = feed(item(1, "Heat", kind="review", review="<p>Watched on a plane, alas.</p>"))
    summary(cli, str(write(tmp_path, text)))
    assert rows(journal, "SELECT review FROM entries") == [("Watched on a plane, alas.",)]


def test_an_export_then_its_feed_doubles_nothing(cli, journal, tmp_path) -> None:
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + "2024-06-02,Heat,1995,https://boxd.it/e1,4,,,2024-06-01\r\n"
            + "2024-06-03,Ran,1985,https://boxd.it/e2,,,,2024-06-02\r\n",
            "ratings.csv": "Date,Name,Year,Letterboxd URI,Rating\r\n"
            "2024-06-02,Heat,1995,https://boxd.it/f1,4\r\n",
        },
    )
    cli("import", "letterboxd", str(folder), ok=True)
    text = feed(
        item(
            10,
            "Heat",
            1995,
            rating="4",
            tmdb=949,
            kind="review",
            review="<p>Written a week later.</p>",
        ),
        item(11, "Ran", 1985, watched="2024-06-02", rating="3.5", like="Yes"),
        item(12, "Ikiru", 1952, watched="2024-06-05", rating="5"),
    )
    data = summary(cli, str(write(tmp_path, text)))
    assert data["counts"]["entries"] == {"added": 1, "updated": 2, "skipped": 0}
    assert count(journal, "entries") == 3 and count(journal, "films") == 3
    assert rows(
        journal,
        "SELECT f.title, e.review, e.rating, e.liked FROM entries e JOIN films f"
        " ON f.id = e.film_id ORDER BY e.watched",
    ) == [
        ("Heat", "Written a week later.", 8, 0),
        ("Ran", None, 7, 1),
        ("Ikiru", None, 10, 0),
    ]
    again = summary(cli, str(write(tmp_path, text)))
    assert nothing_new(again)


def test_a_feed_then_the_export_doubles_nothing(cli, journal, tmp_path) -> None:
    text = feed(
        item(10, "Heat", 1995, rating="4", kind="review", review="<p>Later.</p>"),
        item(11, "Ran", 1985, watched="2024-06-02", rating="3.5", like="Yes"),
        item(12, "Stalker", 1979, kind="review", watched=None, review="<p>The room.</p>"),
    )
    summary(cli, str(write(tmp_path, text)))
    folder = export(
        tmp_path,
        {
            "diary.csv": DIARY
            + "2024-06-02,Heat,1995,https://boxd.it/e1,4,,,2024-06-01\r\n"
            + "2024-06-03,Ran,1985,https://boxd.it/e2,3.5,,,2024-06-02\r\n",
            "reviews.csv": "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\r\n"
            "2024-06-02,Heat,1995,https://boxd.it/e1,4,,Later.,,2024-06-01\r\n"
            "2024-06-09,Stalker,1979,https://boxd.it/e3,,,The room.,,\r\n",
        },
    )
    result = cli("import", "letterboxd", str(folder), "-f", "json", ok=True)
    assert nothing_new(json.loads(result.stdout))  # it had all of it
    assert rows(
        journal,
        "SELECT f.title, e.watched, e.review, e.rating FROM entries e JOIN films f"
        " ON f.id = e.film_id ORDER BY f.title",
    ) == [
        ("Heat", "2024-06-01", "Later.", 8),
        ("Ran", "2024-06-02", None, 7),
        ("Stalker", None, "The room.", None),
    ]


def test_what_the_member_changes_comes_in_and_edits_here_stay(cli, journal, tmp_path) -> None:
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="3")))
    summary(cli, str(path))
    cli("edit", "Heat", "--review", "Mine, typed here.", ok=True)
    assert nothing_new(summary(cli, str(path)))  # the feed has not changed
    path.write_text(feed(item(1, "Heat", 1995, rating="5", kind="watch")), encoding="utf-8")
    changed = summary(cli, str(path))
    assert changed["counts"]["entries"] == {"added": 0, "updated": 1, "skipped": 0}
    assert rows(journal, "SELECT rating, review FROM entries") == [(10, "Mine, typed here.")]
    assert json.loads(cli("show", "Heat", "-f", "json", ok=True).stdout)["rating"] == 5.0
    cli("import", "undo", "--yes", ok=True)
    assert rows(journal, "SELECT rating, review FROM entries") == [(6, "Mine, typed here.")]


def test_an_import_of_a_feed_can_be_undone_and_dry_run(cli, journal, tmp_path) -> None:
    cli("add", "Heat", "-y", "1995", "-w", "2024-06-01", ok=True)
    before = rows(journal, "SELECT * FROM entries")
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="4"), item(2, "Ran", 1985)))
    dry = json.loads(cli("import", "letterboxd-rss", str(path), "--dry-run", "-f", "json").stdout)
    assert dry["dry_run"] is True and dry["counts"]["entries"]["added"] == 1
    assert rows(journal, "SELECT * FROM entries") == before
    summary(cli, str(path))
    assert count(journal, "entries") == 2
    cli("import", "undo", "--yes", ok=True)
    assert rows(journal, "SELECT * FROM entries") == before


def test_a_member_s_feed_over_the_network(cli, journal, web) -> None:
    web.answer("/member/rss/", 503)  # asked again
    web.answer("/member/rss/", 200, feed(item(1, "Heat", 1995)), content_type="application/rss+xml")
    data = summary(cli, "member")
    assert data["path"] == "member"  # as the person named it
    assert data["counts"]["entries"]["added"] == 1
    assert web.requests["/member/rss/"] == 2
    assert web.seen_headers[-1]["User-Agent"].startswith("filmlog/")


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((404, "Not found"), "no Letterboxd member called 'nobody' (Letterboxd answered 404)"),
        ((200, "<!DOCTYPE html><html><body>Sign in</body></html>"), "not a feed: an HTML page"),
        ((200, "<?xml version='1.0'?><feed></feed>"), "not an RSS feed (its root is <feed>)"),
        ((200, "<rss><channel><item>"), "not a feed: the XML is not well formed"),
        ((200, '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss/>'), "not a feed"),
        ((403, "Forbidden"), "Letterboxd answered 403"),
    ],
)
def test_answers_that_are_not_a_feed(cli, journal, web, answer, message) -> None:
    cli("add", "Heat", ok=True)
    before = rows(journal, "SELECT * FROM entries")
    web.answer("/nobody/rss/", answer[0], answer[1])
    result = cli("import", "letterboxd-rss", "nobody")
    assert result.exit_code == 1
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert rows(journal, "SELECT * FROM entries") == before


def test_no_network_is_one_line(cli, journal, monkeypatch) -> None:
    monkeypatch.setenv("FILMLOG_LETTERBOXD_URL", "http://127.0.0.1:9")
    result = cli("import", "letterboxd-rss", "member")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "Error: cannot reach Letterboxd at http://127.0.0.1:9/member/rss/"
    )
    assert result.stderr.count("\n") == 1


def test_a_name_that_cannot_be_a_member(cli, journal) -> None:
    result = cli("import", "letterboxd-rss", "no such/member")
    assert result.exit_code == 2
    assert "is not a Letterboxd member's name" in result.stderr


def test_sync_from_a_fresh_config(cli, journal, web, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("FILMLOG_CONFIG", str(tmp_path / "config.json"))
    unset = cli("sync")
    assert unset.exit_code == 1 and "filmlog config set letterboxd-user NAME" in unset.stderr
    assert cli("config", "set", "letterboxd-user", "no/slash").exit_code == 2
    cli("config", "set", "letterboxd-user", "member", ok=True)
    web.answer(
        "/member/rss/",
        200,
        feed(
            item(1, "Heat", 1995, rating="4"),
            item(2, "Ran", 1985, kind="review", review="<p>Colour.</p>"),
        ),
    )
    first = cli("sync", ok=True)
    assert first.stdout == ""
    assert first.stderr.startswith(
        "Synced member's Letterboxd feed: 2 new entries, 1 with a review (import 1;"
    )
    assert first.stderr.count("\n") == 1
    second = cli("sync", ok=True)
    assert (second.stdout, second.stderr) == ("", "")  # nothing new: nothing said (cron)
    verbose = cli("sync", "--verbose", ok=True)
    assert "Nothing new: the journal already had all of it." in verbose.stdout
    web.answer("/member/rss/", 404)
    web.answers["/member/rss/"] = web.answers["/member/rss/"][-1:]
    gone = cli("sync")
    assert gone.exit_code == 1 and "no Letterboxd member called 'member'" in gone.stderr


def test_a_member_s_page_stands_for_their_feed(cli, journal, web) -> None:
    web.answer("/member/rss/", 200, feed(item(1, "Heat", 1995)))
    data = summary(cli, "https://letterboxd.com/member/")  # served here by the fake site
    assert data["counts"]["entries"]["added"] == 1
    assert web.requests["/member/rss/"] == 1


def test_items_of_kinds_it_does_not_know_are_counted(cli, journal, tmp_path) -> None:
    text = feed(item(1, "Heat", 1995), item(2, "Ran", 1985, kind="story"))
    data = summary(cli, str(write(tmp_path, text)))
    assert data["counts"]["entries"]["added"] == 1
    assert data["rows_not_imported"] == {"items that are not diary entries or lists": 1}
    text = cli("import", "letterboxd-rss", str(tmp_path / "feed.xml"), "--dry-run", ok=True).stdout
    assert "Not imported: items that are not diary entries or lists: 1." in text


def test_what_is_not_a_feed_file(cli, journal, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("my films", encoding="utf-8")
    result = cli("import", "letterboxd-rss", str(tmp_path / "notes.txt"))
    assert (result.exit_code, result.stderr) == (
        1,
        f"Error: {tmp_path / 'notes.txt'}: not a feed: it is not XML\n",
    )
    folder = cli("import", "letterboxd-rss", str(tmp_path))
    assert folder.exit_code == 2 and "is a folder: give a saved feed file" in folder.stderr


@shared
@pytest.mark.parametrize("saved", [ARON, SAM], ids=["without-tmdb", "with-tmdb"])
def test_a_real_feed_served_here_syncs_whole_and_once(cli, journal, web, saved) -> None:
    web.answer("/member/rss/", 200, saved.read_bytes(), content_type="application/rss+xml")
    web.answer("/member/rss/", 200, saved.read_bytes(), content_type="application/rss+xml")
    cli("config", "set", "letterboxd-user", "member", ok=True)
    first = cli("sync", ok=True)
    assert first.stderr.startswith("Synced member's Letterboxd feed: 50 new entries")
    assert count(journal, "entries") == 50
    again = cli("sync", ok=True)
    assert (again.stdout, again.stderr) == ("", "")
    assert count(journal, "entries") == 50 and web.requests["/member/rss/"] == 2


def test_a_sync_that_was_retried_still_says_one_line(journal, web, tmp_path) -> None:
    """The retry library's own log lines never reach cron's mail (a real process)."""
    import subprocess
    import sys

    from tests.conftest import subprocess_env

    config = tmp_path / "config.json"
    config.write_text('{"letterboxd-user": "member"}', encoding="utf-8")
    web.answer("/member/rss/", 503)
    web.answer("/member/rss/", 200, feed(item(1, "Heat", 1995)))
    done = subprocess.run(
        [sys.executable, "-m", "filmlog", "--db", str(journal), "sync"],
        env=subprocess_env(FILMLOG_CONFIG=str(config), FILMLOG_LETTERBOXD_URL=web.url),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert web.requests["/member/rss/"] == 2
    assert done.stdout == ""
    assert done.stderr.startswith("Synced member's Letterboxd feed: 1 new entry")
    assert done.stderr.count("\n") == 1, done.stderr


def _journal_of_the_last_wave(path: Path, said: dict) -> None:
    """A journal as filmlog made it before sync_items (migrations up to m009), holding one
    entry from the feed: its guid and what the item said kept on the entry."""
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    from filmlog.journal import migrations

    older = Migrations(migrations.MIGRATION_SET)
    for fn in migrations.all_migrations()[:9]:
        older()(fn)
    db = Database(path)
    older.apply(db)
    stamp = "2024-06-02T10:00:00+00:00"
    db.execute(
        "INSERT INTO imports (id, source, path, imported_at, counts) VALUES"
        " (1, 'letterboxd-rss', 'member', ?, '{}')",
        [stamp],
    )
    db.execute(
        "INSERT INTO films (id, title, title_key, year, rating, seen, liked, created_at,"
        " updated_at, import_id) VALUES (1, 'Heat', 'heat', 1995, 6, 1, 0, ?, ?, 1)",
        [stamp, stamp],
    )
    db.execute(
        "INSERT INTO entries (id, film_id, watched, rating, rewatch, liked, spoilers,"
        " created_at, updated_at, import_id, feed_id, feed_values)"
        " VALUES (1, 1, '2024-06-01', 6, 0, 0, 0, ?, ?, 1, 'letterboxd-watch-1', ?)",
        [stamp, stamp, json.dumps(said, sort_keys=True)],
    )
    db.conn.commit()
    db.close()


def test_a_journal_of_the_last_wave_keeps_syncing_without_doubling(cli, journal, tmp_path):
    said = {
        "watched": "2024-06-01",
        "rating": 6,
        "review": None,
        "spoilers": False,
        "rewatch": False,
        "liked": None,
    }
    _journal_of_the_last_wave(journal, said)
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="3"), item(2, "Ikiru", 1952)))
    first = summary(cli, str(path))
    assert first["counts"]["entries"] == {"added": 1, "updated": 0, "skipped": 1}
    assert rows(journal, "SELECT source, item, entry_id FROM sync_items ORDER BY id") == [
        ("letterboxd-rss", "letterboxd-watch-1", 1),
        ("letterboxd-rss", "letterboxd-watch-2", 2),
    ]
    assert nothing_new(summary(cli, str(path)))
    # What the member changes since still comes in, to the same entry.
    path.write_text(feed(item(1, "Heat", 1995, rating="5"), item(2, "Ikiru", 1952)))
    changed = summary(cli, str(path))
    assert changed["counts"]["entries"] == {"added": 0, "updated": 1, "skipped": 1}
    assert rows(journal, "SELECT id, rating FROM entries ORDER BY id") == [(1, 10), (2, None)]


def test_an_entry_removed_here_stays_removed_until_the_member_changes_it(cli, journal, tmp_path):
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="3")))
    summary(cli, str(path))
    cli("rm", "Heat", "--yes", ok=True)
    again = summary(cli, str(path))
    assert again["counts"]["entries"] == {"added": 0, "updated": 0, "skipped": 1}
    assert count(journal, "entries") == 0
    path.write_text(feed(item(1, "Heat", 1995, rating="4", review="<p>Better again.</p>")))
    summary(cli, str(path))
    assert rows(journal, "SELECT rating, review FROM entries") == [(8, "Better again.")]
    # Undoing that sync puts the removal back as it was: the changed item comes in again.
    cli("import", "undo", "--yes", ok=True)
    assert count(journal, "entries") == 0
    assert summary(cli, str(path))["counts"]["entries"]["added"] == 1


def test_a_sync_never_overwrites_what_the_person_typed_or_edited(cli, journal, tmp_path) -> None:
    """Logged with a rating and no review; the feed brings the review; the person edits it;
    the member then changes review and rating on Letterboxd: both stay the person's."""
    cli("add", "Heat", "-y", "1995", "-w", "2024-06-01", "-r", "4", ok=True)
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="4", review="<p>From the feed.</p>")))
    first = summary(cli, str(path))
    assert first["counts"]["entries"]["updated"] == 1
    assert rows(journal, "SELECT rating, review FROM entries") == [(8, "From the feed.")]
    cli("edit", "Heat", "--review", "Edited here.", ok=True)
    path.write_text(
        feed(item(1, "Heat", 1995, rating="2", review="<p>Changed there.</p>")), encoding="utf-8"
    )
    second = summary(cli, str(path))
    assert rows(journal, "SELECT rating, review FROM entries") == [(8, "Edited here.")]
    assert "reviews" not in second["counts"] or second["counts"]["reviews"]["added"] == 0
    assert second["counts"]["entries"]["updated"] == 0
    assert any("kept your rating and review" in n for n in second["notes"]), second["notes"]
    assert nothing_new(summary(cli, str(path)))  # noted once, not at every sync


def test_what_the_feed_gave_and_nobody_edited_still_follows_it(cli, journal, tmp_path) -> None:
    path = write(tmp_path, feed(item(1, "Heat", 1995, rating="3", review="<p>One.</p>")))
    summary(cli, str(path))
    cli("edit", "Heat", "--rating", "5", ok=True)  # the person's rating; the review is the feed's
    path.write_text(feed(item(1, "Heat", 1995, rating="1", review="<p>Two.</p>")), encoding="utf-8")
    changed = summary(cli, str(path))
    assert rows(journal, "SELECT rating, review FROM entries") == [(10, "Two.")]
    assert changed["counts"]["reviews"]["updated"] == 1
    assert any("kept your rating" in n for n in changed["notes"])


def test_a_rating_given_later_at_the_source_comes_in_when_nobody_set_one(
    cli, journal, tmp_path
) -> None:
    """An entry the feed made without a rating: rated on Letterboxd later, the sync takes
    the rating (its value, left empty, was the feed's; the person never set one)."""
    path = write(tmp_path, feed(item(1, "Heat", 1995)))
    summary(cli, str(path))
    path.write_text(feed(item(1, "Heat", 1995, rating="4")), encoding="utf-8")
    changed = summary(cli, str(path))
    assert rows(journal, "SELECT rating FROM entries") == [(8,)]
    assert changed["counts"]["entries"]["updated"] == 1
    assert not changed["notes"]


def test_one_guid_on_two_films_is_left_out_not_merged(cli, journal, tmp_path) -> None:
    path = write(
        tmp_path,
        feed(
            item(1, "Heat", 1995, rating="4", watched="2024-06-01"),
            item(1, "Alien", 1979, rating="1", watched="2024-05-01"),
        ),
    )
    result = summary(cli, str(path))
    assert rows(
        journal,
        "SELECT f.title, e.watched, e.rating FROM entries e JOIN films f ON f.id = e.film_id",
    ) == [("Heat", "2024-06-01", 8)]
    assert any("letterboxd-watch-1" in n for n in result["notes"])
    # and in a later feed: the item stays Heat's
    path.write_text(
        feed(item(1, "Alien", 1979, rating="1", watched="2024-05-01")), encoding="utf-8"
    )
    later = summary(cli, str(path))
    assert rows(journal, "SELECT e.watched, e.rating FROM entries e") == [("2024-06-01", 8)]
    assert later["rows_not_imported"]
