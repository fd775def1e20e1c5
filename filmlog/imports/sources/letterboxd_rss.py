"""A Letterboxd member's public RSS feed: their newest diary entries and reviews.

The feed (https://letterboxd.com/USER/rss/, about the last 50 items) names
each item by its guid: `letterboxd-watch-N` is a diary entry,
`letterboxd-review-N` a diary entry with a review, `letterboxd-list-N` a list
(shown in part: skipped and counted). Watches and reviews become entries:
their watched date (a review may have none), rating, rewatch, like, the
review as Markdown (without the poster and the "Watched on" line), spoilers,
and the film by its TMDb id (older feeds have none), its Letterboxd link, or
its title and year. The item's guid is kept on its entry, so the same feed
read again adds nothing; an entry the journal already has for the film on
that day (from an export, or typed) is the same viewing, and takes from the
item only what it lacks.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from filmlog.imports.engine.session import Cited, ImportSession, Item, Same, Viewing
from filmlog.imports.engine.source import Given, Source
from filmlog.imports.reading.archive import Member, check_file, read_whole
from filmlog.imports.reading.tables import ImportRefused
from filmlog.journal import config
from filmlog.journal.config import Setting
from filmlog.values.checks import check_year
from filmlog.values.dates import check_watched
from filmlog.values.errors import BadValue
from filmlog.values.film_ids import FilmIds
from filmlog.values.ratings import parse_rating

BASE_URL_ENV = "FILMLOG_LETTERBOXD_URL"  # tests serve feeds on 127.0.0.1
BASE_URL = "https://letterboxd.com"
FILM_URL = "https://letterboxd.com/film/{}/"  # a film's own page: its identity on Letterboxd
MEMBER = re.compile(r"[A-Za-z0-9_]{1,40}")
GUID = re.compile(r"letterboxd-([a-z]+)-(\d+)")
ENTRIES = ("watch", "review")  # the kinds of item that are diary entries
LISTS_SKIPPED = "lists (a feed shows only part of a list)"
OTHERS_SKIPPED = "items that are not diary entries or lists"
MAX_FEED = 32 * 1024 * 1024  # a feed of 50 items is some 100 KB
WATCHED_ON = re.compile(r"Watched on \w+ \w+ \d{1,2}, \d{4}\.")  # the feed's, not the member's


@dataclass
class FeedItem:
    guid: str
    kind: str  # watch, review or list
    title: str | None = None
    year: int | None = None
    watched: str | None = None
    rating: int | None = None  # half stars
    rewatch: bool | None = None
    liked: bool | None = None  # None: the feed does not say (older feeds)
    tmdb_id: int | None = None
    film_uri: str | None = None
    review: str | None = None
    spoilers: bool = False


def feed_url(member: str) -> str:
    base = os.environ.get(BASE_URL_ENV) or BASE_URL
    return f"{base.rstrip('/')}/{member}/rss/"


def profile_feed(url: str) -> str:
    """A member's page on Letterboxd (letterboxd.com/NAME/) stands for their feed."""
    parts = urlparse(url)
    names = [p for p in parts.path.split("/") if p]
    if parts.hostname in ("letterboxd.com", "www.letterboxd.com") and len(names) == 1:
        return feed_url(names[0]) if MEMBER.fullmatch(names[0]) else url
    return url


def read(where: str) -> tuple[bytes, str]:
    """The feed's bytes, and how to name where they came from: a saved file, an address,
    or a member's name (their feed on Letterboxd)."""
    path = Path(where).expanduser()
    if path.exists() and not path.is_dir():
        check_file(path, limit=MAX_FEED)
        return read_whole(Member(path.name, path), MAX_FEED), str(path)
    if path.is_dir():
        raise BadValue(
            f"{where} is a folder: give a saved feed file, a member's name or an address"
        )
    if where.startswith(("http://", "https://")):
        url = profile_feed(where)
        return fetch(url, "nothing at this address"), where
    if not MEMBER.fullmatch(where):
        raise BadValue(
            f"{where!r} is not a Letterboxd member's name, a feed's address or a feed file"
        )
    url = feed_url(where)
    return fetch(url, f"no Letterboxd member called {where!r}"), url


def fetch(url: str, missing: str) -> bytes:
    """The feed at url; missing says what a 404 means there."""
    from filmlog import __version__
    from filmlog.online.fetch import Fetcher

    fetcher = Fetcher(
        "Letterboxd",
        headers={"User-Agent": f"filmlog/{__version__}", "Accept": "application/rss+xml"},
        needed_by="reading a Letterboxd feed",
    )
    try:
        response = fetcher.get(url)
    finally:
        fetcher.close()
    if response.status_code == 404:
        raise ImportRefused(url, f"{missing} (Letterboxd answered 404): check the name")
    if response.status_code >= 400:
        raise ImportRefused(url, f"Letterboxd answered {response.status_code}; try again later")
    return response.content


# Reading the feed ------------------------------------------------------------


def parse(data: bytes, label: str) -> list[FeedItem]:
    """The feed's items, by a real XML parser; anything but an RSS feed is refused."""
    head = data[:4096].lstrip().lower()
    if not head.startswith(b"<"):
        raise ImportRefused(label, "not a feed: it is not XML")
    if b"<!doctype" in head or b"<!entity" in data.lower():
        kind = "an HTML page" if b"html" in head else "XML with declarations no feed has"
        raise ImportRefused(label, f"not a feed: {kind}")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise ImportRefused(label, f"not a feed: the XML is not well formed ({exc})") from None
    channel = root.find("channel")
    if root.tag != "rss" or channel is None:
        raise ImportRefused(label, f"not an RSS feed (its root is <{_local(root.tag)}>)")
    return [_item(element) for element in channel.iter("item")]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _field(element: ET.Element, space: str, name: str) -> str | None:
    """A child's text, by its local name in a namespace whose address holds space
    (letterboxd, themoviedb): the prefixes a feed uses are its own choice."""
    for child in element:
        namespace, _, local = child.tag[1:].partition("}") if child.tag[:1] == "{" else ("", "", "")
        if local == name and space in namespace:
            return (child.text or "").strip() or None
    return None


def _item(element: ET.Element) -> FeedItem:
    guid = (element.findtext("guid") or "").strip()
    match = GUID.fullmatch(guid)
    item = FeedItem(guid=guid, kind=match[1] if match else "other")
    if item.kind not in ENTRIES:
        return item
    item.title = _field(element, "letterboxd", "filmTitle")
    item.year = _year(_field(element, "letterboxd", "filmYear"))
    item.watched = _date(_field(element, "letterboxd", "watchedDate"))
    item.rating = _rating(_field(element, "letterboxd", "memberRating"))
    item.rewatch = _yes(_field(element, "letterboxd", "rewatch"))
    item.liked = _yes(_field(element, "letterboxd", "memberLike"))
    tmdb = _field(element, "themoviedb", "movieId")
    item.tmdb_id = int(tmdb) if tmdb and tmdb.isdigit() else None
    item.film_uri = film_uri(element.findtext("link") or "")
    item.review, item.spoilers = review_of(element.findtext("description") or "")
    return item


def _year(text: str | None) -> int | None:
    try:
        return check_year(int(text)) if text and text.isdigit() else None
    except BadValue:
        return None


def _date(text: str | None) -> str | None:
    """A watched date, by the rule of every watched date (none when it breaks it)."""
    try:
        return check_watched(dt.date.fromisoformat(text), text).isoformat() if text else None
    except (ValueError, BadValue):
        return None


def _rating(text: str | None) -> int | None:
    try:
        return parse_rating(text) if text else None
    except BadValue:
        return None


def _yes(text: str | None) -> bool | None:
    return None if text is None else text.strip().lower() == "yes"


def film_uri(link: str) -> str | None:
    """The film's own Letterboxd page, from an item's link (/member/film/slug/[n/])."""
    parts = [p for p in urlparse(link).path.split("/") if p]
    if "film" in parts[:-1]:
        return FILM_URL.format(parts[parts.index("film") + 1])
    return None


def review_of(description: str) -> tuple[str | None, bool]:
    """The review an item's HTML holds, as Markdown, and whether it may spoil.

    The poster image, the "Watched on …" line and the spoiler warning are the
    feed's own, not the member's words.
    """
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    soup = BeautifulSoup(description, "html.parser")
    spoilers = False
    for paragraph in soup.find_all("p"):
        text = paragraph.get_text(" ", strip=True)
        if (paragraph.find("img") is not None and not text) or WATCHED_ON.fullmatch(text):
            paragraph.decompose()
        elif text == "This review may contain spoilers.":
            spoilers = True
            paragraph.decompose()
    markdown = markdownify(
        str(soup), heading_style="ATX", escape_asterisks=False, escape_underscores=False
    )
    # Markup without text (an empty link) is still the member's review: kept as written.
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip() or str(soup).strip()
    return markdown or None, spoilers


# Into the journal ------------------------------------------------------------


def run(session: ImportSession, given: Given) -> None:
    data, label = read(given.where)
    items = parse(data, label)
    session.expect(len(items))
    for item in session.each(label, items):
        if item.kind == "list":
            session.skip(LISTS_SKIPPED)
        elif item.kind not in ENTRIES:
            session.skip(OTHERS_SKIPPED)
        elif not item.title:
            session.skip("items without a film")
        else:
            take(session, item)


def take(session: ImportSession, item: FeedItem) -> None:
    """An item into the journal, through the sync state every named item goes through: the
    entry it gave before (only what the member changed on Letterboxd since is taken), the
    viewing the journal has of the film that day (it takes only what it lacks), or a new
    entry."""
    assert item.title is not None
    fid = session.film(
        Cited(item.title, item.year, FilmIds(tmdb=item.tmdb_id, letterboxd=item.film_uri))
    )
    said = {
        "watched": item.watched,
        "rating": item.rating,
        "review": item.review,
        "spoilers": item.spoilers,
        "rewatch": item.rewatch,
        "liked": item.liked,
    }
    viewing = Viewing(
        watched=item.watched,
        rating=item.rating,
        rewatch=item.rewatch,
        liked=bool(item.liked),
        review=item.review,
        spoilers=item.spoilers,
    )
    session.sync(fid, Item("letterboxd-rss", item.guid, said), viewing)


def member_named(value: str) -> str:
    """A Letterboxd member's name, or their page's address (letterboxd.com/NAME/) for it."""
    page = re.fullmatch(r"(?:https?://)?(?:www\.)?letterboxd\.com/([^/?#]+)/?", value.strip())
    name = page[1] if page else value.strip()
    if not MEMBER.fullmatch(name):
        raise BadValue(
            f"invalid Letterboxd member {value!r}: the name in letterboxd.com/NAME/, e.g. sdiamond"
        )
    return name


def recognizes(columns: set[str], head: bytes) -> bool:
    start = head.lstrip()[:512].lower()
    return start.startswith(b"<?xml") or start.startswith(b"<rss")


SOURCE = Source(
    name="letterboxd-rss",
    read=run,
    help="""Import a Letterboxd member's newest diary entries and reviews from their RSS feed.

    About the last 50 items; reading it again adds only what is new, and an
    entry the journal has from an export is not doubled. Lists in the feed
    are skipped (it shows only part of them). Uses the network for a name
    or an address. `filmlog sync` does it for the member set in your settings.

    Example: filmlog import letterboxd-rss sdiamond --dry-run
    """,
    argument="SOURCE",
    argument_help="A member's name, a feed's address, or a saved feed file.",
    title="the Letterboxd feed {path}",
    same=Same.NEVER,
    recognizes=recognizes,
    describes="a Letterboxd RSS feed",
    configured=lambda _options: config.get("letterboxd-user"),
    synced_as="{path}'s Letterboxd feed",
    set_up_by="letterboxd-user NAME",
    settings=(
        Setting(
            "letterboxd-user",
            "the Letterboxd member whose feed `filmlog sync` reads",
            env=True,
            check=member_named,
        ),
    ),
)
