"""The one name normaliser: when two written names may be the same organisation.

A document, a registry entry and a query each write a body's name their own way ("NHS Foo CCG",
"Foo Clinical Commissioning Group", "the Foo Hospitals NHS Foundation Trust's"). :func:`plain_name`
takes away what never tells two names apart (case, punctuation, possessives, a leading "the");
:func:`name_key` also folds the words that only say what kind of body it is ("CCG", "NHS",
"Foundation", plurals) into a comparison key; :func:`keys_match` says whether two keys may name
one body (one a prefix of the other up to descriptive words), never across kinds (a CCG and a
trust of one place stay two).
"""

from __future__ import annotations

import re
from functools import cache

_KEY_DROP = {"the", "nhs", "and", "of", "foundation", "s"}
_KEY_MAP = {
    "ccg": "clinical commissioning group",
    "ccgs": "clinical commissioning group",
    "ft": "foundation trust",
    "trusts": "trust",
    "hospital": "hospitals",
    "groups": "group",
    "boards": "board",
    "childrens": "children",
    "authority": "council",
    "authorities": "council",
    "councils": "council",
}
# words that describe what kind of body it is, not which one
DESCRIPTIVE = {"trust", "mental", "health", "hospitals", "partnership", "community", "teaching", "care"}


@cache
def plain_name(name: str) -> str:
    """Case, spacing, punctuation, possessives and a leading "the" do not distinguish names."""
    text = name.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b|s'(?=\s|$)", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@cache
def name_key(name: str) -> str:
    """A comparison key: case, punctuation, "NHS", "Foundation", plurals and "&" do not count
    (a possessive's "s" is kept: "St Thomas'" is not "St Thoma")."""
    text = name.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"'s\b|(?<=s)'(?=\s|$)", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    words: list[str] = []
    for word in text.split():
        words.extend(_KEY_MAP.get(word, word).split())
    words = [w for w in words if w not in _KEY_DROP]
    key = " ".join(words)
    return key.replace("local council", "council")


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
