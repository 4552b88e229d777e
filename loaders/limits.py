"""The documented limits on what a reader accepts, in one place.

Each guards against input that would exhaust memory or time rather than fail cleanly: a file
too big to hold, a zip (DOCX/XLSX) whose members expand far beyond its size (a zip bomb), a
tracker with more rows than any real action plan, a board pack with more pages than one.
Exceeding any of them raises ``UnreadableDocument`` naming the file, the limit and its value.
The time and memory limits are enforced from outside the readers (``graph.isolated`` reads each
file in a child process), so they hold whatever a reader does.
"""

from __future__ import annotations

from loaders.errors import UnreadableDocument

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest file read at all (50 MB)."""

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""Largest total uncompressed size of the members of a DOCX/XLSX (200 MB), from the zip directory."""

MAX_SHEET_ROWS = 200_000
"""Most rows in one worksheet or CSV file that are read (a 100,000-row sheet is read)."""

MAX_TABLE_ROWS = 10_000
"""Most table rows in one document that are analysed as a plan (10,000). Analysing a row (its
organisations, dates, statuses, themes) takes 1-2 ms on a busy 2-core machine: a document at
this limit is read well within the time limit, and a longer one is refused as soon as it has
been read, rather than after running into that limit."""

MAX_TEXT_BYTES = 16 * 1024 * 1024
"""Largest plain text or CSV file (16 MB), refused before it is read: every byte of one is
text to analyse, at 0.2-1 MB/s (tables slowest), so a longer one could only run into the time
limit. (A 10 MB report reads within it.)"""

MAX_PDF_PAGES = 2_000
"""Most pages in one PDF."""

MAX_HTML_DEPTH = 250
"""Deepest nesting of elements in an HTML page (real pages nest a few dozen deep)."""

FILE_TIME_LIMIT_SECONDS = 50.0
"""Longest one file may take to read (50 s); it is then stopped and reported failed."""

FILE_MEMORY_LIMIT_BYTES = 1024 * 1024 * 1024
"""Most memory (address space) reading one file may take (1 GB); it is then stopped and reported."""


def check_limit(file_name: str, what: str, value: int, limit: int, unit: str = "") -> None:
    """Raise ``UnreadableDocument`` when ``value`` exceeds ``limit``, naming both."""
    if value > limit:
        raise UnreadableDocument(
            file_name, f"{what} is {_amount(value, unit)}, over the limit of {_amount(limit, unit)}"
        )


def _amount(value: int, unit: str) -> str:
    if unit == "bytes":
        return f"{value / (1024 * 1024):,.1f} MB"
    return f"{value:,}{' ' + unit if unit else ''}"
