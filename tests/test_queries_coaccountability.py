"""The co-accountability network: pair weights, ties, centrality, repeatable communities."""

from __future__ import annotations

from pathlib import Path

from graph_support import corpus_graph, gold_graph, gold_json, small_graph

from graph.queries import co_accountability


def test_pairs_weighted_by_shared_recommendations() -> None:
    network = co_accountability(small_graph())
    assert [(p.first, p.second, p.weight) for p in network.pairs] == [
        ("Northshire Clinical Commissioning Group", "Northshire Hospitals NHS Trust", 2),
        ("Southvale Clinical Commissioning Group", "Southvale Community NHS Trust", 1),
    ]
    assert network.pairs[0].recommendations == ("Northshire 1.1", "Northshire 1.2")


def test_ties_are_ordered_by_name_and_communities_repeat() -> None:
    network = co_accountability(small_graph(), seed=3)
    names = [o.organisation for o in network.organisations]
    # the two Northshire organisations tie on every measure: alphabetical order decides
    assert names[:2] == ["Northshire Clinical Commissioning Group", "Northshire Hospitals NHS Trust"]
    assert (network.organisations[0].shared_recommendations, network.organisations[0].strength) == (2, 2)
    assert len(network.communities) == 2
    assert network == co_accountability(small_graph(), seed=3)


def test_organisation_bridging_two_groups_has_betweenness() -> None:
    from graph_support import northshire_plan, stored

    from graph.build import build_graph

    plan = northshire_plan()
    plan.recommendations[2].addressed_to.append("Northshire County Council")
    network = co_accountability(build_graph([stored(plan)]))
    by_name = {o.organisation: o for o in network.organisations}
    assert by_name["Northshire Clinical Commissioning Group"].betweenness == 1.0
    assert by_name["Northshire County Council"].betweenness == 0.0


def gold_most_shared(gold_dir: Path) -> tuple[str, int]:
    """The organisation the gold addresses jointly (with another organisation) most often."""
    shared: dict[str, set[str]] = {}
    for gold in gold_json(gold_dir):
        known = {o["canonical"] for o in gold["organisations"]}
        for rec in gold["recommendations"]:
            owners = [name for name in rec["addressed_to"] if name in known]
            for name in owners if len(owners) > 1 else []:
                shared.setdefault(name, set()).add(f"{gold['area']} {rec['id']}")
    name = max(sorted(shared), key=lambda n: len(shared[n]))
    return name, len(shared[name])


def test_real_network_is_repeatable_and_its_centre_matches_gold(corpus_dir: Path, gold_dir: Path) -> None:
    expected = gold_most_shared(gold_dir)
    for g in (gold_graph(gold_dir), corpus_graph(corpus_dir)):
        first, second = co_accountability(g), co_accountability(g)
        assert first == second
        top = first.organisations[0]
        assert (top.organisation, top.shared_recommendations) == expected
