"""Registry access for the extractor: the registry's names indexed once, looked up per document.

The national registry holds ~1,400 bodies and ~5,000 names. A document is never searched name
by name: :class:`RegistryIndex` files every name in a trie of its words, so finding the names a
text holds is one walk over its words, and files every name key under its first word, so the
keys a name may match (:func:`ontology.names.keys_match`) are looked up, not scanned for. The
index is built once per registry (:func:`registry_index`) and shared by every document.

Which of several bodies a name or initialism means in one document (its area, its date) is
decided by :func:`choose`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from ontology.names import index_words, keys_match, name_key, plain_name
from ontology.registry import RegisteredOrganisation, load_registry

# words, with apostrophes inside them ("Children's", "Thomas'"), and "&"
_TOKEN = re.compile(r"[\w'’]+|&")
# between two words of a name: spaces and hyphens are interchangeable, other marks must agree
_SPACING = re.compile(r"[\s-]+")


def _fold(token: str) -> str:
    token = token.lower().replace("’", "'")
    return "and" if token == "&" else token


def _mark(between: str) -> str:
    return _SPACING.sub("", between)


@dataclass
class _Node:
    children: dict[tuple[str, str], _Node] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # names that end here


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    surface: str


class RegistryIndex:
    """The names of one registry, indexed for finding in text and for lookup by key."""

    def __init__(self, registry: Sequence[RegisteredOrganisation]) -> None:
        self.registry = tuple(registry)
        self._root = _Node()
        self._by_key: dict[str, list[RegisteredOrganisation]] = {}
        self._keys_by_word: dict[str, set[str]] = {}
        self._by_alias: dict[str, list[RegisteredOrganisation]] = {}
        self._by_initialism: dict[str, list[RegisteredOrganisation]] = {}
        self._by_area: dict[str, list[RegisteredOrganisation]] = {}
        for org in self.registry:
            self._add(org)
            for area in org.served_areas():
                self._by_area.setdefault(area, []).append(org)
        # the areas of councils with children's services, longest first: the areas reviews cover
        self.areas: list[str] = sorted(
            {a for o in self.registry if o.is_area_council() for a in o.served_areas()}, key=len, reverse=True
        )
        self.council_areas = frozenset(
            a for o in self.registry if o.type == "local authority" for a in o.served_areas()
        )
        # every place a body serves, as a plain name: a place is never a name of a body
        self.places = frozenset(plain_name(area) for area in self._by_area)

    def _add(self, org: RegisteredOrganisation) -> None:
        for key in dict.fromkeys(name_key(name) for name in org.names()):
            if key:
                self._by_key.setdefault(key, []).append(org)
                for word in index_words(key):
                    self._keys_by_word.setdefault(word, set()).add(key)
        for name in org.names():
            if name not in org.aliases or not name.isupper():  # initialisms are read as such
                self._file_name(name)
        for alias in org.aliases:
            self._by_alias.setdefault(alias, []).append(org)
        for initialism in org.initialisms:
            self._by_initialism.setdefault(initialism, []).append(org)

    def _file_name(self, name: str) -> None:
        node, last = self._root, 0
        for match in _TOKEN.finditer(name):
            edge = (_mark(name[last : match.start()]) if last else "", _fold(match.group(0)))
            node = node.children.setdefault(edge, _Node())
            last = match.end()
        if node is not self._root and name not in node.names:
            node.names.append(name)

    # -- finding names in text ---------------------------------------------------------------

    def find(self, text: str) -> list[Span]:
        """The registered names written in ``text``, longest at each place, not overlapping.

        Spaces and hyphens between words are interchangeable and "&" is "and"; a name may end
        in a plural or possessive "s". One-word names and initialisms must be written as
        registered; longer names need their first letter as registered ("Turning Point", never
        "a turning point") and take any case after it.
        """
        tokens = list(_TOKEN.finditer(text))
        found: list[Span] = []
        n = 0
        while n < len(tokens):
            span = self._longest_at(text, tokens, n)
            if span is None:
                n += 1
                continue
            found.append(span)
            while n < len(tokens) and tokens[n].start() < span.end:
                n += 1
        return found

    def _longest_at(self, text: str, tokens: list[re.Match[str]], first: int) -> Span | None:
        start = tokens[first].start()
        if start and text[start - 1] == "-":
            return None
        best: Span | None = None
        node = self._root
        for n in range(first, len(tokens)):
            mark = _mark(text[tokens[n - 1].end() : tokens[n].start()]) if n > first else ""
            word = _fold(tokens[n].group(0))
            for ending in _endings(word):
                ended = node.children.get((mark, ending))
                if ended is not None and ended.names:
                    end = tokens[n].end() - (len(word) - len(ending))
                    if text[tokens[n].end() : tokens[n].end() + 1] != "-" and any(
                        _written_as(text[start:end], name) for name in ended.names
                    ):
                        best = Span(start, tokens[n].end(), text[start : tokens[n].end()])
            child = node.children.get((mark, word))
            if child is None:
                break
            node = child
        return best

    # -- lookups -------------------------------------------------------------------------------

    def exact(self, key: str) -> list[RegisteredOrganisation]:
        """The bodies one of whose names has ``key``."""
        return self._by_key.get(key, [])

    def close(self, key: str) -> list[RegisteredOrganisation]:
        """The bodies one of whose names may be the same as ``key`` (:func:`keys_match`)."""
        keys = {k for word in index_words(key) for k in self._keys_by_word.get(word, ())}
        return _unique(org for k in sorted(keys) if keys_match(key, k) for org in self._by_key[k])

    def with_alias(self, alias: str) -> list[RegisteredOrganisation]:
        return self._by_alias.get(alias, [])

    def with_initialism(self, initialism: str) -> list[RegisteredOrganisation]:
        return self._by_initialism.get(initialism, [])

    def serving(self, area: str) -> list[RegisteredOrganisation]:
        """The bodies that serve ``area`` (or the area it starts with: "Leicester City")."""
        words = area.split()
        found = (o for n in range(len(words), 0, -1) for o in self._by_area.get(" ".join(words[:n]), ()))
        return _unique(found)


def _endings(word: str) -> tuple[str, ...]:
    """The word itself, and without a plural or possessive ending ("Trusts", "Barnardo's's")."""
    if word.endswith("'s"):
        return (word, word[:-2])
    if word.endswith("s"):
        return (word, word[:-1])
    return (word,)


def _written_as(surface: str, name: str) -> bool:
    if len(_TOKEN.findall(name)) == 1 or name.isupper():
        written = [_fold(t) if t in {"&", "and"} else t for t in _TOKEN.findall(surface)]
        registered = [_fold(t) if t in {"&", "and"} else t for t in _TOKEN.findall(name)]
        return written == registered
    return surface[:1] == name[:1]


def _unique(orgs: Iterable[RegisteredOrganisation]) -> list[RegisteredOrganisation]:
    return list({id(o): o for o in orgs}.values())


@cache
def shipped_index() -> RegistryIndex:
    """The index of the shipped registry, built on first use and shared by every document."""
    return RegistryIndex(load_registry())


def choose(
    candidates: Sequence[RegisteredOrganisation], area: str | None, as_of: str | None
) -> list[RegisteredOrganisation]:
    """The candidates a document of ``area`` written on ``as_of`` most likely means.

    Bodies open on the date (undated: still open) are preferred to closed or not yet opened
    ones, then bodies that serve the area to others. Each preference applies only when it leaves
    someone; what remains may be several bodies, which the caller must not merge.
    """
    chosen = list(candidates)
    if as_of:
        chosen = [o for o in chosen if o.open_on(as_of)] or chosen
    else:  # an undated document is taken to be recent
        chosen = [o for o in chosen if o.closed is None] or chosen
    if area:
        chosen = [o for o in chosen if serves(o, area)] or chosen
    return chosen


def serves(org: RegisteredOrganisation, area: str) -> bool:
    """Whether ``org`` serves ``area`` ("Leicester City" is the area "Leicester")."""
    return any(area == a or area.startswith(a + " ") for a in org.served_areas())
