"""Text similarity without an n x n matrix: sparse TF-IDF vectors and an inverted index.

Each text is a sparse vector (word -> TF-IDF weight, smoothed idf, L2-normalised), and every word
keeps the texts holding it with their weights (its postings, as numpy arrays). The cosine of a
query (or of one of the texts) with every text is then the sum, over the query's words only, of
their postings: work in proportion to how often those words occur, memory in proportion to the
words written. A dense matrix of 28k texts took 7.8 GB and crashed the BLAS library.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

_STOP = """a an and are as at be been by for from has have in into is it its of on or that the their
    there these this to was were will with within all any should must ensure ensuring also not
    which who where when they them than then so such can may other"""
STOP_WORDS = frozenset(_STOP.split())


def words(text: str) -> list[str]:
    """Lower-case content words with a light plural/suffix folding ("referrals" ~ "referral")."""
    found = []
    for word in re.findall(r"[a-z][a-z0-9]+", text.lower().replace("’", "'")):
        if word in STOP_WORDS or len(word) < 3:
            continue
        for suffix in ("ing", "ies", "es", "s"):
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        found.append(word)
    return found


Vector = dict[str, float]


class TfIdf:
    """TF-IDF vectors of a fixed list of texts (given as their words) and their inverted index."""

    def __init__(self, tokenised: Sequence[Sequence[str]]) -> None:
        self.size = len(tokenised)
        frequency = Counter(w for ws in tokenised for w in set(ws))
        self.idf = {w: math.log((1 + self.size) / (1 + df)) + 1 for w, df in frequency.items()}
        self.vectors = [self.embed(ws) for ws in tokenised]
        rows: dict[str, list[int]] = {}
        weights: dict[str, list[float]] = {}
        for row, vector in enumerate(self.vectors):
            for word, weight in vector.items():
                rows.setdefault(word, []).append(row)
                weights.setdefault(word, []).append(weight)
        self.postings = {
            w: (np.array(rows[w], dtype=np.int64), np.array(weights[w], dtype=np.float64)) for w in rows
        }

    @classmethod
    def of_texts(cls, texts: Sequence[str]) -> TfIdf:
        return cls([words(t) for t in texts])

    def embed(self, tokens: Sequence[str]) -> Vector:
        """A text's normalised vector in this space (words the texts never use are left out)."""
        vector = {w: n * self.idf[w] for w, n in Counter(tokens).items() if w in self.idf}
        norm = math.sqrt(sum(v * v for v in vector.values()))
        return {w: v / norm for w, v in vector.items()} if norm else {}

    def scores(self, vector: Vector) -> np.ndarray:
        """Cosine similarity of ``vector`` with every text, in text order."""
        found = np.zeros(self.size)
        for word, weight in vector.items():
            rows, weights = self.postings[word]
            found[rows] += weight * weights
        return found

    def similarity(self, first: int, second: int) -> float:
        """Cosine similarity of two of the texts."""
        a, b = self.vectors[first], self.vectors[second]
        if len(b) < len(a):
            a, b = b, a
        return sum(v * b.get(w, 0.0) for w, v in a.items())
