"""A graph's shared answers (:mod:`graph.queries.index`) as plain values, so that they are made
where the graph is built and kept with it in the store.

The answers are the query modules' result dataclasses, their text models (numpy arrays) and the
indexes over the graph, keyed by tuples that hold enums and dates. :func:`pack` turns such a value
into what :mod:`marshal` writes (plain containers, strings, numbers, bytes) and :func:`unpack`
turns it back; like the kept graph, reading it runs no code but the constructors of the classes
of :mod:`graph.queries` and :mod:`graph.model` (any other class name is refused).

A packed object is a tuple ``(MARK, tag, ...)``; a container is tagged only when something inside
it is packed, so that :func:`unpack` walks the objects and never the plain data around them (a
text model is ~500,000 plain numbers). Objects met twice are packed once and unpacked once.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import importlib
import marshal
import zlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, TypeAlias

import numpy as np

from graph.parts import no_collection
from graph.queries.index import graph_index, warm

if TYPE_CHECKING:
    from graph.queries.walk import Graph

MARK = b"\x00sgraph-kept"
_PLAIN = (str, int, float, bool, bytes, type(None))
# the modules whose classes a kept answer may hold
_MODULES = ("graph.queries.", "graph.model")
# the only dtypes a kept array may have (the text models' rows and weights)
_DTYPES = ("<i8", "<f8")


class UnknownKept(ValueError):
    """A kept value names a class or form this version does not read."""


def pack(value: Any) -> Any:
    """``value`` as plain values (see the module docstring)."""
    return _Packer().pack(value)


def unpack(packed: Any) -> Any:
    """The value :func:`pack` was given; :class:`UnknownKept` if it names what cannot be read."""
    return _Unpacker().unpack(packed)


def _class_name(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


@functools.cache
def _class_of(name: str) -> type:
    module, _, qualname = name.partition(":")
    if not module.startswith(_MODULES) or "." in qualname:
        raise UnknownKept(f"a kept answer names {name!r}, not a class of the graph's queries")
    found = getattr(importlib.import_module(module), qualname, None)
    if not isinstance(found, type) or found.__module__ != module:
        raise UnknownKept(f"a kept answer names {name!r}, which is not a class of that module")
    return found


class _Packer:
    def __init__(self) -> None:
        self._seen: dict[int, Any] = {}
        self._held: list[Any] = []  # what _seen's ids belong to, alive until the end

    def pack(self, value: Any) -> Any:
        if type(value) in _PLAIN:
            return value
        seen = self._seen.get(id(value))
        if seen is not None:
            return seen
        packed = self._pack(value)
        self._seen[id(value)] = packed
        self._held.append(value)
        return packed

    def _pack(self, value: Any) -> Any:
        kind = type(value)
        if kind in (list, tuple, set, frozenset):
            items = [self.pack(v) for v in value]
            if any(p is not v for p, v in zip(items, value, strict=True)) or (
                kind is tuple and value and value[0] == MARK
            ):
                return (MARK, kind.__name__, items)
            return value
        if kind is dict:
            pairs = [(self.pack(k), self.pack(v)) for k, v in value.items()]
            if any(pk is not k or pv is not v for (pk, pv), (k, v) in zip(pairs, value.items(), strict=True)):
                return (MARK, "dict", pairs)
            return value
        if isinstance(value, enum.Enum):
            return (MARK, "enum", _class_name(kind), value.value)
        if kind is date:
            return (MARK, "date", value.isoformat())
        if kind is np.ndarray:
            array = np.ascontiguousarray(value, dtype=value.dtype.newbyteorder("<"))
            if array.dtype.str not in _DTYPES or array.ndim != 1:
                raise ValueError(f"an array of {array.dtype} cannot be kept")
            return (MARK, "array", array.dtype.str, array.tobytes())
        if dataclasses.is_dataclass(value):
            names = [f.name for f in dataclasses.fields(value)]
            state = {name: getattr(value, name) for name in names}
        elif hasattr(value, "__dict__") and kind.__module__.startswith(_MODULES):
            state = vars(value)
        else:
            raise ValueError(f"a {kind.__name__} cannot be kept")
        return (MARK, "object", _class_name(kind), self.pack(state))


class _Unpacker:
    def __init__(self) -> None:
        self._done: dict[int, Any] = {}

    def unpack(self, packed: Any) -> Any:
        if type(packed) is not tuple or len(packed) < 2 or packed[0] != MARK:
            return packed
        done = self._done.get(id(packed))
        if done is None:
            done = self._done[id(packed)] = self._unpack(packed)
        return done

    def _unpack(self, packed: tuple[Any, ...]) -> Any:
        tag = packed[1]
        if tag in ("list", "tuple", "set", "frozenset"):
            container = {"list": list, "tuple": tuple, "set": set, "frozenset": frozenset}[tag]
            return container(self.unpack(v) for v in packed[2])
        if tag == "dict":
            return {self.unpack(k): self.unpack(v) for k, v in packed[2]}
        if tag == "enum":
            kind = _class_of(packed[2])
            if not issubclass(kind, enum.Enum):
                raise UnknownKept(f"{packed[2]} is not an enumeration")
            return kind(packed[3])
        if tag == "date":
            return date.fromisoformat(packed[2])
        if tag == "array":
            if packed[2] not in _DTYPES:
                raise UnknownKept(f"a kept array of {packed[2]!r}")
            return np.frombuffer(packed[3], dtype=packed[2])
        if tag == "object":
            kind = _class_of(packed[2])
            value: Any = object.__new__(kind)
            # as the object was: a frozen dataclass's fields are set as its own __init__ sets them
            vars(value).update(self.unpack(packed[3]))
            return value
        raise UnknownKept(f"a kept answer of an unknown form {tag!r}")


# --- a graph's answers, kept -------------------------------------------------------------------

# the version of what keep() writes
FORMAT = 1
Reader: TypeAlias = Callable[[Callable[[], Any]], Any]


def keep(g: Graph) -> bytes:
    """The shared answers of ``g`` (:func:`graph.queries.index.warm` makes them here, if not
    made already) as bytes, each compressed apart so that a reader reads only those it asks."""
    warm(g)
    answers, of_nodes, indexes = graph_index(g).made()
    with no_collection():
        return _keep(g, answers, of_nodes, indexes)


def _keep(g: Graph, answers: dict[Any, Any], of_nodes: dict[str, Any], indexes: dict[str, Any]) -> bytes:
    kept: list[tuple[Any, bytes | int]] = []
    first: dict[int, int] = {}  # an answer that is another's (the same object): where that one is
    for key, value in answers.items():
        try:
            same = first.get(id(value))
            kept.append((pack(key), _compressed(value) if same is None else same))
            first.setdefault(id(value), len(kept) - 1)
        except ValueError:
            continue  # not plain (none of warm's): computed again where it is read
    nodes = _each_compressed(of_nodes)
    return marshal.dumps((FORMAT, _shape(g), kept, nodes, _each_compressed(indexes)))


def _each_compressed(named: dict[str, Any]) -> dict[str, bytes]:
    """Each value compressed apart; one that cannot be kept is left out (made again where read)."""
    found = {}
    for name, value in named.items():
        try:
            found[name] = _compressed(value)
        except ValueError:
            continue
    return found


def make_ready(g: Graph, data: bytes, today: date | None = None) -> bool:
    """Give ``g``'s index the answers :func:`keep` wrote for it, read on first use; an answer
    about another day than ``today`` (the gap report of the day it was kept) is left out. False,
    with nothing given, when ``data`` is not of this format or of this graph."""
    today = today or date.today()
    try:
        outer = marshal.loads(data)
        if not isinstance(outer, tuple) or len(outer) != 5 or outer[0] != FORMAT or outer[1] != _shape(g):
            return False
        _format, _graph, kept, nodes, indexes = outer
        index = graph_index(g)
        keys = [unpack(packed_key) for packed_key, _ in kept]
        answers: dict[Any, Reader] = {}
        for key, (_, blob) in zip(keys, kept, strict=True):
            if any(type(part) is date and part != today for part in _parts(key)):
                continue
            if isinstance(blob, int):  # the same object as an earlier answer: read once, shared
                answers[key] = functools.partial(index.answer, keys[blob])
            else:
                answers[key] = functools.partial(_read, blob)
        of_nodes: dict[str, Callable[[], dict[str, Any]]] = {
            name: functools.partial(_read_values, blob) for name, blob in nodes.items()
        }
        made = {name: _uncompressed(blob) for name, blob in indexes.items()}
        index.make_ready(answers, of_nodes, made)
    except (ValueError, EOFError, TypeError, zlib.error):
        return False
    return True


def _shape(g: Graph) -> tuple[int, int]:
    return g.number_of_nodes(), g.number_of_edges()


def _parts(key: Any) -> tuple[Any, ...]:
    return key if isinstance(key, tuple) else (key,)


def _compressed(value: Any) -> bytes:
    return zlib.compress(marshal.dumps(pack(value)), 1)


def _uncompressed(blob: bytes) -> Any:
    # the collector paused: each of the containers read would count towards a collection over
    # the whole graph (reading a national gap report took 0.6 s instead of 0.07)
    with no_collection():
        return unpack(marshal.loads(zlib.decompress(blob)))


def _read(blob: bytes, compute: Callable[[], Any]) -> Any:
    try:
        return _uncompressed(blob)
    except (ValueError, EOFError, TypeError, zlib.error):
        return compute()  # unreadable: made again


def _read_values(blob: bytes) -> dict[str, Any]:
    try:
        values = _uncompressed(blob)
    except (ValueError, EOFError, TypeError, zlib.error):
        return {}  # unreadable: each node's made again
    return values if isinstance(values, dict) else {}
