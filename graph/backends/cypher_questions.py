"""The Cypher each question runs on the server: what it selects and what it counts.

Every statement is a constant in the Cypher Neo4j 5 and FalkorDB both accept (tests/
test_bolt_dialect.py checks each against the list of their differences); values travel only as
parameters. A node tested by a pattern predicate (``WHERE NOT (a)-[...]->()``) is matched with one
label and given the other in ``WHERE``: FalkorDB 4.16 crashed (AlgebraicExpression_Dest) on
``MATCH (r:Sgraph:Recommendation) WHERE NOT (r)-[:addressedByAction]->()``. Labels and
relationship types come from :mod:`graph.model` through :func:`graph.backends.cypher.label_of`
and :func:`graph.backends.cypher.relationship_of`.

The server selects; :mod:`graph.backends.bolt` reads back only what was selected and the facts
around it, and words the answer with the same function of :mod:`graph.queries` as the embedded
graph. Where a question needs every fact of one kind (gaps), the server picks the candidates
with a predicate that keeps every true one, and the embedded function decides on their facts.
"""

from __future__ import annotations

from graph.backends.cypher import MARKER, label_of, relationship_of
from graph.model import EdgeType, NodeType

_REC, _FINDING, _ACTION, _THEME, _ORG, _ROLE = (
    label_of(t)
    for t in (
        NodeType.RECOMMENDATION,
        NodeType.FINDING,
        NodeType.ACTION,
        NodeType.THEME,
        NodeType.ORGANISATION,
        NodeType.ROLE,
    )
)
_ADDRESSED_TO, _HAS_THEME, _ANSWERED_BY, _LED_BY, _PART_OF, _CONCERNS, _ASSURED_BY = (
    relationship_of(t)
    for t in (
        EdgeType.ADDRESSED_TO,
        EdgeType.HAS_THEME,
        EdgeType.ADDRESSED_BY_ACTION,
        EdgeType.LED_BY,
        EdgeType.PART_OF,
        EdgeType.CONCERNS,
        EdgeType.ASSURED_BY,
    )
)

# --- walking from nodes already selected ---------------------------------------------------

FOLLOW_OUT = (
    f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) WHERE a.id IN $ids AND type(r) IN $types "
    "RETURN DISTINCT b.id AS id"
)
FOLLOW_IN = (
    f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) WHERE b.id IN $ids AND type(r) IN $types "
    "RETURN DISTINCT a.id AS id"
)
# One step either way along any link, to nodes of the given types (a breadth-first level of the
# path question: FalkorDB's shortestPath follows edge direction only, and ties must break as in
# the embedded graph, so the server gives the levels and the path is chosen among them).
NEIGHBOURS = (
    f"MATCH (a:{MARKER})-[]-(b:{MARKER}) WHERE a.id IN $ids AND b.type IN $types RETURN DISTINCT b.id AS id"
)

# --- shared accountability -------------------------------------------------------------------

# Recommendations with at least $least addressees, optionally of one area and addressed to one
# organisation.
SHARED_RECOMMENDATIONS = f"""
MATCH (r:{MARKER}:{_REC})
OPTIONAL MATCH (r)-[:{_ADDRESSED_TO}]->(o:{MARKER})
WITH r, count(o) AS owners, collect(o.id) AS owner_ids
WHERE owners >= $least AND ($area IS NULL OR r.area = $area) AND ($org IS NULL OR $org IN owner_ids)
RETURN r.id AS id
"""

# --- recurring themes ------------------------------------------------------------------------

# Themes raised in at least $min_areas areas, with what raises them: recommendations, findings,
# and actions stated on their own (no recommendation or finding is answered by them).
THEMED_ITEMS = f"""
MATCH (i:{MARKER})-[:{_HAS_THEME}]->(t:{MARKER}:{_THEME})
WHERE i:{_REC} OR i:{_FINDING} OR (i:{_ACTION} AND NOT ()-[:{_ANSWERED_BY}]->(i))
WITH t, collect(i.id) AS items, count(DISTINCT CASE WHEN i.area <> '' THEN i.area END) AS areas
WHERE areas >= $min_areas
RETURN t.id AS theme, items
"""

# --- co-accountability -----------------------------------------------------------------------

# Each pair of organisations sharing recommendations, with the recommendations (what orders and
# names them): the network's edges, counted on the server. Centrality and the Louvain
# communities are computed on these pairs in Python: they are algorithms, not look-ups, and
# neither server has them in common Cypher.
ORGANISATION_PAIRS = f"""
MATCH (a:{MARKER}:{_ORG})<-[:{_ADDRESSED_TO}]-(r:{MARKER}:{_REC})-[:{_ADDRESSED_TO}]->(b:{MARKER}:{_ORG})
WHERE a.id < b.id
RETURN a.label AS first, b.label AS second,
       collect([r.id, r.area, r.review, r.recommendation, r.label]) AS recommendations
"""
ADDRESSED_ORGANISATIONS = f"""
MATCH (:{MARKER}:{_REC})-[:{_ADDRESSED_TO}]->(o:{MARKER}:{_ORG})
RETURN DISTINCT o.label AS name
"""

# --- gaps ------------------------------------------------------------------------------------

RECOMMENDATIONS_WITHOUT_ACTION = f"""
MATCH (r:{_REC})
WHERE r:{MARKER} AND NOT (r)-[:{_ANSWERED_BY}]->()
RETURN r.id AS id
"""

# Actions that may lack a lead, an assurance route or a timescale, or be overdue on $as_of (an
# ISO day: a timescale that sorts before it may have passed; the month of $as_of itself is
# judged on its last day by the embedded function). An action whose only lead is the sole
# addressee of its recommendation is also a candidate here: that rule is decided on its facts.
ACTION_GAP_CANDIDATES = f"""
MATCH (a:{_ACTION})
WHERE a:{MARKER} AND ((coalesce(a.lead, '') = ''
       AND NOT (a)-[:{_LED_BY}]->(:{MARKER}:{_ORG})
       AND NOT (a)-[:{_LED_BY}]->(:{MARKER}:{_ROLE})-[:{_PART_OF}]->(:{MARKER}:{_ORG})
       AND NOT (a)-[:{_CONCERNS}]->(:{MARKER}:{_ORG}))
   OR (a.assurance IS NULL AND NOT (a)-[:{_ASSURED_BY}]->())
   OR (coalesce(a.timescale, '') = '' AND coalesce(a.timescale_raw, '') = '')
   OR (coalesce(a.timescale, '') <> '' AND a.timescale < $as_of AND coalesce(a.status, '') <> 'completed'))
RETURN a.id AS id
"""

# Organisations recommendations are addressed to that neither lead an action (themselves or
# through a role) nor are concerned by one: they may do no work of their own (they still do if
# they are the sole addressee of a recommendation that has actions, decided on its facts).
ORGANISATIONS_WITHOUT_OWN_WORK = f"""
MATCH (r:{_REC})-[:{_ADDRESSED_TO}]->(o:{_ORG})
WHERE r:{MARKER} AND o:{MARKER}
WITH DISTINCT o
WHERE NOT (:{MARKER}:{_ACTION})-[:{_LED_BY}]->(o)
  AND NOT (:{MARKER}:{_ACTION})-[:{_LED_BY}]->(:{MARKER}:{_ROLE})-[:{_PART_OF}]->(o)
  AND NOT (:{MARKER}:{_ACTION})-[:{_CONCERNS}]->(o)
RETURN o.id AS id
"""
