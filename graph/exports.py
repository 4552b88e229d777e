"""The graph as files other tools open: GraphML and GEXF (Gephi), node-link JSON, and CSV for
``neo4j-admin database import``.

Node-link JSON keeps every value as it is (lists, dicts, None), so reading it back with
:func:`read_node_link` gives an identical graph. GraphML, GEXF and CSV hold only scalars, so
their attributes are flattened the one same way (:func:`flatten`):

- a string, number or boolean is kept as it is;
- ``None`` (and an empty list or dict) is left out: the attribute is absent, the CSV cell empty;
- a list or dict (provenance ``source``, ``aliases``, ``evidence``...) becomes its JSON text
  (keys sorted, UTF-8), which ``json.loads`` turns back;
- an edge's ``type`` is written as ``relationship``, because GEXF keeps ``type`` for
  directed/undirected; the edge type is also the GraphML edge id's prefix and the CSV ``:TYPE``;
- an inferred edge has ``inferred`` true and its reasons in ``reasons`` (the graph keeps a
  re-pointed lead's reasons in ``inferred`` itself), so each attribute has one type throughout.

Provenance therefore travels in every format: each node's and edge's ``source`` column lists the
documents and places it was read from.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.rdf_forms import DEFAULT_BASE
from graph.rdf_forms import FORMATS as RDF_FORMATS

FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "application/zip",
}
# every format ``sgraph export`` and ``/export/{format}`` write -> its media type
EVERY_FORMAT = {**RDF_FORMATS, **FORMATS}
SUFFIXES = {"turtle": "ttl", "jsonld": "jsonld", "nt": "nt", "graphml": "graphml", "gexf": "gexf"}
SUFFIXES |= {"json": "json", "csv": "zip"}
# a spreadsheet would run a cell starting with one of these as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NEO4J_IMPORT = "neo4j-admin database import full --multiline-fields=true {files} neo4j"

Scalar = str | int | float | bool


def flatten(value: Any) -> Scalar | None:
    """One attribute value as a scalar, or None when it is to be left out (see module docstring)."""
    if value is None or value == [] or value == {}:
        return None
    if isinstance(value, str | int | float | bool):
        return value
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def flat_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` with every attribute flattened (same nodes, edges and keys, same order)."""
    flat = nx.MultiDiGraph()
    for node, attrs in g.nodes(data=True):
        flat.add_node(node, **_flat(attrs))
    for u, v, key, attrs in g.edges(keys=True, data=True):
        flat.add_edge(u, v, key=key, **_flat(attrs, edge=True))
    return flat


def _flat(attrs: dict[str, Any], edge: bool = False) -> dict[str, Scalar]:
    if edge and isinstance(attrs.get("inferred"), list):
        # a re-pointed lead holds its reasons in ``inferred``: true, with them in ``reasons``
        attrs = {**attrs, "inferred": True, "reasons": [*attrs.get("reasons", []), *attrs["inferred"]]}
    out: dict[str, Scalar] = {}
    for name, value in attrs.items():
        scalar = flatten(value)
        if scalar is not None:
            out["relationship" if edge and name == "type" else name] = scalar
    return out


def graphml(g: nx.MultiDiGraph) -> bytes:
    """GraphML (typed attribute keys; edge ids ``<type>:<n>``), as Gephi and yEd open it."""
    flat = flat_graph(g)
    buffer = io.BytesIO()
    # the edge key (its type) is not unique across pairs: number each edge, keeping the type
    numbered = nx.MultiDiGraph()
    numbered.add_nodes_from(flat.nodes(data=True))
    for index, (u, v, key, attrs) in enumerate(flat.edges(keys=True, data=True)):
        numbered.add_edge(u, v, key=f"{key}:{index}", **attrs)
    # key ids d0, d1...: a name may be both a node and an edge attribute (``source``)
    nx.write_graphml(numbered, buffer, encoding="utf-8", edge_id_from_attribute=None)
    return buffer.getvalue()


def gexf(g: nx.MultiDiGraph) -> bytes:
    """GEXF 1.2 with typed attributes, as Gephi opens it."""
    buffer = io.BytesIO()
    nx.write_gexf(flat_graph(g), buffer, encoding="utf-8")
    return buffer.getvalue()


def node_link(g: nx.MultiDiGraph) -> bytes:
    """Node-link JSON (networkx's layout: ``nodes``, ``edges`` with ``key``), every value as it is.

    An edge's ends are ``start`` and ``end``: ``source`` is the provenance attribute.
    """
    data = nx.node_link_data(g, edges="edges", source="start", target="end")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def read_node_link(data: bytes | str) -> nx.MultiDiGraph:
    """The graph of :func:`node_link` output."""
    graph = nx.node_link_graph(
        json.loads(data), directed=True, multigraph=True, edges="edges", source="start", target="end"
    )
    assert isinstance(graph, nx.MultiDiGraph)
    return graph


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet would read as a formula gets a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def neo4j_csv(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """CSV files for ``neo4j-admin database import``: file name -> content.

    One ``nodes-<Type>.csv`` per node type (``id:ID``, ``:LABEL``, then its attributes) and one
    ``relationships-<type>.csv`` per edge type (``:START_ID``, ``:END_ID``, ``:TYPE``, then its
    attributes). Integer and boolean columns are typed (``name:int``, ``name:boolean``), the rest
    are strings; values are flattened as :func:`flatten` says and text cells are neutralised.
    """
    files: dict[str, bytes] = {}
    by_type: dict[str, list[tuple[str, dict[str, Scalar]]]] = {}
    for node, attrs in g.nodes(data=True):
        by_type.setdefault(attrs["type"], []).append((node, _flat(attrs)))
    for kind, nodes in sorted(by_type.items()):
        rows = [{"id": node, ":LABEL": kind, **attrs} for node, attrs in nodes]
        files[f"nodes-{kind}.csv"] = _csv(rows, fixed=("id", ":LABEL"), id_column="id")
    by_edge: dict[str, list[dict[str, Scalar]]] = {}
    for u, v, key, attrs in g.edges(keys=True, data=True):
        by_edge.setdefault(key, []).append({":START_ID": u, ":END_ID": v, ":TYPE": key, **_flat(attrs)})
    for key, edges in sorted(by_edge.items()):
        files[f"relationships-{key}.csv"] = _csv(edges, fixed=(":START_ID", ":END_ID", ":TYPE"))
    return files


def neo4j_import_command(names: Iterable[str]) -> str:
    """The ``neo4j-admin`` command line that imports the files :func:`neo4j_csv` wrote."""
    options = [
        f"--nodes={name}" if name.startswith("nodes-") else f"--relationships={name}"
        for name in sorted(names)
    ]
    return NEO4J_IMPORT.format(files=" ".join(options))


def _csv(rows: list[dict[str, Scalar]], fixed: tuple[str, ...], id_column: str | None = None) -> bytes:
    skip = {*fixed, "type", "relationship"}
    columns = sorted({name for row in rows for name in row} - skip)
    header = [f"{c}:ID" if c == id_column else c for c in fixed]
    header += [_typed(name, [row.get(name) for row in rows]) for name in columns]
    buffer = io.StringIO()
    # "\r\n" ends rows, so a cell holding either character is quoted
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(row.get(name)) for name in [*fixed, *columns]])
    return buffer.getvalue().encode("utf-8")


def _typed(name: str, values: list[Scalar | None]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return f"{name}:boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return f"{name}:int"
    return name


def _cell(value: Scalar | None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def export(g: nx.MultiDiGraph, fmt: str, base: str = DEFAULT_BASE) -> bytes:
    """The graph in one of :data:`EVERY_FORMAT`; ``csv`` is a zip of the :func:`neo4j_csv` files.

    Raises
    ------
    ValueError
        An unknown format, or (RDF) a base that is not an absolute http(s) IRI.
    """
    if fmt in RDF_FORMATS:
        from graph import rdf

        return rdf.rdf_store(g, base).dump(fmt)
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, content in neo4j_csv(g).items():
                archive.writestr(name, content)
        return buffer.getvalue()
    writers = {"graphml": graphml, "gexf": gexf, "json": node_link}
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EVERY_FORMAT)}")
    return writers[fmt](g)
