"""The scripts and stylesheets pages and maps load from the app itself (``/static/NAME``).

Served pages run no inline script (the app's Content-Security-Policy says ``script-src 'self'``):
their behaviour lives in ``visualisations/static`` and vis-network comes from the copy bundled in
the pyvis package, so everything works offline.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

MEDIA_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}
_VIS = ("vis-network.min.js", "vis-network.css")
_OWN = ("pages.js", "map.js")
NAMES = _VIS + _OWN


@cache
def asset_text(name: str) -> str:
    """The text of one asset; ``KeyError`` for a name that is not one of :data:`NAMES`."""
    if name in _VIS:
        return files("pyvis").joinpath("lib", "vis-9.1.2", name).read_text(encoding="utf-8")
    if name in _OWN:
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
