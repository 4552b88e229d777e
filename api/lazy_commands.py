"""Command groups whose heavier commands are imported only when run.

``sgraph --help`` lists every command with the first line of its help; importing a command's
module for that would import what it runs on (rdflib for exports, the graph for the actions
tracker) and make every start slow. A lazy command's help line is read from its module's source
instead (the docstring of the function of that name), and the module is imported when the command
is run or asked for its own ``--help``.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path
from typing import Any

import click


class LazyGroup(click.Group):
    """A group with, besides its own commands, ``lazy`` ones: name -> "module:function"."""

    def __init__(self, *args: Any, lazy: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            command: click.Command = getattr(importlib.import_module(module), attribute)
            return command
        return super().get_command(ctx, name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.lazy:
                placeholder = click.Command(name, help=source_help(self.lazy[name]))
                rows.append((name, placeholder.get_short_help_str(limit)))
                continue
            command = super().get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def source_help(spec: str) -> str:
    """The docstring of the function ``spec`` ("module:function") names, read without importing it."""
    module, attribute = spec.split(":")
    found = importlib.util.find_spec(module)
    if found is None or found.origin is None:
        return ""
    tree = ast.parse(Path(found.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attribute:
            return ast.get_docstring(node) or ""
    return ""
