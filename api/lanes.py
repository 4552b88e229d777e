"""Lanes to the handler threads: pages, maps and downloads never hold all of them, and writers
waiting for their revision hold none.

Under many clients, each first answer of a question (1-5 ms of CPU) waited in one queue behind
pages and maps (5-30 ms each) for one of the few handler threads (:data:`api.app.HANDLER_THREADS`).
:class:`Lanes` lets at most ``heavy_at_once`` of those heavy requests into the application at a
time; the others wait on the event loop (no thread, no CPU) in arrival order. The questions keep
the remaining threads, so they wait only behind each other. Placed inside the answer cache: a
page answered from its kept bytes never waits here.

An upload or a removal waits for the revision holding its change (seconds: a rebuild) in a thread
of its own (:func:`until_current`), not in one of the handler threads the readers share.
"""

from __future__ import annotations

import asyncio

from anyio import CapacityLimiter, to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from api.revisions import GraphCache, Snapshot

# what renders HTML, draws or writes whole files: many times a question's CPU
HEAVY_PATHS = ("/pages", "/maps", "/plots", "/export", "/sparql", "/actions.")


def is_heavy(path: str) -> bool:
    return path == "/" or path.startswith(HEAVY_PATHS)


class Lanes:
    """ASGI middleware: see the module docstring."""

    def __init__(self, app: ASGIApp, heavy_at_once: int) -> None:
        self.app = app
        self.heavy_at_once = heavy_at_once
        # made on the event loop that serves (a test client runs a loop of its own)
        self._heavy: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_heavy(scope["path"]):
            await self.app(scope, receive, send)
            return
        loop = asyncio.get_running_loop()
        if self._heavy is None or self._heavy[0] is not loop:
            self._heavy = (loop, asyncio.Semaphore(self.heavy_at_once))
        async with self._heavy[1]:
            await self.app(scope, receive, send)


# writers waiting at once for their revision; a waiting thread only sleeps on a condition
WAITING_WRITERS = 16
_writers: tuple[asyncio.AbstractEventLoop, CapacityLimiter] | None = None


async def until_current(cache: GraphCache) -> Snapshot:
    """The snapshot of the store as it is now (a writer's change included), waited for in a
    writers' thread, never in a handler thread."""
    global _writers
    loop = asyncio.get_running_loop()
    if _writers is None or _writers[0] is not loop:
        _writers = (loop, CapacityLimiter(WAITING_WRITERS))
    return await to_thread.run_sync(cache.wait_until_current, limiter=_writers[1])
