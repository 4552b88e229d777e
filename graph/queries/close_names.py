"""The names most like a name nobody holds: the "did you mean ..." of an unknown name.

difflib compares the name with every name it is given, ~0.1 ms each for the ones alike enough
to need the full comparison: a national store's ~2,000 organisation names took ~55 ms a miss
and its ~20,000 recommendation names ~120 ms, for every mistyped link or name asked for. Past
:data:`SHORTLIST` names, only the names sharing the most three-letter pieces with it (indexed
once) are compared, the usual blocking of record linkage: a name alike enough to be suggested
shares most of its pieces with the one asked for.
"""

from __future__ import annotations

import difflib
import heapq
from collections import Counter, defaultdict

# names difflib compares an unknown name with; below this many, all of them
SHORTLIST = 100


def _pieces(form: str) -> set[str]:
    padded = f" {form} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class CloseNames:
    """Normalised names, each with the display name it stands for, indexed for close matches."""

    def __init__(self, by_form: dict[str, str]) -> None:
        self.by_form = by_form
        self._forms = list(by_form)
        self._with_piece: defaultdict[str, list[int]] = defaultdict(list)
        if len(self._forms) > SHORTLIST:
            for number, form in enumerate(self._forms):
                for piece in _pieces(form):
                    self._with_piece[piece].append(number)

    def closest(self, wanted: str, limit: int = 5) -> list[str]:
        """Display names of the (at most ``limit``) names most like the normalised ``wanted``:
        difflib's close matches, then the names holding it or one of its words whole."""
        found = difflib.get_close_matches(wanted, self._candidates(wanted), n=limit * 2, cutoff=0.5)
        words = wanted.split()
        found += [form for form in self._forms if wanted and (wanted in form or form in words)]
        return list(dict.fromkeys(self.by_form[f] for f in found))[:limit]

    def _candidates(self, wanted: str) -> list[str]:
        if not self._with_piece:
            return self._forms
        shared: Counter[int] = Counter()
        for piece in _pieces(wanted):
            shared.update(self._with_piece.get(piece, ()))
        # most pieces shared first, then the names' order, so the shortlist is the same every time
        best = heapq.nsmallest(SHORTLIST, shared.items(), key=lambda item: (-item[1], item[0]))
        return [self._forms[number] for number, _ in best]
