"""Progress notes that name a recommendation outside any table ("Recommendation 2.1: training
dates set"), as board reports give them for a plan they attach but do not include.

Each note becomes a recommendation known by its id only, with the note as its action. The
heading above the notes often names whose progress it is ("<CCG> Progress"); when the
organisation resolver recognises it, the recommendation is addressed to that organisation.
A status stated by the sentence introducing the notes ("both are progressing well") applies
to every note below it that states none of its own.
"""

from __future__ import annotations

import re

from loaders.blocks import DocumentBlocks, ListItem, Paragraph
from loaders.organisations import OrganisationResolver
from loaders.records import ActionRecord, RecommendationRecord
from loaders.status import status_of_statement

_NOTE = re.compile(
    r"^\s*(?:recommendation|rec\.?)\s+(\d{1,3}(?:\.\d{1,3}){0,3})\s*[:–—-]\s*(\S.*)$", re.IGNORECASE
)


def read_progress_notes(
    doc: DocumentBlocks, orgs: OrganisationResolver, known_ids: set[str]
) -> list[RecommendationRecord]:
    """Recommendations named by progress notes, except those whose id a table already gave."""
    records: list[RecommendationRecord] = []
    heading_orgs: list[str] = []
    intro = ""  # the sentence introducing the notes, read only when a note follows it
    for block in doc.paragraphs():
        match = _NOTE.match(block.text)
        if match is None:
            if isinstance(block, Paragraph) and block.heading:
                heading_orgs = _organisations_in(block.text, orgs)
                intro = ""
            elif not isinstance(block, ListItem):
                intro = block.text
            continue
        rec_id, note = match.group(1), match.group(2).strip()
        if rec_id in known_ids:
            continue
        known_ids.add(rec_id)
        records.append(
            RecommendationRecord(
                id=rec_id,
                addressed_to=list(heading_orgs),
                actions=[
                    ActionRecord(text=note, status=status_of_statement(note) or status_of_statement(intro),
                                 location=block.location)
                ],
                location=block.location,
            )
        )
    return records


def _organisations_in(heading: str, orgs: OrganisationResolver) -> list[str]:
    """Organisations a heading names: the whole heading, else its longest word runs."""
    words = heading.split()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            canonical = orgs.resolve(" ".join(words[start : start + size]))
            if canonical is not None:
                return [canonical]
    return []
