"""Mention finding: the grammar of organisation names in running text.

Head words ("Trust", "CCG", "Council", "Constabulary") close a name that is read back word by
word (:func:`name_ending_at`); lists of CCGs are split into their members; initialisms,
bracketed definitions, public health services and local Healthwatch have patterns of their own.
The words these rules use are reviewed data in ``ontology/words/``. Which organisation a
mention means is decided in :mod:`loaders.resolution`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from loaders.blocks import DocumentBlocks, Table
from loaders.columns import looks_like_header
from loaders.list_text import strip_tags
from ontology.names import DESCRIPTIVE
from ontology.words import word_list


@cache
def initialisms(name: str) -> frozenset[str]:
    """Initialisms a document may use for ``name`` (LCFT, BTH, PCCG, ELHT, GMW, LSCB...)."""
    words = [
        w
        for w in re.findall(r"[A-Za-z][A-Za-z'’]*", name)
        if w.lower() not in {"of", "and", "the", "for", "nhs", "on", "upon", "with"}
    ]
    initials = "".join(w[0].upper() for w in words)
    found = {initials}
    lowered = [w.lower() for w in words]
    if lowered[-3:] == ["clinical", "commissioning", "group"]:
        found.add(initials[:-3] + "CCG")
    core = [
        w
        for w in words
        if w.lower() not in DESCRIPTIVE
        and w.lower() not in {"foundation", "clinical", "commissioning", "group"}
    ]
    core_initials = "".join(w[0].upper() for w in core)
    if core_initials and "trust" in lowered:
        found |= {core_initials + "T", core_initials + "FT", core_initials + "HT", core_initials + "FTH"}
        # "Blackpool Teaching Hospitals" -> BTH: keep the descriptive words that make the name
        named = [w for w in words if w.lower() not in {"trust", "foundation"}]
        found |= {"".join(w[0].upper() for w in named), "".join(w[0].upper() for w in named) + "T"}
        found.add(core_initials)
    return frozenset(f for f in found if len(f) >= 2)


# --- mention patterns -------------------------------------------------------------------------

HEAD = re.compile(
    r"\b(?:NHS\s+)?(?:Foundation\s+)?[Tt]rusts?\b|\b(?:NHS\s+)?FT\b"
    r"|\bClinical Commissioning Groups?\b|\bCCG(?:s|'s|’s)?\b"
    r"|\b(?:County |City |Borough |District |Metropolitan Borough )?Council\b"
    r"|\bLocal Authority\b"
    r"|\bSafeguarding (?:Children(?:'s|’s)?|Adults?) (?:Partnership )?[Bb]oards?\b"
    r"|\bSafeguarding (?:Children(?:'s|’s)? )?Partnerships?\b"
    r"|\b(?i:Health and Wellbeing Boards?)\b"
    r"|\bConstabulary\b|\bPolice(?: Service)?\b"
    r"|\bCommunity Interest Company\b|\bCIC\b|\bLimited\b|\bLtd\b"
    r"|\bTeaching Hospitals?(?:'s|’s)?\b"
)
# capitalised words that do not make a name on their own
_GENERIC_CAPS = word_list("name_words", "generic")
# words that end a name when walking back from its head word: titles, roles, sentence openers
_STOP_CAPS = word_list("name_words", "stop")
_NAME_LOWER = word_list("name_words", "lower")
_CONNECTORS = word_list("name_words", "connectors")
_HEAD_WORDS = word_list("name_words", "heads")
_ABBREVIATIONS = word_list("name_words", "abbreviations")
ACRONYM = re.compile(r"\b[A-Z][A-Z&]{1,5}(?:s|'s|’s)?\b")
DEFINITION = re.compile(r"\(([A-Z][A-Za-z]{1,6})\)")
NAME_IN_BRACKETS = re.compile(r"\(([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\)")
PUBLIC_HEALTH = re.compile(
    r"\bPublic Health ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b|\b([A-Z]{2,5}) [Pp]ublic [Hh]ealth\b"
)
# the local Healthwatch of a place ("Healthwatch Kent")
HEALTHWATCH = re.compile(r"\bHealthwatch(?: [A-Z][a-z]+(?: and [A-Z][a-z]+)?)+")
_AREA_TEAM = re.compile(r"(?:\s+[A-Z][a-z]+)?\s+Area Team\b")
# initialisms that are services, processes, posts or document words, never organisations
NOT_ORGANISATIONS = word_list("not_organisations")
ROLE = re.compile(
    r"\b(?:(?:CCG|Trust)\s+)?(?:Designated (?:Safeguarding )?(?:Nurse|Doctor|Professional|Paediatrician)s?"
    r"(?: for (?:Safeguarding(?: Children)?|LAC|Looked After Children)(?: and LAC)?)?"
    r"|Named (?:GP|Nurse|Doctor|Midwife|Professional)s?(?: for Safeguarding(?: Children)?)?"
    r"|Accountable Officers?|Chief Executive(?: Officer)?s?|CEOs?|Chief Officer|Chief Nurse"
    r"|Head of (?:Midwifery|Safeguarding|Nursing)"
    r"|Director of (?:Public Health|Nursing(?: and Quality)?|Children's Services|Adult Services"
    r"|Quality(?: and Safeguarding)?)"
    r"|Deputy Director (?:of|for) (?:Quality and Safeguarding|Safeguarding and Quality|Nursing|Quality)"
    r"|Safeguarding Lead|Looked After Children Lead|LAC Lead|Commissioning Manager)\b"
)


def role_title(written: str) -> str:
    """A post's title as one role, whether written "Designated Nurses" or "Designated Nurse"."""
    plural = r"\b(Nurse|Doctor|GP|Officer|CEO|Lead|Professional|Paediatrician|Midwife|Executive)s\b"
    return re.sub(plural, r"\1", written).strip()


# the verbs a recommendation addresses its organisations with ("A and B should:", "A must ...")
REQUEST_VERBS = r"(?:should|must|are\s+asked\s+to|will\s+need\s+to)"
# a line that ends naming whom the items below it address ("... together with C should:")
ADDRESSING = re.compile(rf"\b{REQUEST_VERBS}\s*:?\s*$", re.IGNORECASE)


# a body named by its kind alone, meaning the document's own: "the local authority", "the CCG",
# "the Trust" (capitalised: "the trust of families" is not a body); "the Trust Board" is not it
AREA_BODY_REFERENCE = re.compile(
    r"\b[Tt]he\s+((?:[Ll]ocal\s+[Aa]uthority|[Cc]ouncil|CCG|Clinical\s+Commissioning\s+Group|Trust))"
    r"(?![\w-])(?!\s+[A-Z])"
)
# the types each such reference may mean, by the reference's name key
REFERENCE_TYPES = {
    "council": {"local authority"},
    "clinical commissioning group": {"CCG"},
    "trust": {"NHS trust", "NHS foundation trust"},
}
ORGANISATION_LIST = re.compile(
    r"\b(?:organisations|partners|providers|agencies|bodies)\s*:\s*$", re.IGNORECASE
)
COLLECTIVE_START = re.compile(r"^(?:all|their|other|local|relevant|each|every|partner|any)\b", re.IGNORECASE)
COLLECTIVE_WORDS = re.compile(
    r"\b(?:practices|providers|organisations|partners|agencies|services|commissioners)\b"
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    surface: str
    kind: str  # "name" (a full name), "partial" (only resolves to a known body), "acronym"...
    # the name to resolve when it differs from the words written ("NHS A" in a list of CCGs)
    resolve_as: str | None = None


# how many rows from a table's top may hold its header row (as the action-plan reader searches)
_HEADER_ROWS = 10


def column_names(doc: DocumentBlocks) -> frozenset[str]:
    """The initialisms in the header row of each plan table ("BRAG", "SRO"), found as the plan
    reader finds it: names of columns, not of organisations, wherever the document uses them."""
    names: set[str] = set()
    for block in doc.blocks:
        if not isinstance(block, Table):
            continue
        header = next((r.texts() for r in block.rows[:_HEADER_ROWS] if looks_like_header(r.texts())), [])
        names.update(re.sub(r"(?:'s|’s)$", "", m.group(0)) for text in header for m in ACRONYM.finditer(text))
    return frozenset(names)


def in_capitals_line(text: str, position: int, line_starts: list[int], known: dict[int, bool]) -> bool:
    """A heading set in capitals ("HEALTH AND WELLBEING BOARD") holds words, not initialisms.

    ``line_starts`` are the text's line starts in order; ``known`` keeps each line's answer by its
    start, so a long line is read once, not once per initialism in it."""
    start = line_starts[bisect.bisect_right(line_starts, position) - 1]
    if start not in known:
        end = text.find("\n", position)
        words = re.findall(r"[A-Za-z]{2,}", text[start : end if end >= 0 else len(text)])
        known[start] = len(words) >= 3 and sum(w.isupper() for w in words) >= 0.8 * len(words)
    return known[start]


def longest_first(candidates: list[Mention]) -> list[Mention]:
    """The candidates that overlap no longer (or equally long, earlier) one, in text order.

    The chosen spans never overlap, so they stay sorted by start and each candidate is checked
    against its two neighbours only: linear in the candidates, however long the text."""
    chosen: list[Mention] = []
    starts: list[int] = []
    for mention in sorted(candidates, key=lambda m: (-(m.end - m.start), m.start)):
        at = bisect.bisect_left(starts, mention.start)
        if at > 0 and chosen[at - 1].end > mention.start:
            continue
        if at < len(chosen) and chosen[at].start < mention.end:
            continue
        chosen.insert(at, mention)
        starts.insert(at, mention.start)
    return chosen


def looks_like_group_header(line: str) -> bool:
    """ "4. A and B should:": a numbered line that names whom the recommendations below address."""
    text = strip_tags(line).strip()
    return bool(re.match(rf"^\d{{1,2}}\.\s+\S.{{5,600}}\b{REQUEST_VERBS}\s*:?$", text, re.IGNORECASE)) and (
        "\t" not in text.strip("\t")
    )


def only_kind_words(chunk: str) -> bool:
    """ "CCGs", "NHS Trusts": the kind of body, with no name."""
    kind_words = _GENERIC_CAPS | NOT_ORGANISATIONS | {"CCGs", "Trusts", "Councils", "Boards"}
    return all(word in kind_words for word in chunk.split())


def uncovered_chunks(text: str, covered: list[tuple[int, int]]) -> list[str]:
    pieces: list[str] = []
    last = 0
    for start, end in sorted(covered):
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    chunks: list[str] = []
    for piece in pieces:
        for chunk in re.split(r",|;|\band\b|&", piece):
            chunk = chunk.strip(" .:")
            if chunk and re.search(r"[A-Za-z]{2}", chunk):
                chunks.append(chunk)
    return chunks


@dataclass(frozen=True)
class _Token:
    word: str
    start: int


def _glued_start(token: _Token) -> _Token | None:
    """The first word of a name glued to what precedes it: "19.Staffordshire", "(Greater"."""
    numbered = re.match(r"^\d+\.(?=[A-Z])", token.word)
    if numbered:  # a paragraph number glued to the name
        return _Token(token.word[numbered.end() :], token.start + numbered.end())
    if token.word.startswith("(") and token.word[1:2].isupper() and ")" not in token.word:
        return _Token(token.word[1:], token.start + 1)
    return None


def _comma_inside_name(word: str, prior: str) -> bool:
    """ "Southport, Ormskirk NHS Hospital Trust": one place word before the comma."""
    bare = word[:-1]
    lone = not (prior[:1].isupper() and prior.lower() not in _HEAD_WORDS | _CONNECTORS)
    return bare[:1].isupper() and bare.lower() not in _HEAD_WORDS and lone


def _ends_name(word: str) -> bool:
    return (
        word.endswith((",", ";", ":", ")", "("))
        or (word.endswith(".") and word not in _ABBREVIATIONS)
        or word.startswith("(")
        or "/" in word
        or word.lower() in _HEAD_WORDS
        or word.rstrip(".") in _STOP_CAPS
    )


def _walk_back(tokens: list[_Token]) -> list[_Token] | None:
    """The words of a name, last first, read back from the word before its head word; None when
    what is there is a connector with no name of its own ("A and Clinical Commissioning Groups")."""
    taken: list[_Token] = []
    crossed_comma = False
    for n in range(len(tokens) - 1, -1, -1):
        word, prior = tokens[n].word, tokens[n - 1].word if n else ""
        glued = _glued_start(tokens[n])
        if glued is not None:
            taken.append(glued)
            break
        if word in NOT_ORGANISATIONS and word != "NHS":
            break
        if word.endswith(",") and taken:
            if crossed_comma or not _comma_inside_name(word, prior):
                break
            crossed_comma = True
            taken.append(tokens[n])
            continue
        if _ends_name(word):
            break
        if word in _CONNECTORS and not taken:
            return None
        if not (word[:1].isupper() or word.lower() in _NAME_LOWER or word in _CONNECTORS):
            break
        taken.append(tokens[n])
        # "NHS" inside a name ("Stoke on Trent NHS Partnership Trust") or at its start
        if word == "NHS" and (not prior[:1].isupper() or prior in _CONNECTORS or prior.endswith(",")):
            break
    return taken


_NAME_WINDOW = 250
"""Characters before a head word that can belong to its name (the longest are under 100)."""


def name_ending_at(text: str, head_start: int, head_end: int) -> Mention | None:
    """The name that a head word ("Trust", "CCG", "Council") closes, walking back over its words."""
    head = text[head_start:head_end]
    # a name is a few words on one line: only the text just before the head word is walked, so
    # a long line costs each head word the same (a window's cut first word is left out)
    window_start = max(0, head_start - _NAME_WINDOW)
    line_start = text.rfind("\n", window_start, head_start) + 1
    cut = line_start == 0 and window_start > 0
    window_start = max(window_start, line_start)
    words = list(re.finditer(r"\S+", text[window_start:head_start]))
    if cut and words:
        words = words[1:]
    tokens = [_Token(t.group(0), t.start() + window_start) for t in words]
    walked = _walk_back(tokens)
    if walked is None:
        return None
    taken = walked
    taken.reverse()
    while taken and (taken[0].word in _CONNECTORS or taken[0].word[:1].islower()):
        taken.pop(0)
    proper = [
        t.word.rstrip(",")
        for t in taken
        if t.word[:1].isupper() and t.word.rstrip(",") not in _GENERIC_CAPS | NOT_ORGANISATIONS
    ]
    if not proper:
        if re.match(r"(?i)health and wellbeing|safeguarding", head):
            return Mention(head_start, head_end, head, "name")  # the area's board, named by kind
        return None
    if re.fullmatch(r"CCG(?:s|'s|’s)", head) and len(taken) <= 2:
        return None  # "Lancashire CCGs": the area's CCGs collectively, not one body
    # "X Teaching Hospitals" without "Trust" only ever names a trust already known
    kind = "partial" if head.lower().startswith("teaching hospital") else "name"
    return Mention(taken[0].start, head_end, text[taken[0].start : head_end], kind)


def ccg_lists(text: str) -> list[Mention]:
    """Each CCG of "NHS A, NHS B and NHS C CCGs" or "the three X CCGs (A, B, C and D)"."""
    found: list[Mention] = []
    for match in re.finditer(r"\bCCGs\b(\s*\(([^)]*)\))?", text):
        if match.group(2):
            inner_start = match.start(2)
            items = _split_list(match.group(2))
            count = _stated_count(text[max(0, match.start() - 30) : match.start()])
            if count and len(items) != count:
                continue
            for item, offset in items:
                if item[:1].isupper():
                    found.append(
                        Mention(
                            inner_start + offset,
                            inner_start + offset + len(item),
                            item,
                            "name",
                            item + " CCG",
                        )
                    )
            continue
        before = text[: match.start()]
        chunk = re.search(
            r"((?:NHS [A-Z][\w'’-]*(?:\s+(?:and|&)?\s*[A-Z][\w'’-]*)*\s*(?:,|\band\b)?\s*)+)$", before
        )
        if not chunk or chunk.group(1).count("NHS ") < 2:
            continue
        base = chunk.start(1)
        for listed in re.finditer(
            r"NHS [A-Z][\w'’-]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’-]*)*?(?=\s*(?:,|\band NHS\b|$))",
            chunk.group(1),
        ):
            name = listed.group(0).strip()
            start = base + listed.start()
            found.append(Mention(start, start + len(name), name, "name", name + " CCG"))
    return found


def _split_list(text: str) -> list[tuple[str, int]]:
    items: list[tuple[str, int]] = []
    for match in re.finditer(r"[^,]+", text):
        item = match.group(0)
        offset = match.start() + len(item) - len(item.lstrip())
        items.append((item.strip(), offset))
    if items:
        last, offset = items[-1]
        parts = re.split(r"\s+and\s+", last)
        # "A and B" at the end is one name when it reads as one ("East Leicestershire and Rutland")
        if len(parts) == 2 and len(parts[1].split()) >= 2 and len(parts[0].split()) >= 2:
            items[-1] = (parts[0], offset)
            items.append((parts[1], offset + last.index(parts[1], len(parts[0]))))
    return items


_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}


def _stated_count(text: str) -> int | None:
    numbers = re.findall(r"\b(\d+|two|three|four|five|six|seven|eight|nine)\b", text.lower())
    if not numbers:
        return None
    word = numbers[-1]
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]
