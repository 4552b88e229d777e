"""Routes whose synchronous endpoint runs in one of the app's handler threads, a question
ahead of pages that have time to spare, and whose JSON answer is written in that thread.

FastAPI runs a plain-``def`` endpoint in its thread pool in arrival order, takes the return value
back to the pool a second time to check it against the annotation, then encodes it on the event
loop. With 50 clients on a national store, the second trip queued behind every other request (a
question about one organisation waited twice as long as a page that did more work), and the
encoding held up the event loop that answers ``/health`` and kept answers. An
:class:`AnswerRoute` runs its endpoint through :class:`api.handler_threads.HandlerThreads` once,
a question (an endpoint annotated ``-> dict[str, Any]`` or ``-> Any``) due sooner than a page
or map, and encodes a question's answer there with FastAPI's encoder (pydantic): the same bytes.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, ClassVar

from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.responses import Response

from api.handler_threads import HandlerThreads

# Answers are annotated ``dict[str, Any]`` or ``Any``; for either FastAPI's encoder writes each
# value by its type, as this one does.
_ANSWER: TypeAdapter[Any] = TypeAdapter(Any)
QUESTION_ANSWERS = (Any, dict[str, Any])


def encoded_answer(answer: Any) -> Response:
    """``answer`` as FastAPI would send it: JSON written by pydantic (dataclasses as their fields)."""
    return Response(_ANSWER.dump_json(answer, by_alias=True), media_type="application/json")


def _in_handler_thread(
    endpoint: Callable[..., Any], threads: HandlerThreads, question: bool
) -> Callable[..., Any]:
    def answer(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        return encoded_answer(result) if question and not isinstance(result, Response) else result

    @functools.wraps(endpoint)  # FastAPI reads the parameters and annotation through __wrapped__
    async def in_thread(*args: Any, **kwargs: Any) -> Any:
        return await threads.run(functools.partial(answer, *args, **kwargs), question)

    return in_thread


class AnswerRoute(APIRoute):
    """A route whose plain-``def`` endpoint runs in :attr:`threads` (see the module docstring);
    a coroutine endpoint runs on the event loop as FastAPI runs it."""

    threads: ClassVar[HandlerThreads]

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        if not inspect.iscoroutinefunction(endpoint):
            returns = inspect.signature(endpoint, eval_str=True).return_annotation
            endpoint = _in_handler_thread(endpoint, self.threads, returns in QUESTION_ANSWERS)
        super().__init__(path, endpoint, **kwargs)


def routes_run_by(threads: HandlerThreads) -> type[AnswerRoute]:
    """The route class of one app, whose endpoints share ``threads``."""
    return type("AnswerRoute", (AnswerRoute,), {"threads": threads})
