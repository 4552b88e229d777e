"""Which waiting request gets the next free handler thread (api.handler_threads)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from api.handler_threads import PAGE_SECONDS, QUESTION_SECONDS, HandlerThreads

T = TypeVar("T")


def blocker() -> tuple[threading.Event, Callable[[], str]]:
    """A call that holds its thread until the event is set."""
    go = threading.Event()

    def held() -> str:
        go.wait(timeout=10)
        return "held"

    return go, held


def within_seconds(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """``scenario()`` run, failing (not hanging) if a request never gets its thread."""
    return asyncio.run(asyncio.wait_for(scenario(), 10))


async def waiting_until(threads: HandlerThreads, count: int) -> None:
    for _ in range(500):
        if threads.waiting == count:
            return
        await asyncio.sleep(0.002)
    raise AssertionError(f"{threads.waiting} waiting, not {count}")


class OneThread:
    """A :class:`HandlerThreads` of one thread, held by a first call until :meth:`free`, and the
    calls queued behind it, each noting its name in :attr:`order` when it runs."""

    def __init__(self) -> None:
        self.threads = HandlerThreads(1)
        self.order: list[str] = []
        self.go, self._held = blocker()
        self.calls: dict[str, asyncio.Task[None]] = {}

    async def hold(self) -> None:
        self.calls["holder"] = asyncio.create_task(self.threads.run(self._held, question=False))
        await waiting_until(self.threads, 0)

    async def queue(self, name: str, question: bool) -> None:
        call = self.threads.run(lambda: self.order.append(name), question=question)
        self.calls[name] = asyncio.create_task(call)
        await waiting_until(self.threads, self.threads.waiting + 1)

    async def free(self) -> list[str]:
        """Let the holder finish; the order in which the queued calls (not cancelled) ran."""
        self.go.set()
        await asyncio.gather(*(c for c in self.calls.values() if not c.cancelled()), return_exceptions=True)
        return self.order


def test_a_waiting_question_goes_before_a_page_that_came_first() -> None:
    async def scenario() -> list[str]:
        one = OneThread()
        await one.hold()
        await one.queue("page", question=False)
        await one.queue("question", question=True)
        return await one.free()

    assert QUESTION_SECONDS < PAGE_SECONDS
    assert within_seconds(scenario) == ["question", "page"]


def test_a_page_that_has_waited_goes_before_a_new_question() -> None:
    async def scenario() -> list[str]:
        one = OneThread()
        await one.hold()
        await one.queue("page", question=False)
        # the page is now due sooner than a question arriving
        await asyncio.sleep(PAGE_SECONDS - QUESTION_SECONDS + 0.05)
        await one.queue("question", question=True)
        return await one.free()

    assert within_seconds(scenario) == ["page", "question"]


def test_never_more_than_its_threads_at_once_and_none_idle_while_any_wait() -> None:
    async def scenario() -> tuple[int, list[int]]:
        threads = HandlerThreads(3)
        lock = threading.Lock()
        running = [0]
        most = [0]

        def work(n: int) -> int:
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            threading.Event().wait(0.005)
            with lock:
                running[0] -= 1
            return n

        answers = await asyncio.gather(
            *(threads.run(lambda n=n: work(n), question=n % 2 == 0) for n in range(40))
        )
        assert threads.waiting == 0
        # all threads free again: three more run at once without waiting
        go, held = blocker()
        tasks = [asyncio.create_task(threads.run(held, question=False)) for _ in range(3)]
        await asyncio.sleep(0.05)
        assert threads.waiting == 0
        go.set()
        await asyncio.gather(*tasks)
        return most[0], answers

    most, answers = within_seconds(scenario)
    assert most == 3
    assert answers == list(range(40))  # every caller gets its own call's answer


def test_a_cancelled_waiter_leaves_no_thread_taken() -> None:
    async def scenario() -> list[str]:
        one = OneThread()
        await one.hold()
        await one.queue("gone", question=True)
        await one.queue("kept", question=False)
        one.calls["gone"].cancel()
        await waiting_until(one.threads, 1)
        await one.free()
        await one.threads.run(lambda: one.order.append("after"), question=True)
        return one.order

    assert within_seconds(scenario) == ["kept", "after"]


def test_a_waiter_cancelled_as_it_is_handed_a_thread_hands_it_on() -> None:
    async def scenario() -> list[str]:
        one = OneThread()
        await one.hold()
        await one.queue("gone", question=True)
        await one.queue("kept", question=False)
        release = one.threads._release

        def release_then_cancel() -> None:  # the holder's thread is handed to "gone", cancelled at once
            one.threads._release = release  # type: ignore[method-assign]
            release()
            one.calls["gone"].cancel()

        one.threads._release = release_then_cancel  # type: ignore[method-assign]
        await one.free()
        assert one.calls["gone"].cancelled()
        await one.threads.run(lambda: one.order.append("after"), question=True)
        return one.order

    assert within_seconds(scenario) == ["kept", "after"]
