"""Query parameters whose values the server checks itself, described exactly in the OpenAPI.

Web forms send an empty value for "any", and the checks answer a 422 that names the parameter
and the choices; so these parameters are strings on the way in, and their description lists
the values accepted (a day, or one of a few words) for clients and for schemathesis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated, Any

from fastapi import Query

from api.service import Problem

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_DAY_SCHEMA: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}, {"type": "null"}]
}

AsOf = Annotated[
    str | None,
    Query(
        description="Judge timescales as of this day, YYYY-MM-DD (default today).",
        examples=["2017-04-01"],
        json_schema_extra=_DAY_SCHEMA,
    ),
]


def day_of(value: str | None, name: str = "as_of") -> date | None:
    """The day written as ``YYYY-MM-DD`` (blank: none); a 422 naming ``name`` otherwise."""
    if not value:
        return None
    try:
        if _DAY.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise Problem(422, "Invalid request", f"{name}: {value!r} is not a day like 2017-04-01")


def one_of(values: Iterable[str]) -> dict[str, Any]:
    """``json_schema_extra`` for a string that must be one of ``values`` (checked by the route)."""
    return {"enum": list(values)}
