"""A scripted web server on 127.0.0.1: each path answers what a test put there, in turn.

    web = FakeWeb()
    web.answer("/me/rss/", 429, headers={"Retry-After": "1"})
    web.answer("/me/rss/", 200, body=feed_xml, content_type="application/rss+xml")
    ... web.url + "/me/rss/" ...
    web.close()

The last answer for a path repeats; a path with none is a 404. Every request
is counted in web.requests.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


class FakeWeb:
    def __init__(self) -> None:
        self.answers: dict[str, list[Answer]] = defaultdict(list)
        self.requests: Counter[str] = Counter()
        self.seen_headers: list[dict[str, str]] = []
        web = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = urlparse(self.path).path
                web.requests[path] += 1
                web.seen_headers.append(dict(self.headers))
                queue = web.answers.get(path) or [Answer(404, b"Not found")]
                answer = queue.pop(0) if len(queue) > 1 else queue[0]
                if answer.delay:
                    time.sleep(answer.delay)
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(
        self,
        path: str,
        status: int = 200,
        body: str | bytes = b"",
        *,
        headers: dict[str, str] | None = None,
        content_type: str = "text/plain; charset=utf-8",
        delay: float = 0.0,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.answers[path].append(
            Answer(status, data, {"Content-Type": content_type, **(headers or {})}, delay)
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
