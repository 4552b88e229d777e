"""Word-level differences between two wordings of the same recommendation.

Different documents quote a recommendation in slightly different words (a plan retypes the
review's wording, a briefing shortens it); the recommendation page shows what changed, word by
word, so a reader need not compare two paragraphs by eye.
"""

from __future__ import annotations

import difflib
from typing import Literal

Change = Literal["same", "removed", "added"]


def word_diff(first: str, second: str) -> list[tuple[Change, str]]:
    """``second`` compared with ``first``: runs of words kept, removed from ``first`` or added.

    Words are compared as written (case and punctuation count), spaces are not.
    """
    old, new = first.split(), second.split()
    runs: list[tuple[Change, str]] = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", " ".join(old[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("removed", " ".join(old[a1:a2])))
        if b2 > b1:
            runs.append(("added", " ".join(new[b1:b2])))
    return runs
