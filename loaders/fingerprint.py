"""Which extractor read a document: stored with each extraction, compared on every load."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata
from pathlib import Path

import ontology


@cache
def extractor_version() -> str:
    """Changes whenever what extraction reads a file into may change: the package version and a
    digest of the loaders' code and the ontology data they read (registry, themes, word lists).

    Stored with each extraction, so loading an unchanged file again re-reads it only after an
    upgrade or an edit of that data, and skips it otherwise."""
    digest = hashlib.sha256(metadata.version("safeguarding-graph").encode())
    for folder in (Path(__file__).parent, Path(ontology.__file__).parent):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(path.relative_to(folder.parent).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
