"""Jellyfin, Emby and Plex stand-ins on 127.0.0.1, answering in the shapes their API
references document: users and sign-in, played films a page at a time with their user
data and provider ids, Plex's play history and library. Tests change what is played,
how the server pages, and how slowly it answers."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

TOKEN = "0123456789abcdef0123456789abcdef"
API_KEY = "fedcba9876543210fedcba9876543210"
PASSWORD = "correct horse"


def film(
    item_id: str,
    name: str,
    year: int | None,
    last_played: str | None,
    *,
    tmdb=None,
    imdb=None,
    plays=1,
):
    """A Movie item as /Users/{id}/Items gives it (the fields filmlog asks for)."""
    ids = {k: v for k, v in (("Tmdb", tmdb), ("Imdb", imdb)) if v}
    data = {"PlayCount": plays, "Played": True, "IsFavorite": False, "Key": item_id}
    if last_played:
        data["LastPlayedDate"] = last_played
    return {
        "Name": name,
        "ServerId": "f00d",
        "Id": item_id,
        "ProductionYear": year,
        "ProviderIds": ids,
        "Type": "Movie",
        "UserData": data,
        "ImageTags": {"Primary": "abc"},
    }


class _Served:
    """A threaded HTTP server whose answers a subclass gives (route)."""

    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()
        self.headers: list[dict[str, str]] = []
        self.delay = 0.0
        served = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, body: bytes | None = None) -> None:
                url = urlparse(self.path)
                served.requests[url.path] += 1
                served.headers.append({k.lower(): v for k, v in self.headers.items()})
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if served.delay:
                    time.sleep(served.delay)
                status, answer = served.route(self.command, url.path, query, self.headers, body)
                data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self._answer()

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self._answer(self.rfile.read(length))

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def route(
        self, method: str, path: str, query: dict[str, str], headers: Any, body: bytes | None
    ):
        raise NotImplementedError


class FakeJellyfin(_Served):
    """Jellyfin (version 12 refuses X-Emby-Token and api_key) or, with emby=True, Emby."""

    def __init__(self, *, emby: bool = False, version: int = 12) -> None:
        self.emby = emby
        self.version = version
        self.users = [{"Name": "anna", "Id": "u-anna"}, {"Name": "ben", "Id": "u-ben"}]
        self.films: dict[str, list[dict[str, Any]]] = {"u-anna": [], "u-ben": []}
        self.episodes_played = 0
        self.page_size: int | None = None  # a server that pages at its own size
        self.repeat_pages = False  # a server that answers the first page again and again
        self.broken_from: int | None = None  # pages from this StartIndex on answer an error
        super().__init__()

    def _token(self, headers: Any, query: dict[str, str]) -> str | None:
        if self.emby:
            return headers.get("X-Emby-Token") or query.get("api_key")
        said = headers.get("Authorization") or ""
        found = re.search(r'Token="([^"]*)"', said)
        if found:
            return found[1]
        if self.version < 12:
            return headers.get("X-Emby-Token") or query.get("api_key")
        return None  # Jellyfin 12: the legacy ways are refused

    def route(self, method, path, query, headers, body):
        path = path.removeprefix("/emby") if self.emby else path
        if method == "POST" and path == "/Users/AuthenticateByName":
            sent = json.loads(body or b"{}")
            user = next((u for u in self.users if u["Name"] == sent.get("Username")), None)
            if user is None or sent.get("Pw") != PASSWORD:
                return 401, b"Error processing request."
            return 200, {"User": user, "AccessToken": TOKEN, "ServerId": "f00d"}
        token = self._token(headers, query)
        if token not in (TOKEN, API_KEY):
            return 401, b""
        if path == "/Users/Me":
            return (200, self.users[0]) if token == TOKEN else (400, b"")
        if path == "/Users":
            return (200, self.users) if token == API_KEY else (403, b"")
        found = re.fullmatch(r"/Users/([^/]+)/Items", path)
        if found and query.get("IncludeItemTypes") == "Episode":
            return 200, {"Items": [], "TotalRecordCount": self.episodes_played, "StartIndex": 0}
        if (
            found
            and query.get("IncludeItemTypes") == "Movie"
            and query.get("Filters") == "IsPlayed"
        ):
            items = self.films.get(found[1], [])
            start = 0 if self.repeat_pages else int(query.get("StartIndex", 0))
            if self.broken_from is not None and start >= self.broken_from:
                return 400, b"Error processing request."
            size = self.page_size or int(query.get("Limit", 100))
            return 200, {
                "Items": items[start : start + size],
                "TotalRecordCount": len(items),
                "StartIndex": start,
            }
        return 404, b""


class FakePlex(_Served):
    """A Plex Media Server: the owner's play history, the films' metadata, the library."""

    def __init__(self) -> None:
        self.history: list[dict[str, Any]] = []  # rows of /status/sessions/history/all
        self.metadata: dict[str, dict[str, Any]] = {}  # ratingKey -> a film's metadata
        self.owner_token = TOKEN
        self.friend_token = API_KEY  # a shared user: no history, the library's view counts
        super().__init__()

    def route(self, method, path, query, headers, body):
        token = headers.get("X-Plex-Token") or query.get("X-Plex-Token")
        if token not in (self.owner_token, self.friend_token):
            return 401, b"<html><head><title>Unauthorized</title></head></html>"
        if path == "/status/sessions/history/all":
            if token != self.owner_token:
                return 401, b""
            start = int(
                headers.get("X-Plex-Container-Start") or query.get("X-Plex-Container-Start") or 0
            )
            size = int(
                headers.get("X-Plex-Container-Size") or query.get("X-Plex-Container-Size") or 50
            )
            rows = sorted(self.history, key=lambda r: -r["viewedAt"])
            page = rows[start : start + size]
            return 200, {
                "MediaContainer": {
                    "size": len(page),
                    "totalSize": len(rows),
                    "offset": start,
                    "Metadata": page,
                }
            }
        found = re.fullmatch(r"/library/metadata/(\d+)", path)
        if found:
            meta = self.metadata.get(found[1])
            if meta is None:
                return 404, b""
            return 200, {"MediaContainer": {"size": 1, "Metadata": [meta]}}
        if path == "/library/sections":
            return 200, {
                "MediaContainer": {
                    "size": 2,
                    "Directory": [
                        {"key": "1", "type": "movie", "title": "Films"},
                        {"key": "2", "type": "show", "title": "TV"},
                    ],
                }
            }
        if path == "/library/sections/1/all":
            films = [m for m in self.metadata.values() if m.get("viewCount")]
            start = int(headers.get("X-Plex-Container-Start") or 0)
            size = int(headers.get("X-Plex-Container-Size") or 50)
            page = films[start : start + size]
            return 200, {
                "MediaContainer": {"size": len(page), "totalSize": len(films), "Metadata": page}
            }
        return 404, b""


def plex_film(key: str, title: str, year: int, *, tmdb=None, imdb=None, views=0, last=None):
    guids = [{"id": f"tmdb://{tmdb}"}] if tmdb else []
    guids += [{"id": f"imdb://{imdb}"}] if imdb else []
    meta: dict[str, Any] = {
        "ratingKey": key,
        "key": f"/library/metadata/{key}",
        "type": "movie",
        "title": title,
        "year": year,
        "Guid": guids,
    }
    if views:
        meta |= {"viewCount": views, "lastViewedAt": last}
    return meta


def plex_play(history_id: int, key: str, title: str, viewed_at: int, kind: str = "movie"):
    return {
        "historyKey": f"/status/sessions/history/{history_id}",
        "key": f"/library/metadata/{key}",
        "ratingKey": key,
        "title": title,
        "type": kind,
        "viewedAt": viewed_at,
        "accountID": 1,
        "deviceID": 3,
    }


class FakeKodi(_Served):
    """Kodi's JSON-RPC (POST /jsonrpc): VideoLibrary.GetMovies and GetEpisodes."""

    def __init__(self) -> None:
        self.movies: list[dict[str, Any]] = []
        self.episodes_played = 0
        super().__init__()

    def route(self, method, path, query, headers, body):
        if method != "POST" or path != "/jsonrpc":
            return 404, b""
        call = json.loads(body or b"{}")
        if call.get("method") == "VideoLibrary.GetMovies":
            movies = self.movies
            return 200, {
                "id": call["id"],
                "jsonrpc": "2.0",
                "result": {
                    "movies": movies,
                    "limits": {"start": 0, "end": len(movies), "total": len(movies)},
                },
            }
        if call.get("method") == "VideoLibrary.GetEpisodes":
            total = self.episodes_played
            return 200, {
                "id": call["id"],
                "jsonrpc": "2.0",
                "result": {
                    "episodes": [],
                    "limits": {"start": 0, "end": min(total, 1), "total": total},
                },
            }
        return 200, {
            "id": call.get("id"),
            "jsonrpc": "2.0",
            "error": {"code": -32601, "message": "Method not found."},
        }
