"""Relations stated in prose: who monitors a plan, who commissions what.

Read from each sentence's grammar, not from fixed phrases. A relation is a verb of a small
vocabulary (``ontology/words/relations.toml``) in one of three shapes:

* passive or prepositional: "progress is monitored by A and B", "overseen through the Board",
  "reported quarterly to the Committee", "oversight of the plan is provided by A",
  "school nursing, commissioned by A, ..." - the bodies follow the preposition;
* active: "the Quality Committee monitors the plan", "A commissions the health visiting
  service" - the body is the name that ends just before the verb;
* appositive: "A, as (the) commissioner of B" - the body is the name before "as".

Names are organisations when the document's resolver knows them (their canonical name is kept),
else boards, committees, groups and the like as written.
"""

from __future__ import annotations

import re
from typing import Protocol

from ontology.words import word_list


class Names(Protocol):
    """What a relation needs of the document's organisations (an ``OrganisationResolver``)."""

    def named_spans(self, text: str) -> list[tuple[int, int, str]]: ...

    def resolve(self, mention: str) -> str | None: ...


def alternatives(section: str) -> str:
    words = sorted(word_list("relations", section), key=len, reverse=True)
    return "|".join(re.escape(w).replace("_", r"\s+") for w in words)


# "monitored by", "overseen and followed up through", "reported quarterly to", "reports progress to"
_PASSIVE_MONITORING = re.compile(
    rf"\b(?:{alternatives('monitored')})(?:\s+and\s+(?:{alternatives('monitored')}))*"
    r"(?:\s+\w+ly)?\s+(?:by|through|via|at)\s+(?P<bodies>.+)"
    rf"|\b(?:{alternatives('reported')})(?:\s+(?:\w+ly|progress|updates?|back|directly))*\s+to\s+(?P<to>.+)"
    rf"|\b(?:{alternatives('oversight')})\b(?:\s+of\s+[^,.;]{{1,60}}?)?(?:\s+(?:is|are|will\s+be|was))?"
    r"(?:\s+(?:provided|given|undertaken|carried\s+out|held))?(?:\s+to\s+[\w\s]{1,30}?)?"
    r"\s+(?:by|through|via|from)\s+(?P<by>.+)"
    rf"|\bunder\s+the\s+(?:{alternatives('oversight')})\s+of\s+(?P<of>.+)"
    rf"|\b(?:{alternatives('shared')})(?:\s+\w+ly)?\s+with\s+(?P<with>.+)",
    re.IGNORECASE,
)
# "<body> monitors / will oversee / has oversight of / scrutinises ..."
_ACTIVE_MONITORING = re.compile(
    rf"\s+(?:will\s+|which\s+|who\s+|has\s+|have\s+)?(?:{alternatives('monitors')})\b", re.IGNORECASE
)
_BODY_WORDS = re.compile(rf"\b(?:{alternatives('bodies')})s?\b", re.IGNORECASE)
# where the bodies of a relation end: the clause's end
_CLAUSE_END = re.compile(
    r"[.;:]|\bwhich\b|\bwho\b|\bwhere\b|\bat an?\b|\bon \d|\bin accordance\b|\bevery\b|\beach\b"
    r"|\b(?:once|when|if|until|via|through|following|after|before|for)\b"
    r"|\band\s+(?=(?:is|are|will|was|were|has|have)\b)|\band\s+(?=[a-z]+ed\b)"
)
_NEXT_VERB = re.compile(r"\band\s+(?=[a-z]+ed\s+(?:\w+ly\s+)?(?:by|to|through|via|at)\b)")
# between two bodies of one list: commas and "and", "as well as", "with oversight from"
_LIST_SEPARATOR = re.compile(
    r",\s*(?:and\s+)?|\s+and\s+(?:(?:also|then|with|by)\s+)?(?:[a-z]+\s+){0,2}?(?:(?:by|from)\s+)?(?=[A-Z]|the\s)"
    r"|\s+as\s+well\s+as\s+",
)


def assurance_bodies(sentences: list[str], names: Names) -> list[str]:
    """Boards, committees, teams and organisations a sentence says monitor, oversee, scrutinise
    or receive reports on the plan, in the order first named."""
    found: list[str] = []
    for sentence in sentences:
        for body in [*_passive_bodies(sentence, names), *_active_bodies(sentence, names)]:
            if body not in found:
                found.append(body)
    return found


def _passive_bodies(sentence: str, names: Names) -> list[str]:
    bodies: list[str] = []
    # "reported to A and scrutinised by B": each verb names its own bodies
    for clause in _NEXT_VERB.split(sentence):
        # every verb, also one inside another's list ("by A, B and with oversight from C")
        position = 0
        while match := _PASSIVE_MONITORING.search(clause, position):
            position = match.start() + 1
            if match.group("to") is not None and _reporter_is_a_body(clause[: match.start()], names):
                continue  # "the trusts report to the CCG", "a sub-group, which reports to": a chain
            tail = next(g for g in match.groups() if g is not None)
            bodies.extend(bodies_in(_CLAUSE_END.split(tail)[0], names))
    return bodies


def _reporter_is_a_body(before: str, names: Names) -> bool:
    """Whether what reports is itself an organisation or body: then the sentence says who it
    answers to, not who monitors the plan."""
    return bool(
        re.search(r"\b(?:which|who|that)\s*$", before)
        or _organisation_ending_at(before, names)
        or name_ending_at(before, names)
    )


def _active_bodies(sentence: str, names: Names) -> list[str]:
    bodies: list[str] = []
    for match in _ACTIVE_MONITORING.finditer(sentence):
        subject = name_ending_at(sentence[: match.start()], names)
        if subject:
            bodies.append(subject)
    return bodies


def name_ending_at(before: str, names: Names) -> str | None:
    """The organisation or body whose name ends ``before`` ("... the Quality Committee")."""
    spans = [(s, e, c) for s, e, c in names.named_spans(before) if len(before.rstrip(" ,")) - e <= 1]
    if spans:
        return spans[-1][2]
    words = re.findall(r"[\w'’&-]+", before)
    taken: list[str] = []
    for word in reversed(words):
        if not (word[:1].isupper() or (word.lower() in {"and", "of", "&"} and taken)):
            break
        taken.insert(0, word)
    while taken and taken[0].lower() in {"and", "of", "&", "the"}:
        taken.pop(0)
    name = " ".join(taken)
    return name if taken and _BODY_WORDS.search(taken[-1]) else None


def bodies_in(listing: str, names: Names) -> list[str]:
    """The bodies of "A, the B Committee and C": organisation names kept whole and resolved,
    other names kept when they name a kind of body (board, committee, group...)."""
    spans = names.named_spans(listing)
    bodies: list[str] = []
    start = 0
    for separator in [*_LIST_SEPARATOR.finditer(listing), None]:
        end = separator.start() if separator else len(listing)
        if separator and any(s < end < e for s, e, _ in spans):
            continue  # the "and" of "Health and Wellbeing Board"
        if (
            separator
            and separator.group(0).strip() == "and"
            and not _starts_body(listing, separator.end(), spans)
        ):
            continue  # "and" inside a name ("Quality and Safety Committee")
        chunk_start, chunk = start, listing[start:end]
        start = separator.end() if separator else end
        text = re.sub(r"^\s*(?:the|with|by|from)\s+", "", chunk.strip(), flags=re.IGNORECASE)
        text = re.sub(r"\s*\([A-Z]{2,8}\)$|\s+(?:and|or|&)$", "", text).strip()
        if not text:
            continue
        chunk_end = chunk_start + len(chunk.rstrip())
        ending_here = [c for s, e, c in spans if chunk_start <= s and abs(e - chunk_end) <= 6]
        if ending_here:
            bodies.append(ending_here[-1])
        elif _names_a_body(text):
            bodies.append(text)
    return bodies


def _names_a_body(text: str) -> bool:
    """A name of a board, committee or forum: capitalised, of two to eight words (not "Board"
    alone, which could be any), one of its last two words a
    body word ("Quality Committee", "FGM sub group LSCB"), and no clause inside it."""
    words = text.split()
    return (
        text[:1].isupper()
        and 2 <= len(words) <= 8
        and any(_BODY_WORDS.fullmatch(w) for w in words[-2:])
        and not any(w in _NOT_IN_A_NAME for w in words)
    )


# lower-case words that start a clause or a phrase, never found inside a body's name
_NOT_IN_A_NAME = frozenset(
    {
        "by",
        "to",
        "from",
        "with",
        "via",
        "once",
        "when",
        "if",
        "they",
        "have",
        "been",
        "is",
        "are",
        "was",
        "will",
    }
)


def _starts_body(listing: str, position: int, spans: list[tuple[int, int, str]]) -> bool:
    return listing.startswith("the ", position) or any(s == position for s, _, _ in spans)


# --- commissioning --------------------------------------------------------------------------

_COMMISSIONED_BY = re.compile(r"\bcommissioned\s+(?:\w+ly\s+)?by\s+(?P<by>.+)", re.IGNORECASE)
_COMMISSIONS = re.compile(
    r"\s+(?:(?:is|are)\s+responsible\s+for\s+commissioning|(?:has\s+|have\s+|will\s+)?commission(?:s|ed)?)"
    r"\s+(?P<what>.+)",
    re.IGNORECASE,
)
_AS_COMMISSIONER = re.compile(
    r",?\s+(?:as|is|are|being)\s+(?:the\s+)?commissioners?\s+(?:of|for)\s+(?P<what>.+)", re.IGNORECASE
)
_WHAT_ENDS = re.compile(r"\s*(?:[.;:(]|,\s|\bwhich\b|\bwho\b|\bto\s+(?:provide|deliver|run)\b|$)")


def commissions(sentences: list[str], names: Names) -> list[tuple[str, str]]:
    """(commissioner, what it commissions), from "A commissions X", "X is commissioned by A",
    "A is responsible for commissioning X" and "A, as the commissioner of X"."""
    found: list[tuple[str, str]] = []
    for sentence in sentences:
        for pair in [*_active_commissions(sentence, names), *_passive_commissions(sentence, names)]:
            if pair not in found:
                found.append(pair)
    return found


def _active_commissions(sentence: str, names: Names) -> list[tuple[str, str]]:
    pairs = []
    for pattern in (_AS_COMMISSIONER, _COMMISSIONS):
        for match in pattern.finditer(sentence):
            # "raised with X as the commissioner of": X may be a post or a body not otherwise named
            buyer = _commissioner_ending_at(sentence[: match.start()], names, pattern is _AS_COMMISSIONER)
            what = _WHAT_ENDS.split(match.group("what"), maxsplit=1)[0].strip()
            what = re.sub(r"^(?:the|a|an)\s+", "", what, flags=re.IGNORECASE)
            if buyer and what:
                pairs.append((buyer, what))
    return pairs


def _passive_commissions(sentence: str, names: Names) -> list[tuple[str, str]]:
    pairs = []
    for match in _COMMISSIONED_BY.finditer(sentence):
        by_text = re.sub(r"^(?:both|either|jointly)\s+", "", match.group("by"))
        by = names.named_spans(by_text)
        if not by or by[0][0] > 4:
            continue
        # what was commissioned: the noun phrase just before ("school nursing, commissioned by A")
        before = re.sub(
            r"\s*\b(?:is|are|was|were|has\s+been|have\s+been|will\s+be|being)?\s*$",
            "",
            sentence[: match.start()],
        ).rstrip(" ,")
        before = re.split(
            r"[.;:,]|\b(?:is|are|was|were|be|been|has|have|had|and|but|or|that|which)\b", before
        )[-1]
        what = re.sub(
            r"^.*\b(?:involved|includes?|included|including|by|from|with|to|for)\s+", "", before.strip()
        )
        what = re.sub(r"^(?:the|a|an|all|any)\s+", "", what, flags=re.IGNORECASE)
        if re.search(r"[A-Za-z]{3}", what):
            pairs.append((by[0][2], what[:1].lower() + what[1:] if not what[:2].isupper() else what))
    return pairs


def _organisation_ending_at(before: str, names: Names) -> str | None:
    """The organisation the document knows whose name ends ``before`` ("... County Council")."""
    gap = len(before.rstrip(" ,"))
    ending = [(s, c) for s, e, c in names.named_spans(before) if gap - e <= 1]
    return ending[-1][1] if ending else None


_CAPITALISED_NAME = re.compile(r"(?:[A-Z][\w'’&-]*(?:\s+(?:of|for|and|&)\s+|\s+))*[A-Z][\w'’&-]*$")


def _commissioner_ending_at(before: str, names: Names, as_written: bool) -> str | None:
    """The commissioner named just before a verb: the organisation the document knows, or the
    post whose title ends in one ("the Director of Public Health"); with ``as_written``, any
    capitalised name there ("raised with Public Health Eastvale as the commissioner")."""
    before = before.rstrip(" ,")
    run = _CAPITALISED_NAME.search(before)
    ending = [(s, c) for s, e, c in names.named_spans(before) if len(before) - e <= 1]
    if ending and (run is None or ending[-1][0] <= run.start()):
        return ending[-1][1]
    if run and (ending or as_written):
        name = re.sub(r"^(?:The|A|An)\s+", "", run.group(0))
        return names.resolve(name) or name
    return None
