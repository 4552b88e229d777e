# ruff: noqa: E501 (the former templates are quoted as they were written)
"""The rows and menus the pages write in Python (api/page_parts.py) are the markup the templates
wrote before, with every value escaped.

The reference is the templates' former Jinja (macros of macros.html, the menus' loops), rendered by
the pages' own environment; the actions are every action of the real corpus, as the pages give
them (the accountability dataclasses and their JSON), and made-up ones covering every branch and
markup in the text.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from graph_support import corpus_documents
from markupsafe import Markup, escape
from web_support import IMG_PAYLOAD, SCRIPT_PAYLOAD

from api.page_parts import Menu, action_rows, anchor, gap_rows, source_links, source_url
from api.pages import node_page
from graph.build import build_graph
from graph.model import NodeType
from graph.queries.accountability import AccountableAction, LeadingOrganisation, action_details
from graph.queries.gaps import gaps
from graph.queries.walk import nodes_of
from loaders.blocks import Location
from visualisations.rendering import environment

# the actions table's rows and the source links as macros.html wrote them before
FORMER_ROWS = """\
{% macro status(value, rag=None) -%}
{% if value %}<span class="status">{{ value }}</span>{% else %}<span class="gap">no status</span>{% endif %}
{% if rag %} <span class="rag rag-{{ rag }}">RAG: {{ rag }}</span>{% endif %}
{%- endmacro %}
{% macro timescale(action) -%}
{% if action.timescale %}{{ action.timescale }}{% if action.timescale_kind %} ({{ action.timescale_kind }}){% endif %}
{% if action.timescale_raw and action.timescale_raw != action.timescale %} <span class="where">as written: {{ action.timescale_raw }}</span>{% endif %}
{% elif action.timescale_raw %}{{ action.timescale_raw }} <span class="where">(not a date)</span>
{% else %}<span class="gap">no timescale</span>{% endif %}
{%- endmacro %}
{% macro source_links(sources) -%}
{% for src in sources %}
<span class="source"><a href="{{ source_url(src) }}">{{ doc_title(src) }}{% if src.location %}, {{ describe(src.location) }}{% endif %}</a></span>{% if not loop.last %}; {% endif %}
{% endfor %}
{%- endmacro %}
  {% for action in actions %}
  <tr id="{{ anchor(action.node) }}">
    <td>{{ action.text }}</td>
    <td>{% if action.lead %}{{ action.lead }}{% else %}<span class="gap">no lead</span>{% endif %}
    {% for lead in action.lead_organisations if lead.through_role %}<br><span class="where">{{ lead.organisation }}{% if lead.inferred %} (inferred: {{ lead.inferred | join("; ") }}){% endif %}</span>{% endfor %}</td>
    <td>{{ action.responsible or "" }}</td>
    <td>{% if action.assurance %}{{ action.assurance | join("; ") }}{% else %}<span class="gap">no assurance route</span>{% endif %}</td>
    <td>{{ timescale(action) }}</td>
    <td>{{ status(action.status, action.rag) }}</td>
    <td>{{ source_links(action.sources) }}</td>
  </tr>
  {% endfor %}
"""
FORMER_MENU = """{% for option in options %}{% if option is string %}<option{% if option == current %} selected{% endif %}>\
{{ option }}</option>{% else %}<option value="{{ option[0] }}"{% if option[0] == current %} selected{% endif %}>\
{{ option[1] }}</option>{% endif %}{% endfor %}"""


def _title(source: dict[str, Any]) -> str:
    return f"{source.get('document')} <title>"


def _former(actions: list[Any]) -> str:
    template = environment().from_string(FORMER_ROWS)
    return template.render(
        actions=actions,
        anchor=anchor,
        source_url=source_url,
        doc_title=_title,
        describe=lambda location: Location(**location).describe(),
    )


@pytest.fixture(scope="module")
def corpus_actions(corpus_dir: Path) -> list[AccountableAction]:
    g = build_graph(corpus_documents(corpus_dir))
    return [action_details(g, a) for a in nodes_of(g, NodeType.ACTION)]


def test_action_rows_are_the_former_markup_for_every_corpus_action(
    corpus_actions: list[AccountableAction],
) -> None:
    rows = action_rows(source_links(_title))
    assert len(corpus_actions) > 50
    assert rows(corpus_actions) == _former(corpus_actions)
    as_json = [a.to_json() for a in corpus_actions]
    assert rows(as_json) == _former(as_json) == rows(corpus_actions)


def test_action_rows_cover_every_branch_and_escape_document_text(
    corpus_actions: list[AccountableAction],
) -> None:
    first = corpus_actions[0]
    hostile = f"{SCRIPT_PAYLOAD} & {IMG_PAYLOAD}"
    source = {"document": hostile, "location": {"sheet": hostile, "row": 3}}
    variants = [
        replace(first, text=hostile, lead=hostile, responsible=hostile, assurance=(hostile, "board")),
        replace(first, lead=None, responsible=None, assurance=(), status=None, rag=None, sources=()),
        replace(first, timescale="2019-03", timescale_kind="quarter", timescale_raw="Q4 18/19", rag=hostile),
        replace(first, timescale=None, timescale_raw=hostile, status=hostile),
        replace(
            first, timescale=None, timescale_raw=None, sources=(source, {"document": "x", "location": {}})
        ),
        replace(
            first,
            lead_organisations=(
                LeadingOrganisation(hostile, "Head of Safeguarding", (hostile, "sole addressee")),
                LeadingOrganisation("Named as lead", None, ()),
            ),
        ),
    ]
    written = action_rows(source_links(_title))(variants)
    assert written == _former(variants)
    assert (
        SCRIPT_PAYLOAD not in written
        and IMG_PAYLOAD not in written
        and str(escape(SCRIPT_PAYLOAD)) in written
    )


def test_menus_are_the_former_markup_with_the_current_value_selected() -> None:
    hostile = f'{SCRIPT_PAYLOAD} & "quoted"'
    options: list[Any] = ["Area", hostile, "Area", ("key", hostile), (hostile, "label"), "Other"]
    menu = Menu(options)
    former = environment().from_string(FORMER_MENU)
    for current in (None, "", "Area", hostile, "key", "missing"):
        assert menu.written(current) == former.render(options=options, current=current), current
    assert menu.written("Area").count(" selected") == 2 and list(menu) == options and len(menu) == 6
    assert isinstance(menu.written(None), Markup) and SCRIPT_PAYLOAD not in menu.written(hostile)


FORMER_GAP_ROWS = """\
{% for row in rows %}{% set item = row.item %}{% set url = node_page(item.node) %}
<tr><td class="gap">{{ item.kind }}</td><td>{{ item.area or "" }}</td><td>{{ row.review or "" }}</td>
<td>{{ item.recommendation or "" }}</td>
<td>{% if url %}<a href="{{ url }}">{{ item.text }}</a>{% else %}{{ item.text }}{% endif %}</td>
<td>{{ item.detail }}</td><td>{{ item.organisations | join("; ") }}</td><td>{{ source_links(item.sources) }}</td></tr>
{% endfor %}
"""


def test_gap_rows_are_the_former_markup(corpus_dir: Path) -> None:
    g = build_graph(corpus_documents(corpus_dir))
    items = list(gaps(g, as_of=date(2030, 1, 1)).items)
    assert len(items) > 20
    hostile = f"{SCRIPT_PAYLOAD} & {IMG_PAYLOAD}"
    items.append(
        replace(
            items[0],
            kind=hostile,
            area=None,
            recommendation=hostile,
            text=hostile,
            detail=hostile,
            organisations=(hostile, "x"),
        )
    )
    rows = [
        {"item": item, "review": (hostile if i % 3 == 0 else None if i % 3 == 1 else "Review")}
        for i, item in enumerate(items)
    ]
    where = node_page(g)
    links = source_links(_title)
    written = gap_rows(links)(rows, lambda node: None if node == items[1].node else where(node))
    former = (
        environment()
        .from_string(FORMER_GAP_ROWS)
        .render(
            rows=rows,
            node_page=lambda node: None if node == items[1].node else where(node),
            source_links=links,
        )
    )
    assert written == former and "<a href=" in written and SCRIPT_PAYLOAD not in written
