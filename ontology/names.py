"""The one name normaliser: when two written names may be the same organisation.

A document, a registry entry and a query each write a body's name their own way ("NHS Foo CCG",
"Foo Clinical Commissioning Group", "the Foo Hospitals NHS Foundation Trust's", "Saint Foo's").
:func:`plain_name` is the grammar of names: it takes away what never tells two names apart (case,
punctuation, possessives, "&" for "and", "Saint" for "St", a leading "the"). :func:`name_key` is
that plain name with the words that only say what kind of body it is folded ("CCG", "NHS",
"Foundation", plurals), for comparing organisations; :func:`keys_match` says whether two keys may
name one body (one a prefix of the other up to descriptive words), never across kinds (a CCG and a
trust of one place stay two); :func:`body_key` folds plurals for the names of boards and
committees. The words are reviewed data (``ontology/words/name_keys.toml``).
"""

from __future__ import annotations

import re
from functools import cache

from ontology.words import vocabulary, word_list

_SPELLINGS: dict[str, str] = vocabulary("name_keys")["spellings"]
_KEY_MAP: dict[str, str] = vocabulary("name_keys")["folds"]
_KEY_DROP = word_list("name_keys", "dropped")
DESCRIPTIVE = word_list("name_keys", "descriptive")
"""Words that describe what kind of body it is, not which one."""


@cache
def plain_name(name: str) -> str:
    """The name as words that tell names apart: case, spacing, punctuation, "&"/"and",
    "Saint"/"St" and a leading "the" do not; a possessive's "'s" goes, but a name's own "s" before
    an apostrophe stays ("St Thomas'" is "st thomas", as is "St Thomas's"; never "st thoma")."""
    text = name.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", text)
    words = [_SPELLINGS.get(word, word) for word in re.sub(r"[^a-z0-9]+", " ", text).split()]
    return " ".join(words[1:] if words[:1] == ["the"] else words)


@cache
def name_key(name: str) -> str:
    """:func:`plain_name` for comparing organisations: kind words folded to one form ("CCG" is
    "clinical commissioning group", "FT" "foundation trust", plurals singular) and the words that
    never tell two bodies apart ("NHS", "Foundation", "the", "and", "of") dropped."""
    words: list[str] = []
    for word in plain_name(name).split():
        words.extend(_KEY_MAP.get(word, word).split())
    key = " ".join(w for w in words if w not in _KEY_DROP)
    return key.replace("local council", "council")


@cache
def body_key(name: str) -> str:
    """:func:`plain_name` for comparing the boards, committees and meetings that assure a plan:
    plurals folded too ("X meeting" and "X meetings" are one body; "Business", "Access" keep
    their "ss")."""
    words = plain_name(name).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


@cache
def kind_of_key(key: str) -> str | None:
    if key.endswith("clinical commissioning group"):
        return "ccg"
    if key.endswith("council"):
        return "council"
    if key.endswith(("board", "safeguarding children partnership", "safeguarding partnership")):
        return "board"
    if "trust" in key.split() or key.split()[-1:] == ["hospitals"]:
        return "trust"
    return None


def council_core(key: str) -> str:
    """A council's key without the words for its rank ("city", "county", "borough"...)."""
    return " ".join(
        w for w in key.split() if w not in {"city", "county", "borough", "district", "metropolitan"}
    )


@cache
def keys_match(a: str, b: str) -> bool:
    """Same organisation? Equal keys, or one a prefix of the other up to descriptive words."""
    if a == b:
        return True
    kind_a, kind_b = kind_of_key(a), kind_of_key(b)
    if kind_a == "council" and kind_b == "council":
        return council_core(a) == council_core(b)
    if kind_a != kind_b and None not in (kind_a, kind_b):
        return False
    if kind_a is None or kind_b is None:
        return False
    short, long_ = sorted((a.split(), b.split()), key=len)
    return (long_[: len(short)] == short and set(long_[len(short) :]) <= DESCRIPTIVE) or (
        short[-1:] == ["trust"]
        and long_[: len(short) - 1] == short[:-1]
        and set(long_[len(short) - 1 :]) <= DESCRIPTIVE
    )


def index_words(key: str) -> frozenset[str]:
    """Words to file ``key`` under so that any two keys that match share one: its first word
    and the first word of its :func:`council_core` (a prefix match keeps the first word; two
    councils match on their cores)."""
    return frozenset(key.split()[:1] + council_core(key).split()[:1])
