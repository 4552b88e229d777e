"""Who leads the response to a review, and who is accountable to whom, as prose states it.

Read from the sentence's grammar like :mod:`loaders.relations`: a verb of a small vocabulary
(``ontology/words/relations.toml``, sections ``leads``, ``led``, ``leadership`` and
``accountable``) and the names around it:

* leads, active: "A leads / will lead / is leading / has taken the lead on the work" - the party
  is the name that ends just before the verb;
* leads, passive: "the work is led by A", "under the leadership of A", "leadership rests with A",
  "A is the lead agency for ..." - the parties follow the preposition;
* accountable to: "A is (directly) accountable / answerable / responsible to B", "A answers to
  B", "A reports to B" (A an organisation, post or body), "A is held to account by B",
  "B holds A to account".

A party is an organisation the document's resolver knows (its canonical name), a post
(:data:`loaders.mentions.ROLE`), or a board, committee or forum named as written.
"""

from __future__ import annotations

import re

from loaders.mentions import ROLE, role_title
from loaders.records import Reference, StatedRelation
from loaders.relations import Names, alternatives, bodies_in, name_ending_at

_AUX = r"(?:\s+(?:will|shall|would|is|are|was|were|has|have|had|continues?\s+to|jointly|also|now|currently))*"
# "A leads ...", "A will lead on ...", "A has taken the lead for ..."
_ACTIVE_LEADS = re.compile(
    rf"{_AUX}\s+(?:{alternatives('leads')})(?=\s+(?:the|a|an|on|this|these|our|its|their|all|work|delivery|"
    r"implementation|improvement|development|partnership|response|plan)\b)"
    rf"|{_AUX}\s+(?:taken?|taking|took)\s+(?:the\s+)?lead\b",
    re.IGNORECASE,
)
# "... is led by A", "under the leadership of A", "leadership rests with A"
_PASSIVE_LEADS = re.compile(
    rf"\b(?:{alternatives('led')})\s+(?:\w+ly\s+)?by\s+(?P<by>.+)"
    rf"|\b(?:under|with)\s+the\s+(?:{alternatives('leadership')})\s+of\s+(?P<of>.+)"
    rf"|\b(?:{alternatives('leadership')})\b(?:\s+(?:of|for)\s+[^,.;]{{1,60}}?)?\s+"
    r"(?:(?:is|are|will\s+be)\s+)?(?:provided\s+by|rests?\s+with|lies\s+with|sits?\s+with|is\s+with)\s+(?P<with>.+)"
    r"|\bwith\s+(?P<taking>.+?)\s+(?:taking|in)\s+the\s+lead\b",
    re.IGNORECASE,
)
# "A is the lead agency / organisation / partner for ..."
_LEAD_PARTY = re.compile(
    r"\s+(?:is|are|will\s+be|was|were|acts?\s+as|acting\s+as|as)\s+the\s+lead\s+"
    r"(?:agency|organisation|organization|partner|body|commissioner)\b",
    re.IGNORECASE,
)
# "A is accountable to B", "A answers to B", "A is held to account by B"
_ACCOUNTABLE = re.compile(
    rf"{_AUX}(?:\s+(?:remains?|be|being|\w+ly))*\s+(?:{alternatives('accountable')})(?:\s+\w+ly)?\s+to\s+(?P<to>.+)"
    rf"|{_AUX}\s+(?:held|being\s+held)\s+to\s+account\s+by\s+(?P<by>.+)",
    re.IGNORECASE,
)
_HOLDS_TO_ACCOUNT = re.compile(
    r"\s+(?:will\s+|which\s+|who\s+)?(?:holds?|held)\s+(?P<held>.+?)\s+to\s+account\b", re.IGNORECASE
)
# where the parties of a relation end
_CLAUSE_END = re.compile(
    r"[.;:(]|,\s+(?:which|who|and|but|as|with|through|via)\b|\bwhich\b|\bwho\b|\bfor\s+(?:the|its|their|all|this|"
    r"delivery|delivering|progress|ensuring)\b|\bthrough\b|\bvia\b|\bon\b|\bwhen\b|\bif\b|\bso\s+that\b"
    r"|\b(?:every|each|at|in|twice|once|quarterly|monthly|annually|yearly|regularly)\b"
)


def leads(sentences: list[str], names: Names) -> list[Reference]:
    """The organisations, posts and bodies the sentences say lead the plan or part of it."""
    found: list[Reference] = []
    for sentence in sentences:
        parties = [*_active_leads(sentence, names), *_passive_leads(sentence, names)]
        found.extend(p for p in parties if p not in found)
    return found


def accountable(sentences: list[str], names: Names) -> list[StatedRelation]:
    """(who, to whom) for each "A is accountable to B" the sentences state, in order."""
    found: list[StatedRelation] = []
    for sentence in sentences:
        for who, to in _accountable(sentence, names):
            relation = StatedRelation(subject=who, object=to)
            if who != to and relation not in found:
                found.append(relation)
    return found


def _active_leads(sentence: str, names: Names) -> list[Reference]:
    parties = []
    for pattern in (_ACTIVE_LEADS, _LEAD_PARTY):
        for match in pattern.finditer(sentence):
            parties.extend(parties_ending_at(sentence[: match.start()], names))
    return parties


def _passive_leads(sentence: str, names: Names) -> list[Reference]:
    parties: list[Reference] = []
    for match in _PASSIVE_LEADS.finditer(sentence):
        tail = next(g for g in match.groups() if g is not None)
        parties.extend(parties_in(tail if match.group("taking") else _CLAUSE_END.split(tail)[0], names))
    return parties


def _accountable(sentence: str, names: Names) -> list[tuple[Reference, Reference]]:
    pairs: list[tuple[Reference, Reference]] = []
    for match in _ACCOUNTABLE.finditer(sentence):
        tail = match.group("to") if match.group("to") is not None else match.group("by")
        targets = parties_in(_CLAUSE_END.split(tail)[0], names)
        subjects = parties_ending_at(sentence[: match.start()], names)
        pairs.extend((who, to) for who in subjects for to in targets)
    for match in _HOLDS_TO_ACCOUNT.finditer(sentence):
        held = parties_in(match.group("held"), names)
        holders = parties_ending_at(sentence[: match.start()], names)
        pairs.extend((one, holder) for holder in holders for one in held)
    return pairs


def parties_ending_at(before: str, names: Names) -> list[Reference]:
    """The parties whose names end ``before``: one, or several joined ("A and B", "A in
    partnership with B", "A, B and C"); ", which" or "who" before the verb is skipped."""
    text = re.sub(r",?\s*(?:which|who|that)\s*$", "", before.rstrip(), flags=re.IGNORECASE).rstrip(" ,")
    parties: list[Reference] = []
    while (found := _party_ending_at(text, names)) is not None:
        party, start = found
        parties.insert(0, party)
        joined = _JOINED.search(text[:start])
        if joined is None:
            break
        text = text[: joined.start()].rstrip(" ,")
    return parties


# what joins two parties of one subject
_JOINED = re.compile(
    r"(?:,|\band|\bin\s+partnership\s+with|\btogether\s+with|\bjointly\s+with|\balongside)\s*(?:the\s+)?$",
    re.IGNORECASE,
)


def _party_ending_at(before: str, names: Names) -> tuple[Reference, int] | None:
    """The organisation, post or body whose name ends ``before``, and where its name starts."""
    roles = [m for m in ROLE.finditer(before) if m.end() == len(before)]
    spans = [(s, c) for s, e, c in names.named_spans(before) if len(before) - e <= 1]
    if roles and (not spans or roles[-1].start() <= spans[-1][0]):
        return Reference(kind="role", name=role_title(roles[-1].group(0))), roles[-1].start()
    if spans:
        return Reference(kind="organisation", name=spans[-1][1]), spans[-1][0]
    name = name_ending_at(before, names)
    if name is None:
        return None
    return Reference(kind="body", name=name), max(before.rfind(name), 0)


def parties_in(listing: str, names: Names) -> list[Reference]:
    """The posts, organisations and bodies of "A, the B Committee and the Chief Nurse"."""
    parties = [Reference(kind="role", name=role_title(m.group(0))) for m in ROLE.finditer(listing)]
    without_roles = ROLE.sub(" ", listing)
    for name in bodies_in(without_roles, names):
        known = {c for _, _, c in names.named_spans(name)}
        parties.append(Reference(kind="organisation" if name in known else "body", name=name))
    return parties
