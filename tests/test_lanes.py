"""The lanes to the handler threads: at most so many heavy requests at once, questions never held."""

from __future__ import annotations

import asyncio
import threading

from anyio import to_thread
from loop_support import on_own_loop
from starlette.types import Message, Receive, Scope, Send

from api.lanes import Lanes, is_heavy, until_current


def test_pages_maps_and_downloads_are_heavy_and_questions_are_not() -> None:
    heavy = ["/", "/pages/organisations/x", "/maps/themes", "/plots/themes.png", "/export/ttl", "/sparql"]
    heavy += ["/actions.csv", "/actions.xlsx"]
    light = ["/health", "/stats", "/organisations/x", "/queries/path", "/actions", "/search"]
    light += ["/static/map.js"]
    assert all(is_heavy(p) for p in heavy)
    assert not any(is_heavy(p) for p in light)


def test_at_most_so_many_heavy_requests_run_at_once_while_questions_pass() -> None:
    running: dict[str, int] = {"heavy": 0, "light": 0}
    most: dict[str, int] = {"heavy": 0, "light": 0}
    order: list[str] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        kind = "heavy" if is_heavy(scope["path"]) else "light"
        running[kind] += 1
        most[kind] = max(most[kind], running[kind])
        await asyncio.sleep(0.01)
        running[kind] -= 1
        order.append(scope["path"])

    lanes = Lanes(app, heavy_at_once=2)

    async def request(path: str) -> None:
        async def receive() -> Message:
            return {"type": "http.request", "body": b""}

        async def send(message: Message) -> None:
            return None

        await lanes({"type": "http", "method": "GET", "path": path, "headers": []}, receive, send)

    async def many() -> None:
        pages = [request(f"/pages/reviews/{i}") for i in range(6)]
        questions = [request(f"/queries/org/{i}") for i in range(6)]
        await asyncio.gather(*pages, *questions)

    on_own_loop(many())
    assert most == {"heavy": 2, "light": 6}
    # the questions did not wait behind the pages queued before them
    assert order.index("/queries/org/5") < order.index("/pages/reviews/2")
    assert [p for p in order if p.startswith("/pages")] == [f"/pages/reviews/{i}" for i in range(6)]


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
