"""Reviewed word lists: the vocabulary the recognisers use, kept as data in ``ontology/words/``.

Each file holds words separated by spaces or lines; ``#`` starts a comment (each group of words
says why it is there). A file may be cut into named sections with ``[name]`` lines.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

WORDS_DIR = Path(__file__).with_name("words")


@cache
def word_list(file: str, section: str | None = None) -> frozenset[str]:
    """The words of ``words/<file>.txt`` (of its ``[section]`` if given)."""
    words: list[str] = []
    current: str | None = None
    for line in (WORDS_DIR / f"{file}.txt").read_text(encoding="utf-8").splitlines():
        text = line.split("#", 1)[0].strip()
        if text.startswith("[") and text.endswith("]"):
            current = text[1:-1]
        elif current == section:
            words.extend(text.split())
    if not words:
        raise ValueError(f"{WORDS_DIR / file}.txt: no words{f' in [{section}]' if section else ''}")
    return frozenset(words)
