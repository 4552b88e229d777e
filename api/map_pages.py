"""Served map pages, each rendered once per graph revision.

Selecting a large map, laying it out and rendering its page takes seconds (a 5,000-node map:
``bench/map_open.py``), and nothing in it changes until the graph does. :func:`map_pages` gives
each graph snapshot its own :class:`MapPages`, so a page is kept with the revision it was drawn
from and goes with it; within a revision the pages are bounded in characters, least recently used
first out, so asking for many large maps cannot exhaust memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from api.service import Snapshot

# A 5,000-node map page is ~7 million characters, an organisation's ~30,000. Served pages are
# also kept as answers (api.answer_cache, by URL); these are kept by map, so that one map asked
# by another of its names is drawn once, and so they need hold only the recent ones.
MOST_CHARS = 16_000_000


class MapPages:
    """The map pages of one graph revision, keyed by the map and its parameters."""

    def __init__(self, most_chars: int = MOST_CHARS) -> None:
        self.most_chars = most_chars
        self.rendered = 0  # pages rendered (not found kept), for tests and curiosity
        self._pages: OrderedDict[Hashable, str] = OrderedDict()
        self._chars = 0
        self._lock = threading.Lock()
        self._rendering: dict[Hashable, threading.Lock] = {}

    def page(self, key: Hashable, render: Callable[[], str]) -> str:
        """The page kept under ``key``, rendered by ``render()`` the first time; two requests for
        the same new page render it once (the second waits for the first)."""
        with self._lock:
            rendering = self._rendering.setdefault(key, threading.Lock())
        with rendering:
            with self._lock:
                if key in self._pages:
                    self._pages.move_to_end(key)
                    return self._pages[key]
            html = render()
            with self._lock:
                self.rendered += 1
                self._rendering.pop(key, None)
                self._keep(key, html)
            return html

    def _keep(self, key: Hashable, html: str) -> None:
        if len(html) > self.most_chars:
            return
        self._pages[key] = html
        self._chars += len(html)
        while self._chars > self.most_chars:
            _, dropped = self._pages.popitem(last=False)
            self._chars -= len(dropped)


def map_pages(snapshot: Snapshot) -> MapPages:
    """The map pages kept with ``snapshot`` (a graph revision)."""
    return snapshot.derived("map pages", lambda _graph: MapPages())
