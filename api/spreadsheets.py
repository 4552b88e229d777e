"""The actions tracker written out as CSV or Excel, the files leads keep their trackers in.

Document text is data, never a formula: a CSV cell starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return is prefixed with an apostrophe (:func:`graph.exports.neutralise`, as the graph
exports do),
and every XLSX text cell is stored as a string, so Excel shows it and never calculates it. Due
dates are real dates in Excel (and ISO days in CSV), so the sheet sorts and filters by date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from graph.exports import neutralise
from graph.queries.actions import TrackerRow

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _joined(values: Iterable[str]) -> str:
    return "; ".join(values)


def _source(row: TrackerRow) -> str:
    places = []
    for src in row.sources:
        where = ", ".join(f"{k} {v}" for k, v in (src.get("location") or {}).items())
        places.append(f"{src.get('file') or src.get('document')} {where}".strip())
    return _joined(places)


# header -> the cell's value; a ``date`` becomes a real date cell
COLUMNS: tuple[tuple[str, Callable[[TrackerRow], Any]], ...] = (
    ("Area", lambda r: r.area),
    ("Review", lambda r: r.review_label),
    ("Recommendation", lambda r: r.recommendation),
    ("Recommendation text", lambda r: r.recommendation_text),
    ("Organisations", lambda r: _joined(r.organisations)),
    ("Action", lambda r: r.text),
    ("Expected outcomes", lambda r: _joined(r.outcomes)),
    ("Lead", lambda r: r.lead),
    ("Lead organisations", lambda r: _joined(r.lead_organisations)),
    ("Responsible officer", lambda r: r.responsible),
    ("Assurance", lambda r: _joined(r.assurance)),
    ("Timescale as written", lambda r: r.timescale_raw),
    ("Due", lambda r: date.fromisoformat(r.due) if r.due else None),
    ("Status", lambda r: r.status),
    ("RAG", lambda r: r.rag),
    ("Overdue", lambda r: "yes" if r.overdue else "no"),
    ("Themes", lambda r: ", ".join(r.themes)),
    ("Source", _source),
)


def _cells(row: TrackerRow) -> list[Any]:
    return [value(row) for _, value in COLUMNS]


def tracker_csv(rows: Iterable[TrackerRow]) -> str:
    """The rows as CSV (UTF-8 text with a header row)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    for row in rows:
        cells = _cells(row)
        writer.writerow(
            [
                c.isoformat() if isinstance(c, date) else neutralise(str(c)) if c is not None else ""
                for c in cells
            ]
        )
    return out.getvalue()


def tracker_xlsx(rows: Iterable[TrackerRow], as_of: str) -> bytes:
    """The rows as an Excel workbook: one sheet, a frozen header row with filters, real dates."""
    # openpyxl is imported by the one request that writes a workbook, not by every server start
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    sheet.title = "Actions"
    sheet.append([header for header, _ in COLUMNS])
    count = 0
    for count, row in enumerate(rows, start=1):
        for column, value in enumerate(_cells(row), start=1):
            cell = sheet.cell(row=count + 1, column=column, value=value)
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(value, str):
                cell.data_type = "s"  # openpyxl would store text starting "=" as a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    for column, (header, _) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = 40 if "text" in header.lower() else 18
    book.properties.title = f"Actions (overdue as of {as_of})"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
