"""Routes whose JSON answer is written in the handler thread that computed it.

FastAPI takes a plain-``def`` endpoint's return value back to the handler threads a second time
to check it against the return annotation, then encodes it on the event loop. With 50 clients on
a national store that second trip queued behind every other request (a question about one
organisation waited twice as long as a page that did more work) and the encoding held up the
event loop that answers ``/health`` and kept answers. An :class:`AnswerRoute` encodes the answer
where it was made, with the same encoder (pydantic), so the bytes are those FastAPI would send.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from fastapi.routing import APIRoute
from pydantic import TypeAdapter
from starlette.responses import Response

# Answers are annotated ``dict[str, Any]`` or ``Any``; for either FastAPI's encoder writes each
# value by its type, as this one does.
_ANSWER: TypeAdapter[Any] = TypeAdapter(Any)
_ENCODED_HERE = (Any, dict[str, Any])


def encoded_answer(answer: Any) -> Response:
    """``answer`` as FastAPI would send it: JSON written by pydantic (dataclasses as their fields)."""
    return Response(_ANSWER.dump_json(answer, by_alias=True), media_type="application/json")


def _encoding_in_thread(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(endpoint)  # FastAPI reads the parameters and annotation through __wrapped__
    def answer(*args: Any, **kwargs: Any) -> Any:
        result = endpoint(*args, **kwargs)
        return result if isinstance(result, Response) else encoded_answer(result)

    return answer


class AnswerRoute(APIRoute):
    """A route whose plain-``def`` endpoint annotated ``-> dict[str, Any]`` or ``-> Any`` has its
    answer encoded in its handler thread; every other route is FastAPI's own."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        returns = inspect.signature(endpoint, eval_str=True).return_annotation
        if returns in _ENCODED_HERE and not inspect.iscoroutinefunction(endpoint):
            endpoint = _encoding_in_thread(endpoint)
        super().__init__(path, endpoint, **kwargs)
