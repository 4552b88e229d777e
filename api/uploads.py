"""Receiving uploaded documents: the bearer token, the limits, and loading as `sgraph load` does.

Nothing is read before it is allowed: the API's token is checked from the header before the body,
and the web form's token field (which the form sends before its files) before any file part.
The body is read as a stream, counted as it arrives, and refused (413) as soon as it passes the
size limit or carries one file too many, so an oversized or unauthorised upload is never spooled.
Files are held in memory (the limit keeps that small) and loaded under their own names, which
are the document ids, exactly as :func:`graph.ingest.load_paths` loads files from a folder.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field
from pathlib import PurePath

from fastapi import Request
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool

from api.service import Problem
from graph.ingest import LoadResult, load_contents
from graph.store import Store
from loaders.file_names import display_name

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
"""Largest upload accepted (all files of one request together): 25 MB."""
MAX_UPLOAD_FILES = 20
TOKEN_VARIABLE = "SGRAPH_API_TOKEN"
UPLOAD_REFUSALS: dict[int | str, dict[str, str]] = {
    400: {"description": "No file, a malformed body, a file sent twice or a name that cannot be stored."},
    401: {"description": "Missing or wrong bearer token."},
    403: {"description": f"Uploads disabled: {TOKEN_VARIABLE} is not set on the server."},
    413: {"description": f"More than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB or {MAX_UPLOAD_FILES} files."},
}


async def receive_uploads(request: Request, store: Store, token_field: str | None = None) -> list[LoadResult]:
    """Check the token, read the multipart field ``files`` and load every file; one result per file.

    The token comes from the ``Authorization: Bearer`` header, or, for the web page's form, from
    the form field ``token_field``, which must come before the files.
    """
    if not uploads_enabled() or token_field is None:
        check_token(request.headers.get("authorization"))
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise too_large()
    form = _Form(token_field)
    await form.read(request)
    if not form.files:
        raise Problem(400, "No files", "Choose one or more documents to send (multipart form field 'files').")
    # reading documents can take seconds: keep the server answering other requests meanwhile
    return await run_in_threadpool(load_contents, store, form.files)


def result_json(result: LoadResult) -> dict[str, object]:
    """One file's outcome as the API answers it."""
    return {
        "file": display_name(result.path.name),
        "status": result.status,
        "reason": result.reason,
        "document_id": result.document_id,
        "version": result.version,
        "warnings": list(result.warnings),
    }


def uploads_enabled() -> bool:
    return bool(os.environ.get(TOKEN_VARIABLE))


def check_token(authorization: str | None) -> None:
    """Raise 403 when uploads are disabled, 401 when the bearer token is missing or wrong."""
    expected = os.environ.get(TOKEN_VARIABLE, "")
    if not expected:
        raise Problem(
            403,
            "Uploads disabled",
            f"This server accepts no uploads: start it with {TOKEN_VARIABLE} set to a secret token, "
            "or load files with `sgraph load`.",
            "urn:sgraph:ingest-disabled",
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), expected.encode()):
        raise Problem(
            401,
            "Token required",
            "Send the upload token as 'Authorization: Bearer <token>'; the token given is missing or wrong.",
            "urn:sgraph:bad-token",
            headers={"WWW-Authenticate": "Bearer"},
        )


def too_large(what: str = f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB") -> Problem:
    return Problem(
        413,
        "Upload too large",
        f"Uploads are limited to {what} per request; send fewer or smaller files, or load them with "
        "`sgraph load`.",
        "urn:sgraph:upload-too-large",
    )


@dataclass
class _Part:
    name: str = ""
    file_name: str | None = None
    data: bytearray = field(default_factory=bytearray)


class _Form:
    """A multipart body read as it streams in, with every limit checked as soon as it can be."""

    def __init__(self, token_field: str | None) -> None:
        self.token_field = token_field
        self.token_given = token_field is None  # the API's token was checked from its header
        self.files: list[tuple[str, bytes]] = []
        self._file_parts = 0
        self._part = _Part()
        self._header_field = b""
        self._header_value = b""
        self._events: list[tuple[str, _Part]] = []

    async def read(self, request: Request) -> None:
        parser = self._parser(request.headers.get("content-type", ""))
        received = 0
        try:
            async for chunk in request.stream():
                received += len(chunk)
                if received > MAX_UPLOAD_BYTES:
                    raise too_large()
                parser.write(chunk)
                self._handle_events()
            parser.finalize()
        except MultipartParseError as exc:
            raise Problem(400, "Malformed upload", f"The multipart body cannot be read ({exc}).") from exc
        self._handle_events()
        if not self.token_given:
            check_token(None)

    def _parser(self, content_type: str) -> MultipartParser:
        kind, options = parse_options_header(content_type)
        boundary = options.get(b"boundary")
        if kind != b"multipart/form-data" or not boundary:
            raise Problem(
                400, "No files", "Send the documents as multipart/form-data, field 'files'."
            )

        def begin() -> None:
            self._part = _Part()

        def data(chunk: bytes, start: int, end: int) -> None:
            self._part.data.extend(chunk[start:end])

        def header_field(chunk: bytes, start: int, end: int) -> None:
            self._header_field += chunk[start:end]

        def header_value(chunk: bytes, start: int, end: int) -> None:
            self._header_value += chunk[start:end]

        def header_end() -> None:
            self._header(self._part, self._header_field, self._header_value)
            self._header_field = self._header_value = b""

        callbacks = {
            "on_part_begin": begin,
            "on_part_data": data,
            "on_part_end": lambda: self._events.append(("end", self._part)),
            "on_header_field": header_field,
            "on_header_value": header_value,
            "on_header_end": header_end,
            "on_headers_finished": lambda: self._events.append(("headers", self._part)),
        }
        # the callbacks only record what arrived; the checks that may refuse run in _handle_events
        return MultipartParser(boundary, callbacks)  # type: ignore[arg-type]

    def _handle_events(self) -> None:
        events, self._events = self._events, []
        for event, part in events:
            if event == "headers" and part.file_name is not None:
                self._file_begins()
            elif event == "end":
                self._part_ends(part)

    @staticmethod
    def _header(part: _Part, name: bytes, value: bytes) -> None:
        if name.lower() != b"content-disposition":
            return
        _, options = parse_options_header(value)
        part.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            part.file_name = options[b"filename"].decode("utf-8", "surrogateescape")

    def _file_begins(self) -> None:
        if not self.token_given:
            check_token(None)  # the form's token must come before its files
        self._file_parts += 1
        if self._file_parts > MAX_UPLOAD_FILES:
            raise too_large(f"{MAX_UPLOAD_FILES} files")

    def _part_ends(self, part: _Part) -> None:
        if part.file_name is None:
            if self.token_field is not None and part.name == self.token_field:
                given = part.data.decode("utf-8", "replace")
                check_token(f"Bearer {given}" if given else None)
                self.token_given = True
            return
        if part.name != "files" or not part.file_name:
            return  # a file input left empty sends a part without a name
        name = _document_name(part.file_name)
        if any(name == seen for seen, _ in self.files):
            raise Problem(400, "Duplicate file", f"{name} is in this upload twice; send each file once.")
        self.files.append((name, bytes(part.data)))


def _document_name(given: str) -> str:
    """The file name without any folder, shown safely; names that cannot be a document's refused."""
    name = display_name(PurePath(given.replace("\\", "/")).name)
    if name in ("", ".", "..") or name.startswith("."):
        raise Problem(400, "Bad file name", f"Upload file name {display_name(given)!r} cannot be stored.")
    return name
