"""The scripts and stylesheets pages and maps load from the app itself (``/static/NAME``).

Served pages run no inline script (the app's Content-Security-Policy says ``script-src 'self'``):
their behaviour lives in ``visualisations/static``, the project's own files, so everything works
offline.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

MEDIA_TYPES = {".js": "text/javascript; charset=utf-8"}
NAMES = ("pages.js", "map.js")


@cache
def asset_text(name: str) -> str:
    """The text of one asset; ``KeyError`` for a name that is not one of :data:`NAMES`."""
    if name in NAMES:
        return files("visualisations").joinpath("static", name).read_text(encoding="utf-8")
    raise KeyError(name)


def inlinable(name: str) -> str:
    """An asset's text for a standalone map file, checked to be unable to close its element."""
    text = asset_text(name)
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{name} cannot be inlined safely")
    return text


def media_type(name: str) -> str:
    return MEDIA_TYPES["." + name.rsplit(".", 1)[-1]]
