"""Asking a web service politely, for the few commands that use the network.

Timeouts on every request; answers that say "later" (429, or 5xx) and
timeouts are asked again with a growing wait, or the wait the service named
in Retry-After (stamina); at most so many requests a second across threads
(pyrate-limiter); and no network is one clear line, not a traceback. Only
`enrich`, `add --lookup`, `import letterboxd-rss` and `sync` come here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from filmlog.errors import FilmlogError

if TYPE_CHECKING:
    import httpx

ATTEMPTS = 5  # the first request and four more
MAX_WAIT = 30.0  # the longest wait (Retry-After included) before giving up
MAX_BODY = 32 * 1024 * 1024  # an answer larger than this is no answer of theirs


class ServiceError(FilmlogError):
    """The service could not be asked, or answered in a way we cannot use."""


class Offline(ServiceError):
    """No network, or the service out of reach."""


class _AskAgain(Exception):
    """An answer that says to ask again later, with the wait the service named."""

    def __init__(self, status: int, wait: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.wait = wait


def _backoff(exc: Exception) -> bool | float:
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
            follow_redirects=True,
        )
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
        import httpx
        import stamina

        try:
            for attempt in stamina.retry_context(
                on=_backoff, attempts=ATTEMPTS, timeout=None, wait_initial=0.5, wait_max=MAX_WAIT
            ):
                with attempt:
                    return self._once(method, url, body)
        except _AskAgain as exc:
            raise ServiceError(
                f"{self.service} kept answering {exc.status}; try again later"
            ) from None
        except httpx.TimeoutException:
            raise ServiceError(f"{self.service} did not answer in time ({url})") from None
        raise ServiceError(f"{self.service} did not answer")  # not reached

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
                f"cannot reach {self.service} at {url.split('?')[0]} ({type(exc).__name__}):"
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
        bounded whatever a server sends)."""
        import httpx

        sent = {} if body is None else {"json": body}
        with self.http.stream(method, url, **sent) as response:
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_BODY:
                    raise ServiceError(
                        f"{self.service} sent more than {MAX_BODY // 1024 // 1024} MB for"
                        f" {url.split('?')[0]}: that is no answer of theirs"
                    )
        # The body is decoded already: the answer no longer says how it was packed.
        headers = [
            (k, v)
            for k, v in response.headers.multi_items()
            if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
        ]
        return httpx.Response(
            response.status_code, headers=headers, content=bytes(body), request=response.request
        )
