"""A stand-in for TMDb's API on 127.0.0.1, answering like the real one (v3) for a few films.

The answers are written here from TMDb's public API reference; tests steer
failures (429, 500, slowness, broken JSON) through `FakeTmdb.trouble`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

TOKEN = "test-token-0123456789"


def movie(id_, title, original, date, runtime, imdb, directors, genres, countries):
    return {
        "id": id_,
        "title": title,
        "original_title": original,
        "release_date": date,
        "runtime": runtime,
        "imdb_id": imdb,
        "genres": [{"id": i, "name": g} for i, g in enumerate(genres, start=18)],
        "production_countries": [{"iso_3166_1": c[:2].upper(), "name": c} for c in countries],
        "credits": {
            "cast": [],
            "crew": [
                {"id": 1000 + n, "name": d, "job": "Director", "department": "Directing"}
                for n, d in enumerate(directors)
            ]
            + [{"id": 9, "name": "Christopher Doyle", "job": "Director of Photography"}],
        },
    }


MOVIES = {
    11104: movie(
        11104,
        "Chungking Express",
        "重慶森林",
        "1994-07-14",
        102,
        "tt0109424",
        ["Wong Kar-wai"],
        ["Drama", "Romance"],
        ["Hong Kong"],
    ),
    593: movie(
        593,
        "Solaris",
        "Солярис",
        "1972-03-20",
        167,
        "tt0069293",
        ["Andrei Tarkovsky"],
        ["Drama", "Science Fiction"],
        ["Soviet Union"],
    ),
    2103: movie(
        2103,
        "Solaris",
        "Solaris",
        "2002-11-27",
        99,
        "tt0307479",
        ["Steven Soderbergh"],
        ["Drama", "Science Fiction"],
        ["United States of America"],
    ),
    603: movie(
        603,
        "The Matrix",
        "The Matrix",
        "1999-03-31",
        136,
        "tt0133093",
        ["Lana Wachowski", "Lilly Wachowski"],
        ["Action", "Science Fiction"],
        ["United States of America"],
    ),
    949: movie(
        949,
        "Heat",
        "Heat",
        "1995-12-15",
        170,
        "tt0113277",
        ["Michael Mann"],
        ["Crime", "Drama"],
        ["United States of America"],
    ),
    11645: movie(
        11645,
        "Ran",
        "乱",
        "1985-06-01",
        162,
        "tt0089881",
        ["Akira Kurosawa"],
        ["Drama", "War"],
        ["Japan", "France"],
    ),
    157336: movie(
        157336,
        "Interstellar",
        "Interstellar",
        "2014-11-05",
        169,
        "tt0816692",
        ["Christopher Nolan"],
        ["Adventure", "Drama", "Science Fiction"],
        ["United Kingdom", "United States of America"],
    ),
    872585: movie(
        872585,
        "Oppenheimer",
        "Oppenheimer",
        "2023-07-19",
        181,
        "tt15398776",
        ["Christopher Nolan"],
        ["Drama", "History"],
        ["United Kingdom", "United States of America"],
    ),
}


# Series, as search/tv answers them (the fields the search's results carry).
SHOWS = {
    70523: {"id": 70523, "name": "Dark", "original_name": "Dark", "first_air_date": "2017-12-01"},
    71446: {
        "id": 71446,
        "name": "Money Heist",
        "original_name": "La casa de papel",
        "first_air_date": "2017-05-02",
    },
    # A title that is a series and a film alike: no lookup can leave it out.
    1405: {"id": 1405, "name": "Heat", "original_name": "Heat", "first_air_date": "1990-01-01"},
}


class FakeTmdb:
    def __init__(self) -> None:
        self.requests: Counter[str] = Counter()  # path -> how many times asked
        self.auth: set[str] = set()
        self.trouble: dict[str, list[str]] = {}  # path prefix -> failures to give, in order
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        self.url = f"http://127.0.0.1:{server.server_address[1]}/3"
        threading.Thread(target=server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                path = url.path.removeprefix("/3/")
                fake.requests[path] += 1
                fake.auth.add(self.headers.get("Authorization", ""))
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._send(401, {"status_code": 7, "status_message": "Invalid API key"})
                for prefix, failures in fake.trouble.items():
                    if path.startswith(prefix) and failures:
                        failure = failures.pop(0)
                        if failure == "429":
                            return self._send(429, {"status_code": 25}, {"Retry-After": "1"})
                        if failure == "500":
                            return self._send(500, {"status_code": 11})
                        if failure == "slow":
                            time.sleep(2)
                        if failure == "garbage":
                            return self._raw(200, b"<html>Bad gateway</html>")
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                self._send(200, *fake.answer(path, query))

            def _send(self, status: int, body: object, headers: dict | None = None) -> None:
                self._raw(status, json.dumps(body).encode(), headers)

            def _raw(self, status: int, data: bytes, headers: dict | None = None) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json;charset=utf-8")
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler

    def answer(self, path: str, query: dict[str, str]) -> tuple[object]:
        if path == "search/movie":
            words = query.get("query", "").casefold()
            year = query.get("year")
            results = [
                {k: m[k] for k in ("id", "title", "original_title", "release_date")}
                | {"overview": "", "popularity": 10.0}
                for m in MOVIES.values()
                if words in (m["title"].casefold(), m["original_title"].casefold())
                and (not year or m["release_date"].startswith(year))
            ]
            return ({"page": 1, "results": results, "total_results": len(results)},)
        if path == "search/tv":
            words = query.get("query", "").casefold()
            results = [
                show | {"overview": "", "popularity": 5.0}
                for show in SHOWS.values()
                if words in (show["name"].casefold(), show["original_name"].casefold())
            ]
            return ({"page": 1, "results": results, "total_results": len(results)},)
        if path.startswith("movie/"):
            return (MOVIES.get(int(path.split("/")[1])),)
        if path.startswith("find/"):
            imdb = path.split("/")[1]
            hits = [
                {k: m[k] for k in ("id", "title", "original_title", "release_date")}
                for m in MOVIES.values()
                if m["imdb_id"] == imdb
            ]
            return ({"movie_results": hits, "tv_results": [], "person_results": []},)
        return ({"status_code": 34},)
