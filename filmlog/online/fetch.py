"""Asking a web service politely, for the few commands that use the network.

Timeouts on every request; answers that say "later" (429, or 5xx) and
timeouts are asked again with a growing wait, or the wait the service named
in Retry-After (stamina); at most so many requests a second across threads
(pyrate-limiter); and no network is one clear line, not a traceback. Only
`enrich`, `add --lookup`, `import letterboxd-rss` and `sync` come here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from filmlog.values.errors import BadValue, FilmlogError

if TYPE_CHECKING:
    import httpx

ATTEMPTS = 5  # the first request and four more
MAX_WAIT = 30.0  # the longest wait (Retry-After included) before giving up
MAX_BODY = 32 * 1024 * 1024  # an answer larger than this is no answer of theirs
MAX_REDIRECTS = 5
# A source's reading as a whole (every page, every retry) ends by then: a server that is
# silent, trickles a byte at a time or pages without end is given up on, in one line.
DEADLINE_SECONDS = 300.0
DEADLINE_ENV = "FILMLOG_SOURCE_DEADLINE"
MAX_TAPE = 512 * 1024 * 1024  # all the answers one import may read
# Headers that travel with a redirect to another host: what HTTP needs, nothing that
# names the person (tokens ride in headers of every name: X-Plex-Token, X-Emby-Token, …).
SAFE_HEADERS = {
    "host",
    "accept",
    "accept-encoding",
    "accept-language",
    "user-agent",
    "connection",
    "content-length",
    "content-type",
}


class ServiceError(FilmlogError):
    """The service could not be asked, or answered in a way we cannot use."""


class Offline(ServiceError):
    """No network, or the service out of reach."""


def deadline_seconds() -> float:
    """How long one source may take to read: FILMLOG_SOURCE_DEADLINE seconds, else 300."""
    given = os.environ.get(DEADLINE_ENV, "").strip()
    if not given:
        return DEADLINE_SECONDS
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86400 or seconds != seconds:
        raise BadValue(
            f"{DEADLINE_ENV}={given!r} is not a number of seconds from 1 to 86400: unset it,"
            f" or set it like {DEADLINE_ENV}=300"
        )
    return seconds


class Tape:
    """The answers one import read, so that it reads them before it takes the journal's
    write lock and writes from them after (never holding the lock while a server is slow),
    and the deadline that import's reading keeps."""

    def __init__(self) -> None:
        self.answers: dict[tuple[str, str, str], httpx.Response] = {}
        self.replaying = False
        self.size = 0
        self.ends = time.monotonic() + deadline_seconds()

    def key(self, method: str, url: str, body: Any) -> tuple[str, str, str]:
        return (method, url, json.dumps(body, sort_keys=True, default=str))

    def keep(self, key: tuple[str, str, str], response: httpx.Response, service: str) -> None:
        self.size += len(response.content)
        if self.size > MAX_TAPE:
            raise ServiceError(
                f"{service} sent more than {MAX_TAPE // 1024 // 1024} MB in all: no library"
                " is that large; nothing was imported"
            )
        self.answers[key] = response


_TAPE: list[Tape | None] = [None]


@contextmanager
def taped(tape: Tape) -> Iterator[Tape]:
    """Every request made inside is kept on the tape (or, replaying, answered from it)."""
    _TAPE[0] = tape
    try:
        yield tape
    finally:
        _TAPE[0] = None


class _AskAgain(Exception):
    """An answer that says to ask again later, with the wait the service named."""

    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.wait = wait


def _backoff(exc: BaseException) -> bool | float:
    """stamina's hook: whether to ask again, and the service's own wait when it named one."""
    import httpx

    if isinstance(exc, _AskAgain):
        return exc.wait if exc.wait is not None else True
    return isinstance(exc, httpx.TimeoutException)


def _retry_after(value: str | None) -> float | None:
    if value:
        try:
            return max(float(value), 0.0)
        except ValueError:
            return None  # an HTTP date: our own backoff will do
    return None


class Fetcher:
    """GET requests to one service, retried and paced; counts what went over the wire."""

    def __init__(
        self,
        service: str,
        *,
        headers: Mapping[str, str] | None = None,
        timeout: float = 10.0,
        per_second: int | None = None,
        needed_by: str = "this command",
    ) -> None:
        import httpx

        self.service = service
        self.needed_by = needed_by
        self.http = httpx.Client(
            headers=dict(headers or {}),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=False,  # followed by _bounded, which keeps credentials home
        )
        self.timeout = timeout
        # Retries are said by our own messages, or not at all: stamina's log lines would
        # break `sync`'s one quiet line for cron.
        import stamina.instrumentation

        stamina.instrumentation.set_on_retry_hooks([])
        self.limiter = None
        if per_second:
            from pyrate_limiter import Duration, Limiter, Rate

            self.limiter = Limiter(Rate(per_second, Duration.SECOND))
        self.sent = 0  # requests that went over the network

    def close(self) -> None:
        self.http.close()

    def get(self, url: str) -> httpx.Response:
        """The service's answer to url, once it is not one that says to ask again."""
        return self.request("GET", url)

    def post(self, url: str, body: Any) -> httpx.Response:
        """The answer to a JSON body posted (a sign-in, a JSON-RPC call), retried alike."""
        return self.request("POST", url, body)

    def request(self, method: str, url: str, body: Any = None) -> httpx.Response:
        tape = _TAPE[0]
        if tape is None:
            return self._asked(method, url, body, time.monotonic() + deadline_seconds())
        key = tape.key(method, url, body)
        if tape.replaying and key in tape.answers:
            return tape.answers[key]
        response = self._asked(method, url, body, tape.ends)
        tape.keep(key, response, self.service)
        return response

    def _asked(self, method: str, url: str, body: Any, ends: float) -> httpx.Response:
        import httpx
        import stamina

        self.ends = ends
        try:
            for attempt in stamina.retry_context(
                on=_backoff,
                attempts=ATTEMPTS,
                timeout=max(ends - time.monotonic(), 0.1),
                wait_initial=0.5,
                wait_max=MAX_WAIT,
            ):
                with attempt:
                    self._in_time(url)
                    return self._once(method, url, body)
        except _AskAgain as exc:
            raise ServiceError(
                f"{self.service} kept answering {exc.status}; try again later"
            ) from None
        except httpx.TimeoutException:
            raise ServiceError(f"{self.service} did not answer in time ({_place(url)})") from None
        raise ServiceError(f"{self.service} did not answer")  # not reached

    def _in_time(self, url: str) -> None:
        if time.monotonic() > self.ends:
            raise ServiceError(
                f"{self.service} took too long to answer ({_place(url)}), over"
                f" {deadline_seconds():.0f} s in all; try again later"
            )

    def _once(self, method: str, url: str, body: Any) -> httpx.Response:
        import httpx

        if self.limiter is not None:
            self.limiter.try_acquire(self.service)
        try:
            response = self._bounded(method, url, body)
        except httpx.TimeoutException:
            raise
        except httpx.TransportError as exc:
            raise Offline(
                f"cannot reach {self.service} at {_place(url)} ({type(exc).__name__}):"
                f" {self.needed_by} needs the network"
            ) from None
        self.sent += 1
        if response.status_code == 429 or response.status_code >= 500:
            wait = _retry_after(response.headers.get("Retry-After"))
            if wait is not None and wait > MAX_WAIT:
                raise ServiceError(f"{self.service} asks to wait {wait:.0f} s; try again later")
            raise _AskAgain(response.status_code, wait)
        return response

    def _bounded(self, method: str, url: str, body: Any = None) -> httpx.Response:
        """The answer, read as it comes, refused once larger than MAX_BODY (memory stays
        bounded whatever a server sends) or past the deadline (a server may trickle).
        Redirects are followed here: to another host, no credential goes along."""
        import httpx

        away = False  # at another host than the one named: the request carries no credential
        for _ in range(MAX_REDIRECTS + 1):
            sent = {} if body is None else {"json": body}
            request = self.http.build_request(method, url, **sent)
            if away:
                for name in [k for k in request.headers if k.lower() not in SAFE_HEADERS]:
                    del request.headers[name]
            response = self.http.send(request, stream=True)
            try:
                if response.is_redirect and "location" in response.headers:
                    target = urljoin(url, response.headers["location"])
                    away = away or _origin(target) != _origin(url)
                    if response.status_code in (301, 302, 303) and method == "POST":
                        method, body = "GET", None
                    url = target
                    continue
                content = bytearray()
                for chunk in response.iter_bytes():
                    content += chunk
                    if len(content) > MAX_BODY:
                        raise ServiceError(
                            f"{self.service} sent more than {MAX_BODY // 1024 // 1024} MB for"
                            f" {_place(url)}: that is no answer of theirs"
                        )
                    self._in_time(url)
            finally:
                response.close()
            # The body is decoded already: the answer no longer says how it was packed.
            kept = [
                (k, v)
                for k, v in response.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
            ]
            return httpx.Response(
                response.status_code, headers=kept, content=bytes(content), request=request
            )
        raise ServiceError(
            f"{self.service} redirected more than {MAX_REDIRECTS} times from {_place(url)}:"
            " is the address right?"
        )


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return (parts.scheme, parts.hostname, port)


def _place(url: str) -> str:
    """An address as a message names it: no query (tokens ride there), no user or password."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return f"{parts.scheme}://{host}{parts.path}" if parts.scheme else url.split("?")[0]
