"""``sgraph query actions``: the actions tracker on the command line, as a table, CSV, Excel or JSON.

The filters are those of the tracker page and ``/actions``; ``--format csv|xlsx`` writes the same
file the page's download links give.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from textwrap import shorten

import click
from rich.table import Table
from rich.text import Text

from api.common import db_option, names_fail_cleanly, open_graph, parse_day, text_console
from api.spreadsheets import tracker_csv, tracker_xlsx
from graph.queries.actions import NO_STATUS, SORT_KEYS, ActionFilter, action_table, sort_rows


@click.command("actions")
@click.option("--area", help="Only this area.")
@click.option("--review", help="Only this review (its id, or its area's name when the area had one).")
@click.option(
    "--org", "organisation", help="Only actions involving this organisation (name, alias or initialism)."
)
@click.option("--theme", help="Only this theme (id such as 'training').")
@click.option(
    "--status", help=f"Only this status (completed, on track, in progress, behind, or '{NO_STATUS}')."
)
@click.option("--overdue/--not-overdue", default=None, help="Only overdue (or only not overdue) actions.")
@click.option("--text", help="Only actions whose wording, lead or assurance contains this.")
@click.option(
    "--as-of", callback=parse_day, metavar="DATE", help="Judge overdue as of this day (default today)."
)
@click.option(
    "--sort", type=click.Choice(list(SORT_KEYS)), help="Sort by this column (default: area, review, number)."
)
@click.option("--descending", is_flag=True, help="With --sort: largest (or latest) first.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "xlsx", "json"]),
    default="table",
    show_default=True,
    help="How to print the actions.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of the screen (needed for xlsx).",
)
@db_option
@names_fail_cleanly
def actions_command(
    area: str | None,
    review: str | None,
    organisation: str | None,
    theme: str | None,
    status: str | None,
    overdue: bool | None,
    text: str | None,
    as_of: date | None,
    sort: str | None,
    descending: bool,
    fmt: str,
    output: Path | None,
    db: Path,
) -> None:
    """Every action as a tracker row: area, review, recommendation, organisations, lead,
    responsible officer, assurance, due date, status, overdue, themes; filtered and sorted."""
    wanted = ActionFilter(area, review, organisation, theme, status, overdue, text, as_of)
    table = action_table(open_graph(db), wanted)
    rows = sort_rows(table.rows, sort, descending) if sort else list(table.rows)
    if fmt == "xlsx":
        if output is None:
            raise click.UsageError("--format xlsx writes a file: give -o FILE.xlsx")
        output.write_bytes(tracker_xlsx(rows, table.as_of))
    elif fmt in ("csv", "json"):
        body = (
            tracker_csv(rows)
            if fmt == "csv"
            else json.dumps(
                {"as_of": table.as_of, "items": [r.to_json() for r in rows]}, indent=2, ensure_ascii=False
            )
        )
        if output is None:
            sys.stdout.write(body if fmt == "csv" else body + "\n")
        else:
            output.write_text(body, encoding="utf-8", newline="")
    else:
        grid = Table(title=Text(f"{len(rows)} action(s), overdue as of {table.as_of}"), title_justify="left")
        for column in ("Area", "Rec", "Action", "Lead", "Assurance", "Due", "Status", "Overdue"):
            grid.add_column(column, overflow="fold")
        for r in rows:
            # the table shows the start of long text; --format json/csv/xlsx give it whole
            text, assurance = (
                shorten(r.text, 90, placeholder=" …"),
                shorten("; ".join(r.assurance), 50, placeholder=" …"),
            )
            cells = [r.area, r.recommendation, text, r.lead, assurance, r.due, r.status]
            grid.add_row(*(Text(c or "") for c in cells), Text("overdue" if r.overdue else ""))
        text_console().print(grid)
    if output is not None:
        click.echo(f"Wrote {len(rows)} action(s) to {output}", err=True)
