"""Assurance bodies: the boards, committees, groups and meetings that assure or monitor actions.

A body is read back from its forum word ("CAMHS Transformation Board", "LCC contract review
meeting", "FGM sub group LSCB") to where its name starts. The bodies of one document are
collected once each (case, punctuation and plurals folded; a board that is an organisation by
its canonical name; a shortened name folded into the one longer name it ends).
"""

from __future__ import annotations

import re

from loaders.organisations import OrganisationResolver
from ontology.names import body_key

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


class AssuranceBodies:
    """The assurance bodies one document names, in the order first met."""

    def __init__(self, orgs: OrganisationResolver) -> None:
        self.orgs = orgs
        self.bodies: dict[str, str] = {}

    def names(self) -> list[str]:
        return _folded_bodies(list(self.bodies.values()))

    def note(self, text: str, reported_to_only: bool = False) -> None:
        """Record the assurance bodies ``text`` names (see :func:`body_names`); a body that is
        an organisation (a board) is recorded by its canonical name, so "the LSCB" and "the
        Safeguarding Children Board" are one body."""
        for name in body_names(text, reported_to_only) + self._boards_named(text):
            name = self._canonical_board(name)
            key = body_key(name)
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


def _folded_bodies(names: list[str]) -> list[str]:
    """Bodies of one document, a shortened name ("contract review meeting") folded into the one
    longer name it ends ("LCC contract review meeting"); kept apart when several could be meant."""
    keys = [body_key(name) for name in names]
    kept = []
    for name, key in zip(names, keys, strict=True):
        longer = [other for other in keys if other != key and other.endswith(f" {key}")]
        if len(longer) != 1:
            kept.append(name)
    return kept

