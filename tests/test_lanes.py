"""Writers wait for their revision in threads of their own, never in the readers' handler threads."""

from __future__ import annotations

import asyncio
import threading

from anyio import to_thread
from loop_support import on_own_loop

from api.lanes import until_current


def test_a_writer_waits_for_its_revision_without_a_handler_thread() -> None:
    """Every handler thread busy (here the only one), a writer's wait for its revision still ends."""
    release = threading.Event()

    class Rebuilt:
        def wait_until_current(self) -> str:
            return "revision with the change"

    async def scenario() -> str:
        to_thread.current_default_thread_limiter().total_tokens = 1
        busy = asyncio.ensure_future(to_thread.run_sync(release.wait))
        await asyncio.sleep(0.05)  # the handler thread is taken
        try:
            return await asyncio.wait_for(until_current(Rebuilt()), timeout=5)  # type: ignore[arg-type]
        finally:
            release.set()
            await busy

    assert on_own_loop(scenario()) == "revision with the change"
