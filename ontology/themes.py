"""The theme scheme (``ontology/themes.ttl``) read with rdflib into plain concepts.

Each :class:`ThemeConcept` carries its id (``skos:notation``), label, definition and the phrases
that signal it with their weights (``sgt:strongSignal`` 3, ``sgt:signal`` 2, ``sgt:weakSignal`` 1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Namespace
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from ontology import THEMES_TTL

SGT = Namespace("https://w3id.org/safeguarding-graph/themes#")
SIGNAL_WEIGHTS = {SGT.strongSignal: 3, SGT.signal: 2, SGT.weakSignal: 1}


@dataclass(frozen=True)
class ThemeConcept:
    id: str
    label: str
    definition: str
    # (phrase, weight) in the order the scheme lists them
    signals: tuple[tuple[str, int], ...]


def load_themes(path: Path | None = None) -> list[ThemeConcept]:
    """The concepts of the scheme, in the scheme's order of top concepts."""
    return list(_load(path or THEMES_TTL))


@cache
def _load(path: Path) -> tuple[ThemeConcept, ...]:
    graph = Graph().parse(path, format="turtle")
    schemes = list(graph.subjects(RDF.type, SKOS.ConceptScheme))
    if len(schemes) != 1:
        raise ValueError(f"{path}: expected one skos:ConceptScheme, found {len(schemes)}")
    ordered = _top_concepts_in_file_order(path, graph, schemes[0])
    themes: list[ThemeConcept] = []
    for concept in ordered:
        notation = graph.value(concept, SKOS.notation)
        theme_id = str(notation) if notation is not None else re.split(r"[#/]", str(concept))[-1]
        label = graph.value(concept, SKOS.prefLabel)
        definition = graph.value(concept, SKOS.definition)
        if label is None or definition is None:
            raise ValueError(f"{path}: theme {theme_id} needs skos:prefLabel and skos:definition")
        signals = tuple(
            (str(phrase), weight)
            for prop, weight in SIGNAL_WEIGHTS.items()
            for phrase in sorted(graph.objects(concept, prop), key=str)
        )
        themes.append(ThemeConcept(theme_id, str(label), str(definition), signals))
    return tuple(themes)


def _top_concepts_in_file_order(path: Path, graph: Graph, scheme: Node) -> list[Node]:
    # RDF has no order: follow the order the concepts are written in, so ties break the same way
    concepts = set(graph.subjects(RDF.type, SKOS.Concept)) & set(graph.objects(scheme, SKOS.hasTopConcept))
    text = path.read_text(encoding="utf-8")
    return sorted(
        concepts, key=lambda c: (text.find(re.split(r"[#/]", str(c))[-1] + " a skos:Concept"), str(c))
    )
