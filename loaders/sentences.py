"""One sentence splitter for every loader.

A sentence ends at ".", "!" or "?" followed by a space and the start of the next one: a
capital, a digit, an opening bracket or a quotation mark ("... in March. 12 staff ...", "... was
agreed. (See 2.1)"). A line break always ends one: readers keep the lines of a cell or list
item, and a sentence never runs across them. Abbreviations followed by a lower-case word
("e.g. the", "approx. six") do not end a sentence, nor do those written before a name ("St.
Helens", "Dr. Patel"; reviewed data in ``ontology/words/name_words.toml``).
"""

from __future__ import annotations

import re

from ontology.words import word_list

_NOT_AFTER = "".join(
    rf"(?<!\b{re.escape(word)})" for word in sorted(word_list("name_words", "abbreviations"))
)
SENTENCE_END = re.compile(rf"(?<=[.!?]){_NOT_AFTER}\s+(?=[A-Z0-9(\"'‘“])")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, line by line, without their surrounding spaces."""
    return [part.strip() for line in text.split("\n") for part in SENTENCE_END.split(line) if part.strip()]
