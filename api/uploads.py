"""Receiving uploaded documents: the bearer token, the size limit, and loading as `sgraph load` does.

Uploads are written under their own file names (the name is the document id, as for
`sgraph load`) into a temporary folder and loaded with :func:`graph.ingest.load_paths`.
"""

from __future__ import annotations

import hmac
import os
import tempfile
from pathlib import Path, PurePath

from fastapi import Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.service import Problem
from graph.ingest import LoadResult, load_paths
from graph.store import Store

MAX_UPLOAD_BYTES = 25 * 1024 * 1024
"""Largest upload accepted (all files of one request together): 25 MB."""
MAX_UPLOAD_FILES = 20
TOKEN_VARIABLE = "SGRAPH_API_TOKEN"


async def receive_uploads(request: Request, store: Store, token_field: str | None = None) -> list[LoadResult]:
    """Check the token, read the multipart field ``files`` and load every file; one result per file.

    The token comes from the ``Authorization: Bearer`` header, or, for the web page's form, from
    the form field ``token_field`` (checked after the size limit, before anything is stored).
    """
    if token_field is None:
        check_token(request.headers.get("authorization"))
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > MAX_UPLOAD_BYTES:
        raise too_large()
    form = await request.form(max_files=MAX_UPLOAD_FILES)
    if token_field is not None:
        given = form.get(token_field)
        check_token(f"Bearer {given}" if isinstance(given, str) and given else None)
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        raise Problem(400, "No files", "Choose one or more documents to send (multipart form field 'files').")
    with tempfile.TemporaryDirectory(prefix="sgraph-upload-") as folder:
        paths = await _save_uploads(uploads, Path(folder))
        # reading documents can take seconds: keep the server answering other requests meanwhile
        return await run_in_threadpool(load_paths, store, paths)


def result_json(result: LoadResult) -> dict[str, object]:
    """One file's outcome as the API answers it."""
    return {
        "file": result.path.name,
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


def too_large() -> Problem:
    return Problem(
        413,
        "Upload too large",
        f"Uploads are limited to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB per request; "
        "send fewer or smaller files, or load them with `sgraph load`.",
        "urn:sgraph:upload-too-large",
    )


async def _save_uploads(uploads: list[UploadFile], folder: Path) -> list[Path]:
    """Write each upload under its own file name (the document id), refusing clashes and overflows."""
    paths: list[Path] = []
    total = 0
    for upload in uploads:
        name = PurePath((upload.filename or "").replace("\\", "/")).name
        if name in ("", ".", "..") or name.startswith("."):
            raise Problem(400, "Bad file name", f"Upload file name {upload.filename!r} cannot be stored.")
        path = folder / name
        if path in paths:
            raise Problem(400, "Duplicate file", f"{name} is in this upload twice; send each file once.")
        with path.open("wb") as out:
            while chunk := await upload.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_UPLOAD_BYTES:
                    raise too_large()
                out.write(chunk)
        paths.append(path)
    return paths
