"""Every query's answer on one graph, as canonical JSON, for the same-answers test.

``tests/data/corpus_answers.json`` holds the SHA-256 of each answer below, computed on the real
corpus (``../shared/corpus`` through the extraction pipeline) by the query code as it was before
the national-scale optimisations: first at 11fd39f, then, when the national registry changed the
extraction, by main at 341d0bf (which had none of them), run from a checkout of it:

    PYTHONPATH=CHECKOUT:CHECKOUT/tests .venv/bin/python tests/answers_support.py \
        ../shared/corpus tests/data/corpus_answers.json

Only digests are stored: the answers quote the corpus's own sentences, which may not be copied
into the project. Re-write the file that way only when the extraction (not a query) changes.

One answer was re-recorded on purpose: ``similar threshold=0.2``. Similar-issue clusters now hold
recommendations and findings only (not the actions answering them) and are stars around one text
rather than chains (each link between texts that are nearly as like each other as like anything
else), so that they still mean something at national scale; at the default threshold
(0.35) the corpus clusters are unchanged, and at 0.2 the 7 chained clusters became 6 stars.

``graph`` was re-recorded when the records gained the loaders' resolved references (lead,
responsible and assurance references, registry codes, commission records): the test store's
``sha256`` of each document is the digest of its extraction JSON, which changed; every node and
edge of the corpus graph, and every other answer, stayed the same (compared attribute by
attribute against main at 89f48ae).

The digests were re-recorded again when (a) the theme signals found only in the corpus were
replaced by general safeguarding words (35 theme links of the corpus moved; gold themes 0.873,
overall 0.984), (b) prose "leads" statements became edges (two on the corpus), and (c) an
undated document says in its warnings which review it joined and why.

``graph`` was re-recorded once more, by main at 18402dd, when its nodes and edges came to be
listed sorted rather than in the order the builder made them: the graph is now built area by
area (graph/parts.py), which puts the posts that an organisation's plan rows are re-pointed to
at a different place in that order, with every node, edge and attribute as before. And again
when "progressing" joined the one status vocabulary (ontology/words/status_words.toml): the
Portsmouth letter's review ``actions_stated`` became null, as the hand gold has it ("the two
actions for the CCG only are progressing well" counts some actions, not the plan's); every
other answer stayed the same. And when places and bodies were kept apart (a CCG listed by its
place, "the three CCGs (A, B, C)", no longer has the bare place as a form): the three Leicester
CCGs' ``org`` and ``organisation summary`` answers and ``graph`` changed (two boards named after
the city are no longer part of its CCG); every other answer stayed the same.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

from graph import queries
from graph.model import NodeType
from graph.queries.walk import nodes_of, to_jsonable

AS_OF = (date(2017, 4, 1), date(2030, 1, 1))
SEARCHES = ("health assessments", "training", "emergency department", "child sexual exploitation")


def graph_json(g: nx.MultiDiGraph) -> Any:
    """The graph itself: every node and edge with its attributes (lists in their order), nodes
    by id and edges by their ends and key (the order the builder made them in is not an answer)."""
    return {
        "nodes": sorted(([n, to_jsonable(a)] for n, a in g.nodes(data=True)), key=lambda n: n[0]),
        "edges": sorted(
            ([u, v, k, to_jsonable(a)] for u, v, k, a in g.edges(keys=True, data=True)), key=lambda e: e[:3]
        ),
    }


def answers(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Each query's JSON answer, keyed by the query and its arguments."""
    from api import views  # the organisation list's counts (actions led) come from here

    orgs = nodes_of(g, NodeType.ORGANISATION)
    areas = [g.nodes[a]["label"] for a in nodes_of(g, NodeType.AREA)]
    recs = nodes_of(g, NodeType.RECOMMENDATION)
    themes = nodes_of(g, NodeType.THEME)
    found: dict[str, Any] = {"graph": graph_json(g)}
    found["shared-accountability"] = [r.to_json() for r in queries.shared_accountability(g)]
    for area in areas:
        found[f"shared-accountability area={area}"] = [
            r.to_json() for r in queries.shared_accountability(g, area=area, min_orgs=1)
        ]
    for org in orgs:
        found[f"shared-accountability org={org}"] = [
            r.to_json() for r in queries.shared_accountability(g, org=org)
        ]
        found[f"dependencies {org}"] = queries.dependencies(g, org).to_json()
        profile = queries.organisation_profile(g, org).to_json()
        profile.pop("gaps")  # judged as of today; the gaps themselves are compared below
        found[f"org {org}"] = profile
        found[f"organisation summary {org}"] = views.organisation_summary(g, org)
    for a, b in itertools.pairwise(orgs):
        found[f"path {a} {b}"] = [h.to_json() for h in queries.path_between(g, a, b)]
    found["co-accountability"] = queries.co_accountability(g).to_json()
    for least in (1, 2):
        found[f"themes min_areas={least}"] = [t.to_json() for t in queries.recurring_themes(g, least)]
    for threshold in (0.35, 0.2):
        found[f"similar threshold={threshold}"] = [
            c.to_json() for c in queries.similar_items(g, min_areas=2, threshold=threshold)
        ]
    for rec in recs:
        found[f"like {rec}"] = [i.to_json() for i in queries.like_recommendation(g, rec, top=5)]
    for day in AS_OF:
        found[f"gaps as_of={day}"] = queries.gaps(g, as_of=day).to_json()
    for text in SEARCHES:
        found[f"search {text}"] = [h.to_json() for h in queries.search(g, text, limit=50)]
        for area in areas:
            found[f"search {text} area={area}"] = [h.to_json() for h in queries.search(g, text, area=area)]
        for theme in themes:
            found[f"search {text} theme={theme}"] = [
                h.to_json() for h in queries.search(g, text, theme=theme)
            ]
        for org in orgs[:10]:
            found[f"search {text} org={org}"] = [h.to_json() for h in queries.search(g, text, org=org)]
    return found


def digest(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digests(g: nx.MultiDiGraph) -> dict[str, str]:
    return {key: digest(value) for key, value in answers(g).items()}


def main(corpus: Path, into: Path) -> None:
    from graph.build import build_graph

    sys.path.insert(0, str(Path(__file__).parent))
    from graph_support import corpus_documents

    g = build_graph(corpus_documents(corpus))
    into.parent.mkdir(parents=True, exist_ok=True)
    into.write_text(json.dumps(digests(g), indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
