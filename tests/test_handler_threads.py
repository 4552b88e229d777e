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


def test_a_waiting_question_goes_before_a_page_that_came_first() -> None:
    async def scenario() -> list[str]:
        threads = HandlerThreads(1)
        order: list[str] = []
        go, held = blocker()
        holder = asyncio.create_task(threads.run(held, question=False))
        await waiting_until(threads, 0)
        page = asyncio.create_task(threads.run(lambda: order.append("page"), question=False))
        await waiting_until(threads, 1)
        question = asyncio.create_task(threads.run(lambda: order.append("question"), question=True))
        await waiting_until(threads, 2)
        go.set()
        await asyncio.gather(holder, page, question)
        return order

    assert QUESTION_SECONDS < PAGE_SECONDS
    assert within_seconds(scenario) == ["question", "page"]


def test_a_page_that_has_waited_goes_before_a_new_question() -> None:
    async def scenario() -> list[str]:
        threads = HandlerThreads(1)
        order: list[str] = []
        go, held = blocker()
        holder = asyncio.create_task(threads.run(held, question=True))
        await waiting_until(threads, 0)
        page = asyncio.create_task(threads.run(lambda: order.append("page"), question=False))
        await waiting_until(threads, 1)
        # the page is now due sooner than a question arriving
        await asyncio.sleep(PAGE_SECONDS - QUESTION_SECONDS + 0.05)
        question = asyncio.create_task(threads.run(lambda: order.append("question"), question=True))
        await waiting_until(threads, 2)
        go.set()
        await asyncio.gather(holder, page, question)
        return order

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
        threads = HandlerThreads(1)
        order: list[str] = []
        go, held = blocker()
        holder = asyncio.create_task(threads.run(held, question=False))
        await waiting_until(threads, 0)
        gone = asyncio.create_task(threads.run(lambda: order.append("gone"), question=True))
        kept = asyncio.create_task(threads.run(lambda: order.append("kept"), question=False))
        await waiting_until(threads, 2)
        gone.cancel()
        await waiting_until(threads, 1)
        go.set()
        await asyncio.gather(holder, kept)
        await threads.run(lambda: order.append("after"), question=True)
        return order

    assert within_seconds(scenario) == ["kept", "after"]


def test_a_waiter_cancelled_as_it_is_handed_a_thread_hands_it_on() -> None:
    async def scenario() -> list[str]:
        threads = HandlerThreads(1)
        order: list[str] = []
        go, held = blocker()
        holder = asyncio.create_task(threads.run(held, question=False))
        await waiting_until(threads, 0)
        gone = asyncio.create_task(threads.run(lambda: order.append("gone"), question=True))
        kept = asyncio.create_task(threads.run(lambda: order.append("kept"), question=False))
        await waiting_until(threads, 2)
        release = threads._release

        def release_then_cancel() -> None:  # the holder's thread is handed to `gone`, cancelled at once
            threads._release = release  # type: ignore[method-assign]
            release()
            gone.cancel()

        threads._release = release_then_cancel  # type: ignore[method-assign]
        go.set()
        await asyncio.gather(holder, kept)
        assert gone.cancelled()
        await threads.run(lambda: order.append("after"), question=True)
        return order

    assert within_seconds(scenario) == ["kept", "after"]
