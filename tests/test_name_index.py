"""The name index (graph.queries.names.NameIndex) resolves every name as scanning every node's
names did: the same node, the same ambiguity with the same candidates, the same close matches.

The scan below is the resolution as it was before the index (each lookup normalised every name
of every node): the oracle the index is compared with, over every name, alias, word and pair of
words of real and hand-made graphs, their lower-case forms, typos and names nothing holds.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import networkx as nx
import pytest
from graph_support import gold_graph, northshire_plan, org, small_graph, southvale_plan, stored

from graph.build import build_graph
from graph.queries import UnknownName, resolve_area, resolve_organisation, resolve_review, resolve_theme
from graph.queries.names import NameIndex, organisation_names
from graph.resolve import normalise_name

FILLER = frozenset({"the", "and", "of", "nhs"})
Outcome = tuple[str, object]


def comparable(name: str) -> str:
    return re.sub(r"\bclinical commissioning groups?\b", "ccg", normalise_name(name))


def scanned(name: str, names_by_node: dict[str, list[str]], partial: bool = True) -> Outcome:
    """What the resolution by scanning answered: ("node", id), ("ambiguous", candidates) or
    ("unknown", close matches)."""
    wanted = comparable(name)
    hits = [node for node, names in names_by_node.items() if any(comparable(n) == wanted for n in names)]
    own = [node for node in hits if comparable(names_by_node[node][0]) == wanted]
    if len(own) == 1:
        return ("node", own[0])
    if partial:
        words = frozenset(wanted.split()) - FILLER

        def holds(each: str) -> bool:
            return bool(words) and words <= frozenset(comparable(each).split())

        if not hits:
            hits = [node for node, names in names_by_node.items() if any(holds(n) for n in names)]
        else:
            generic = [node for node, names in names_by_node.items() if holds(names[0])]
            if any(node not in hits for node in generic):
                hits = list(dict.fromkeys([*hits, *generic]))
    if len(hits) == 1:
        return ("node", hits[0])
    if len(hits) > 1:
        return ("ambiguous", sorted(names_by_node[h][0] for h in hits))
    by_form: dict[str, str] = {}
    for names in names_by_node.values():
        for each in names:
            by_form.setdefault(normalise_name(each), names[0])
    form = normalise_name(name)
    found = difflib.get_close_matches(form, sorted(by_form), n=10, cutoff=0.5)
    found += sorted(f for f in by_form if form and (form in f or f in form.split()))
    return ("unknown", list(dict.fromkeys(by_form[f] for f in found))[:5])


def indexed(index: NameIndex, name: str) -> Outcome:
    try:
        return ("node", index.resolve(name))
    except UnknownName as exc:
        return ("ambiguous" if exc.ambiguous else "unknown", exc.suggestions)


def queries_for(names_by_node: dict[str, list[str]]) -> list[str]:
    """Every name, its lower case, each word and each pair of neighbouring words of it, the name
    without its last word, a typo of it, and names nothing holds."""
    found = ["", "   ", "Zzyzx", "the", "NHS", "CCG", "Trust", "clinical commissioning group"]
    for names in names_by_node.values():
        for name in names:
            words = name.split()
            found += [name, name.lower(), " ".join(words[:-1]), name[:-1] + "x", *words]
            found += [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
    return list(dict.fromkeys(found))


def ambiguous_graph() -> nx.MultiDiGraph:
    """Two boards with one initialism, a CCG called "CCG" beside another CCG, and a partnership
    another document calls by the CCG's own name."""
    north, south = northshire_plan(), southvale_plan()
    south.organisations.append(org("Southvale Safeguarding Children Board", "safeguarding board", "NSCB"))
    south.organisations[0] = org("Southvale Clinical Commissioning Group", "CCG", "SCCG", "CCG")
    south.organisations.append(
        org("Southvale Care Partnership", "other", "Southvale Clinical Commissioning Group")
    )
    return build_graph([stored(north), stored(south)])


@pytest.fixture(scope="module")
def graphs(gold_dir: Path) -> list[nx.MultiDiGraph]:
    return [small_graph(), ambiguous_graph(), gold_graph(gold_dir)]


def test_organisations_resolve_as_the_scan_did(graphs: list[nx.MultiDiGraph]) -> None:
    outcomes: set[str] = set()
    for g in graphs:
        names = organisation_names(g)
        index = NameIndex("organisation", names)
        for query in queries_for(names):
            expected = scanned(query, names)
            assert indexed(index, query) == expected, query
            outcomes.add(expected[0])
    # the comparison covered every outcome: found, ambiguous (with candidates), unknown
    assert outcomes == {"node", "ambiguous", "unknown"}


def test_exact_names_only_when_partial_words_are_off(graphs: list[nx.MultiDiGraph]) -> None:
    for g in graphs:
        names = {n: [n.split(":", 1)[1], g.nodes[n]["label"]] for n in g if n.startswith("Theme:")}
        index = NameIndex("theme", names, partial=False)
        for query in queries_for(names):
            assert indexed(index, query) == scanned(query, names, partial=False), query


def test_ambiguous_names_stop_with_their_candidates_every_time() -> None:
    g = ambiguous_graph()
    found = []
    for name in ("NSCB", "nscb"):  # the second lookup reads the index the first one made
        with pytest.raises(UnknownName) as caught:
            resolve_organisation(g, name)
        assert caught.value.ambiguous
        found.append(caught.value.suggestions)
    assert found[0] == found[1] and len(found[0]) == 2
    ccg = "Organisation:southvale-clinical-commissioning-group"
    assert resolve_organisation(g, "Southvale Clinical Commissioning Group") == ccg


def test_each_graph_resolves_its_own_names() -> None:
    # indexes are per graph: a second graph with other organisations is not read from the first's
    first, second = small_graph(), build_graph([stored(southvale_plan())])
    assert resolve_organisation(first, "NHT") == "Organisation:northshire-hospitals-nhs-trust"
    with pytest.raises(UnknownName):
        resolve_organisation(second, "NHT")
    assert resolve_area(second, "southvale") == "Area:southvale"
    with pytest.raises(UnknownName):
        resolve_area(second, "northshire")
    assert resolve_area(first, "northshire") == "Area:northshire"
    assert resolve_theme(first, "training") == resolve_theme(first, "Training")
    assert resolve_review(first, "Northshire") == "Review:northshire:2019-03"


def test_unknown_names_list_the_same_close_matches_every_time() -> None:
    g = small_graph()
    found = []
    for _ in range(2):  # the second from the index's kept forms
        with pytest.raises(UnknownName) as caught:
            resolve_organisation(g, "Northshire Hospital Trusts")
        found.append(caught.value.suggestions)
    assert found[0] == found[1]
    assert "Northshire Hospitals NHS Trust" in found[0]
