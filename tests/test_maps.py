"""Maps and plots: offline (no external URL), safe (document text never becomes markup),
readable (legend, node cap message, seeded layout), and the `sgraph map` / `sgraph plot` commands."""

from __future__ import annotations

import json
import re
from importlib.resources import files
from pathlib import Path
from typing import Any

import click
import networkx as nx
import pytest
from click.testing import CliRunner
from web_support import RIVERTON_TRUST, SCRIPT_PAYLOAD, fill_store

from api.cli_maps import map_command, plot_command
from graph.build import build_graph
from graph.model import NodeType, node_id
from graph.store import Store
from visualisations import assets, maps, plots

EXTERNAL_REFERENCE = re.compile(
    r"""(?:src|href|action|srcset|poster|data)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
    re.IGNORECASE,
)
URL = re.compile(r"https?://[^\s\"'<>)]*")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "maps.db"
    fill_store(path)
    return path


@pytest.fixture
def graph(db: Path) -> nx.MultiDiGraph:
    with Store(db) as store:
        return build_graph(store.documents())


TRUST = node_id(NodeType.ORGANISATION, RIVERTON_TRUST)


def all_maps(g: nx.MultiDiGraph) -> list[maps.NetworkMap]:
    return [
        maps.co_accountability_map(g),
        maps.organisation_map(g, TRUST),
        maps.theme_area_map(g),
        maps.review_map(g, "Review:riverton:2018-04"),
    ]


def vendored_urls() -> set[str]:
    """URLs inside pyvis' bundled vis-network files: licence notices and the SVG namespace, never fetched."""
    folder = files("pyvis").joinpath("lib", "vis-9.1.2")
    text = folder.joinpath("vis-network.min.js").read_text() + folder.joinpath("vis-network.css").read_text()
    return set(URL.findall(text))


def map_data(html: str) -> dict[str, Any]:
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert block is not None
    data: dict[str, Any] = json.loads(block.group(1))
    return data


def test_maps_reference_nothing_outside_the_page(graph: nx.MultiDiGraph) -> None:
    allowed = vendored_urls()
    for network_map in all_maps(graph):
        html = maps.render_map(network_map, lambda node, kind: "/x")
        assert not EXTERNAL_REFERENCE.search(html), network_map.title
        assert "<script src" not in html and "<link" not in html
        # the only URL-like strings are the licence notices and namespace inside the inlined library
        assert set(URL.findall(html)) <= allowed
        own_part = html.replace(assets.asset_text("vis-network.min.js"), "").replace(
            assets.asset_text("vis-network.css"), ""
        )
        assert not URL.search(own_part)
        assert "bootstrap" not in html.lower()


def test_document_text_cannot_escape_the_data_block(graph: nx.MultiDiGraph) -> None:
    html = maps.render_map(maps.review_map(graph, "Review:riverton:2018-04"))
    block = re.search(r'<script type="application/json" id="map-data">(.*?)</script>', html, re.S)
    assert block is not None
    assert "<" not in block.group(1)  # nothing in the data can open or close an element
    tooltips = " ".join(n["title"] for n in map_data(html)["nodes"])
    assert SCRIPT_PAYLOAD in tooltips  # kept as text for vis-network to show as text
    # the node list under the map is escaped by the template
    assert SCRIPT_PAYLOAD not in html.replace(block.group(0), "")
    assert "&lt;script&gt;" in html


def test_click_links_are_same_site_paths_only(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    hostile = maps.render_map(network_map, lambda node, kind: "javascript:alert(1)")
    assert all(n["url"] is None for n in map_data(hostile)["nodes"])
    linked = maps.render_map(network_map, lambda node, kind: f"/pages/{kind}")
    assert {n["url"] for n in map_data(linked)["nodes"]} >= {"/pages/Organisation", "/pages/Recommendation"}


def test_legend_names_every_node_type_shown_with_its_shape(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    html = maps.render_map(network_map)
    shown = {n.type for n in network_map.nodes}
    assert {"Organisation", "Recommendation", "Action", "AssuranceBody"} <= shown
    legend = re.search(r'<ul class="legend">(.*?)</ul>', html, re.S)
    assert legend is not None
    for kind in shown:
        colour, shape, shape_name = maps.NODE_STYLE[kind]
        words = maps._spaced(kind)
        assert f"{words} ({shape_name})" in legend.group(1)
        node = next(n for n in map_data(html)["nodes"] if n["kind"] == kind)
        assert (node["color"], node["shape"]) == (colour, shape)


def test_node_cap_keeps_the_focus_and_says_so(graph: nx.MultiDiGraph) -> None:
    full = maps.organisation_map(graph, TRUST)
    capped = maps.organisation_map(graph, TRUST, limit=2)
    assert full.total_nodes == capped.total_nodes > 2
    assert capped.shown_nodes == 2
    assert TRUST in {n.id for n in capped.nodes}
    assert all(e.source in {n.id for n in capped.nodes} for e in capped.edges)
    html = maps.render_map(capped)
    assert f"Showing 2 of {full.total_nodes} nodes (the most connected)" in html
    assert f"Showing {full.total_nodes} of {full.total_nodes} nodes." in maps.render_map(full)


def test_size_by_degree_and_a_layout_computed_once_on_the_server(graph: nx.MultiDiGraph) -> None:
    html = maps.render_map(maps.co_accountability_map(graph))
    data = map_data(html)
    assert data["options"]["physics"] == {"enabled": False}  # nothing settles in the browser
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    riverton_ccg = node_id(NodeType.ORGANISATION, "Riverton Clinical Commissioning Group")
    values = {n["id"]: n["value"] for n in data["nodes"]}
    assert values[riverton_ccg] > values[TRUST]  # shares with two organisations, the trust with one
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert ranks[riverton_ccg] == 0  # the most connected is labelled first
    assert maps.render_map(maps.co_accountability_map(graph)) == html  # same graph, same page


def test_labels_are_short_with_the_full_name_kept(graph: nx.MultiDiGraph) -> None:
    data = map_data(maps.render_map(maps.organisation_map(graph, TRUST)))
    trust = next(n for n in data["nodes"] if n["id"] == TRUST)
    assert (trust["short"], trust["name"]) == ("RHT", RIVERTON_TRUST)  # its initialism on the map
    assert all(len(n["short"]) <= 28 for n in data["nodes"])
    assert "label" not in trust  # map.js draws labels at a readable size, not vis-network


def test_sources_are_links_only_when_the_server_can_show_them(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    standalone = map_data(maps.render_map(network_map))
    served = map_data(maps.render_map(network_map, source_link=lambda src: f"/src/{src['document']}"))
    hostile = map_data(maps.render_map(network_map, source_link=lambda src: "//elsewhere.invalid/x"))
    rec = next(n for n in served["nodes"] if n["kind"] == "Recommendation")
    assert rec["sources"] and rec["sources"][0]["url"] == "/src/riverton_plan.txt"
    assert re.fullmatch(r"Action plan, Riverton, line \d+", rec["sources"][0]["label"])  # by title
    assert all(s["url"] is None for n in standalone["nodes"] + hostile["nodes"] for s in n["sources"])


def test_served_maps_load_scripts_from_the_app_and_files_inline_them(graph: nx.MultiDiGraph) -> None:
    network_map = maps.co_accountability_map(graph)
    served = maps.render_map(network_map, controls=maps.MapControls(5))
    assert '<script src="/static/vis-network.min.js"></script>' in served
    assert '<script src="/static/map.js"></script>' in served
    # the only inline script element is the (non-executable) data block
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", served)
    assert inline == ['<script type="application/json" id="map-data">']
    standalone = maps.render_map(network_map)
    assert assets.asset_text("map.js") in standalone and "<script src" not in standalone


def test_co_accountability_and_theme_maps(graph: nx.MultiDiGraph) -> None:
    network = maps.co_accountability_map(graph)
    assert {(e.source, e.target, e.weight) for e in network.edges} == {
        (
            node_id(NodeType.ORGANISATION, "Lakeside Clinical Commissioning Group"),
            node_id(NodeType.ORGANISATION, "Lakeside Community NHS Trust"),
            1,
        ),
        (
            node_id(NodeType.ORGANISATION, "Riverton Borough Council"),
            node_id(NodeType.ORGANISATION, "Riverton Clinical Commissioning Group"),
            1,
        ),
        (node_id(NodeType.ORGANISATION, "Riverton Clinical Commissioning Group"), TRUST, 1),
    }
    lakeside = maps.co_accountability_map(graph, area=node_id(NodeType.AREA, "Lakeside"))
    assert lakeside.total_nodes == 2
    themes = maps.theme_area_map(graph)
    health = node_id(NodeType.THEME, "health-assessments")
    assert {e.target for e in themes.edges if e.source == health} == {"Area:lakeside", "Area:riverton"}
    one = maps.theme_area_map(graph, node_id(NodeType.THEME, "training"))
    assert {n.id for n in one.nodes} == {"Theme:training", "Area:lakeside"}


def test_standalone_maps_have_no_form_and_no_site_links(graph: nx.MultiDiGraph) -> None:
    html = maps.render_map(maps.co_accountability_map(graph))
    assert 'aria-label="Redraw the map"' not in html and 'href="/"' not in html
    assert 'role="search"' in html  # finding a node works in a file too
    controls = maps.MapControls(5, [maps.MapFilter("area", "Area", ["Lakeside", "Riverton"], "Lakeside")])
    served = maps.render_map(maps.co_accountability_map(graph), controls=controls)
    assert '<select id="filter-area" name="area">' in served


def test_empty_graph_gives_an_empty_but_valid_map() -> None:
    html = maps.render_map(maps.co_accountability_map(nx.MultiDiGraph()))
    assert "Showing 0 of 0 nodes." in html
    assert map_data(html)["nodes"] == []


def test_heatmap_png_and_svg_are_deterministic(graph: nx.MultiDiGraph) -> None:
    png = plots.theme_heatmap(graph, "png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert plots.theme_heatmap(graph, "png") == png
    svg = plots.theme_heatmap(graph, "svg").decode()
    theme_label = graph.nodes[node_id(NodeType.THEME, "health-assessments")]["label"]
    assert "<svg" in svg and theme_label in svg and "Riverton" in svg
    assert plots.theme_heatmap(graph, "svg").decode() == svg
    with pytest.raises(ValueError, match="png or svg"):
        plots.theme_heatmap(graph, "gif")


def _cli() -> click.Group:
    return click.Group(commands={"map": map_command, "plot": plot_command})


def test_map_command_writes_offline_html(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "trust.html"
    result = CliRunner().invoke(_cli(), ["map", "--db", str(db), "--org", "RHT", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Showing" in result.output
    html = out.read_text()
    assert not EXTERNAL_REFERENCE.search(html)
    assert RIVERTON_TRUST in html
    for option in (
        ["--review", "Riverton"],
        ["--theme", "training"],
        ["--all-themes"],
        ["--area", "Lakeside"],
        [],
    ):
        result = CliRunner().invoke(_cli(), ["map", "--db", str(db), *option, "-o", str(out)])
        assert result.exit_code == 0, (option, result.output)


def test_map_command_errors(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.html"
    unknown = CliRunner().invoke(
        _cli(), ["map", "--db", str(db), "--org", "Riverton Hospital", "-o", str(out)]
    )
    assert unknown.exit_code == 1
    assert RIVERTON_TRUST in unknown.output
    both = CliRunner().invoke(
        _cli(), ["map", "--db", str(db), "--org", "RHT", "--theme", "fgm", "-o", str(out)]
    )
    assert both.exit_code == 2
    assert "choose one map" in both.output
    assert not out.exists()


def test_plot_command(db: Path, tmp_path: Path) -> None:
    for name, magic in (("themes.png", b"\x89PNG"), ("themes.svg", b"<?xml")):
        result = CliRunner().invoke(_cli(), ["plot", "themes", "--db", str(db), "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(magic)
    bad = CliRunner().invoke(_cli(), ["plot", "themes", "--db", str(db), "-o", str(tmp_path / "t.gif")])
    assert bad.exit_code == 2
    assert ".png or .svg" in bad.output
