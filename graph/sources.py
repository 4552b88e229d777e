"""Sources: where in which document each node and edge of the graph was read.

Every node and edge carries ``source``, a list of ``{"document", "file", "location"}``; a fact
read twice adds a source to the list. :class:`SourceSets` keeps those lists free of repeats
without searching them.
"""

from __future__ import annotations

from typing import Any

from graph.documents import StoredDocument
from loaders.blocks import Location

Source = dict[str, Any]


def source_of(doc: StoredDocument, location: Location | None = None) -> Source:
    return {"document": doc.id, "file": doc.file_name, "location": (location or Location()).to_dict()}


class SourceSets:
    """Which values each long list of sources (or reasons) already holds, kept beside the lists.

    A theme, area or organisation node collects thousands of sources; searching its list for each
    new one made the build quadratic (17% of it at national scale). Short lists are still searched
    (cheaper than a set); a list passing ``SHORT`` items gets a set of its values' keys, holding
    the list itself so that its id is never reused while the set is alive.
    """

    SHORT = 8

    def __init__(self) -> None:
        self._sets: dict[int, tuple[list[Any], set[Any]]] = {}

    def add(self, items: list[Any], value: Any) -> None:
        held = self._sets.get(id(items))
        if held is None:
            if len(items) < self.SHORT:
                if value not in items:
                    items.append(value)
                return
            held = self._sets[id(items)] = (items, {_value_key(v) for v in items})
        key = _value_key(value)
        if key not in held[1]:
            held[1].add(key)
            items.append(value)

    def merge(self, items: list[Any], values: list[Any]) -> None:
        for value in values:
            self.add(items, value)


_SOURCE_FIELDS = frozenset({"document", "file", "location"})


def _value_key(value: Any) -> Any:
    """A hashable key equal for equal values: a source is a dict holding a location dict."""
    if isinstance(value, dict) and value.keys() == _SOURCE_FIELDS and isinstance(value["location"], dict):
        return (value["document"], value["file"], tuple(sorted(value["location"].items())))
    if isinstance(value, dict):
        return tuple(sorted((k, _value_key(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_value_key(v) for v in value)
    return value
