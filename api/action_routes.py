"""The actions tracker over HTTP: ``/actions`` (JSON, paged), ``/actions.csv`` and ``/actions.xlsx``.

All three take the same filters as the tracker page (``/pages/actions``) and ``sgraph query
actions``, so an export holds exactly the rows the page shows (every page of them).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query
from fastapi.responses import Response

from api.params import AsOf, day_of, one_of
from api.service import GraphCache, Limit, Offset, Problem, page
from api.spreadsheets import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, tracker_csv, tracker_xlsx
from graph.queries.actions import NO_STATUS, SORT_KEYS, ActionFilter, ActionTable, action_table, sort_rows

Json = dict[str, Any]

_OVERDUE = {"yes": True, "no": False, "": None}


def _blank_is_none(value: str | None) -> str | None:
    # a form's "All" option sends an empty value
    return value.strip() or None if value is not None else None


async def action_filter(
    area: Annotated[str | None, Query(description="Area name.", examples=["Lancashire"])] = None,
    review: Annotated[str | None, Query(description="Review id, or the area's name when it had one.")] = None,
    organisation: Annotated[
        str | None,
        Query(description="Organisation involved (addressee, lead or concerned): name, alias or initialism."),
    ] = None,
    theme: Annotated[str | None, Query(description="Theme id.", examples=["training"])] = None,
    status: Annotated[
        str | None, Query(description=f"Status word (completed, on track, ...) or '{NO_STATUS}'.")
    ] = None,
    overdue: Annotated[
        str | None,
        Query(description="'yes' or 'no': overdue as of `as_of`.", json_schema_extra=one_of(_OVERDUE)),
    ] = None,
    text: Annotated[
        str | None, Query(max_length=200, description="Words in the action, lead or assurance.")
    ] = None,
    as_of: AsOf = None,
) -> ActionFilter:
    """The tracker's filters from a URL's query (shared by the API, the exports and the page).
    A coroutine, so that FastAPI reads it on the event loop, not in a trip to a thread."""
    parsed = day_of(as_of)
    flag = overdue or ""
    if flag not in _OVERDUE:
        raise Problem(422, "Invalid request", f"overdue: {overdue!r} is neither 'yes' nor 'no'")
    return ActionFilter(
        area=_blank_is_none(area),
        review=_blank_is_none(review),
        organisation=_blank_is_none(organisation),
        theme=_blank_is_none(theme),
        status=_blank_is_none(status),
        overdue=_OVERDUE[flag],
        text=_blank_is_none(text),
        as_of=parsed,
    )


Filters = Annotated[ActionFilter, Depends(action_filter)]
Sort = Annotated[
    str | None,
    Query(
        description=f"Column to sort by: {', '.join(SORT_KEYS)}; prefix '-' for descending.",
        json_schema_extra=one_of(["", *SORT_KEYS, *(f"-{key}" for key in SORT_KEYS)]),
    ),
]


def sorted_table(table: ActionTable, sort: str | None) -> list[Any]:
    """The table's rows in the order ``sort`` asks (``-due``: latest first); 422 for an unknown column."""
    if not sort:
        return list(table.rows)
    try:
        return sort_rows(table.rows, sort.lstrip("-"), descending=sort.startswith("-"))
    except ValueError as exc:
        raise Problem(422, "Invalid request", f"sort: {exc}") from None


def add_action_routes(app: FastAPI, cache: GraphCache) -> None:
    @app.get("/actions", tags=["actions"])
    def actions(wanted: Filters, sort: Sort = None, limit: Limit = 50, offset: Offset = 0) -> Json:
        """Every action as a tracker row (area, review, recommendation, organisations, lead,
        responsible officer, assurance, timescale, status, overdue as of `as_of`, themes,
        expected outcomes, sources), filtered and paged; `as_of` says the day judged."""
        table = action_table(cache.graph(), wanted)
        rows = [r.to_json() for r in sorted_table(table, sort)]
        return {"as_of": table.as_of, **page(rows, limit, offset)}

    @app.get("/actions.csv", tags=["actions"], response_class=Response)
    def actions_csv(wanted: Filters, sort: Sort = None) -> Response:
        """Every action passing the filters (all pages) as CSV; formula-like cells neutralised."""
        table = action_table(cache.graph(), wanted)
        return _download(tracker_csv(sorted_table(table, sort)).encode(), CSV_MEDIA_TYPE, "csv")

    @app.get("/actions.xlsx", tags=["actions"], response_class=Response)
    def actions_xlsx(wanted: Filters, sort: Sort = None) -> Response:
        """Every action passing the filters (all pages) as an Excel workbook with real dates."""
        table = action_table(cache.graph(), wanted)
        return _download(tracker_xlsx(sorted_table(table, sort), table.as_of), XLSX_MEDIA_TYPE, "xlsx")


def _download(body: bytes, media_type: str, suffix: str) -> Response:
    headers = {"Content-Disposition": f'attachment; filename="actions.{suffix}"'}
    return Response(body, media_type=media_type, headers=headers)
