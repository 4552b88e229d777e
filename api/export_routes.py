"""``GET /export/{format}``: the whole graph as a download, in any format ``sgraph export`` writes.

The RDF form is made once per revision of the graph and kept with it in Oxigraph (shared with
``/sparql``, see :mod:`graph.sparql`), which writes the RDF downloads;
``csv`` answers a zip of the ``neo4j-admin database import`` files. Node IRIs use the base in
``SGRAPH_BASE_IRI`` (default :data:`graph.rdf.DEFAULT_BASE`).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

from fastapi import FastAPI, Path
from fastapi.responses import Response

from api.service import GraphCache, Problem
from graph import exports, rdf_forms

# rdflib is loaded when RDF is first asked for, not at start-up
if TYPE_CHECKING:
    from graph.rdf import RdfStore

BASE_VARIABLE = "SGRAPH_BASE_IRI"


def base_iri() -> str:
    """The base of node IRIs: ``$SGRAPH_BASE_IRI``, else the default; refused when not an IRI."""
    return rdf_forms.check_base(os.environ.get(BASE_VARIABLE) or rdf_forms.DEFAULT_BASE)


def rdf_of(cache: GraphCache, base: str) -> RdfStore:
    """The RDF form of the current graph, made once per graph revision."""
    from graph import rdf

    return cache.snapshot().derived(f"rdf {base}", lambda g: rdf.rdf_store(g, base))


def add_export_routes(app: FastAPI, cache: GraphCache) -> None:
    base = base_iri()

    @app.get(
        "/export/{fmt}",
        tags=["export"],
        response_class=Response,
        responses={200: {"content": {media: {} for media in sorted(set(exports.EVERY_FORMAT.values()))}}},
    )
    def export(
        fmt: Annotated[
            str, Path(description=f"One of: {', '.join(exports.EVERY_FORMAT)}.", examples=["graphml"])
        ],
    ) -> Response:
        """The whole graph with every fact's source: RDF (`turtle`, `jsonld`, `nt`), `graphml` and
        `gexf` (Gephi), node-link `json`, or `csv` (a zip of files for neo4j-admin import)."""
        if fmt not in exports.EVERY_FORMAT:
            raise Problem(
                404,
                "Unknown export format",
                f"Ask for one of: {', '.join(exports.EVERY_FORMAT)} (not {fmt!r}).",
            )
        if fmt in rdf_forms.FORMATS:
            content = rdf_of(cache, base).dump(fmt)
        else:
            content = exports.export(cache.graph(), fmt)
        name = f"safeguarding-graph.{exports.SUFFIXES[fmt]}"
        return Response(
            content,
            media_type=exports.EVERY_FORMAT[fmt],
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
