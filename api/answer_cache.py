"""Every read answered once per graph revision: a repeated request is a dictionary lookup.

:class:`AnswerCache` is ASGI middleware around the application's routes. It pins each request to
the newest graph snapshot (:mod:`api.revisions`), so that everything the request reads comes
from one revision, and says which in the ``X-Graph-Revision`` header. A ``GET`` answered ``200``
is kept with that snapshot, keyed by its path, query and ``Accept`` header, and the same request
is then answered from the kept bytes on the event loop, without a worker thread. When several
clients ask for the same new answer at once, one computes it and the others wait for it instead
of computing it again. The kept answers go when their snapshot is replaced, and are bounded in
bytes (the least recently used go first), so a crawl of every page cannot exhaust memory.

Nothing else changes an answer: the server's settings (the upload token) are fixed while it
runs, and the Host check and security headers sit outside this middleware.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.revisions import GraphCache, Snapshot
from api.security import on_start

REVISION_HEADER = b"x-graph-revision"
# answers kept per revision, in bytes, and the largest one kept (a 5,000-node map is ~7 MB).
# While a new revision is read the old one is still served with its answers: at 150 areas the
# server's peak memory came then (1.41-1.44 GB with 128 MB kept here), against 1.5 GB.
MOST_BYTES = 64 * 1024 * 1024
MOST_BYTES_EACH = 16 * 1024 * 1024
# not revision data: liveness, and the app's own files (their responses stream from disk)
UNCACHED_PATHS = ("/health", "/static/")
# how stale a reader's view of the store's revision may be: a change is noticed within this
RECHECK_SECONDS = 0.05

Key = tuple[str, bytes, bytes]


class Answer:
    """A response as sent: status, headers and the whole body."""

    def __init__(self, start: Message) -> None:
        self.status: int = start["status"]
        self.headers: list[tuple[bytes, bytes]] = list(start.get("headers", []))
        self.parts: list[bytes] = []
        self.size = 0
        self.complete = False
        self.body = b""  # the parts joined, once complete

    def add(self, part: bytes, more: bool) -> None:
        self.parts.append(part)
        self.size += len(part)
        self.complete = not more
        if self.complete:
            self.body = b"".join(self.parts)
            self.parts = []

    async def send(self, send: Send) -> None:
        # the kept bytes as they are: copying them for each request was a copy of every answer sent
        await send({"type": "http.response.start", "status": self.status, "headers": list(self.headers)})
        await send({"type": "http.response.body", "body": self.body})


class Answers:
    """The answers kept for one snapshot (see the module docstring)."""

    def __init__(self) -> None:
        self.kept: OrderedDict[Key, Answer] = OrderedDict()
        self.size = 0
        # answers being computed now, each with the event its waiters wait on
        self.computing: dict[Key, asyncio.Event] = {}

    def get(self, key: Key) -> Answer | None:
        found = self.kept.get(key)
        if found is not None:
            self.kept.move_to_end(key)
        return found

    def keep(self, key: Key, answer: Answer) -> None:
        if key in self.kept:
            return
        self.kept[key] = answer
        self.size += len(answer.body)
        while self.size > MOST_BYTES:
            _, dropped = self.kept.popitem(last=False)
            self.size -= len(dropped.body)


def answers_of(snapshot: Snapshot) -> Answers:
    return snapshot.derived("answers", lambda _g: Answers())


class AnswerCache:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp, graphs: GraphCache) -> None:
        self.app = app
        self.graphs = graphs

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        snapshot = self.graphs.current(recheck_after=RECHECK_SECONDS)
        if snapshot is None:  # no graph yet: the handler waits for the first one in its thread
            await self.app(scope, receive, send)
            return
        with self.graphs.pinned(snapshot):
            revision = str(snapshot.revision).encode()
            if scope["method"] != "GET" or scope["path"].startswith(UNCACHED_PATHS):
                await self.app(scope, receive, _with_revision(send, revision))
                return
            await self._answer(answers_of(snapshot), _key(scope), scope, receive, send, revision)

    async def _answer(
        self, answers: Answers, key: Key, scope: Scope, receive: Receive, send: Send, revision: bytes
    ) -> None:
        while (computing := answers.computing.get(key)) is not None:
            await computing.wait()
        kept = answers.get(key)
        if kept is not None:
            await kept.send(send)
            return
        answers.computing[key] = asyncio.Event()
        answer: Answer | None = None

        async def keep_and_send(message: Message) -> None:
            nonlocal answer
            if message["type"] == "http.response.start":
                answer = Answer(_with_revision_header(message, revision))
            elif answer is not None and message["type"] == "http.response.body":
                answer.add(message.get("body", b""), message.get("more_body", False))
                if answer.size > MOST_BYTES_EACH:
                    answer = None  # too large to keep: sent, not kept
            await send(message)

        try:
            await self.app(scope, receive, keep_and_send)
            if answer is not None and answer.complete and answer.status == 200:
                answers.keep(key, answer)
        finally:
            answers.computing.pop(key).set()


def _key(scope: Scope) -> Key:
    accept = next((value for name, value in scope["headers"] if name == b"accept"), b"")
    return scope["path"], scope["query_string"], accept


def _with_revision_header(message: Message, revision: bytes) -> Message:
    message["headers"] = [*message.get("headers", []), (REVISION_HEADER, revision)]
    return message


def _with_revision(send: Send, revision: bytes) -> Send:
    return on_start(send, lambda start: _with_revision_header(start, revision))
