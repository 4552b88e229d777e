"""Where each node of a map sits: a seeded force-directed layout computed once on the server.

Maps used to settle in the browser (a physics simulation), freezing the page for seconds on large
maps. The layout is computed here instead (Fruchterman-Reingold, numpy, repulsion in blocks so
memory stays small) and cached per map content, so a map the graph has not changed since opens
at once, and the same graph always draws the same way.

A map about one node (an organisation's, a review's, one theme's) starts from rings around it by
distance, each node near the nodes that brought it in (:func:`_rings`), with that node held at the
centre and a clear space around it; from there the forces need 12 rounds where a random start
needs 60 for as few crossing lines and overlapping nodes (measured on 40 organisation maps of a
150-area corpus), and an organisation's map is laid out in a fifth of the time. A map about no
node in particular (organisations sharing recommendations, themes across areas) starts at random.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

SPACING = 150.0  # canvas units per node, roughly: the layout's side grows with sqrt(nodes)
MIN_SIDE = 900.0  # small maps still leave room for their largest nodes
CLEARANCE = 70.0  # canvas units around a focus node where no other node sits (two of the largest)
_BLOCK = 256  # rows of the repulsion matrix computed at a time
_PIVOTS = 300
_GRAVITY = 3.0
# rounds of forces, the first step (in the unit square) and how each round shortens it, by start
_FROM_RANDOM = (60, 0.1, 0.93)
_FROM_RINGS = (12, 0.08, 0.9)
# the rings start a little tighter than the forces leave them (k: the forces' ideal link length)
_RING_GAP = 1.0  # k between rings
_RING_ROOM = 0.3  # k along a ring per node


def positions(
    nodes: tuple[str, ...],
    edges: tuple[tuple[str, str, int], ...],
    seed: int,
    focus: tuple[str, ...] = (),
) -> dict[str, tuple[float, float]]:
    """Canvas coordinates of ``nodes`` joined by ``(source, target, weight)`` edges (cached);
    the ``focus`` nodes sit in the middle with the others on rings around them."""
    return dict(zip(nodes, _layout(nodes, edges, seed, focus), strict=True))


@lru_cache(maxsize=64)
def _layout(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], seed: int, focus: tuple[str, ...]
) -> tuple[tuple[float, float], ...]:
    n = len(nodes)
    if n == 0:
        return ()
    if n == 1:
        return ((0.0, 0.0),)
    index = {node: i for i, node in enumerate(nodes)}
    linked = [(index[a], index[b], w) for a, b, w in edges if a != b]
    pairs = np.array([(a, b) for a, b, _ in linked], dtype=np.int64).reshape(-1, 2)
    # heavier links pull a little harder, but never enough to stack a dense group on one spot
    weights = np.array([1 + math.log(max(w, 1)) / 4 for _, _, w in linked], dtype=float)
    rng = np.random.default_rng(seed)
    k = 1.0 / math.sqrt(n)
    centre = sorted({index[f] for f in focus if f in index})
    if centre:
        pos = _rings(n, pairs, centre, k)
        rounds, step, shorter = _FROM_RINGS
    else:
        pos = rng.random((n, 2)) - 0.5
        rounds, step, shorter = _FROM_RANDOM
    free = np.ones(n)
    free[centre] = 0.0  # the focus stays where the rings put it
    for _ in range(rounds):
        moves = _forces(pos, pairs, weights, k, rng)
        length = np.sqrt(np.maximum((moves * moves).sum(axis=1), 1e-12))
        pos += moves * (free * np.minimum(length, step) / length)[:, None]
        step *= shorter
    pos -= pos[centre].mean(axis=0) if centre else pos.mean(axis=0)
    pos *= max(MIN_SIDE, SPACING * math.sqrt(n)) / 2 / (_percentile_98(np.abs(pos)) or 1.0)
    for middle in centre:
        _clear_around(pos, middle)
    return tuple(map(tuple, np.round(pos, 1).tolist()))  # a tenth of the cost of round() per value


def _forces(
    pos: np.ndarray, pairs: np.ndarray, weights: np.ndarray, k: float, rng: np.random.Generator
) -> np.ndarray:
    """Each node's move this round: repulsion from the others, pull along its links, gravity."""
    n = len(pos)
    # Repulsion from every node costs n^2; past _PIVOTS nodes it is estimated from a fresh
    # random sample each round (scaled up), which keeps a 5,000-node map to seconds.
    pivots = pos if n <= _PIVOTS else pos[rng.choice(n, _PIVOTS, replace=False)]
    scale = n / len(pivots)
    norms = (pos * pos).sum(axis=1)
    pivot_norms = norms if n <= _PIVOTS else (pivots * pivots).sum(axis=1)
    moves = np.empty((n, 2))
    for start in range(0, n, _BLOCK):
        block = pos[start : start + _BLOCK]
        # sum_j (p_i - p_j) k^2 / |p_i - p_j|^2, as matrix products (no n x pivots x 2 array):
        # p_i * sum_j w_ij - sum_j w_ij p_j, with |p_i - p_j|^2 = |p_i|^2 + |p_j|^2 - 2 p_i.p_j
        dist2 = norms[start : start + _BLOCK, None] + pivot_norms - 2 * (block @ pivots.T)
        pull = (k * k * scale) / np.maximum(dist2, 1e-6)
        moves[start : start + _BLOCK] = block * pull.sum(axis=1)[:, None] - pull @ pivots
    if len(pairs):
        delta = pos[pairs[:, 0]] - pos[pairs[:, 1]]
        pull = delta * (np.sqrt(np.maximum((delta * delta).sum(axis=1), 1e-6)) * weights / k)[:, None]
        for axis in (0, 1):  # bincount sums per node as np.add.at does, several times faster
            moves[:, axis] += np.bincount(pairs[:, 1], pull[:, axis], n) - np.bincount(
                pairs[:, 0], pull[:, axis], n
            )
    # a little gravity keeps separate groups (and lone nodes) near the rest
    moves -= pos * (_GRAVITY * k * np.sqrt(np.maximum(norms, 1e-12)))[:, None]
    return moves


def _rings(n: int, pairs: np.ndarray, centre: Sequence[int], k: float) -> np.ndarray:
    """Nodes on rings by their distance in links from the ``centre`` nodes (an organisation's
    recommendations, then their actions and co-owners, then leads and assurance bodies); each
    ring in the order of the direction its nodes were reached from, turned to sit nearest it, so
    that a recommendation's actions start just beyond it. Nodes no link reaches form the outer
    ring. The first ring keeps the map's order (a review's recommendations side by side)."""
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for a, b in pairs.tolist():
        neighbours[a].append(b)
        neighbours[b].append(a)
    depth = [-1] * n
    rings = [list(centre)]
    for node in centre:
        depth[node] = 0
    while True:
        ring = []
        for node in rings[-1]:
            for other in neighbours[node]:
                if depth[other] < 0:
                    depth[other] = len(rings)
                    ring.append(other)
        if not ring:
            break
        rings.append(ring)
    rest = [node for node in range(n) if depth[node] < 0]
    if rest:
        rings.append(rest)
    x, y = [0.0] * n, [0.0] * n
    if len(centre) > 1:  # several focus nodes: a small ring of their own
        _place(rings[0], [None] * len(centre), k, x, y)
    radius = 0.0
    for ring in rings[1:]:
        radius = max(radius + _RING_GAP * k, len(ring) * _RING_ROOM * k / (2 * math.pi))
        wanted = [
            _direction([(x[m], y[m]) for m in neighbours[node] if depth[m] < depth[node]]) for node in ring
        ]
        _place(ring, wanted, radius, x, y)
    return np.column_stack((x, y))


def _place(
    ring: list[int], wanted: list[float | None], radius: float, x: list[float], y: list[float]
) -> None:
    """Put ``ring`` evenly on a circle in the order of the directions its nodes ``wanted`` (those
    with none after, in their order), turned so that they sit, on average, nearest them."""
    order = sorted(range(len(ring)), key=lambda i: (wanted[i] is None, wanted[i] or 0.0, i))
    turn = 2 * math.pi / len(ring)
    offset = _direction_of_angles(
        [w - turn * rank for rank, i in enumerate(order) if (w := wanted[i]) is not None]
    )
    for rank, i in enumerate(order):
        angle = (offset or 0.0) + turn * rank
        x[ring[i]], y[ring[i]] = radius * math.cos(angle), radius * math.sin(angle)


def _direction(points: list[tuple[float, float]]) -> float | None:
    """The direction of the points' mean, seen from the origin (None when there is none)."""
    sx, sy = sum(p[0] for p in points), sum(p[1] for p in points)
    return math.atan2(sy, sx) if sx or sy else None


def _direction_of_angles(angles: list[float]) -> float | None:
    return _direction([(math.cos(a), math.sin(a)) for a in angles])


def _percentile_98(values: np.ndarray) -> float:
    """``np.percentile(values, 98)`` (linear), a tenth of its cost: it was a tenth of a small layout."""
    flat = np.sort(values, axis=None)
    rank = 0.98 * (len(flat) - 1)
    low = int(rank)
    high = min(low + 1, len(flat) - 1)
    return float(flat[low] + (rank - low) * (flat[high] - flat[low]))


def _clear_around(pos: np.ndarray, middle: int) -> None:
    """Move the nodes nearer than :data:`CLEARANCE` to the ``middle`` node out to that distance
    (each straight away from it), so that nothing covers the node the map is about."""
    away = pos - pos[middle]
    distance = np.sqrt((away * away).sum(axis=1))
    close = np.flatnonzero(distance < CLEARANCE)
    for node in close[close != middle]:
        d = distance[node]
        direction = away[node] / d if d > 0 else np.array([math.cos(node), math.sin(node)])
        pos[node] = pos[middle] + direction * CLEARANCE
