"""Decompression limits checked while inflating, never taken from the sizes a file declares.

A zip (DOCX/XLSX) states each member's size in its directory and a PDF its streams' lengths,
and a hostile file can understate both: a few kilobytes that inflate to gigabytes. So before a
reader parses anything, every zip member and every Flate-compressed PDF stream is inflated here
in bounded steps, counting what comes out and discarding it, and the file is refused as soon as
the total passes ``MAX_UNZIPPED_BYTES`` or a member inflates to more than it declared.
"""

from __future__ import annotations

import re
import zipfile
import zlib

from loaders.limits import MAX_UNZIPPED_BYTES, check_limit

_CHUNK = 1024 * 1024
_PDF_STREAM = re.compile(rb"stream\r?\n")
_PDF_STREAM_END = b"endstream"
_PDF_FLATE = re.compile(rb"/FlateDecode|/Fl\b")


def check_zip_members(file_name: str, archive: zipfile.ZipFile) -> None:
    """Inflate every member, refusing the file past the limit or when a size was understated."""
    total = 0
    for member in archive.infolist():
        if member.is_dir():
            continue
        # zipfile stops at the declared size and then finds the checksum wrong: an understated
        # member is refused as corrupt; a truthful one is counted against the limit as it inflates
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                total += len(chunk)
                _check_total(file_name, total)


def check_pdf_streams(file_name: str, raw: bytes) -> None:
    """Inflate every Flate stream of a PDF, refusing it once their total passes the limit."""
    total = 0
    for match in _PDF_STREAM.finditer(raw):
        start = match.end()
        end = raw.find(_PDF_STREAM_END, start)
        if end < 0:
            break
        dictionary = raw[max(0, match.start() - 512) : match.start()]
        if not _PDF_FLATE.search(dictionary[dictionary.rfind(b"<<") :]):
            continue
        total += _inflated_size(file_name, raw[start:end], total)


def _inflated_size(file_name: str, data: bytes, so_far: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    pending = data
    try:
        while True:
            # at most one chunk out per step: a bomb is stopped before it is held in memory
            size += len(inflater.decompress(pending, _CHUNK))
            _check_total(file_name, so_far + size)
            pending = inflater.unconsumed_tail
            if not pending:
                return size
    except zlib.error:
        return size  # a damaged or encrypted stream: the PDF reader reports what it can


def _check_total(file_name: str, total: int) -> None:
    check_limit(file_name, "uncompressed size of its contents", total, MAX_UNZIPPED_BYTES, "bytes")
