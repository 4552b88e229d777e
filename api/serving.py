"""The HTTP server that runs the app: Granian, in this process, on this process's event loop.

Granian reads and writes the connections and parses HTTP in its own (Rust) thread, which does
not hold Python's interpreter lock; the event loop runs only the app. Under uvicorn the event loop
also parsed every request and wrote every response in Python, between the handler threads'
turns with the interpreter lock. Three pairs of 30 s runs with 50 clients on the 150-area store,
the same app under each (``bench/national_scale.py``'s client): 772-821 requests a second under
uvicorn against 886-939 under Granian at the same server CPU, and ``/health`` p95 87-91 against
25-30 ms (with a 0.5 ms switch interval then; the README's Scale section has the rest).

Granian's embedded server is used, rather than its usual supervisor and worker processes, so that
``sgraph serve`` stays one process holding one graph, with the app built here from the command's
options (store, question backend).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
from typing import Any

from granian.constants import HTTPModes, Interfaces
from granian.log import LogLevels
from granian.server.embed import Server
from starlette.types import ASGIApp

# pending connections the listening socket holds: a burst of clients is queued, not refused
BACKLOG = 1024
ACCESS_LOG_FORMAT = '%(addr)s - "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1f ms'
# Granian's own messages and the access log go to the standard error, as the command's do
_LOGGING = {
    "handlers": {
        "console": {"formatter": "generic", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
        "access": {"formatter": "access", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"},
    },
}


class _NotExperimental(logging.Filter):
    """Drops Granian's notice that its embedded server is experimental: chosen knowingly (see the
    module docstring), and printed at every start it reads as a fault to the people running it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "experimental" not in record.getMessage().lower()


_NOT_EXPERIMENTAL = _NotExperimental()


class CannotListen(Exception):
    """The address cannot be listened on (in use by another server, not this machine's, ...)."""


def http_server(app: ASGIApp, host: str, port: int, access_log: bool) -> Server:
    """A server for ``app`` on ``host:port`` (see :func:`check_listenable` first); run it with
    :func:`run` (or ``await serve()``)."""
    server = Server(
        app,
        address=host,
        port=port,
        interface=Interfaces.ASGI,
        http=HTTPModes.http1,
        websockets=False,
        backlog=BACKLOG,
        log_level=LogLevels.info,
        log_dictconfig=_LOGGING,
        log_access=access_log,
        log_access_format=ACCESS_LOG_FORMAT,
    )
    logging.getLogger("_granian").addFilter(_NOT_EXPERIMENTAL)  # once: the same filter is kept once
    return server


def check_listenable(host: str, port: int) -> None:
    """Raises :class:`CannotListen` when the port is taken or the address is not this machine's.

    Granian listens with SO_REUSEPORT, so beside a server already on the port it would start
    anyway and the kernel would split the requests between the two (two stores answering as
    one); a plain socket's bind fails there instead."""
    try:
        socket.create_server((host, port)).close()
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise CannotListen(f"cannot listen on {host}:{port}: {reason}") from exc


def run(server: Server) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the app cleanly (its lifespan)."""
    with asyncio.Runner(loop_factory=_loop_factory()) as runner:
        runner.run(_until_signalled(server))


async def _until_signalled(server: Server) -> None:
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, server.stop)
    await server.serve()


def _loop_factory() -> Any:
    try:
        import uvloop
    except ImportError:  # not on Windows: asyncio's own loop
        return None
    return uvloop.new_event_loop
