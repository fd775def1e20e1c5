"""Asking a web service: retries that honour Retry-After, a request rate, one line offline."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import stamina

from filmlog.online.fetch import Fetcher, Offline, ServiceError
from tests.fake_web import FakeWeb


@pytest.fixture
def web() -> Iterator[FakeWeb]:
    server = FakeWeb()
    yield server
    server.close()


def test_a_429_waits_as_long_as_the_service_asks(web: FakeWeb) -> None:
    web.answer("/a", 429, headers={"Retry-After": "1"})
    web.answer("/a", 200, "done")
    fetcher = Fetcher("Example")
    start = time.monotonic()
    assert fetcher.get(web.url + "/a").text == "done"
    assert time.monotonic() - start >= 0.9
    assert web.requests["/a"] == 2 and fetcher.sent == 2


def test_server_errors_are_asked_again_then_reported(web: FakeWeb) -> None:
    web.answer("/a", 503)
    fetcher = Fetcher("Example")
    with stamina.set_testing(True, attempts=5), pytest.raises(ServiceError) as refused:
        fetcher.get(web.url + "/a")
    assert str(refused.value) == "Example kept answering 503; try again later"
    assert web.requests["/a"] == 5


def test_a_wait_too_long_is_refused_at_once(web: FakeWeb) -> None:
    web.answer("/a", 429, headers={"Retry-After": "3600"})
    with pytest.raises(ServiceError, match="asks to wait 3600 s"):
        Fetcher("Example").get(web.url + "/a")
    assert web.requests["/a"] == 1


def test_other_answers_are_the_caller_s(web: FakeWeb) -> None:
    web.answer("/gone", 404, "no such member")
    assert Fetcher("Example").get(web.url + "/gone").status_code == 404
    assert web.requests["/gone"] == 1


def test_no_network_is_one_line() -> None:
    with pytest.raises(Offline) as offline:
        Fetcher("Example", needed_by="sync").get("http://127.0.0.1:9/feed")
    assert str(offline.value).startswith("cannot reach Example at http://127.0.0.1:9/feed")
    assert str(offline.value).endswith("sync needs the network")


def test_requests_are_paced(web: FakeWeb) -> None:
    web.answer("/a", 200, "ok")
    fetcher = Fetcher("Example", per_second=5)
    start = time.monotonic()
    for _ in range(10):
        fetcher.get(web.url + "/a")
    assert time.monotonic() - start >= 0.9  # ten requests at five a second


def test_a_packed_answer_is_unpacked(web: FakeWeb) -> None:
    import gzip

    web.answer("/a", 200, gzip.compress(b"hello"), headers={"Content-Encoding": "gzip"})
    assert Fetcher("Example").get(web.url + "/a").text == "hello"


def test_an_answer_larger_than_any_is_refused(web: FakeWeb, monkeypatch) -> None:
    from filmlog.online import fetch

    monkeypatch.setattr(fetch, "MAX_BODY", 1000)  # a server sending without end, in small
    web.answer("/a", 200, b"x" * 5000)
    with pytest.raises(ServiceError, match="sent more than 0 MB"):
        Fetcher("Example").get(web.url + "/a")
