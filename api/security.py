"""What every response carries and which Host names the server answers.

The headers keep pages self-contained and unframable by other sites and keep browsers from
guessing content types or leaking page addresses. The Host allow-list defeats DNS rebinding: a
hostile web page whose domain is made to resolve to 127.0.0.1 still sends its own domain as the
Host, so a browser can never read this server's answers on that page's behalf.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_HOSTS_VARIABLE = "SGRAPH_ALLOWED_HOSTS"
LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]"})

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # frame-ancestors (in the content security policy) for browsers that read only this one
    "X-Frame-Options": "SAMEORIGIN",
    "Referrer-Policy": "no-referrer",
}


def allowed_hosts() -> frozenset[str]:
    """Loopback names, and the names in ``SGRAPH_ALLOWED_HOSTS`` (comma-separated; ``*``: any)."""
    configured = os.environ.get(ALLOWED_HOSTS_VARIABLE, "")
    return LOOPBACK_HOSTS | {name.strip().lower() for name in configured.split(",") if name.strip()}


def host_allowed(host_header: str | None, allowed: frozenset[str]) -> bool:
    """Whether the request's Host header (name, optional port) names this server."""
    if "*" in allowed:
        return True
    if not host_header:
        return False
    host = host_header.strip().lower()
    # an IPv6 address keeps its brackets ([::1]:8000); a name or IPv4 address loses its port
    name = host[: host.find("]") + 1] if host.startswith("[") else host.partition(":")[0]
    return name in allowed


def secured(response: Response, content_security_policy: str) -> Response:
    """``response`` with the security headers every answer carries, errors included."""
    response.headers["Content-Security-Policy"] = content_security_policy
    response.headers.update(HEADERS)
    return response


class SameSiteOnly:
    """ASGI middleware: a request whose Host is not allowed gets ``refusal()``; every response
    gets the security headers. Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``, which
    runs each request in a task of its own and passes the body through a stream: several more
    turns of the event loop per request, each waiting for the interpreter lock under load."""

    def __init__(
        self,
        app: ASGIApp,
        hosts: frozenset[str],
        refusal: Callable[[], Response],
        content_security_policy: str,
    ) -> None:
        self.app = app
        self.hosts = hosts
        self.refusal = refusal
        self.policy = content_security_policy

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((value.decode("latin-1") for name, value in scope["headers"] if name == b"host"), None)
        if not host_allowed(host, self.hosts):
            await secured(self.refusal(), self.policy)(scope, receive, send)
            return

        await self.app(scope, receive, on_start(send, self._secure))

    def _secure(self, start: Message) -> None:
        headers = MutableHeaders(scope=start)
        headers["Content-Security-Policy"] = self.policy
        headers.update(HEADERS)


def on_start(send: Send, change: Callable[[Message], object]) -> Send:
    """``send`` that first applies ``change`` to the response's start message (its headers)."""

    async def changed(message: Message) -> None:
        if message["type"] == "http.response.start":
            change(message)
        await send(message)

    return changed
