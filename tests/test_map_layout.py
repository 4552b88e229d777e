"""The server-side map layout: seeded and deterministic, every node placed, a focus node in the
middle with room around it, and a map about one node laid out from rings around it."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from visualisations import layout

FOCUS = "Organisation:focus"


def ego_network(recs: int, actions: int) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
    """A focus organisation, ``recs`` recommendations addressed to it with ``actions`` actions
    each, and one assurance body assuring every third action (a hub, as in real maps)."""
    nodes = [FOCUS, "AssuranceBody:board"]
    edges = []
    for r in range(recs):
        rec = f"Recommendation:{r}"
        nodes.append(rec)
        edges.append((rec, FOCUS, 1))
        for a in range(actions):
            action = f"Action:{r}.{a}"
            nodes.append(action)
            edges.append((rec, action, 1))
            if (r + a) % 3 == 0:
                edges.append((action, "AssuranceBody:board", 1))
    random.Random(3).shuffle(nodes)  # the layout must not depend on the focus coming first
    return tuple(nodes), tuple(edges)


def fresh(
    nodes: tuple[str, ...], edges: tuple[tuple[str, str, int], ...], focus: tuple[str, ...] = ()
) -> dict[str, tuple[float, float]]:
    layout._layout.cache_clear()
    return layout.positions(nodes, edges, 7, focus)


def test_every_node_is_placed_once_and_the_same_way_each_time() -> None:
    nodes, edges = ego_network(8, 4)
    for focus in ((), (FOCUS,)):
        first = fresh(nodes, edges, focus)
        assert set(first) == set(nodes)
        assert all(math.isfinite(x) and math.isfinite(y) for x, y in first.values())
        assert len(set(first.values())) == len(nodes)  # no two nodes on one spot
        assert fresh(nodes, edges, focus) == first  # seeded: the same map draws the same way


def test_the_focus_sits_in_the_middle_with_nothing_covering_it() -> None:
    nodes, edges = ego_network(12, 5)
    where = fresh(nodes, edges, (FOCUS,))
    assert where[FOCUS] == (0.0, 0.0)
    nearest = min(math.dist(where[FOCUS], p) for n, p in where.items() if n != FOCUS)
    assert nearest >= layout.CLEARANCE - 0.1  # rounded to a tenth
    # the map is spread around it, not off to one side
    xs, ys = zip(*where.values(), strict=True)
    assert min(xs) < -200 < 200 < max(xs) and min(ys) < -200 < 200 < max(ys)


def test_nodes_start_on_rings_by_distance_near_the_node_that_reached_them() -> None:
    nodes, edges = ego_network(6, 3)
    index = {n: i for i, n in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b, _ in edges])
    start = layout._rings(len(nodes), pairs, [index[FOCUS]], 0.1)
    radius = {n: round(float(np.hypot(*start[index[n]])), 6) for n in nodes}
    recs = [n for n in nodes if n.startswith("Recommendation")]
    actions = [n for n in nodes if n.startswith("Action")]
    assert radius[FOCUS] == 0
    assert len({radius[r] for r in recs}) == 1 and len({radius[a] for a in actions}) == 1
    assert 0 < radius[recs[0]] < radius[actions[0]] < radius["AssuranceBody:board"]
    for action in actions:  # each action starts nearer its own recommendation than any other
        own = "Recommendation:" + action.split(":")[1].split(".")[0]
        nearest = min(recs, key=lambda r: math.dist(start[index[r]], start[index[action]]))
        assert nearest == own


def test_a_laid_out_ego_map_keeps_actions_by_their_recommendation() -> None:
    nodes, edges = ego_network(10, 4)
    where = fresh(nodes, edges, (FOCUS,))
    recs = [n for n in nodes if n.startswith("Recommendation")]
    near_own = 0
    actions = [n for n in nodes if n.startswith("Action")]
    for action in actions:
        own = "Recommendation:" + action.split(":")[1].split(".")[0]
        near_own += min(recs, key=lambda r: math.dist(where[r], where[action])) == own
    assert near_own >= 0.75 * len(actions)  # one in ten by chance


def test_unreached_nodes_and_several_focus_nodes_are_placed() -> None:
    nodes = ("A", "B", "C", "lone-1", "lone-2")
    edges = (("A", "B", 1), ("B", "C", 3))
    where = fresh(nodes, edges, ("A", "C"))
    assert len(set(where.values())) == len(nodes)
    assert all(math.dist(where[n], where["A"]) >= layout.CLEARANCE - 0.1 for n in nodes if n != "A")


@pytest.mark.parametrize("size", [2, 301])  # the smallest map, and one past the sampled repulsion
def test_maps_of_every_size_are_laid_out(size: int) -> None:
    nodes = tuple(f"n{i}" for i in range(size))
    edges = tuple((f"n{i}", f"n{(i * 7) % size}", 1) for i in range(size))
    for focus in ((), ("n0",)):
        where = fresh(nodes, edges, focus)
        assert len(set(where.values())) == size


def test_the_quick_percentile_is_numpys() -> None:
    values = np.abs(np.random.default_rng(1).normal(size=(57, 2)))
    assert layout._percentile_98(values) == pytest.approx(float(np.percentile(values, 98)), rel=1e-12)
    assert layout._percentile_98(np.zeros((1, 2))) == 0.0
