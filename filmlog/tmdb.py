"""A small client for TMDb's API (v3): timeouts, retries, a rate limit, a cache.

Only this module talks to the network, and only `filmlog enrich` and
`filmlog add --lookup` use it. What is sent: a film's title and year, or its
IMDb id, and the user's token.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from filmlog.errors import FilmlogError
from filmlog.store import now

ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
HOW_TO_GET_A_TOKEN = (
    "no TMDb token: create one at themoviedb.org (Settings → API → API Read Access Token),"
    " then export FILMLOG_TMDB_TOKEN=… or run `filmlog config set tmdb-token …`"
)
REQUESTS_PER_SECOND = 40
RETRIES = 4
MAX_WAIT = 30.0  # the longest Retry-After we honour before giving up


class TmdbError(FilmlogError):
    """TMDb could not be asked, or answered in a way we cannot use."""


class Offline(TmdbError):
    """No network, or TMDb out of reach."""


class RateLimiter:
    """At most `rate` request starts per second, across threads."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = 1.0 / rate
        self.clock = clock
        self.next = 0.0
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            moment = self.clock()
            start = max(moment, self.next)
            self.next = start + self.interval
        if start > moment:
            time.sleep(start - moment)


class Client:
    def __init__(
        self,
        token: str,
        base_url: str,
        *,
        cache: dict[str, str] | None = None,
        use_cache: bool = True,
        timeout: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self.http = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "Accept": "application/json"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
        )
        self.cache = cache
        self.use_cache = use_cache
        self.sleep = sleep
        self.limiter = RateLimiter(REQUESTS_PER_SECOND)
        self.sent = 0  # requests that went over the network

    def close(self) -> None:
        self.http.close()

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
        import httpx

        url = f"{self.base_url}/{request}"
        delay = 0.5
        for attempt in range(RETRIES + 1):
            self.limiter.wait()
            try:
                response = self.http.get(url)
            except httpx.TimeoutException:
                if attempt == RETRIES:
                    raise TmdbError(f"TMDb did not answer in time ({self.base_url})") from None
                self.sleep(delay)
                delay *= 2
                continue
            except httpx.TransportError as exc:
                raise Offline(
                    f"cannot reach TMDb at {self.base_url} ({type(exc).__name__}):"
                    " enrich needs the network"
                ) from None
            self.sent += 1
            status = response.status_code
            if status == 429 or status >= 500:
                if attempt == RETRIES:
                    raise TmdbError(f"TMDb kept answering {status}; try again later")
                wait = _retry_after(response.headers.get("Retry-After"), delay)
                if wait > MAX_WAIT:
                    raise TmdbError(f"TMDb asks to wait {wait:.0f} s; try again later")
                self.sleep(wait)
                delay *= 2
                continue
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
        raise TmdbError("TMDb did not answer")  # not reached


def _retry_after(value: str | None, default: float) -> float:
    if value:
        try:
            return max(float(value), 0.0)
        except ValueError:
            pass
    return default


def load_cache(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT request, body FROM tmdb_cache"))


def save_answers(conn: sqlite3.Connection, answers: dict[str, str]) -> None:
    """Keep what TMDb answered, so asking again costs nothing (inside the caller's write)."""
    stamp = now()
    conn.executemany(
        "INSERT OR REPLACE INTO tmdb_cache (request, body, fetched_at) VALUES (?, ?, ?)",
        [(request, body, stamp) for request, body in answers.items()],
    )
