"""The handler threads, and which waiting request gets the next free one.

Handlers are CPU-bound Python sharing one interpreter lock, so the server runs a few of them at
once (:data:`api.app.HANDLER_THREADS`) and the rest wait. Waiting in arrival order, a question
about one organisation (a few milliseconds of work) waited behind every page and map that came
before it (each several times that), while pages had time to spare. Here each waiting request
has a time by which it should be answered: a question :data:`QUESTION_SECONDS` after it
arrived, a page or map :data:`PAGE_SECONDS` after; a freed thread goes to the waiting request
whose time comes first. So a question goes ahead of pages that have time left, a page that has
waited long goes ahead of new questions (nothing waits for ever), and a free thread is never
left idle while anyone waits.

The waiting is done on the event loop (asyncio futures), so it needs no lock: every change of
who holds or waits for a thread happens there.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Callable
from typing import TypeVar

from anyio import CapacityLimiter, to_thread

T = TypeVar("T")
# How soon each kind of request should be answered. Under a saturating load a page is served
# about when its time comes, so pages wait about the difference longer than questions: at the
# targets' own ratio (0.3 and 0.5 s) maps reached p95 455-490 ms against 500 while questions
# were at 222-239 ms against 300. With 0.4 s (150 areas, 50 clients, two 30 s runs with one at
# 0.5 s between them): maps 371-388 ms, pages 326-337 ms, questions 228-233 ms.
QUESTION_SECONDS = 0.3
PAGE_SECONDS = 0.4

# a waiting request: (when it should be answered, arrival order, what it waits on)
_Waiting = tuple[float, int, "asyncio.Future[None]"]


class LoopLimiter:
    """A limiter of ``tokens`` threads for the running event loop (anyio's limiters belong to
    one loop, and each test client runs the app on a loop of its own)."""

    def __init__(self, tokens: int) -> None:
        self.tokens = tokens
        self._made: tuple[asyncio.AbstractEventLoop, CapacityLimiter] | None = None

    def of_running_loop(self) -> CapacityLimiter:
        loop = asyncio.get_running_loop()
        if self._made is None or self._made[0] is not loop:
            self._made = (loop, CapacityLimiter(self.tokens))
        return self._made[1]


class HandlerThreads:
    """``threads`` handler threads shared by the app's synchronous endpoints (see the module
    docstring)."""

    def __init__(self, threads: int) -> None:
        self._free = threads
        self._waiting: list[_Waiting] = []  # a heap: the soonest due first
        self._arrivals = itertools.count()
        # what runs the calls; never full, since at most ``threads`` calls hold a thread
        self._limiter = LoopLimiter(threads)

    @property
    def waiting(self) -> int:
        """How many requests wait for a thread."""
        return len(self._waiting)

    async def run(self, call: Callable[[], T], question: bool) -> T:
        """``call()`` in a handler thread, once one is free and no request due sooner waits."""
        await self._acquire(QUESTION_SECONDS if question else PAGE_SECONDS)
        try:
            return await to_thread.run_sync(call, limiter=self._limiter.of_running_loop())
        finally:
            self._release()

    async def _acquire(self, seconds: float) -> None:
        if self._free > 0 and not self._waiting:
            self._free -= 1
            return
        loop = asyncio.get_running_loop()
        entry: _Waiting = (loop.time() + seconds, next(self._arrivals), loop.create_future())
        heapq.heappush(self._waiting, entry)
        try:
            await entry[2]
        except asyncio.CancelledError:
            if entry[2].done() and not entry[2].cancelled():
                self._release()  # a thread was handed to it as it was cancelled: pass it on
            else:
                self._waiting.remove(entry)
                heapq.heapify(self._waiting)
            raise

    def _release(self) -> None:
        """Hand the thread just freed to the waiting request due soonest, or keep it free."""
        while self._waiting:
            handed = heapq.heappop(self._waiting)[2]
            if not handed.done():
                handed.set_result(None)
                return
        self._free += 1
