"""What the RDF form is called and where its node IRIs live, without loading rdflib: the web app
and ``sgraph export`` name the formats and check the base at start-up, and load the RDF writer
(:mod:`graph.rdf`, a fifth of a second to import) only when RDF is asked for."""

from __future__ import annotations

import re

DEFAULT_BASE = "https://w3id.org/safeguarding-graph/id/"
FORMATS = {"turtle": "text/turtle", "jsonld": "application/ld+json", "nt": "application/n-triples"}


def check_base(base: str) -> str:
    """The base IRI, refused unless it is an absolute http(s) IRI ending in '/' or '#'."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+[/#]", base):
        raise ValueError(f"the base IRI must be an absolute http(s) IRI ending in '/' or '#', not {base!r}")
    return base
