"""Recognise action-plan tables among a document's tables and read them into records.

A table is an action plan when one of its first rows names the columns (see
:mod:`loaders.columns`). Below the header, row by row:

* a row holding only "<n>. <organisations> should:" is a group header: its addressees apply
  to every numbered recommendation under it (shared accountability);
* a row holding only a title in its first cell ("Theme B: emotional health", or "2. Training"
  above 2.1 and 2.2) is a heading, not a recommendation;
* a row whose recommendation cell starts with a number (1.1, 27, 27.1), or whose number column
  holds an id (1.1, A1), opens a recommendation; one with wording but no number opens a
  recommendation with the id "" (kept apart from other unnumbered ones by its location);
* a row with an empty recommendation cell but an issue/report-reference cell is a finding
  (an issue raised without a recommendation number); any other row with an empty
  recommendation cell continues the record above;
* a tracker's organisation column ("Organisation", "Provider", "Lead agency") adds the
  organisations it names to the recommendation's addressees and to the row's actions;
* each action cell gives one action, or several when its timescale cell names several
  separately dated items (one provider's plan complete, another's due in March).

Assurance bodies are read from the assurance and responsible-officer cells, and from action
text that reports to one (see :mod:`loaders.assurance_bodies`).

Nothing here raises on odd input: unknown columns, short or long rows and unreadable
timescales become warnings naming the line (or, in formats without lines, the cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.assurance_bodies import AssuranceBodies
from loaders.blocks import Cell, DocumentBlocks, Location, Row, Table
from loaders.column_content import opens_plan_rows, placed_by_content, reads_as_header
from loaders.columns import ColumnRole, column_role, header_roles, looks_like_header, not_understood
from loaders.crossrefs import find_cross_refs
from loaders.headerless import headerless_roles
from loaders.label_records import with_label_records
from loaders.mentions import ADDRESSING, REQUEST_VERBS
from loaders.organisations import OrganisationResolver
from loaders.plan_cells import (
    REFS_ONLY,
    REPORT_REF,
    assurance_items,
    cell_text,
    cells_by_role,
    item_lines,
    one_line,
    pair_texts,
    people,
    report_refs,
    row_rag,
    runs_on,
    spanning,
    split_id,
    timescale_items,
)
from loaders.progress_notes import read_progress_notes
from loaders.records import ActionRecord, FindingRecord, RecommendationRecord
from loaders.status import RagKey, rag_key, status_from_text, status_of_rag
from loaders.timescales import parse_timescale


@dataclass
class PlanFacts:
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    assurance_bodies: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# how many rows from a table's top are searched for its header row
_HEADER_SEARCH = 10

# a recommendation worded with its addressees as the subject ("<organisations> should ...")
_SHOULD = re.compile(rf"^(.{{3,200}}?)\s+{REQUEST_VERBS}\b", re.IGNORECASE)
_CONNECTOR_WORDS = re.compile(r"\b(?:and|together|with|the|all|of)\b|[,&/]|\s+", re.IGNORECASE)
_GROUP_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s+")
_GROUP_HEADER = re.compile(
    rf"{ADDRESSING.pattern}|^\s*(\d{{1,3}}[.)]?\s+)?recommendations?\s+(for|to)\s", re.IGNORECASE
)


@dataclass(frozen=True)
class _Layout:
    roles: tuple[ColumnRole | None, ...]
    headers: tuple[str, ...]

    @property
    def width(self) -> int:
        return len(self.roles)


@dataclass
class _Open:
    """The record that rows without a recommendation number continue."""

    recommendation: RecommendationRecord | None = None
    finding: FindingRecord | None = None


def read_action_plans(doc: DocumentBlocks, orgs: OrganisationResolver) -> PlanFacts:
    """Recommendations, findings, assurance bodies and warnings from every action-plan table,
    plus recommendations that progress notes outside the tables name."""
    reader = _PlanReader(orgs, rag_key(block.text for block in doc.paragraphs()))
    layout: _Layout | None = None
    before = ""  # the paragraph just before a table, which may say whom its plan addresses
    for block in with_label_records(doc.blocks):
        if not isinstance(block, Table):
            before = block.text
            continue
        table = block
        header_at = _header_row(table)
        if header_at is not None:
            header = table.rows[header_at]
            names = header.texts()
            rows = table.rows[header_at + 1 :]
            if rows and _sub_header(names, rows[0].texts()):
                names = _two_level_names(names, rows[0].texts())
                rows = rows[1:]
            # a column whose header is unknown or missing is placed by what its cells hold
            roles = placed_by_content(header_roles(names)[0], rows)
            reader.facts.warnings.extend(
                f"{_where(header.location)}: {not_understood(name)}"
                for name, role in zip(names, roles, strict=True) if role is None and name.strip()
            )
            layout = _Layout(tuple(roles), tuple(header.texts()))
            reader.start_plan()
            reader.group_header(before)
        elif layout is not None and table.rows and len(table.rows[0].cells) == layout.width:
            # a plan continued after a page break or note, without repeating its header
            rows = table.rows
        elif (found := headerless_roles(table.rows)) is not None:
            # a plan with no header row at all: its columns' content tells their roles
            rows = table.rows
            layout = _Layout(tuple(found), ("",) * len(found))
            reader.start_plan()
            reader.group_header(before)
        else:
            continue
        reader.read_table(table, rows, layout, own_header=header_at is not None)
        before = ""
    known = {record.id for record in reader.facts.recommendations}
    reader.facts.recommendations.extend(read_progress_notes(doc, orgs, known))
    reader.facts.assurance_bodies = reader.bodies.names()
    return reader.facts


def _where(location: Location) -> str:
    return f"line {location.line}" if location.line is not None else location.describe()


def _sub_header(header: list[str], below: list[str]) -> bool:
    """Whether the row under the header names the columns of a header cell spanning several
    ("Progress" over "Q1 update", "Q2 update", "RAG"): short cells that all name a column role,
    at least one under an empty (merged) header cell or under a header repeated beside it."""
    filled = [(i, t.strip()) for i, t in enumerate(below) if t.strip()]
    if len(filled) < 2 or any(len(t) > 40 or column_role(t) is None for _, t in filled):
        return False
    under_span = [
        i < len(header) and (not header[i].strip() or (i > 0 and header[i] == header[i - 1]))
        for i, _ in filled
    ]
    return any(under_span)


def _two_level_names(header: list[str], below: list[str]) -> list[str]:
    """Column names of a two-row header: the lower name where there is one."""
    return [
        below[i].strip() if i < len(below) and below[i].strip() else name for i, name in enumerate(header)
    ]


def _header_row(table: Table) -> int | None:
    for index, row in enumerate(table.rows[:_HEADER_SEARCH]):
        if looks_like_header(row.texts()) or reads_as_header(row.texts(), table.rows[index + 1 :]):
            return index
        if opens_plan_rows(row.texts()):
            return None  # the plan's rows have begun: it has no header row
    return None


class _PlanReader:
    def __init__(self, orgs: OrganisationResolver, key: RagKey) -> None:
        self.orgs = orgs
        self.key = key  # the document's own RAG key, if it prints one
        self.facts = PlanFacts()
        self.bodies = AssuranceBodies(orgs)
        self.addressees: list[str] = []
        self.open = _Open()
        self.by_id: dict[str, RecommendationRecord] = {}

    def start_plan(self) -> None:
        self.addressees = []
        self.open = _Open()
        self.by_id = {}

    # -- rows --------------------------------------------------------------------------------

    def read_table(self, table: Table, rows: tuple[Row, ...], layout: _Layout, own_header: bool) -> None:
        records = len(self.facts.recommendations) + len(self.facts.findings)
        warnings = len(self.facts.warnings)
        for row in rows:
            self.read_row(row, layout)
        if own_header and rows and records == len(self.facts.recommendations) + len(self.facts.findings):
            # an action log or tracker with no recommendation or finding: one note, not one per row
            del self.facts.warnings[warnings:]
            self.facts.warnings.append(
                f"{table.location.describe()}: has plan columns but no numbered recommendation or finding"
            )

    def read_row(self, row: Row, layout: _Layout) -> None:
        texts = row.texts()
        if [t.strip().lower() for t in texts] == [h.strip().lower() for h in layout.headers]:
            return  # the header repeated at a page break
        if len(texts) != layout.width:
            self.facts.warnings.append(
                f"{_where(row.location)}: table row has {len(texts)} cells, header has {layout.width}"
            )
        cells = cells_by_role(row, layout.roles)
        # a header merged across the row may come back repeated in every cell
        filled = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
        number = cell_text(cells.get("number"))
        if number and len(filled) == 2 and number in filled:
            filled.remove(number)  # "1" beside "1. <organisations> should:"
        recommendation_text = cell_text(cells.get("recommendation"))
        first = texts[0].strip() if texts else ""
        lone = len(filled) == 1 and filled[0] in (recommendation_text, first)
        if lone and self._section_header(filled[0], cells):
            return
        rec_id, body = split_id(cell_text(cells.get("number")), recommendation_text)
        issue = cell_text(cells.get("report_ref"))
        if rec_id is not None and not body and "recommendation" not in layout.roles:
            # a numbered "Area for improvement" or "Issue" is what the plan answers
            body = "" if REFS_ONLY.match(issue) else issue
        if lone and rec_id is None and filled[0] == first and layout.width >= 3 and not first[:1].islower():
            return  # a heading across the table ("Theme B: emotional health") names no recommendation
        if rec_id is None and body[:1].islower() and self.open.recommendation is not None:
            # the recommendation's wording running on into the next row (a page break)
            current = self.open.recommendation
            current.text = f"{current.text or ''} {one_line(body)}".strip()
        elif rec_id is None and body and self._is_open_text(body):
            pass  # the unnumbered recommendation repeated on each of its action rows
        elif rec_id is not None and rec_id in self.by_id:
            # the id repeated on each of its action rows (trackers, repeated merged cells)
            self.open = _Open(recommendation=self.by_id[rec_id])
        elif rec_id is not None or body:
            self._open_recommendation(rec_id or "", body, row)
        elif issue and not REFS_ONLY.match(issue) and len(issue.split()) >= 4:
            self._open_finding(issue, row)
        elif self.open.recommendation is None and self.open.finding is None:
            self.facts.warnings.append(
                f"{_where(row.location)}: row has no recommendation number and follows none; skipped"
            )
            return
        if "action" not in layout.roles and "progress" in cells:
            # a progress report without an action column states its actions as progress
            cells["action"] = cells["progress"]
        self._add_row_content(row, cells)

    def _section_header(self, text: str, cells: dict[ColumnRole, Cell]) -> bool:
        """A row holding one cell that names who the recommendations below are addressed to."""
        flat = one_line(text)
        if self.group_header(flat):
            return True
        if split_id("", cell_text(cells.get("recommendation")))[0] is not None:
            return False
        organisation = self.orgs.resolve(flat)
        if organisation is not None and len(flat) <= 120:
            self.addressees = [organisation]
            self.open = _Open()
            return True
        return False

    def _is_open_text(self, body: str) -> bool:
        current = self.open.recommendation
        return current is not None and (current.text or "") == one_line(body)

    def group_header(self, text: str) -> bool:
        """Take the addressees of a "<organisations> should:" header; False if ``text`` is none."""
        if not _GROUP_HEADER.search(text):
            return False
        self.addressees = self.orgs.addressees(_GROUP_NUMBER.sub("", text))
        self.open = _Open()
        return True

    def _open_recommendation(self, rec_id: str, body: str, row: Row) -> None:
        self._drop_numbered_heading(rec_id)
        if not rec_id:
            self.facts.warnings.append(f"{_where(row.location)}: recommendation without a number")
        record = RecommendationRecord(
            id=rec_id, text=one_line(body) or None,
            addressed_to=list(self.addressees) or self._named_in_wording(one_line(body)),
            location=row.location,
        )
        self.facts.recommendations.append(record)
        if rec_id:
            self.by_id[rec_id] = record
        self.open = _Open(recommendation=record)

    def _named_in_wording(self, text: str) -> list[str]:
        """Addressees a recommendation names itself when no header does ("Northtown CCG and
        the trust should ..."): organisations the resolver knows, filling the words before
        "should"."""
        match = _SHOULD.match(text)
        if match is None:
            return []
        subject = match.group(1)
        spans = self.orgs.named_spans(subject)
        covered = sum(end - start for start, end, _ in spans)
        if not spans or covered < 0.6 * len(_CONNECTOR_WORDS.sub("", subject)):
            return []
        return list(dict.fromkeys(canonical for _, _, canonical in spans))

    def _drop_numbered_heading(self, rec_id: str) -> None:
        """A numbered row with only a title ("2. Training") followed by 2.1, 2.2 is the heading
        of those recommendations, not one of its own."""
        current = self.open.recommendation
        if (
            current is not None and current.id and rec_id.startswith(f"{current.id}.")
            and not (current.actions or current.outcomes or current.report_refs or current.cross_refs)
            and self.facts.recommendations and self.facts.recommendations[-1] is current
        ):
            self.facts.recommendations.pop()
            del self.by_id[current.id]

    def _open_finding(self, issue: str, row: Row) -> None:
        ref = REPORT_REF.match(issue)
        record = FindingRecord(
            text=one_line(issue), report_ref=ref.group(1) if ref else None, location=row.location
        )
        self.facts.findings.append(record)
        self.open = _Open(finding=record)

    def _add_row_content(self, row: Row, cells: dict[ColumnRole, Cell]) -> None:
        recommendation, finding = self.open.recommendation, self.open.finding
        owner = recommendation or finding
        if owner is not None and owner.actions and runs_on(row, cells):
            # the rest of the row above, cut off by a page break in the source
            last = owner.actions[-1]
            last.text = f"{last.text} {one_line(cell_text(cells.get('action')))}"
            return
        actions = self._actions(row, cells)
        named = self._named_organisations(cell_text(cells.get("organisation")))
        for action in actions:
            action.organisations = list(named)
        if recommendation is not None:
            recommendation.location = spanning(recommendation.location, row.location)
            for ref in report_refs(cell_text(cells.get("report_ref"))):
                if ref not in recommendation.report_refs:
                    recommendation.report_refs.append(ref)
            if "outcome" in cells:
                outcomes = [item for item in item_lines(cells["outcome"].text) if not find_cross_refs(item)]
                recommendation.outcomes.extend(outcomes)
                recommendation.expected_outcomes = (recommendation.expected_outcomes or 0) + len(outcomes)
            roles: tuple[ColumnRole, ...] = ("outcome", "action", "recommendation", "progress")
            for role in roles:
                for ref in find_cross_refs(cell_text(cells.get(role))):
                    if ref != recommendation.id and ref not in recommendation.cross_refs:
                        recommendation.cross_refs.append(ref)
            recommendation.actions.extend(actions)
            # a tracker's organisation column names whom the recommendation is addressed to,
            # adding to any group header above it
            recommendation.addressed_to.extend(o for o in named if o not in recommendation.addressed_to)
        elif finding is not None:
            finding.location = spanning(finding.location, row.location)
            finding.actions.extend(actions)
            mentioned = self._organisations(
                [finding.text, cell_text(cells.get("action")), cell_text(cells.get("lead"))]
            )
            finding.organisations.extend(o for o in [*named, *mentioned] if o not in finding.organisations)

    # -- actions -----------------------------------------------------------------------------

    def _actions(self, row: Row, cells: dict[ColumnRole, Cell]) -> list[ActionRecord]:
        action_cell = cells.get("action")
        text = cell_text(action_cell)
        if not text:
            return []
        lead = people(cells.get("lead"))
        responsible = people(cells.get("responsible"))
        assurance = assurance_items(cell_text(cells.get("assurance")))
        for source in (*assurance, responsible or ""):
            self.bodies.note(source)
        self.bodies.note(text, reported_to_only=True)
        rag = row_rag(cells)
        row_status = (
            status_from_text(cell_text(cells.get("status")))
            or status_from_text(cell_text(cells.get("progress")))
            or status_from_text(cell_text(cells.get("rag")))
            or status_of_rag(rag, self.key)
        )
        location = (action_cell.location if action_cell else row.location)
        timescale_cell = cells.get("timescale")
        items = timescale_items(cell_text(timescale_cell))
        texts = pair_texts(text, len(items))
        actions: list[ActionRecord] = []
        for item, action_text in zip(items or [""], texts, strict=False):
            timescale = parse_timescale(item) if item else None
            if timescale is not None and timescale.warning:
                where = _where(timescale_cell.location if timescale_cell else row.location)
                self.facts.warnings.append(f"{where}: {timescale.warning}")
            actions.append(
                ActionRecord(
                    text=action_text, lead=lead, responsible=responsible, assurance=list(assurance),
                    timescale_raw=timescale.raw if timescale else None,
                    timescale=timescale.iso if timescale else None,
                    timescale_kind=timescale.kind if timescale else None,
                    status=status_from_text(item) or row_status, rag=rag, location=location,
                )
            )
        return actions


    def _named_organisations(self, text: str) -> list[str]:
        """Organisations an organisation cell names: canonical names where the resolver knows
        them, the rest as written (one per line, or between "/", ";" and ",")."""
        names: list[str] = []
        for line in item_lines(text):
            spans = self.orgs.named_spans(line)
            kept, start = [], 0
            for first, last, canonical in spans:
                kept.append(line[start:first])
                start = last
                if canonical not in names:
                    names.append(canonical)
            kept.append(line[start:])
            for piece in _ORGANISATION_SEPARATOR.split(" ".join(kept)):
                piece = _CONNECTOR_EDGES.sub("", piece)
                if any(ch.isalpha() for ch in piece) and piece not in names:
                    names.append(piece)
        return names

    def _organisations(self, texts: list[str]) -> list[str]:
        """Organisations named in the texts, as far as the resolver recognises the mentions."""
        found: list[str] = []
        for text in texts:
            for mention in _MENTION.findall(text or ""):
                for candidate in (mention, re.sub(r"(['’]s|s['’])$", "", mention)):
                    canonical = self.orgs.resolve(candidate)
                    if canonical and canonical not in found:
                        found.append(canonical)
                        break
        return found


# what separates the names listed in an organisation cell, and the joining words left at the
# edges of a name once the names the resolver knows are taken out of a line
_ORGANISATION_SEPARATOR = re.compile(r"\s*[/;,|]\s*|\s{2,}")
_CONNECTOR_EDGES = re.compile(
    r"^(?:[^\w(]|\b(?:and|with|together|the)\b)+|(?:[^\w)]|\b(?:and|with|together)\b)+$", re.IGNORECASE
)

# capitalised runs ("Blackpool Teaching Hospital’s", "LCC Public Health") as candidate mentions
_MENTION = re.compile(
    r"\b[A-Z][\w’'&-]*(?:\s+(?:(?:and|of|for|the|&)\s+)?[A-Z][\w’'&-]*)*(?:\s*\([A-Z][\w\s]*\))?"
)
