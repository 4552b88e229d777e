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
text that reports to one (see :func:`body_names`).

Nothing here raises on odd input: unknown columns, short or long rows and unreadable
timescales become warnings naming the line (or, in formats without lines, the cell).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.blocks import Cell, DocumentBlocks, Location, Row, Table
from loaders.column_content import placed_by_content, reads_as_header
from loaders.columns import (
    LATEST_WINS,
    ColumnRole,
    column_role,
    header_roles,
    looks_like_header,
    not_understood,
)
from loaders.crossrefs import find_cross_refs
from loaders.label_records import with_label_records
from loaders.organisations import OrganisationResolver
from loaders.progress_notes import read_progress_notes
from loaders.rag_fill import rag_from_fill
from loaders.records import RAG, ActionRecord, FindingRecord, RecommendationRecord
from loaders.status import RagKey, rag_from_text, rag_key, status_from_text, status_of_rag
from loaders.timescales import has_date, parse_timescale


@dataclass
class PlanFacts:
    recommendations: list[RecommendationRecord] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    assurance_bodies: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# how many rows from a table's top are searched for its header row
_HEADER_SEARCH = 10

# "1.1", "27", "1a", "R2", "(1.2)", "Recommendation 4.2:" at the start of a cell
_RECOMMENDATION_ID = re.compile(
    r"^\s*\(?(?:rec(?:ommendation)?\.?\s*(?:no\.?\s*)?|R(?=\d))?"
    r"(\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?)(?:[.):](?!\d))?(?=\s|$)\s*",
    re.IGNORECASE,
)
# ids of a tracker's own scheme in a number column: a letter prefix before the number
_LETTERED_ID = re.compile(r"^\s*[A-Za-z]{1,4}[-. ]?\d{1,3}(?:\.\d{1,3}){0,3}[a-z]?\s*$")
# a recommendation worded with its addressees as the subject ("<organisations> should ...")
_SHOULD = re.compile(r"^(.{3,200}?)\s+(?:should|must|will need to|are asked to)\b", re.IGNORECASE)
_CONNECTOR_WORDS = re.compile(r"\b(?:and|together|with|the|all|of)\b|[,&/]|\s+", re.IGNORECASE)
_GROUP_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s+")
_GROUP_HEADER = re.compile(
    r"\b(should|must|are asked to|will need to)\s*:?\s*$|^\s*(\d{1,3}[.)]?\s+)?recommendations?\s+(for|to)\s",
    re.IGNORECASE,
)
_REPORT_REF = re.compile(r"^\s*(?:para(?:graph)?s?\.?\s*)?(\d{1,2}(?:\.\d{1,3}){1,3})(?![\d.]*\d)")
_REFS_ONLY = re.compile(r"^[\s\d.,;&/and]*$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])")
_KIND_MARK = re.compile(r"\((?:a|i|agreed|indicative)\)", re.IGNORECASE)
_ASTERISK_ITEM = re.compile(r"\s+\*(?=\S)")
_BULLET = re.compile(r"^\s*(?:•\s*|\*\s*)")
# bodies that assure or monitor: a name ending in a word for a forum ("CAMHS Transformation
# Board", "LCC contract review meeting", "FGM sub group LSCB"); read back from that word.
# SRG and QSG are the NHS's system resilience and quality surveillance groups.
_FORUM = re.compile(
    r"^(boards?|committees?|sub[- ]?groups?|groups?|networks?|forums?|panels?|meetings?|teams?|"
    r"partnerships?|SRGs?|QSGs?)$",
    re.IGNORECASE,
)
_GROUP = re.compile(r"^(sub[- ]?)?groups?$", re.IGNORECASE)
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
# words that end a body's name read backwards: verbs, prepositions, articles and the nouns
# of reporting ("reported via", "updates to", "minutes of")
_BODY_STOP = {
    "via", "to", "at", "by", "in", "the", "and", "from", "for", "with", "through", "reported",
    "monitored", "receive", "will", "be", "is", "are", "as", "part", "on", "of", "progress",
    "updates", "update", "reporting", "monitoring", "report", "reports", "sent", "a", "an", "its",
    "their", "minutes", "once", "consider", "scrutiny", "training", "issue", "within", "into",
    "also", "or", "under", "across", "between", "presented", "submitted", "escalated", "agreed",
    "approved", "discussed", "attend", "attends", "chair", "chairs",
}
# posts, as in "Director of ...", "Head of ..."
_POST_TITLES = {"Director", "Head", "Manager", "Officer", "Lead", "Nurse", "Doctor", "Chief", "Executive",
                "Commissioner", "Chair"}
# words joining two parts of one name ("Health and Wellbeing Board", "nursing and quality team")
_NAME_JOINS = {"and", "&", "of"}
# in action text a body counts only when the action reports to it ("present the audit to the
# Quality Committee"); elsewhere in actions a forum is usually something to set up or attend
_REPORTED_TO = re.compile(r"\b(?:to|via|through)\s+(?:the\s+)?$", re.IGNORECASE)
_NUMBER_RANGE = re.compile(r"(\d)\s*[–—-]\s*(\d)")
# organisations that are boards: named in an assurance route they are the assurance body
_BOARD_TYPES = {"safeguarding board", "health and wellbeing board"}


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
        else:
            continue
        reader.read_table(table, rows, layout, own_header=header_at is not None)
        before = ""
    known = {record.id for record in reader.facts.recommendations}
    reader.facts.recommendations.extend(read_progress_notes(doc, orgs, known))
    reader.facts.assurance_bodies = _folded_bodies(list(reader.bodies.values()))
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
    return None


class _PlanReader:
    def __init__(self, orgs: OrganisationResolver, key: RagKey) -> None:
        self.orgs = orgs
        self.key = key  # the document's own RAG key, if it prints one
        self.facts = PlanFacts()
        self.bodies: dict[str, str] = {}
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
        cells = _cells_by_role(row, layout)
        # a header merged across the row may come back repeated in every cell
        filled = list(dict.fromkeys(t.strip() for t in texts if t.strip()))
        number = _text(cells.get("number"))
        if number and len(filled) == 2 and number in filled:
            filled.remove(number)  # "1" beside "1. <organisations> should:"
        recommendation_text = _text(cells.get("recommendation"))
        first = texts[0].strip() if texts else ""
        lone = len(filled) == 1 and filled[0] in (recommendation_text, first)
        if lone and self._section_header(filled[0], cells):
            return
        rec_id, body = _split_id(_text(cells.get("number")), recommendation_text)
        issue = _text(cells.get("report_ref"))
        if rec_id is not None and not body and "recommendation" not in layout.roles:
            # a numbered "Area for improvement" or "Issue" is what the plan answers
            body = "" if _REFS_ONLY.match(issue) else issue
        if lone and rec_id is None and filled[0] == first and layout.width >= 3 and not first[:1].islower():
            return  # a heading across the table ("Theme B: emotional health") names no recommendation
        if rec_id is None and body[:1].islower() and self.open.recommendation is not None:
            # the recommendation's wording running on into the next row (a page break)
            current = self.open.recommendation
            current.text = f"{current.text or ''} {_flat(body)}".strip()
        elif rec_id is None and body and self._is_open_text(body):
            pass  # the unnumbered recommendation repeated on each of its action rows
        elif rec_id is not None and rec_id in self.by_id:
            # the id repeated on each of its action rows (trackers, repeated merged cells)
            self.open = _Open(recommendation=self.by_id[rec_id])
        elif rec_id is not None or body:
            self._open_recommendation(rec_id or "", body, row)
        elif issue and not _REFS_ONLY.match(issue) and len(issue.split()) >= 4:
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
        flat = _flat(text)
        if self.group_header(flat):
            return True
        if _split_id("", _text(cells.get("recommendation")))[0] is not None:
            return False
        organisation = self.orgs.resolve(flat)
        if organisation is not None and len(flat) <= 120:
            self.addressees = [organisation]
            self.open = _Open()
            return True
        return False

    def _is_open_text(self, body: str) -> bool:
        current = self.open.recommendation
        return current is not None and (current.text or "") == _flat(body)

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
            id=rec_id, text=_flat(body) or None,
            addressed_to=list(self.addressees) or self._named_in_wording(_flat(body)),
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
        ref = _REPORT_REF.match(issue)
        record = FindingRecord(
            text=_flat(issue), report_ref=ref.group(1) if ref else None, location=row.location
        )
        self.facts.findings.append(record)
        self.open = _Open(finding=record)

    def _add_row_content(self, row: Row, cells: dict[ColumnRole, Cell]) -> None:
        recommendation, finding = self.open.recommendation, self.open.finding
        owner = recommendation or finding
        if owner is not None and owner.actions and _runs_on(row, cells):
            # the rest of the row above, cut off by a page break in the source
            last = owner.actions[-1]
            last.text = f"{last.text} {_flat(_text(cells.get('action')))}"
            return
        actions = self._actions(row, cells)
        named = self._named_organisations(_text(cells.get("organisation")))
        for action in actions:
            action.organisations = list(named)
        if recommendation is not None:
            recommendation.location = _spanning(recommendation.location, row.location)
            for ref in _report_refs(_text(cells.get("report_ref"))):
                if ref not in recommendation.report_refs:
                    recommendation.report_refs.append(ref)
            if "outcome" in cells:
                outcomes = [item for item in _lines(cells["outcome"].text) if not find_cross_refs(item)]
                recommendation.outcomes.extend(outcomes)
                recommendation.expected_outcomes = (recommendation.expected_outcomes or 0) + len(outcomes)
            roles: tuple[ColumnRole, ...] = ("outcome", "action", "recommendation", "progress")
            for role in roles:
                for ref in find_cross_refs(_text(cells.get(role))):
                    if ref != recommendation.id and ref not in recommendation.cross_refs:
                        recommendation.cross_refs.append(ref)
            recommendation.actions.extend(actions)
            # a tracker's organisation column names whom the recommendation is addressed to,
            # adding to any group header above it
            recommendation.addressed_to.extend(o for o in named if o not in recommendation.addressed_to)
        elif finding is not None:
            finding.location = _spanning(finding.location, row.location)
            finding.actions.extend(actions)
            mentioned = self._organisations(
                [finding.text, _text(cells.get("action")), _text(cells.get("lead"))]
            )
            finding.organisations.extend(o for o in [*named, *mentioned] if o not in finding.organisations)

    # -- actions -----------------------------------------------------------------------------

    def _actions(self, row: Row, cells: dict[ColumnRole, Cell]) -> list[ActionRecord]:
        action_cell = cells.get("action")
        text = _text(action_cell)
        if not text:
            return []
        lead = _flat(_text(cells.get("lead"))) or None
        responsible = _flat(_text(cells.get("responsible"))) or None
        assurance = _assurance_items(_text(cells.get("assurance")))
        for source in (*assurance, responsible or ""):
            self._note_bodies(source)
        self._note_bodies(text, reported_to_only=True)
        rag = _rag(cells)
        row_status = (
            status_from_text(_text(cells.get("status"))) or status_from_text(_text(cells.get("progress")))
            or status_from_text(_text(cells.get("rag"))) or status_of_rag(rag, self.key)
        )
        location = (action_cell.location if action_cell else row.location)
        timescale_cell = cells.get("timescale")
        items = _timescale_items(_text(timescale_cell))
        texts = _pair_texts(text, len(items))
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

    def _note_bodies(self, text: str, reported_to_only: bool = False) -> None:
        """Record the assurance bodies ``text`` names (see :func:`body_names`); a body that is
        an organisation (a board) is recorded by its canonical name, so "the LSCB" and "the
        Safeguarding Children Board" are one body."""
        for name in body_names(text, reported_to_only) + self._boards_named(text):
            name = self._canonical_board(name)
            key = _body_key(name)
            if key not in self.bodies:
                self.bodies[key] = name

    def _boards_named(self, text: str) -> list[str]:
        """Boards that are organisations, named in an assurance route by their initials ("LSCB")."""
        found = []
        for token in text.split():
            word = token.strip(".,;:()*'’")
            if _ACRONYM.match(word) and not _FORUM.match(word):
                canonical = self.orgs.resolve(word)
                if canonical is not None and self.orgs.organisation_type(canonical) in _BOARD_TYPES:
                    found.append(canonical)
        return found

    def _canonical_board(self, name: str) -> str:
        spans = self.orgs.named_spans(name)
        if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] >= len(name.rstrip("s")) - 1:
            canonical = spans[0][2]
            if self.orgs.organisation_type(canonical) in _BOARD_TYPES:
                return canonical
        return name

    def _named_organisations(self, text: str) -> list[str]:
        """Organisations an organisation cell names: canonical names where the resolver knows
        them, the rest as written (one per line, or between "/", ";" and ",")."""
        names: list[str] = []
        for line in _lines(text):
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


def body_names(text: str, reported_to_only: bool = False) -> list[str]:
    """Names of boards, committees, groups, networks, forums, meetings, teams, panels and
    partnerships in ``text``, each read back from its forum word to where the name starts
    (before a verb, a preposition, an article or punctuation). Lower-case words opening the
    name are dropped; a name must keep two words or be an acronym ("QSG"). With
    ``reported_to_only`` only names that follow "to", "via" or "through" count."""
    tokens = text.split()
    names: list[str] = []
    for end, token in enumerate(tokens):
        forum = token.strip(".,;:()*")
        following = tokens[end + 1].strip(".,;:()*") if end + 1 < len(tokens) else ""
        if not _FORUM.match(forum) or _FORUM.match(following):
            continue  # "board meeting": the name ends at the last forum word
        start = end
        while start > 0 and _continues_name(tokens, start):
            start -= 1
        words = [*tokens[start:end], forum]
        words[0] = words[0].lstrip("*(")
        while words and (words[0][:1].islower() or words[0].lower() in _BODY_STOP):
            words.pop(0)
            start += 1
        words = _after_post_title(words)
        if _GROUP.match(forum) and _ACRONYM.match(following):
            words.append(following)  # "sub group LSCB" names whose group it is
        if reported_to_only and not _REPORTED_TO.search(" ".join(tokens[:start]) + " "):
            continue
        if len(words) >= 2 or (words and words[0].isupper()):
            name = _NUMBER_RANGE.sub(r"\1-\2", " ".join(words))
            if name not in names:
                names.append(name)
    return names


def _after_post_title(words: list[str]) -> list[str]:
    """A post run into a body's name by a lost line break ("Director of Children's Services
    CCB network") is not part of it: the name starts at the first initialism after the post."""
    for index, word in enumerate(words[:-1]):
        if word in _POST_TITLES and words[index + 1].lower() in ("of", "for"):
            for start in range(index + 2, len(words)):
                if _ACRONYM.match(words[start]):
                    return words[start:]
    return words


def _continues_name(tokens: list[str], start: int) -> bool:
    """Whether the word before ``tokens[start]`` is part of the same name."""
    previous = tokens[start - 1]
    before = tokens[start - 2] if start > 1 else ""
    if previous.lower() in _NAME_JOINS:
        # "Health and Wellbeing", "nursing and quality": a joining word between two name words
        return bool(before) and before.lower() not in _BODY_STOP and before[-1] not in ".,;:)"
    if previous in ("-", "–", "—"):
        return before.isdigit()  # "0 – 25 programme board"
    return not (previous.lower() in _BODY_STOP or previous[-1] in ".,;:)" or previous.startswith("*"))


def _body_key(name: str) -> str:
    """One key for the spellings of one body: case, punctuation and plurals folded."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
                    for word in words)


def _folded_bodies(names: list[str]) -> list[str]:
    """Bodies of one document, a shortened name ("contract review meeting") folded into the one
    longer name it ends ("LCC contract review meeting"); kept apart when several could be meant."""
    keys = [_body_key(name) for name in names]
    kept = []
    for name, key in zip(names, keys, strict=True):
        longer = [other for other in keys if other != key and other.endswith(f" {key}")]
        if len(longer) != 1:
            kept.append(name)
    return kept


def _runs_on(row: Row, cells: dict[ColumnRole, Cell]) -> bool:
    """A row that only carries on the sentences of the row above: no first cell, no
    recommendation, and an action cell (like every other filled cell) starting in lower case."""
    texts = [t.strip() for t in row.texts()]
    if not texts or texts[0] or _text(cells.get("recommendation")) or _text(cells.get("number")):
        return False
    action = _text(cells.get("action"))
    return action[:1].islower() and all(t[:1].islower() for t in texts if t)


def _rag(cells: dict[ColumnRole, Cell]) -> RAG | None:
    """The RAG rating from a RAG column (its words, else its fill colour), else from a status
    column that holds nothing but a colour."""
    if "rag" in cells:
        return rag_from_text(cells["rag"].text) or rag_from_fill(cells["rag"].fill)
    status = cells.get("status")
    if status is None:
        return None
    word = status.text.strip()
    return (rag_from_text(word) if len(word.split()) == 1 else None) or rag_from_fill(status.fill)


def _cells_by_role(row: Row, layout: _Layout) -> dict[ColumnRole, Cell]:
    """The row's cell for each role; of a role's repeated period columns, the latest filled."""
    cells: dict[ColumnRole, Cell] = {}
    for role, cell in zip(layout.roles, row.cells, strict=False):
        if role is not None and (role not in cells or (role in LATEST_WINS and cell.text.strip())):
            cells[role] = cell
    return cells


def _text(cell: Cell | None) -> str:
    return cell.text.strip() if cell is not None else ""


def _flat(text: str) -> str:
    """Cell text on one line, bullet glyphs dropped (for names and first words)."""
    return " ".join(_BULLET.sub("", line) for line in text.splitlines() if line.strip()).strip()


def _lines(text: str) -> list[str]:
    return [_BULLET.sub("", line).strip() for line in text.splitlines() if line.strip()]


def _split_id(number: str, text: str) -> tuple[str | None, str]:
    """The recommendation id (from a number column, else the cell's leading number) and its text."""
    if number:
        match = _RECOMMENDATION_ID.match(number)
        if match:
            return match.group(1), text
        if _LETTERED_ID.match(number):
            return number.strip(), text  # "A1", "CQC-3": a number column's own scheme, as written
    match = _RECOMMENDATION_ID.match(text)
    if match is None:
        return None, text
    return match.group(1), text[match.end() :]


def _report_refs(text: str) -> list[str]:
    """Report paragraph references: every one when the cell holds only references, else the
    leading one."""
    if not text:
        return []
    if _REFS_ONLY.match(text):
        return re.findall(r"\d{1,2}(?:\.\d{1,3}){1,3}", text)
    match = _REPORT_REF.match(text)
    return [match.group(1)] if match else []


def _assurance_items(text: str) -> list[str]:
    """Assurance routes as written, split at bullets, sentences, "*" item marks and lost line
    breaks."""
    items: list[str] = []
    for line in _lines(text):
        for piece in _ASTERISK_ITEM.split(line):
            for sentence in _SENTENCE.split(piece):
                sentence = sentence.strip().lstrip("*").strip()
                if sentence:
                    items.extend(_run_together(sentence))
    return items


# words after which a capitalised word continues the phrase ("monitored via Directorate meetings")
_JOINING = {
    "via", "to", "by", "of", "in", "at", "with", "from", "for", "and", "the", "on", "into", "as",
    "within", "through", "under", "&", "/", "-", "–",
}


def _run_together(item: str) -> list[str]:
    """Split list items whose line breaks the export lost ("Contract monitoring STEIS reporting"):
    a lower-case word followed by a capitalised one starts a new item, unless the first word
    joins a phrase ("via", "to", "of" ...) or either part would be a single word."""
    words = item.split()
    pieces: list[list[str]] = [[]]
    for index, word in enumerate(words):
        previous = words[index - 1] if index else ""
        # an acronym after a lower-case word is often part of the phrase ("broader PH
        # outcomes"); after an "-ing" word it usually starts the next item ("monitoring STEIS")
        starts = word[:1].isupper() and (not word.isupper() or previous.endswith("ing"))
        if (
            starts and previous[:1].islower() and previous not in _JOINING
            and len(pieces[-1]) >= 2 and len(words) - index >= 2
        ):
            pieces.append([])
        pieces[-1].append(word)
    return [" ".join(piece) for piece in pieces]


def _timescale_items(text: str) -> list[str]:
    """The separately dated items of a timescale cell.

    Lines and sentences that carry a date, an (A)/(I) mark or a status are items of their
    own; text without any (a note such as "part of the trust's plan") stays with the item
    before it.
    """
    pieces = [piece for line in text.splitlines() for piece in _SENTENCE.split(line) if piece.strip()]
    items: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        dated = has_date(piece) or bool(_KIND_MARK.search(piece)) or status_from_text(piece) is not None
        if items and not dated:
            items[-1] = f"{items[-1]} {piece}"
        else:
            items.append(piece)
    return items


def _pair_texts(action_text: str, count: int) -> list[str]:
    """Action text for each timescale item: the action's own sentences when there is exactly
    one per item, otherwise the whole action repeated."""
    whole = _flat(action_text)
    if count <= 1:
        return [whole]
    sentences = [s.strip() for line in _lines(action_text) for s in _SENTENCE.split(line) if s.strip()]
    if len(sentences) == count:
        return [s.rstrip(".") for s in sentences]
    return [whole] * count


def _spanning(first: Location, row: Location) -> Location:
    return Location(
        line=first.line, end_line=row.end_line or first.end_line, page=first.page, table=first.table,
        row=first.row, cell=first.cell, sheet=first.sheet, element=first.element,
    )
