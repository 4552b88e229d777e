"""The answer cache: a repeated GET is answered from the bytes kept with its revision, as sent."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from loop_support import on_own_loop
from starlette.types import Message, Receive, Scope, Send

from api.answer_cache import AnswerCache


class OneRevision:
    """A stand-in for api.revisions.GraphCache with one snapshot (revision 7)."""

    revision = 7

    def __init__(self) -> None:
        self.made: dict[str, Any] = {}

    def derived(self, name: str, make: Any) -> Any:
        return self.made.setdefault(name, make(None))

    def current(self, recheck_after: float = 0.0) -> OneRevision:
        return self

    @contextmanager
    def pinned(self, snapshot: OneRevision) -> Iterator[OneRevision]:
        yield snapshot


def test_a_repeated_request_gets_the_kept_answer_whole_and_its_headers() -> None:
    calls: list[str] = []

    async def streamed(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append(scope["path"])
        headers = [(b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        for part in (b"one ", b"two ", b"three"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})

    cache = AnswerCache(streamed, OneRevision())  # type: ignore[arg-type]

    async def get() -> list[Message]:
        sent: list[Message] = []

        async def send(message: Message) -> None:
            sent.append(message)
            # a server or middleware may change the start message's headers as it sends them
            if message["type"] == "http.response.start":
                message["headers"].append((b"x-added-on-the-way", b"1"))

        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        scope = {"type": "http", "method": "GET", "path": "/words", "query_string": b"", "headers": []}
        await cache(scope, receive, send)
        return sent

    first, second, third = (on_own_loop(get()) for _ in range(3))
    assert calls == ["/words"]  # computed once
    body = b"".join(m.get("body", b"") for m in first[1:])
    assert body == b"one two three"
    for kept in (second, third):
        assert [m["type"] for m in kept] == ["http.response.start", "http.response.body"]
        assert kept[1]["body"] == body
        assert kept[0]["headers"] == [
            (b"content-type", b"text/plain"),
            (b"x-graph-revision", b"7"),
            (b"x-added-on-the-way", b"1"),
        ]
