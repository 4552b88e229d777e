"""The shared vocabulary: where the ontology, SHACL shapes and theme scheme files live.

``safeguarding.ttl`` declares a class for every graph node type and an object property for every
edge type of :mod:`graph.model`; ``shapes.ttl`` says what a well-formed graph holds;
``themes.ttl`` is the SKOS scheme of the fixed theme ids. Paths only: reading them is left to
the callers (rdflib), so importing this package stays cheap.
"""

from __future__ import annotations

from pathlib import Path

ONTOLOGY_DIR = Path(__file__).resolve().parent
SAFEGUARDING_TTL = ONTOLOGY_DIR / "safeguarding.ttl"
SHAPES_TTL = ONTOLOGY_DIR / "shapes.ttl"
THEMES_TTL = ONTOLOGY_DIR / "themes.ttl"
# the main questions as SPARQL over the RDF export (graph/rdf.py), one NAME.rq each
QUERIES_DIR = ONTOLOGY_DIR / "queries"

# The namespace of the classes and properties in safeguarding.ttl (Turtle prefix ``sg:``).
SG_NAMESPACE = "https://w3id.org/safeguarding-graph/ontology#"

__all__ = ["ONTOLOGY_DIR", "QUERIES_DIR", "SAFEGUARDING_TTL", "SG_NAMESPACE", "SHAPES_TTL", "THEMES_TTL"]
