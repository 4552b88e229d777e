"""The graph's vocabulary: node types, edge types and stable node ids.

Every name here is declared in ``ontology/safeguarding.ttl`` (class or object property of the
same local name); ``tests/test_ontology.py`` holds the two together. Node and edge
attributes always include ``source`` provenance: a list of ``{"document": id, "location": {...}}``.
"""

from __future__ import annotations

import functools
import hashlib
import re
from enum import StrEnum


class NodeType(StrEnum):
    REVIEW = "Review"
    AREA = "Area"
    SOURCE_DOCUMENT = "SourceDocument"
    RECOMMENDATION = "Recommendation"
    FINDING = "Finding"
    EXPECTED_OUTCOME = "ExpectedOutcome"
    ACTION = "Action"
    ORGANISATION = "Organisation"
    COLLECTIVE_ADDRESSEE = "CollectiveAddressee"
    ROLE = "Role"
    ASSURANCE_BODY = "AssuranceBody"
    THEME = "Theme"


class EdgeType(StrEnum):
    ADDRESSED_TO = "addressedTo"  # Recommendation -> Organisation | CollectiveAddressee
    MADE_BY = "madeBy"  # Recommendation | Finding -> Review
    IN_AREA = "inArea"  # Review | Organisation -> Area
    ADDRESSED_BY_ACTION = "addressedByAction"  # Recommendation | Finding -> Action
    HAS_OUTCOME = "hasOutcome"  # Recommendation -> ExpectedOutcome
    LED_BY = "ledBy"  # Action -> Role | Organisation | CollectiveAddressee
    RESPONSIBLE_OFFICER = "responsibleOfficer"  # Action -> Role
    ASSURED_BY = "assuredBy"  # Action -> AssuranceBody
    HAS_THEME = "hasTheme"  # Recommendation | Finding | Action -> Theme
    REFERS_TO = "refersTo"  # Recommendation | Action -> Recommendation (cross-reference)
    COMMISSIONS = "commissions"  # Organisation -> Organisation
    MONITORS = "monitors"  # AssuranceBody | Organisation -> Review
    CONCERNS = "concerns"  # Finding | Action -> Organisation | CollectiveAddressee
    DERIVED_FROM = "derivedFrom"  # any fact -> SourceDocument
    PART_OF = "partOf"  # AssuranceBody | Role -> Organisation
    LEADS = "leads"  # Organisation | Role | AssuranceBody -> Review (its response, or a part of it)
    ACCOUNTABLE_TO = "accountableTo"  # Organisation | Role | AssuranceBody -> Organisation | Role | AssuranceBody  # noqa: E501


@functools.lru_cache(maxsize=1 << 16)
def slug(text: str) -> str:
    """Lower-case, hyphenated form of a name, used inside node ids (cached: the build makes the
    same ids again and again, and the regex was a tenth of it)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def node_id(node_type: NodeType, *parts: str) -> str:
    """A stable id such as ``Organisation:east-lancashire-hospitals-nhs-trust``."""
    return f"{node_type.value}:" + ":".join(slug(p) for p in parts)
