"""Where each node of a map sits: a seeded force-directed layout computed once on the server.

Maps used to settle in the browser (a physics simulation), freezing the page for seconds on large
maps. The layout is computed here instead (Fruchterman-Reingold, numpy, repulsion in blocks so
memory stays small) and cached per map content, so a map the graph has not changed since opens
at once, and the same graph always draws the same way.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

SPACING = 150.0  # canvas units per node, roughly: the layout's side grows with sqrt(nodes)
MIN_SIDE = 900.0  # small maps still leave room for their largest nodes
_BLOCK = 256  # rows of the repulsion matrix computed at a time
_PIVOTS = 300
_GRAVITY = 3.0


def positions(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], seed: int
) -> dict[str, tuple[float, float]]:
    """Canvas coordinates of ``nodes`` joined by ``(source, target, weight)`` edges (cached)."""
    return dict(zip(nodes, _layout(nodes, edges, seed), strict=True))


@lru_cache(maxsize=64)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], seed: int
) -> tuple[tuple[float, float], ...]:
    n = len(nodes)
    if n == 0:
        return ()
    if n == 1:
        return ((0.0, 0.0),)
    index = {node: i for i, node in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b, _ in edges if a != b], dtype=np.int64).reshape(-1, 2)
    # heavier links pull a little harder, but never enough to stack a dense group on one spot
    weights = np.array([1 + np.log(max(w, 1)) / 4 for a, b, w in edges if a != b], dtype=float)
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) - 0.5
    k = 1.0 / np.sqrt(n)
    iterations = 60
    step = 0.1
    for _ in range(iterations):
        # Repulsion from every node costs n^2; past _PIVOTS nodes it is estimated from a fresh
        # random sample each round (scaled up), which keeps a 5,000-node map to seconds.
        pivots = pos if n <= _PIVOTS else pos[rng.choice(n, _PIVOTS, replace=False)]
        scale = n / len(pivots)
        moves = np.zeros((n, 2))
        pivot_norms = (pivots**2).sum(axis=1)
        for start in range(0, n, _BLOCK):
            block = pos[start : start + _BLOCK]
            # sum_j (p_i - p_j) k^2 / |p_i - p_j|^2, as matrix products (no n x pivots x 2 array):
            # p_i * sum_j w_ij - sum_j w_ij p_j, with |p_i - p_j|^2 = |p_i|^2 + |p_j|^2 - 2 p_i.p_j
            dist2 = (block**2).sum(axis=1)[:, None] + pivot_norms[None, :] - 2 * block @ pivots.T
            pull = k * k / np.maximum(dist2, 1e-6)
            moves[start : start + _BLOCK] = scale * (block * pull.sum(axis=1)[:, None] - pull @ pivots)
        if len(pairs):
            delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
            dist = np.sqrt(np.maximum((delta**2).sum(axis=1), 1e-6))
            pull = delta * (dist * weights / k)[:, None]
            np.add.at(moves, pairs[:, 0], -pull)
            np.add.at(moves, pairs[:, 1], pull)
        # a little gravity keeps separate groups (and lone nodes) near the rest
        moves -= pos * (_GRAVITY * k * np.sqrt(np.maximum((pos**2).sum(axis=1), 1e-12)))[:, None]
        length = np.sqrt(np.maximum((moves**2).sum(axis=1), 1e-12))
        pos += moves / length[:, None] * np.minimum(length, step)[:, None]
        step *= 0.93
    pos -= pos.mean(axis=0)
    extent = float(np.percentile(np.abs(pos), 98)) or 1.0
    pos *= max(MIN_SIDE, SPACING * np.sqrt(n)) / 2 / extent
    return tuple((round(float(x), 1), round(float(y), 1)) for x, y in pos)
