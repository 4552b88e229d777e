"""The ``sgraph`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from loaders.errors import UnreadableDocument
from loaders.extract import extract_file


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Safeguarding Graph: CQC children's safeguarding review paperwork as a knowledge graph."""


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the extraction as JSON (gold SCHEMA.md format).")
def extract(file: Path, as_json: bool) -> None:
    """Print what FILE says (recommendations, actions, organisations...) without storing it."""
    try:
        extraction = extract_file(file)
    except UnreadableDocument as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    click.echo(json.dumps(extraction.to_json(), indent=2, ensure_ascii=False))
