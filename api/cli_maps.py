"""``sgraph map`` and ``sgraph plot``: the interactive maps and the themes heatmap as files.

The graph, maps and plotting libraries are imported when a command runs, not when ``sgraph``
starts (plotting alone took a second of every command, ``--help`` included).
"""

from __future__ import annotations

from pathlib import Path

import click

from api.common import db_option, names_fail_cleanly, open_graph

# visualisations.maps.DEFAULT_NODE_LIMIT, written here so that --help needs no map code
# (tests/test_cli.py holds the two equal)
DEFAULT_NODE_LIMIT = 150
PLOT_SUFFIXES = ("png", "svg")


@click.command("map")
@click.option("--org", help="Ego map of one organisation (name, alias or initialism).")
@click.option("--review", help="Map of one review (review id, or its area's name).")
@click.option("--theme", help="Map of one theme (theme id) and the areas that raise it.")
@click.option("--all-themes", is_flag=True, help="Map of every theme and the areas that raise it.")
@click.option("--area", help="Co-accountability network of one area only.")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=DEFAULT_NODE_LIMIT,
    show_default=True,
    help="Most nodes to draw; the most connected are kept and the page says 'showing N of M'.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The HTML file to write (opens in any browser, offline).",
)
@db_option
@names_fail_cleanly
def map_command(
    org: str | None,
    review: str | None,
    theme: str | None,
    all_themes: bool,
    area: str | None,
    limit: int,
    output: Path,
    db: Path,
) -> None:
    """Write an interactive network map to an HTML file that works offline.

    With no choice of map, the co-accountability network of all organisations (joined when the
    same recommendation is addressed to both). Nodes are coloured and shaped by type (see the
    legend), sized by their number of connections; hover for the text and sources, drag to move.
    """
    chosen = [name for name, value in (("--org", org), ("--review", review), ("--theme", theme)) if value]
    chosen += ["--all-themes"] if all_themes else []
    chosen += ["--area"] if area and chosen else []
    if len(chosen) > 1:
        raise click.UsageError(f"choose one map: {', '.join(chosen)} given")
    from graph.queries import resolve_area, resolve_organisation, resolve_review, resolve_theme
    from visualisations import maps
    from visualisations.map_page import write_map

    g = open_graph(db)
    if org:
        network_map = maps.organisation_map(g, resolve_organisation(g, org), limit)
    elif review:
        network_map = maps.review_map(g, resolve_review(g, review), limit)
    elif theme:
        network_map = maps.theme_area_map(g, resolve_theme(g, theme), limit)
    elif all_themes:
        network_map = maps.theme_area_map(g, None, limit)
    else:
        network_map = maps.co_accountability_map(g, resolve_area(g, area) if area else None, limit)
    write_map(network_map, output)
    click.echo(f"{output}: {network_map.title}. {network_map.message()}")


@click.command("plot")
@click.argument("what", type=click.Choice(["themes"]))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="The image to write: .png or .svg.",
)
@db_option
def plot_command(what: str, output: Path, db: Path) -> None:
    """Write a static picture: `themes` is the heatmap of themes x areas (PNG or SVG by suffix)."""
    suffix = output.suffix.lower().lstrip(".")
    if suffix not in PLOT_SUFFIXES:
        raise click.BadParameter(f"{output.name}: use a .png or .svg file name", param_hint="-o/--output")
    from visualisations import plots

    plots.write_theme_heatmap(open_graph(db), output)
    click.echo(f"{output}: heatmap of themes x areas")
