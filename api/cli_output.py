"""How ``sgraph query ...`` and ``sgraph search`` print answers: rich tables of document text
(never read as markup), pages of long lists, and JSON with ``--json``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import click
from rich.text import Text

if TYPE_CHECKING:
    from rich.table import Table


def queries_module() -> ModuleType:
    """graph.queries, imported when a question is asked (not for ``sgraph --help``)."""
    from graph import queries

    return queries


json_option = click.option("--json", "as_json", is_flag=True, help="Print the answer as JSON.")


def page_options(command: Any) -> Any:
    """--limit and --offset: the page of a list answered (with --json, {total, limit, offset, items})."""
    command = click.option(
        "--offset", default=0, show_default=True, type=click.IntRange(min=0), help="Items to skip."
    )(command)
    return click.option(
        "--limit", default=100, show_default=True, type=click.IntRange(min=1), help="Items per page."
    )(command)


def showing(total: int, limit: int, offset: int) -> str:
    """What part of a list a table shows, when it is not the whole list."""
    if offset == 0 and total <= limit:
        return ""
    last = min(total, offset + limit)
    return f" (showing {offset + 1}-{last} of {total}; --limit/--offset for others)" if last > offset else ""


def plain(value: Any) -> Text:
    """Document text as a table cell, never read as rich markup."""
    if value is None:
        return Text("")
    if isinstance(value, list | tuple):
        return Text("; ".join(str(v) for v in value))
    return Text(str(value))


def short(text: str | None, words: int = 20) -> str:
    """Tables show the first words of long document text; --json gives it whole."""
    parts = (text or "").split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


def count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def table(title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]]) -> Table:
    from rich.table import Table

    table = Table(title=Text(title), title_justify="left", show_lines=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(plain(cell) for cell in row))
    return table


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))
