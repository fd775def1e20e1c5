"""A small client for TMDb's API (v3) on online.fetch, with its answers cached in the journal.

Only `filmlog enrich` and `filmlog add --lookup` use it. What is sent: a
film's title and year, or its IMDb id, and the user's token.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any
from urllib.parse import urlencode

from filmlog.online.fetch import Fetcher, Offline, ServiceError
from filmlog.values.clock import now

ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
HOW_TO_GET_A_TOKEN = (
    "no TMDb token: create one at themoviedb.org (Settings → API → API Read Access Token),"
    " then export FILMLOG_TMDB_TOKEN=… or run `filmlog config set tmdb-token …`"
)
REQUESTS_PER_SECOND = 40

# TMDb's errors are the fetcher's: one line each, exit code 1.
TmdbError = ServiceError
__all__ = ["ATTRIBUTION", "Client", "Offline", "TmdbError", "load_cache", "save_answers"]


class Client:
    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        cache: dict[str, str] | None = None,
        use_cache: bool = True,
        timeout: float = 10.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.fetcher = Fetcher(
            "TMDb",
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=timeout,
            per_second=REQUESTS_PER_SECOND,
            needed_by="looking films up",
        )
        self.cache = cache
        self.use_cache = use_cache

    @property
    def sent(self) -> int:
        """Requests that went over the network (answers from the cache are not counted)."""
        return self.fetcher.sent

    def close(self) -> None:
        self.fetcher.close()

    def get(self, path: str, record: dict[str, str] | None = None, **params: Any) -> Any:
        """The JSON TMDb answers for path, from the cache when it has it.

        Fresh answers are added to record, for the caller to keep in the cache.
        """
        query = urlencode(sorted((k, v) for k, v in params.items() if v is not None))
        request = f"{path}?{query}" if query else path
        if self.use_cache and self.cache is not None and request in self.cache:
            return json.loads(self.cache[request])
        body = self._fetch(request)
        try:
            data = json.loads(body)
        except ValueError:
            raise TmdbError(f"TMDb's answer to {path} was not JSON; try again later") from None
        if record is not None:
            record[request] = body
        return data

    def _fetch(self, request: str) -> str:
        response = self.fetcher.get(f"{self.base_url}/{request}")
        status = response.status_code
        if status in (401, 403):
            raise TmdbError(
                f"TMDb refused the token ({status}): check FILMLOG_TMDB_TOKEN or"
                " `filmlog config set tmdb-token`"
            )
        if status == 404:
            return "null"
        if status >= 400:
            raise TmdbError(f"TMDb answered {status} to {request.split('?')[0]}")
        return response.text


def load_cache(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT request, body FROM tmdb_cache"))


def save_answers(conn: sqlite3.Connection, answers: dict[str, str]) -> None:
    """Keep what TMDb answered, so asking again costs nothing (inside the caller's write)."""
    stamp = now()
    conn.executemany(
        "INSERT OR REPLACE INTO tmdb_cache (request, body, fetched_at) VALUES (?, ?, ?)",
        [(request, body, stamp) for request, body in answers.items()],
    )
