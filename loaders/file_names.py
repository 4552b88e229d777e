"""File names as they are stored and shown: any bytes, never an error, never a control code.

A file name on Linux is bytes; Python hands undecodable ones over as surrogate escapes, which
SQLite and JSON cannot store and a terminal must not be sent raw. Each such byte is written as
``\\xNN`` and each control character as its escape, so the stored name is readable, printable
and still tells two files apart.
"""

from __future__ import annotations

import unicodedata


def display_name(name: str) -> str:
    """``name`` with undecodable bytes and control characters written as escapes."""
    if name.isprintable():
        return name
    try:
        raw = name.encode("utf-8", errors="surrogateescape")  # how os.fsdecode escaped the bytes
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        raw = name.encode("utf-8", errors="backslashreplace")
    text = raw.decode("utf-8", errors="backslashreplace")
    return "".join(_visible(char) for char in text)


def _visible(char: str) -> str:
    # category C*: controls, format characters (bidi overrides), unassigned and private use
    if unicodedata.category(char).startswith("C"):
        return char.encode("unicode_escape").decode("ascii")
    return char
