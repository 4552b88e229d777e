"""What the browser tests share: a real `sgraph serve` on a loopback port over a store loaded from
the corpus (one for the whole session), Debian's chromium driven by Playwright, and a page that
records every request the browser makes (none may leave the server), its dialogs and its console.

tests/conftest.py registers it as a plugin (so its fixtures are shared by every browser test
module and its asserts are rewritten). Screenshots are saved under
test-output/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, Request, sync_playwright

from graph.ingest import load_paths
from graph.store import Store

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output" / "screenshots"
TOKEN = "browser-test-token"


@dataclass
class Server:
    url: str
    db: Path

    def json(self, path: str) -> object:
        return httpx.get(self.url + path, timeout=30).json()


@dataclass
class Watch:
    """What the browser did on one page: requests, dialogs and console messages."""

    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[Server]:
    db = tmp_path_factory.mktemp("browser") / "corpus.db"
    with Store(db) as store:
        assert not any(r.failed for r in load_paths(store, [corpus_dir]))
    port = free_port()
    env = {**os.environ, "SGRAPH_API_TOKEN": TOKEN}
    command = [
        sys.executable,
        "-c",
        "from api.cli import main; main()",
        "serve",
        "--db",
        str(db),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode() if process.stdout else ""
                pytest.fail(f"sgraph serve did not start: {output}")
            time.sleep(0.2)
        yield Server(url, db)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (`make browser` does, as root)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    watch = Watch()
    context.on("request", lambda request: watch.requests.append(_url(request)))
    opened = context.new_page()
    opened.on("dialog", lambda dialog: _dismiss(dialog, watch))
    opened.on("console", lambda message: watch.console.append(_text(message)))
    yield opened, watch
    context.close()
    outside = [u for u in watch.requests if not u.startswith((server.url + "/", "data:", "about:", "blob:"))]
    assert outside == [], f"requests left the server: {outside}"


def _url(request: Request) -> str:
    return request.url


def _text(message: ConsoleMessage) -> str:
    return message.text


def _dismiss(dialog: Dialog, watch: Watch) -> None:
    watch.dialogs.append(dialog.message)
    dialog.dismiss()


def shoot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def busiest_organisation(server: Server) -> str:
    orgs = server.json("/organisations?limit=500")["items"]  # type: ignore[index]
    return str(max(orgs, key=lambda o: (o["recommendations"], o["name"]))["name"])


def wait_for_map(page: Page) -> None:
    page.wait_for_selector("body[data-map-ready=yes]", timeout=60_000)
