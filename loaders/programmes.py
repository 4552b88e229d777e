"""Which regulator and inspection programme a document's review is, as the document states it.

CQC reviews of health services for Children Looked After and Safeguarding (CLAS) are the
default. Other reviews are named by a sentence saying the review happened: joint targeted area
inspections (JTAI), joint Ofsted/CQC inspections, Ofsted inspections of children's services,
serious case reviews. A document that names the CLAS programme is a CLAS document even when it
mentions another inspection in passing; otherwise the programme its sentences name most decides.
"""

from __future__ import annotations

import re
from collections import Counter

CLAS = ("CQC", "Children Looked After and Safeguarding (CLAS)")
# (pattern, regulator as stated, programme), most specific first
_PROGRAMMES: tuple[tuple[re.Pattern[str], str | None, str], ...] = (
    (
        re.compile(r"\bjoint targeted area inspections?\b|\bJTAI\b", re.IGNORECASE),
        "Ofsted, CQC, HMICFRS and HMI Probation",
        "Joint Targeted Area Inspection (JTAI)",
    ),
    (re.compile(r"\bserious case reviews?\b|\bSCRs?\b", re.IGNORECASE), None, "Serious Case Review (SCR)"),
    (
        re.compile(
            r"\bjoint\s+(?:Ofsted\s+and\s+CQC|CQC\s+and\s+Ofsted|local\s+area)\s+(?:SEND\s+)?inspection"
            r"|\b(?:Ofsted\s+and\s+(?:the\s+)?CQC|CQC\s+and\s+Ofsted)\b[^.]{0,60}\bjoint\b"
            r"|\blocal\s+area\s+SEND\s+inspection",
            re.IGNORECASE,
        ),
        "Ofsted and CQC",
        "joint Ofsted and CQC inspection",
    ),
    (
        re.compile(
            r"\bOfsted\b[^.]{0,80}\binspect|\binspect[^.]{0,80}\bby\s+Ofsted\b|\bILACS\b"
            r"|\bSingle\s+Inspection\s+Framework\b",
            re.IGNORECASE,
        ),
        "Ofsted",
        "Ofsted inspection of children's services",
    ),
)
_CLAS = re.compile(
    r"Children\s+Looked\s+After\s+and\s+Safeguarding|Looked\s+After\s+Children\s+and\s+Safeguarding"
    r"|\bCLAS\b|\bCQC\b[^.]{0,80}\breview\b|\breview\b[^.]{0,80}\b(?:CQC|Care\s+Quality\s+Commission)\b",
    re.IGNORECASE,
)


# a sentence that says the review happened: only such a sentence names the document's review
_HAPPENED = re.compile(
    r"\b(?:took\s+place|carried\s+out|conducted|undert(?:ook|aken)|published|inspected|visited"
    r"|completed|commissioned|into\s+the|of\s+the\s+(?:local\s+area|response)|judged)\b",
    re.IGNORECASE,
)


def regulator_and_programme(sentences: list[str]) -> tuple[str | None, str]:
    """(regulator, programme) of the review the sentences are about."""
    if any(_CLAS.search(s) for s in sentences):
        return CLAS
    named: Counter[int] = Counter()
    for sentence in sentences:
        if not _HAPPENED.search(sentence):
            continue  # "lessons of an earlier serious case review were used": named, not the subject
        for n, (pattern, _, _) in enumerate(_PROGRAMMES):
            if pattern.search(sentence):
                named[n] += 1
                break  # the most specific programme a sentence names
    if not named:
        return CLAS
    best = min(named, key=lambda n: (-named[n], n))
    return _PROGRAMMES[best][1], _PROGRAMMES[best][2]


_REGULATOR = re.compile(r"\bCQC\b|\bCare\s+Quality\s+Commission\b|\bOfsted\b|\bHMICFRS\b", re.IGNORECASE)


def names_a_review(sentences: list[str]) -> bool:
    """Whether the sentences name the review a document answers: its regulator or programme
    ("the CQC's findings", "the JTAI of ..."). An undated document joins a review only then."""
    patterns = [_CLAS, _REGULATOR, *(pattern for pattern, _, _ in _PROGRAMMES)]
    return any(pattern.search(s) for s in sentences for pattern in patterns)
