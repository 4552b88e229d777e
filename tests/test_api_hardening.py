"""The server's own defences: Host names it answers, security headers on every answer (errors
and server errors included), the upload token checked before the body, size and file-count
limits enforced while the body streams, and any file name accepted safely."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hostile_support import text_plan

from api import uploads
from api.app import create_app

TOKEN = "a-long-upload-secret"
CHUNK = b"x" * 65536


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setenv(uploads.TOKEN_VARIABLE, TOKEN)
    monkeypatch.delenv("SGRAPH_ALLOWED_HOSTS", raising=False)
    return create_app(tmp_path / "store.db")


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://localhost", raise_server_exceptions=False) as test_client:
        yield test_client


def _headers_ok(headers: Any) -> None:
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "frame-ancestors" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_loopback_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"host": host}).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io:8000", ""])
def test_other_host_names_are_refused_with_the_headers(client: TestClient, host: str) -> None:
    response = client.get("/stats", headers={"host": host})
    assert response.status_code == 400
    assert response.json()["type"] == "urn:sgraph:unknown-host"
    _headers_ok(response.headers)


def test_configured_host_names_are_answered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SGRAPH_ALLOWED_HOSTS", "safeguarding.example.org, other.example")
    with TestClient(create_app(tmp_path / "s.db"), base_url="http://safeguarding.example.org") as client:
        assert client.get("/health").status_code == 200
        assert client.get("/health", headers={"host": "evil.example"}).status_code == 400


def test_every_kind_of_answer_carries_the_security_headers(app: FastAPI, client: TestClient) -> None:
    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("a bug")

    for path, status in [
        ("/health", 200),
        ("/no-such-page", 404),
        ("/pages/no-such", 404),
        ("/reviews?limit=0", 422),
        ("/boom", 500),
    ]:
        response = client.get(path)
        assert response.status_code == status, path
        _headers_ok(response.headers)
    assert "a bug" not in client.get("/boom").text


async def _post(
    app: FastAPI, path: str, headers: dict[str, str], chunks: int, first: bytes = CHUNK
) -> tuple[int, int]:
    """POST ``first`` then more chunks (``chunks`` in all); the status and how many chunks the
    server asked for before it answered."""
    asked = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": first if asked == 1 else CHUNK, "more_body": asked < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "scheme": "http",
        "server": ("localhost", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
        "headers": [(b"host", b"localhost"), *((k.encode(), v.encode()) for k, v in headers.items())],
    }
    await app(scope, receive, send)
    return status, asked


def _posted(
    app: FastAPI, path: str, headers: dict[str, str], chunks: int, first: bytes = CHUNK
) -> tuple[int, int]:
    """:func:`_post` run on an event loop of its own thread: the Playwright tests of the same session
    leave a running loop in the main thread, where ``asyncio.run`` refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _post(app, path, headers, chunks, first)).result()


FORM = {"content-type": "multipart/form-data; boundary=xyz"}
FILE_PART = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\n' + CHUNK


def test_a_wrong_token_is_refused_before_the_body_is_read(app: FastAPI) -> None:
    status, asked = _posted(app, "/documents", {**FORM, "authorization": "Bearer wrong"}, 5000)
    assert (status, asked) == (401, 0)


def test_the_form_token_is_checked_before_any_file_is_read(app: FastAPI) -> None:
    status, asked = _posted(app, "/pages/documents", FORM, 5000, FILE_PART)
    assert (status, asked) == (401, 1)


def test_a_body_over_the_limit_is_refused_while_it_streams(app: FastAPI) -> None:
    # no declared length: the server counts, and stops asking for more past 25 MB
    authorised = {**FORM, "authorization": f"Bearer {TOKEN}"}
    status, asked = _posted(app, "/documents", authorised, 5000, FILE_PART)
    assert status == 413
    assert asked * len(CHUNK) <= uploads.MAX_UPLOAD_BYTES + 2 * len(CHUNK)


def test_a_declared_length_over_the_limit_is_refused_unread(app: FastAPI) -> None:
    declared = {**FORM, "authorization": f"Bearer {TOKEN}", "content-length": str(10**9)}
    assert _posted(app, "/documents", declared, 5000) == (413, 0)


def test_more_than_twenty_files_is_413(client: TestClient) -> None:
    files = [("files", (f"plan-{n}.txt", b"x")) for n in range(uploads.MAX_UPLOAD_FILES + 1)]
    response = client.post("/documents", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413
    assert "20 files" in response.json()["detail"]


def test_long_and_odd_file_names_are_stored_and_shown_safely(client: TestClient) -> None:
    plan = text_plan().encode()
    names = ["p" * 300 + ".txt", "plan\x1b[31m.txt", "plan\u202e.txt", "caf\u00e9 plan.txt"]
    files = [("files", (name, plan)) for name in names]
    response = client.post("/documents", files=files, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    stored = [r["document_id"] for r in response.json()["results"]]
    assert [r["status"] for r in response.json()["results"]] == ["loaded"] * 4
    assert stored == ["p" * 300 + ".txt", "plan\\x1b[31m.txt", "plan\\u202e.txt", "caf\u00e9 plan.txt"]
    listed = {d["id"] for d in client.get("/documents").json()["items"]}
    assert listed == set(stored)
