"""Read-only SPARQL over the RDF form of the graph (:mod:`graph.rdf`), with a time and a result limit.

Only queries are answered: SELECT, ASK, CONSTRUCT and DESCRIBE. Updates (INSERT, DELETE, LOAD,
CLEAR...), SERVICE (federated) patterns and FROM / FROM NAMED datasets, which would make the
server fetch other sites, are refused with :class:`RefusedQuery` before anything runs.

rdflib cannot stop a query once it runs, so each query runs in a forked child process that
shares the parent's RDF graph (copy-on-write, nothing is copied up front); the parent waits at
most ``timeout`` seconds and then kills it (:class:`QueryTimeout`). ``limit`` caps the rows of a
SELECT and the triples of a CONSTRUCT or DESCRIBE; ``truncated`` says when it cut the answer.
"""

from __future__ import annotations

import json
import multiprocessing
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseException
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt11", "application/ld+json": "json-ld"}


class RefusedQuery(ValueError):
    """A query that is not valid SPARQL, or that asks for something this endpoint does not do."""


class QueryTimeout(RuntimeError):
    """The query ran longer than its time limit and was stopped."""


@dataclass(frozen=True)
class Answer:
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE
    content: bytes
    media_type: str
    truncated: bool


def prepare(text: str) -> Query:
    """The algebra of a read-only query; :class:`RefusedQuery` says why anything else is refused."""
    try:
        parsed = parseQuery(text)
    except ParseException as exc:
        try:
            parseUpdate(text)
        except ParseException:
            raise RefusedQuery(f"not a valid SPARQL query: {exc}") from None
        raise RefusedQuery(
            "updates (INSERT, DELETE, LOAD, CLEAR, CREATE, DROP...) are refused: this endpoint is read-only"
        ) from None
    body = parsed[1]
    if "datasetClause" in body:
        raise RefusedQuery("FROM and FROM NAMED are refused: the endpoint queries its own graph only")
    query = translateQuery(parsed)
    if _mentions(query.algebra, "ServiceGraphPattern"):
        raise RefusedQuery("SERVICE (federated queries) is refused: the endpoint queries its own graph only")
    return query


def _mentions(tree: Any, name: str) -> bool:
    """Whether a query's algebra holds a part called ``name`` anywhere (filters included)."""
    if getattr(tree, "name", None) == name:
        return True
    if isinstance(tree, dict):
        return any(_mentions(v, name) for v in tree.values())
    if isinstance(tree, list | tuple):
        return any(_mentions(v, name) for v in tree)
    return False


def run(rdf: Graph, text: str, accept: str = "", limit: int = 10_000, timeout: float = 10.0) -> Answer:
    """Answer a read-only query within ``timeout`` seconds and ``limit`` rows or triples.

    Raises
    ------
    RefusedQuery
        Invalid SPARQL, an update, SERVICE, or FROM.
    QueryTimeout
        The query did not finish in time (it has been stopped).
    """
    query = prepare(text)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_answer_in_child, args=(sender, rdf, query, accept, limit), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryTimeout(f"the query did not finish within {timeout:g} seconds and was stopped")
        status, value = receiver.recv()
    except EOFError:
        raise RuntimeError("the query process ended without an answer") from None
    finally:
        child.kill()
        child.join()
        receiver.close()
    if status == "refused":
        raise RefusedQuery(value)
    if status == "error":
        raise RuntimeError(value)
    assert isinstance(value, Answer)
    return value


def _answer_in_child(sender: Any, rdf: Graph, query: Query, accept: str, limit: int) -> None:
    try:
        sender.send(("ok", evaluate(rdf, query, accept, limit)))
    except RefusedQuery as exc:
        sender.send(("refused", str(exc)))
    except Exception as exc:  # the parent reports any failure as the answer
        sender.send(("error", f"the query failed: {exc}"))
    finally:
        sender.close()


def evaluate(rdf: Graph, query: Query, accept: str = "", limit: int = 10_000) -> Answer:
    """Run a prepared query in this process (no time limit) and serialise its answer."""
    result = rdf.query(query)
    if result.type == "ASK":
        body = {"head": {}, "boolean": bool(result.askAnswer)}
        return Answer("ASK", _json(body), "application/sparql-results+json", False)
    if result.type == "SELECT":
        names = [str(v) for v in result.vars or ()]
        rows: list[dict[str, dict[str, str]]] = []
        truncated = False
        for row in result:
            if len(rows) == limit:
                truncated = True
                break
            rows.append({n: _term(row[n]) for n in names if row[n] is not None})  # type: ignore[index,call-overload]
        body = {"head": {"vars": names}, "results": {"bindings": rows}}
        return Answer("SELECT", _json(body), "application/sparql-results+json", truncated)
    media_type = next((t for t in GRAPH_TYPES if t in accept), "text/turtle")
    answer = Graph()
    for prefix, namespace in rdf.namespaces():
        answer.bind(prefix, namespace)
    truncated = False
    for triple in result:
        if len(answer) == limit:
            truncated = True
            break
        answer.add(triple)  # type: ignore[arg-type]
    content = answer.serialize(format=GRAPH_TYPES[media_type], encoding="utf-8")
    return Answer(result.type, content, media_type, truncated)


def _term(node: Node) -> dict[str, str]:
    """One value in the SPARQL 1.1 JSON results format."""
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    assert isinstance(node, Literal)
    term = {"type": "literal", "value": str(node)}
    if node.language:
        term["xml:lang"] = node.language
    elif node.datatype:
        term["datatype"] = str(node.datatype)
    return term


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")
