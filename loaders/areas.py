"""The local authority area a document's review covered: :func:`detect_area`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from loaders.review_parts import REVIEW_VOCABULARY, TextUnit
from loaders.sentences import sentences
from ontology.words import word_list

# a place's words stay on one line of one cell: "Eastvale CCG" and "Eastvale Council" on two
# lines of a cell are two names, not the place "Eastvale CCG Eastvale"
_GAP = r"[^\S\n\t]+"
_CAPITALISED_RUN = rf"([A-Z][\w'’-]*(?:{_GAP}(?:(?:upon|on|of|with){_GAP})?[A-Z][\w'’-]*)*)"


def detect_area(units: Iterable[TextUnit], areas: list[str]) -> str | None:
    """The local authority area the review covered.

    First choice: a known area a sentence about the review names as its place ("... Safeguarding
    in Lincolnshire", "the CLAS review of Sefton's services", a title ending "... - Portsmouth"),
    kept as written ("Leicester City"). Then the known area whose own boards or council the
    document names most ("Report to Sefton Health and Wellbeing Board"), then the known area named
    most often. An area missing from the registry is read from the boards and councils named
    after it, preferring the one the review sentences name.
    """
    texts = [u.text for u in units]
    named = _places_named_for_the_review(texts)
    reviewed = [run for run, _ in named]
    for _, tail in named:
        # the sentence from the place on: a known area may hold "and" or a comma ("Bournemouth,
        # Christchurch and Poole", "Cheshire West and Chester"), which end a capitalised run
        found = _known_area_prefix(tail, areas)
        if found:
            return found
    bodies = _places_of_local_bodies(texts)
    known_bodies = {area: n for place, n in bodies.items() if (area := _known_area_prefix(place, areas))}
    if known_bodies:
        return max(known_bodies, key=lambda a: (known_bodies[a], len(a)))
    counts = _area_counts("\n".join(texts), areas)
    if counts:
        return max(counts, key=lambda a: (counts[a], len(a)))
    places = [_place_name(run) for run in reviewed]
    return next((p for p in places if p in bodies), None) or (
        max(bodies, key=lambda p: (bodies[p], len(p))) if bodies else None
    )


def _area_counts(text: str, areas: list[str]) -> dict[str, int]:
    """How often each area is named in ``text``, as ``re.findall(rf"\\b{area}\\b")`` counts it.

    One pass reads the words that start as an area (a place name, so starting with a letter) does:
    "North" of "North Somerset", "Stoke" of "Stoke-on-Trent"; only the areas starting with that
    word are tried there. A long document is so scanned once, not once per known area, and an
    area inside another ("Lincolnshire" in "North Lincolnshire") still counts.
    """
    by_first_word: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for area in areas:
        first_word = re.match(r"\w+", area)
        if first_word:
            pattern = re.compile(rf"\b{re.escape(area)}\b")
            by_first_word.setdefault(first_word.group(0), []).append((area, pattern))
    if not by_first_word:
        return {}
    initials = "".join(sorted({re.escape(w[0]) for w in by_first_word}))
    counts: dict[str, int] = {}
    ends: dict[str, int] = {}  # where each area was last found: findall's matches never overlap
    for word in re.finditer(rf"\b[{initials}]\w*", text):
        for area, pattern in by_first_word.get(word.group(0), ()):
            found = pattern.match(text, word.start())
            if found and word.start() >= ends.get(area, 0):
                counts[area] = counts.get(area, 0) + 1
                ends[area] = found.end()
    return counts


# where a sentence about the review names its place: "in X", "across X", "review of X", "... - X"
# (after a phrase about services, "across the health economy in X", the place still follows "in")
_REVIEW_PLACE = re.compile(
    r"(?:\b(?:in|across)\s+(?:the\s+)?|\breview\s+of\s+(?:the\s+)?|\s[-–:]\s+)" + _CAPITALISED_RUN
)


def _may_be_about_the_review(text: str) -> bool:
    """Whether ``text`` holds a word of :data:`REVIEW_VOCABULARY` or "review": plain substring
    tests, so the many texts of a long document that hold neither are passed over quickly."""
    folded = text.casefold()
    return any(word in folded for word in ("review", "cqc", "care quality", "looked after", "clas"))


def _places_named_for_the_review(texts: list[str]) -> list[tuple[str, str]]:
    """(the capitalised run, the sentence from it on) of each place a review sentence names."""
    runs: list[tuple[str, str]] = []
    for text in texts:
        if not _may_be_about_the_review(text):
            continue
        for sentence in sentences(text):
            if REVIEW_VOCABULARY.search(sentence) or "review" in sentence.lower():
                runs.extend(
                    (_without_council_words(m.group(1)), _without_council_words(sentence[m.start(1) :]))
                    for m in _REVIEW_PLACE.finditer(sentence)
                )
    return runs


# the bodies every area has, named after it: "<Area> Health and Wellbeing Board", "<Area> Safeguarding
# Children Partnership", "<Area> County Council", "London Borough of <Area>"
_AREA_BODY_AFTER = re.compile(
    r"\b(?:The\s+)?" + _CAPITALISED_RUN + r"\s+(?:Local\s+)?(?:Health\s+and\s+Well-?being\s+Board"
    r"|Safeguarding\s+Children(?:'s|’s)?\s+(?:Board|Partnership)|(?:County\s+|City\s+|Borough\s+"
    r"|Metropolitan\s+Borough\s+)?Council)\b"
)
_BODY_WORD = re.compile(r"Board|Partnership|Council|Borough")
_AREA_BODY_BEFORE = re.compile(r"\b(?:London|Royal)\s+Borough\s+of\s+" + _CAPITALISED_RUN)
_NOT_A_PLACE = word_list("name_words", "not_places")
_HEAD_WORDS = word_list("name_words", "heads")


def _places_of_local_bodies(texts: list[str]) -> dict[str, int]:
    """How often each place is named as the place of a board or council."""
    places: dict[str, int] = {}
    for text in texts:
        if not _BODY_WORD.search(text):
            continue  # (cheaply: no word that ends or starts a local body's name)
        for match in [*_AREA_BODY_AFTER.finditer(text), *_AREA_BODY_BEFORE.finditer(text)]:
            place = _place_name(match.group(1))
            if place:
                places[place] = places.get(place, 0) + 1
    return places


def _without_council_words(run: str) -> str:
    """ "London Borough of Camden" -> "Camden"; "Sefton's" -> "Sefton"."""
    return re.sub(r"^(?:(?:London|Royal)\s+Borough\s+of|City\s+of)\s+|['’]s$", "", run)


def _place_name(run: str) -> str | None:
    """The place of a capitalised run: without "London Borough of" or a leading "The"; not "NHS ..."."""
    words = _without_council_words(run).split()
    # "Eastvale CCG Eastvale Safeguarding Children Partnership": the place follows the other body
    last_body = max((n for n, w in enumerate(words[:-1]) if w.lower() in _HEAD_WORDS), default=-1)
    words = words[last_body + 1 :]
    while words and words[0] in _NOT_A_PLACE - {"NHS"}:
        words = words[1:]
    # the run before "Council" or "Safeguarding ..." may end in a word of the body's own name
    while words and words[-1] in {"County", "Borough", "Metropolitan", "Local"}:
        words = words[:-1]
    if not words or words[0] in _NOT_A_PLACE or len(words) > 4:
        return None
    return " ".join(words)


def _known_area_prefix(run: str, areas: list[str]) -> str | None:
    """The known area ``run`` starts with ("Blackburn with Darwen", "Leicester City"), or None."""
    for area in areas:
        if run.startswith(area) and not run[len(area) : len(area) + 1].isalnum():
            # keep a trailing "City" or "County" that the document uses ("Leicester City")
            rest = run[len(area) :].split()
            return area + (" " + rest[0] if rest and rest[0] in {"City", "County"} else "")
    return None
