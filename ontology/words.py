"""Reviewed vocabulary: the words and patterns the recognisers use, kept as data in ``ontology/words/``.

One convention for every list: a TOML file per subject, each group of words or patterns with a
comment saying why it is there, a file cut into ``[sections]`` where it serves several rules. A
word list is a string of words apart by spaces or line breaks (``'''...'''``) or an array of
words or phrases; structured vocabularies (column headers by role, status words and RAG
colours) are read whole with :func:`vocabulary`.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

WORDS_DIR = Path(__file__).with_name("words")


@cache
def vocabulary(file: str) -> dict[str, Any]:
    """The whole of ``words/<file>.toml``."""
    with (WORDS_DIR / f"{file}.toml").open("rb") as handle:
        return tomllib.load(handle)


@cache
def word_list(file: str, section: str | None = None) -> frozenset[str]:
    """The words of ``words/<file>.toml`` outside any section (or of its ``[section]``): every
    group's string split at spaces and line breaks, every array's items as they are."""
    table = vocabulary(file) if section is None else vocabulary(file).get(section, {})
    words: list[str] = []
    for value in table.values():
        if isinstance(value, str):
            words.extend(value.split())
        elif isinstance(value, list):
            words.extend(str(item) for item in value)
    if not words:
        raise ValueError(f"{WORDS_DIR / file}.toml: no words{f' in [{section}]' if section else ''}")
    return frozenset(words)
