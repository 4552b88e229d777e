"""Writers wait for their revision in threads of their own.

An upload or a removal waits for the revision holding its change (seconds: a rebuild) in a thread
of its own (:func:`until_current`), not in one of the handler threads the readers share
(:data:`api.app.HANDLER_THREADS`), so readers never wait behind writers waiting.
"""

from __future__ import annotations

from anyio import to_thread

from api.handler_threads import LoopLimiter
from api.revisions import GraphCache, Snapshot

# writers waiting at once for their revision; a waiting thread only sleeps on a condition
WAITING_WRITERS = 16
_writers = LoopLimiter(WAITING_WRITERS)


async def until_current(cache: GraphCache) -> Snapshot:
    """The snapshot of the store as it is now (a writer's change included), waited for in a
    writers' thread, never in a handler thread."""
    return await to_thread.run_sync(cache.wait_until_current, limiter=_writers.of_running_loop())
