"""The one error a loader raises for a file it cannot read, naming the file and the reason."""

from __future__ import annotations


class UnreadableDocument(Exception):
    """Raised for input that cannot be read at all (empty, binary, corrupt, encrypted, too big)."""

    def __init__(self, file_name: str, reason: str) -> None:
        super().__init__(f"{file_name}: {reason}")
        self.file_name = file_name
        self.reason = reason
