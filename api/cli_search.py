"""``sgraph search``: recommendations, findings and actions matching words, best first."""

from __future__ import annotations

from pathlib import Path

import click

from api.cli_output import count, echo_json, json_option, queries_module, short, showing, table
from api.common import db_option, names_fail_cleanly, open_graph, text_console


@click.command("search")
@click.argument("text")
@click.option("--area", help="Only this area.")
@click.option("--org", help="Only what concerns this organisation (name, alias or initialism).")
@click.option("--theme", help="Only this theme (id such as 'fgm', or its label).")
@click.option("--year", type=int, help="Only reviews (or documents) of this year.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="How many results.")
@click.option("--offset", default=0, show_default=True, type=click.IntRange(min=0), help="Results to skip.")
@json_option
@db_option
@names_fail_cleanly
def search(
    text: str,
    area: str | None,
    org: str | None,
    theme: str | None,
    year: int | None,
    limit: int,
    offset: int,
    as_json: bool,
    db: Path,
) -> None:
    """Search recommendations, findings and actions for TEXT, best matches first."""
    try:
        g = open_graph(db)
        total, hits = queries_module().search_page(
            g, text, area=area, org=org, theme=theme, year=year, limit=limit, offset=offset
        )
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        echo_json({"total": total, "limit": limit, "offset": offset, "items": [h.to_json() for h in hits]})
        return
    rows = ([h.score, h.area, h.kind, h.recommendation, short(h.text, 30)] for h in hits)
    title = f"{count(total, 'result')} for {text!r}" + showing(total, limit, offset)
    text_console().print(table(title, ["Score", "Area", "Kind", "Rec", "Text"], rows))
