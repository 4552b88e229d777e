"""Entity resolution across documents: one node per review, recommendation and organisation.

Pure functions over :class:`StoredDocument` lists; :mod:`graph.build` turns their answers into
nodes. The loaders have already resolved every name within its document (records carry
resolved references, :mod:`loaders.references`); what is left is the graph's own work, across
documents. Three questions are answered here:

* which documents describe the same review (same area and programme, compatible dates; an
  undated document joins the only review of its area and programme),
* which recommendation ids written in different documents of one review are the same
  recommendation (``27`` in one plan and ``27.1`` in another, when nothing else competes);
  a recommendation without a number is never the same as another,
* which organisation records of different documents are the same organisation (the same
  registry code; or, in one area, the same canonical name, a shared specific alias, or one
  name being the other's words plus descriptive words), never merging two records that one
  document keeps apart.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from graph.documents import StoredDocument
from graph.model import NodeType, node_id
from loaders.records import Extraction, ReviewRecord
from loaders.references import organisation_names
from ontology.names import plain_name as normalise_name
from ontology.words import word_list

# words that say what kind of body something is rather than which one it is (reviewed data)
GENERIC_WORDS = word_list("name_keys", "kind")

_MONTH = re.compile(r"(\d{4})-(\d{2})")


@functools.lru_cache(maxsize=65536)
def distinctive_words(name: str) -> frozenset[str]:
    return frozenset(w for w in normalise_name(name).split() if w not in GENERIC_WORDS)


def _month_index(value: str | None) -> int | None:
    if not value:
        return None
    match = _MONTH.match(value)
    return int(match.group(1)) * 12 + int(match.group(2)) - 1 if match else None


# --------------------------------------------------------------------------------------- reviews


@dataclass
class _ReviewCluster:
    area: str
    fieldwork: list[int] = field(default_factory=list)
    published: list[int] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    fieldwork_text: list[str] = field(default_factory=list)
    published_text: list[str] = field(default_factory=list)

    def compatible(self, fieldwork: int | None, published: int | None) -> bool:
        """Dates agree within a month; a report is published within a year after its fieldwork."""
        if fieldwork is not None and self.fieldwork:
            return any(abs(fieldwork - f) <= 1 for f in self.fieldwork)
        if published is not None and self.published:
            return any(abs(published - p) <= 1 for p in self.published)
        if fieldwork is not None and self.published:
            return any(0 <= p - fieldwork <= 12 for p in self.published)
        if published is not None and self.fieldwork:
            return any(0 <= published - f <= 12 for f in self.fieldwork)
        return False

    def key(self) -> str:
        if self.fieldwork_text:
            return min(self.fieldwork_text)[:7]
        if self.published_text:
            return "published-" + min(self.published_text)[:7]
        return "undated"


_CLAS_PROGRAMME = ReviewRecord().programme


def _review_place(ext: Extraction) -> tuple[str, ...]:
    """Where a review's node id starts: its area, and for a review other than a CQC CLAS review
    its programme (a JTAI and a CLAS review of one area in one month are two reviews)."""
    area = ext.area or ""
    if (ext.review.regulator, ext.review.programme) in {("CQC", _CLAS_PROGRAMME), (None, None)}:
        return (area,)
    return (area, ext.review.programme or ext.review.regulator or "")


def assign_reviews(
    documents: Sequence[StoredDocument], notes: dict[str, list[str]] | None = None
) -> dict[str, str]:
    """Map each document id to the id of the Review node it describes.

    A review is one area, one regulator's programme and one fieldwork: documents of one area and
    programme whose fieldwork/publication dates are compatible describe one review. A document
    that states no dates joins its area's review only when it names the review (its regulator or
    programme) and the area has exactly one such review; otherwise it stays apart. Either way
    ``notes`` (document id -> warnings) says what was done, so that nothing joins silently.
    A document with no area describes a review of its own.
    """
    clusters: dict[tuple[str, ...], list[_ReviewCluster]] = defaultdict(list)
    undated: list[StoredDocument] = []
    result: dict[str, str] = {}
    for doc in sorted(documents, key=lambda d: d.id):
        ext = doc.extraction
        if not ext.area:
            result[doc.id] = node_id(NodeType.REVIEW, "document", doc.id)
            continue
        fieldwork = _month_index(ext.review.fieldwork)
        published = _month_index(ext.review.published)
        if fieldwork is None and published is None:
            undated.append(doc)
            continue
        area_clusters = clusters[_review_place(ext)]
        cluster = next((c for c in area_clusters if c.compatible(fieldwork, published)), None)
        if cluster is None:
            cluster = _ReviewCluster(area=ext.area)
            area_clusters.append(cluster)
        cluster.documents.append(doc.id)
        if fieldwork is not None and ext.review.fieldwork:
            cluster.fieldwork.append(fieldwork)
            cluster.fieldwork_text.append(ext.review.fieldwork)
        if published is not None and ext.review.published:
            cluster.published.append(published)
            cluster.published_text.append(ext.review.published)
    for place, area_clusters in clusters.items():
        for cluster in area_clusters:
            for doc_id in cluster.documents:
                result[doc_id] = node_id(NodeType.REVIEW, *place, cluster.key())
    for doc in undated:
        place = _review_place(doc.extraction)
        key, note = _undated_review(doc.extraction, clusters.get(place, []))
        result[doc.id] = node_id(NodeType.REVIEW, *place, key)
        if notes is not None:
            notes.setdefault(doc.id, []).append(note)
    return result


def _undated_review(ext: Extraction, dated: list[_ReviewCluster]) -> tuple[str, str]:
    """The review key of a document that states no review dates, and the warning saying why."""
    review = f"{ext.review.programme or ext.review.regulator or 'review'} of {ext.area}"
    if not ext.review.named:
        return "undated", f"no review named or dated: kept apart from any {review}"
    if len(dated) == 1:
        key = dated[0].key()
        return key, f"no review dates stated: joined the one {review} ({key}), which it names"
    if dated:
        return "undated", f"no review dates stated and {len(dated)} reviews of {review}: joined none"
    return "undated", f"no review dates stated: no dated {review} to join"


# ------------------------------------------------------------------------------- recommendations


def recommendation_ids(ids_by_document: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Map each recommendation id as written in one review's documents to its canonical id.

    A bare number ("27") written by documents that have none of its sub-numbers is the same
    recommendation as the single sub-number ("27.1") the other documents have, provided no
    document writes both forms and only one sub-number of it exists in the review. Every other
    id maps to itself. An empty id (a recommendation without a number) matches nothing: see
    :func:`recommendation_keys`.
    """
    per_doc = {doc: {i for i in ids if i} for doc, ids in ids_by_document.items()}
    all_ids = set().union(*per_doc.values()) if per_doc else set()
    mapping = {rec_id: rec_id for rec_id in all_ids}
    for bare in sorted(i for i in all_ids if re.fullmatch(r"\d+", i)):
        subs = {i for i in all_ids if i.startswith(bare + ".")}
        if len(subs) != 1:
            continue
        (sub,) = subs
        if any(bare in ids and sub in ids for ids in per_doc.values()):
            continue
        mapping[bare] = sub
    return mapping


def recommendation_keys(doc: StoredDocument) -> list[str]:
    """The key of each of the document's recommendations, in document order.

    A numbered recommendation's key is its id as written (matched across the review's documents
    by :func:`recommendation_ids`). One without a number is only itself: its key is the document
    and where in it the recommendation is ("plan.csv@row 4"), so it never merges with another
    recommendation, of this document or any other; two at one place are told apart by order.
    """
    keys: list[str] = []
    at_place: Counter[str] = Counter()
    for rec in doc.extraction.recommendations:
        if rec.id:
            keys.append(rec.id)
            continue
        place = f"{doc.id}@{rec.location.describe()}"
        at_place[place] += 1
        keys.append(place if at_place[place] == 1 else f"{place} #{at_place[place]}")
    return keys


# --------------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class OrganisationEntry:
    """One resolved organisation: its node id and everything known about it."""

    node: str
    canonical: str
    type: str
    aliases: tuple[str, ...]
    areas: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass
class OrganisationIndex:
    """Which node each organisation record of each document became."""

    entries: dict[str, OrganisationEntry]
    # (document id, canonical name or listed form as the document's records write it) -> node id
    by_document: dict[tuple[str, str], str]

    def lookup(self, document: str, name: str) -> str | None:
        """The node of the organisation the document's records call ``name`` (exactly)."""
        return self.by_document.get((document, name))


@dataclass
class _OrgRecord:
    document: str
    area: str
    canonical: str
    type: str
    names: list[str]
    code: str


def _types_compatible(a: str, b: str) -> bool:
    return a == b or "other" in (a, b)


def _same_organisation(a: _OrgRecord, b: _OrgRecord) -> bool:
    """Two records of one area without the same registry code: the same organisation?"""
    if a.code and b.code:
        return False  # two bodies of the national lists
    if normalise_name(a.canonical) == normalise_name(b.canonical):
        return True
    if not _types_compatible(a.type, b.type):
        return False
    shared = {normalise_name(n) for n in a.names} & {normalise_name(n) for n in b.names}
    if any(distinctive_words(n) for n in shared):
        return True
    words_a, words_b = distinctive_words(a.canonical), distinctive_words(b.canonical)
    smaller, larger = sorted((words_a, words_b), key=len)
    return len(smaller) >= 2 and smaller < larger


class _Groups:
    """Union-find over records that never joins two groups one document keeps apart."""

    def __init__(self, records: list[_OrgRecord]) -> None:
        self.parent = list(range(len(records)))
        self.docs_of: dict[int, set[str]] = {i: {r.document} for i, r in enumerate(records)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or self.docs_of[ri] & self.docs_of[rj]:
            return
        self.parent[rj] = ri
        self.docs_of[ri] |= self.docs_of.pop(rj)


def resolve_organisations(documents: Sequence[StoredDocument]) -> OrganisationIndex:
    """Merge the organisation records of all documents into one entry per organisation.

    The loaders have resolved every name to a record of its document; here records of different
    documents meet. Records with the same registry code are one body, wherever they are. Other
    records of different documents in the same area merge when :func:`_same_organisation` says
    so, unless the merge would join two records that a single document keeps separate. Across
    areas only identical canonical names meet (national bodies such as the regulator).
    """
    records = [
        _OrgRecord(
            doc.id,
            doc.extraction.area or "",
            org.canonical,
            org.type,
            list(dict.fromkeys([org.canonical, *org.aliases_in_text])),
            org.registry_code or "",
        )
        for doc in sorted(documents, key=lambda d: d.id)
        for org in doc.extraction.organisations
    ]
    records += [
        _OrgRecord(doc.id, doc.extraction.area or "", name, "other", [name], "")
        for doc in sorted(documents, key=lambda d: d.id)
        for name in unlisted_names(doc.extraction)
    ]
    groups = _Groups(records)
    first_of_code: dict[str, int] = {}
    for i, record in enumerate(records):
        if record.code:
            groups.join(first_of_code.setdefault(record.code, i), i)
    area_members: dict[str, list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        area_members[record.area].append(i)
    for in_area in area_members.values():
        for k, i in enumerate(in_area):
            for j in in_area[k + 1 :]:
                a, b = records[i], records[j]
                if a.document != b.document and _same_organisation(a, b):
                    groups.join(i, j)

    by_group: dict[int, list[_OrgRecord]] = defaultdict(list)
    for i, record in enumerate(records):
        by_group[groups.find(i)].append(record)
    by_canonical: dict[str, list[_OrgRecord]] = defaultdict(list)
    for members in by_group.values():
        by_canonical[_choose_canonical(members)].extend(members)

    entries: dict[str, OrganisationEntry] = {}
    by_document: dict[tuple[str, str], str] = {}
    for canonical in sorted(by_canonical):
        members = by_canonical[canonical]
        nid = node_id(NodeType.ORGANISATION, canonical)
        types = Counter(m.type for m in members if m.type != "other")
        aliases = sorted({n for m in members for n in m.names} - {canonical})
        entries[nid] = OrganisationEntry(
            node=nid,
            canonical=canonical,
            type=min(types, key=lambda t: (-types[t], t)) if types else "other",
            aliases=tuple(aliases),
            areas=tuple(sorted({m.area for m in members if m.area})),
            documents=tuple(sorted({m.document for m in members})),
        )
    # a record's own canonical name wins over another record's form spelt the same
    for own in (True, False):
        for canonical in sorted(by_canonical):
            nid = node_id(NodeType.ORGANISATION, canonical)
            for member in by_canonical[canonical]:
                for name in member.names[:1] if own else member.names[1:]:
                    by_document.setdefault((member.document, name), nid)
    return OrganisationIndex(entries=entries, by_document=by_document)


def unlisted_names(ext: Extraction) -> list[str]:
    """Names of organisations an extraction's records use that neither its organisation records
    nor its collectives list (the loaders list every one: this is an extraction stored by another
    version, or written by hand). Each is an organisation as written, never dropped."""
    listed = {f for org in ext.organisations for f in (org.canonical, *org.aliases_in_text)}
    listed |= set(ext.collective_addressees)
    return [n for n in dict.fromkeys(organisation_names(ext)) if n and n not in listed]


def _choose_canonical(members: list[_OrgRecord]) -> str:
    """The canonical name most documents use; then the fullest; then alphabetical."""
    counts = Counter(m.canonical for m in members)
    return min(counts, key=lambda name: (-counts[name], -len(name), name))
