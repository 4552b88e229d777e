"""Maps and plots: offline (no external URL), safe (document text never becomes markup),
readable (legend, node cap message, seeded layout), and the `sgraph map` / `sgraph plot` commands."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import click
import networkx as nx
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from web_support import LAKESIDE_TEXT, RIVERTON_TRUST, SCRIPT_PAYLOAD, fill_store, lakeside_briefing

from api.app import create_app
from api.cli_maps import map_command, plot_command
from api.map_pages import MapPages, map_pages
from graph.build import build_graph
from graph.model import EdgeType, NodeType, node_id
from graph.queries.coaccountability import co_accountability_graph
from graph.queries.walk import actions_led, nodes_of
from graph.store import Store
from visualisations import assets, map_page, maps, navigation, plots
from visualisations.map_page import render_map

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


def data_block(html: str, name: str) -> Any:
    block = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S)
    assert block is not None
    return json.loads(block.group(1))


def map_data(html: str) -> dict[str, Any]:
    """The map's nodes as one dict each (the page sends them as columns, most connected first,
    their texts and sources in a second block) and its edges as the page sends them."""
    data, texts = data_block(html, "map-data"), data_block(html, "map-texts")
    columns = ("id", "short", "name", "x", "y", "size", "url")
    nodes = []
    for rank, (kind, (text, sources)) in enumerate(zip(data["kind"], texts, strict=True)):
        name, colour, shape = data["kinds"][kind]
        node = {c: data[c][rank] for c in columns}
        node |= {"kind": name, "color": colour, "shape": shape, "rank": rank, "text": text}
        nodes.append(node | {"sources": [{"label": words, "url": url} for words, url in sources]})
    return {"nodes": nodes, "edges": data["edges"], "relations": data["relations"], "focus": data["focus"]}


def test_maps_reference_nothing_outside_the_page(graph: nx.MultiDiGraph) -> None:
    for network_map in all_maps(graph):
        html = render_map(network_map, lambda node, kind: "/x")
        assert not EXTERNAL_REFERENCE.search(html), network_map.title
        assert "<script src" not in html and "<link" not in html
        assert not URL.search(html)  # no library: the page's only script is the project's map.js


def test_document_text_cannot_escape_the_data_block(graph: nx.MultiDiGraph) -> None:
    html = render_map(maps.review_map(graph, "Review:riverton:2018-04"))
    blocks = re.findall(r'<script type="application/json" id="map-[a-z]+">.*?</script>', html, re.S)
    assert len(blocks) == 2
    assert all("<" not in block.split(">", 1)[1][: -len("</script>")] for block in blocks)
    texts = " ".join(n["text"] for n in map_data(html)["nodes"])
    assert SCRIPT_PAYLOAD in texts  # kept as text for map.js to show as text
    # the node list under the map is escaped by the template
    assert SCRIPT_PAYLOAD not in "".join(html.split(blocks[0])[0].split(blocks[1]))
    assert "&lt;script&gt;" in html


def test_click_links_are_same_site_paths_only(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    hostile = render_map(network_map, lambda node, kind: "javascript:alert(1)")
    assert all(n["url"] is None for n in map_data(hostile)["nodes"])
    linked = render_map(network_map, lambda node, kind: f"/pages/{kind}")
    assert {n["url"] for n in map_data(linked)["nodes"]} >= {"/pages/Organisation", "/pages/Recommendation"}


def test_legend_names_every_node_type_shown_with_its_shape(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    html = render_map(network_map)
    shown = {n.type for n in network_map.nodes}
    assert {"Organisation", "Recommendation", "Action", "AssuranceBody"} <= shown
    legend = re.search(r'<ul class="legend">(.*?)</ul>', html, re.S)
    assert legend is not None
    for kind in shown:
        colour, shape, shape_name = map_page.NODE_STYLE[kind]
        words = map_page.spaced(kind)
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
    html = render_map(capped)
    assert f"Showing 2 of {full.total_nodes} nodes (the most connected)" in html
    assert f"Showing {full.total_nodes} of {full.total_nodes} nodes." in render_map(full)


def test_size_by_degree_and_a_layout_computed_once_on_the_server(graph: nx.MultiDiGraph) -> None:
    html = render_map(maps.co_accountability_map(graph))
    data = map_data(html)
    # positions come from the server: nothing settles in the browser
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) == len(data["nodes"])
    riverton_ccg = node_id(NodeType.ORGANISATION, "Riverton Clinical Commissioning Group")
    sizes = {n["id"]: n["size"] for n in data["nodes"]}
    assert sizes[riverton_ccg] > sizes[TRUST]  # shares with two organisations, the trust with one
    ranks = {n["id"]: n["rank"] for n in data["nodes"]}
    assert ranks[riverton_ccg] == 0  # the most connected is labelled first
    assert render_map(maps.co_accountability_map(graph)) == html  # same graph, same page


def test_labels_are_short_with_the_full_name_kept(graph: nx.MultiDiGraph) -> None:
    data = map_data(render_map(maps.organisation_map(graph, TRUST)))
    trust = next(n for n in data["nodes"] if n["id"] == TRUST)
    assert (trust["short"], trust["name"]) == ("RHT", RIVERTON_TRUST)  # its initialism on the map
    assert all(len(n["short"]) <= 28 for n in data["nodes"])


def test_sources_are_links_only_when_the_server_can_show_them(graph: nx.MultiDiGraph) -> None:
    network_map = maps.organisation_map(graph, TRUST)
    standalone = map_data(render_map(network_map))
    served = map_data(render_map(network_map, source_link=lambda src: f"/src/{src['document']}"))
    hostile = map_data(render_map(network_map, source_link=lambda src: "//elsewhere.invalid/x"))
    rec = next(n for n in served["nodes"] if n["kind"] == "Recommendation")
    assert rec["sources"] and rec["sources"][0]["url"] == "/src/riverton_plan.txt"
    assert re.fullmatch(r"Action plan, Riverton, line \d+", rec["sources"][0]["label"])  # by title
    assert all(s["url"] is None for n in standalone["nodes"] + hostile["nodes"] for s in n["sources"])


def test_served_maps_load_scripts_from_the_app_and_files_inline_them(graph: nx.MultiDiGraph) -> None:
    network_map = maps.co_accountability_map(graph)
    served = render_map(network_map, controls=map_page.MapControls(5))
    assert re.findall(r"<script src=[^>]*>", served) == ['<script src="/static/map.js">']
    # the only inline script elements are the (non-executable) data blocks
    inline = re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", served)
    assert inline == [
        '<script type="application/json" id="map-data">',
        '<script type="application/json" id="map-texts">',
    ]
    standalone = render_map(network_map)
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


def test_one_themes_map_is_the_all_themes_map_cut_to_that_theme(graph: nx.MultiDiGraph) -> None:
    every = maps.theme_area_map(graph, limit=5000)
    themes = {n.id for n in every.nodes if n.type == NodeType.THEME.value}
    assert len(themes) > 1
    for theme in themes:  # counted for that theme alone, the same lines and widths
        one = maps.theme_area_map(graph, theme, limit=5000)
        assert one.edges == [e for e in every.edges if e.source == theme]
        assert {n.id for n in one.nodes} == {theme} | {e.target for e in one.edges}


def test_the_areas_co_accountability_networks_add_up_to_the_whole(graph: nx.MultiDiGraph) -> None:
    whole = co_accountability_graph(graph)
    summed: Counter[frozenset[str]] = Counter()
    for area in nodes_of(graph, NodeType.AREA):  # each from the area's recommendations only
        name = graph.nodes[area]["label"]
        for a, b, data in co_accountability_graph(graph, area).edges(data=True):
            assert all(rec.startswith(name + " ") for rec in data["recommendations"])
            summed[frozenset((a, b))] += data["weight"]
    assert summed == Counter({frozenset((a, b)): w for a, b, w in whole.edges(data="weight")})


def test_an_organisations_map_holds_what_its_description_says(graph: nx.MultiDiGraph) -> None:
    for org in nodes_of(graph, NodeType.ORGANISATION):
        recs = navigation.origins(graph, org, EdgeType.ADDRESSED_TO)
        actions = [a for r in recs for a in navigation.targets(graph, r, EdgeType.ADDRESSED_BY_ACTION)]
        actions += actions_led(graph, org)
        expected = {org, *recs, *actions}
        expected |= {o for r in recs for o in navigation.targets(graph, r, EdgeType.ADDRESSED_TO)}
        for action in actions:
            expected |= {*navigation.targets(graph, action, EdgeType.ASSURED_BY)}
            expected |= {*navigation.targets(graph, action, EdgeType.LED_BY)}
        network = maps.organisation_map(graph, org, limit=5000)
        assert {n.id for n in network.nodes} == expected
    trust = maps.organisation_map(graph, TRUST)
    assert {n.type for n in trust.nodes} >= {"Recommendation", "Action", "AssuranceBody", "Organisation"}


def test_source_words_kept_per_document_are_those_made_afresh(graph: nx.MultiDiGraph) -> None:
    sources = [src for _, found in graph.nodes(data="source") for src in found or ()]
    assert len({src["document"] for src in sources}) > 1
    kept = [navigation.source_words(graph, src) for src in sources]
    # each made on a copy of the graph that has kept nothing yet
    assert kept == [navigation.source_words(graph.copy(), src) for src in sources]
    assert any(words.startswith("Action plan, Riverton, line ") for words in kept)


def test_lines_say_in_words_what_links_the_two_nodes(graph: nx.MultiDiGraph) -> None:
    data = map_data(render_map(maps.organisation_map(graph, TRUST)))
    ids = [n["id"] for n in data["nodes"]]
    quads = [data["edges"][i : i + 4] for i in range(0, len(data["edges"]), 4)]
    said = {(ids[a], data["relations"][r][0], ids[b]) for a, b, _weight, r in quads}
    assert any(words == "is addressed to" and target == TRUST for _, words, target in said)
    assert [ids[i] for i in data["focus"]] == [TRUST]
    shared = map_data(render_map(maps.co_accountability_map(graph)))
    assert shared["relations"] == [["shares 1 recommendation(s) with", False]]  # undirected


def test_a_served_map_is_drawn_once_per_graph_revision(db: Path) -> None:
    with TestClient(create_app(db), base_url="http://localhost") as client:
        cache = client.app.state.cache  # type: ignore[attr-defined]
        first = client.get("/maps/organisations/RHT")
        assert first.status_code == 200
        pages = map_pages(cache.snapshot())
        assert client.get(f"/maps/organisations/{RIVERTON_TRUST}").text == first.text  # same map, kept
        assert pages.rendered == 1
        assert client.get("/maps/organisations/RHT?limit=3").text != first.text  # another limit: drawn
        assert pages.rendered == 2
        with Store(db) as store:  # a new revision: the maps are drawn again from its graph
            store.put("lakeside_extra.txt", LAKESIDE_TEXT.encode() + b"\nMore.\n", lakeside_briefing())
        cache.wait_until_current()
        client.get("/maps/organisations/RHT")
        assert map_pages(cache.snapshot()) is not pages
        assert map_pages(cache.snapshot()).rendered == 1


def test_kept_map_pages_are_bounded_least_recently_used_first() -> None:
    pages = MapPages(most_chars=10)
    for key in ("a", "b", "a", "c"):  # "c" leaves room for one more: "b" was used least recently
        pages.page(key, lambda key=key: key * 5)
    assert pages.rendered == 3
    assert pages.page("a", lambda: "new") == "aaaaa"  # kept
    assert pages.page("b", lambda: "b" * 5) == "bbbbb"
    assert pages.rendered == 4  # "b" went when "c" came
    for _ in range(2):
        assert pages.page("huge", lambda: "x" * 11) == "x" * 11
    assert pages.rendered == 6  # a page larger than the bound is served but not kept


def test_standalone_maps_have_no_form_and_no_site_links(graph: nx.MultiDiGraph) -> None:
    html = render_map(maps.co_accountability_map(graph))
    assert 'aria-label="Redraw the map"' not in html and 'href="/"' not in html
    assert 'role="search"' in html  # finding a node works in a file too
    controls = map_page.MapControls(
        5, [map_page.MapFilter("area", "Area", ["Lakeside", "Riverton"], "Lakeside")]
    )
    served = render_map(maps.co_accountability_map(graph), controls=controls)
    assert '<select id="filter-area" name="area">' in served


def test_empty_graph_gives_an_empty_but_valid_map() -> None:
    html = render_map(maps.co_accountability_map(nx.MultiDiGraph()))
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
