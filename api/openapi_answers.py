"""The answers of every operation, written into ``/openapi.json``: its errors, and the shape of
its pages of lists.

Errors are answered by handlers that every route shares (``api.app``), so FastAPI's own
description of them is wrong: it lists only a 422 with its own JSON shape. What the server really
answers, and what this module describes:

- every operation: 400 when the Host name is not one the server answers (DNS rebinding defence);
- every operation with parameters or a body: 422 when one is invalid;
- every operation with a path parameter, or a parameter naming something to look up (an
  organisation, area, theme, review): 404 with close matches when the name is unknown;
- the statuses a route declares itself (``responses=``, e.g. 401/403/413 of uploads), given here
  the body they really have;
- error bodies are ``application/problem+json`` (the ``Problem`` schema), except under the web
  pages and maps, which show the same error as an HTML page;
- an operation taking ``limit`` and ``offset`` answers one page of a list (``Page``: total,
  limit, offset, items), or, when its answer holds several lists (``PAGED_PARTS``), a page of each.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from api.paging import PAGED_PARTS
from api.service import PROBLEM_JSON

Json = dict[str, Any]

# query parameters whose value is looked up by name (an unknown one answers 404 with suggestions)
LOOKUP_PARAMETERS = frozenset({"org", "organisation", "area", "theme", "review", "from", "to"})

PROBLEM_SCHEMA: Json = {
    "title": "Problem",
    "description": "An error (RFC 9457 problem details): what went wrong and what to do.",
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "description": "A URN naming the kind of error, or about:blank."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "What went wrong and what to do about it."},
        "suggestions": {
            "type": "array",
            "items": {"type": "string"},
            "description": "Close matches of a name that is unknown or ambiguous.",
        },
    },
}

PAGE_SCHEMA: Json = {
    "title": "Page",
    "description": "One page of a list: `items` `offset` to `offset + limit` of `total`.",
    "type": "object",
    "required": ["total", "limit", "offset", "items"],
    "properties": {
        "total": {"type": "integer", "minimum": 0},
        "limit": {"type": "integer", "minimum": 1},
        "offset": {"type": "integer", "minimum": 0},
        "items": {"type": "array"},
    },
}
# answers made of several lists, each answered as one page
_COMPOSITE = {
    "/queries/co-accountability": PAGED_PARTS["co-accountability"],
    "/queries/dependencies": PAGED_PARTS["dependencies"],
    "/queries/org/{name}": PAGED_PARTS["organisation"],
    "/organisations/{name}": PAGED_PARTS["organisation"],
}

_UNKNOWN_HOST = "Host name not answered by this server (see SGRAPH_ALLOWED_HOSTS)."
_DESCRIPTIONS = {
    400: _UNKNOWN_HOST,
    404: "Nothing of that name (close matches in `suggestions`).",
    422: "A parameter or the body is invalid; `detail` names it.",
}


def describe_answers(app: FastAPI, shows_html: Callable[[str], bool]) -> None:
    """Make ``app``'s OpenAPI description list the errors each operation answers and the shape
    of its pages; ``shows_html(path)`` says whether errors under that path are HTML pages."""
    schema_of = app.openapi

    def openapi() -> Json:
        schema = schema_of()
        schemas = schema.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(Problem=PROBLEM_SCHEMA, Page=PAGE_SCHEMA)
        # FastAPI's validation-error shapes describe bodies this server never sends
        for unused in ("HTTPValidationError", "ValidationError"):
            schema["components"]["schemas"].pop(unused, None)
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                _describe(operation, path, shows_html(path))
                _describe_pages(operation, path)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _describe(operation: Json, path: str, html: bool) -> None:
    responses: Json = operation.setdefault("responses", {})
    parameters = operation.get("parameters", [])
    codes = {400}
    if parameters or "requestBody" in operation:
        codes.add(422)
    if any(p["in"] == "path" or p["name"] in LOOKUP_PARAMETERS for p in parameters):
        codes.add(404)
    codes |= {int(code) for code in responses if code.isdigit() and int(code) >= 400}
    problem = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    page = {"text/html": {"schema": {"type": "string"}}}
    for code in sorted(codes):
        response = responses.setdefault(str(code), {})
        own = response.get("description")
        if code == 422 or not own:
            response["description"] = _DESCRIPTIONS.get(code, "Refused; `detail` says why.")
        elif code == 400 and _UNKNOWN_HOST not in own:
            response["description"] = f"{own} Also: {_UNKNOWN_HOST}"
        # the Host check answers before any route, always as problem+json
        response["content"] = {**page, **problem} if html and code == 400 else page if html else problem


def _describe_pages(operation: Json, path: str) -> None:
    names = {p["name"] for p in operation.get("parameters", [])}
    success = operation.get("responses", {}).get("200", {}).get("content", {}).get("application/json")
    if not {"limit", "offset"} <= names or success is None:
        return
    page = {"$ref": "#/components/schemas/Page"}
    parts = _COMPOSITE.get(path)
    success["schema"] = (
        page
        if parts is None
        else {"type": "object", "required": list(parts), "properties": dict.fromkeys(parts, page)}
    )
