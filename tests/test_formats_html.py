"""HTML pages: headings, paragraphs, lists and tables; scripts, styles, navigation left out."""

from __future__ import annotations

from pathlib import Path

from loaders.blocks import ListItem, Location, Paragraph, Table
from loaders.readers import read_document

PAGE = """<!DOCTYPE html>
<html><head><title>Council page</title><style>.x { color: red }</style>
<script>document.write("never read")</script></head>
<body>
<nav><ul><li>Home</li><li>Services</li></ul></nav>
<h1>Our response to the inspection</h1>
<p>We agreed the plan with <strong>our partners</strong> in May.<br>It is checked every quarter.</p>
<ul>
  <li>Health visitors see every family by week two
    <ul><li>Reported monthly</li></ul>
  </li>
  <li>&bull; Schools have a named nurse</li>
</ul>
<table>
  <thead><tr><th>Recommendation</th><th>Action</th><th>Lead</th><th>RAG</th></tr></thead>
  <tbody>
    <tr><td colspan="4"><p>3. The board together with the trust should:</p></td></tr>
    <tr><td rowspan="2">3.1 Hear from children</td>
        <td><p>Run a survey</p><ul><li>in schools</li><li>in clinics</li></ul></td>
        <td>Participation lead</td><td style="background-color: #00B050">Done</td></tr>
    <tr><td>Publish the answers</td><td>Participation lead</td><td bgcolor="#f00">Late</td></tr>
  </tbody>
</table>
<footer><p>Copyright and contact details</p></footer>
<noscript>Enable scripts</noscript>
</body></html>
"""


def _read(tmp_path: Path, content: bytes, name: str = "page.html") -> list:
    path = tmp_path / name
    path.write_bytes(content)
    doc = read_document(path)
    assert doc.format == "html"
    return doc.blocks


def test_headings_paragraphs_and_nested_lists(tmp_path: Path) -> None:
    blocks = _read(tmp_path, PAGE.encode())
    texts = [b.text for b in blocks if not isinstance(b, Table)]
    assert texts == [
        "Our response to the inspection",
        "We agreed the plan with our partners in May.",
        "It is checked every quarter.",
        "Health visitors see every family by week two",
        "Reported monthly",
        "Schools have a named nurse",
    ]
    heading = blocks[0]
    assert isinstance(heading, Paragraph) and heading.heading
    items = [b for b in blocks if isinstance(b, ListItem)]
    assert [item.level for item in items] == [1, 2, 1]
    assert items[1].location == Location(element="list 1 > item 1 > item 1")


def test_scripts_styles_navigation_and_footers_are_ignored(tmp_path: Path) -> None:
    blocks = _read(tmp_path, PAGE.encode())
    every_text = " ".join(
        [b.text for b in blocks if not isinstance(b, Table)]
        + [c.text for b in blocks if isinstance(b, Table) for row in b.rows for c in row.cells]
    )
    for hidden in ("never read", "color", "Services", "Copyright", "Enable scripts", "Council page"):
        assert hidden not in every_text


def test_table_spans_are_resolved_onto_the_grid(tmp_path: Path) -> None:
    (table,) = [b for b in _read(tmp_path, PAGE.encode()) if isinstance(b, Table)]
    assert [row.texts() for row in table.rows] == [
        ["Recommendation", "Action", "Lead", "RAG"],
        ["3. The board together with the trust should:", "", "", ""],
        ["3.1 Hear from children", "Run a survey\n• in schools\n• in clinics", "Participation lead", "Done"],
        ["", "Publish the answers", "Participation lead", "Late"],
    ]
    assert table.rows[3].cells[1].location == Location(element="table 1 > row 4 > cell 2")
    assert [row.cells[3].fill for row in table.rows[2:]] == ["00B050", "FF0000"]


def test_encoding_from_meta_charset(tmp_path: Path) -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head>'
        "<body><p>Children’s services – update</p></body></html>"
    )
    (paragraph,) = _read(tmp_path, page.encode("cp1252"))
    assert paragraph.text == "Children’s services – update"


def test_stray_html_fragments_in_text_are_not_taken_for_a_page(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text("An update for the board\n<p>A fragment copied from a web page</p>\n", encoding="utf-8")
    assert read_document(path).format == "text"


def test_page_fragment_named_html_is_read_as_html(tmp_path: Path) -> None:
    fragment = (
        b"<table><tr><td>Recommendation</td><td>Lead</td></tr>"
        b"<tr><td>9.2 Review rotas</td><td>Matron</td></tr></table>"
    )
    (table,) = _read(tmp_path, fragment, "fragment.htm")
    assert table.rows[1].texts() == ["9.2 Review rotas", "Matron"]


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    page = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        b"<html><body><p>Plan agreed.</p></body></html>"
    )
    (paragraph,) = _read(tmp_path, page, "page.xhtml")
    assert paragraph.text == "Plan agreed."


def test_markup_written_out_as_text_in_a_page_never_becomes_a_tag(tmp_path: Path) -> None:
    page = tmp_path / "escaped.html"
    page.write_text(
        "<!DOCTYPE html><html><body><p>&lt;scr&lt;script&gt;ipt&gt;Waits &lt; 5 days</p>"
        "<ul><li>&lt;b&gt;Bold&lt;/b&gt; point</li></ul>"
        "<table><tr><td>Note</td><td>&lt;img src=x onerror=alert(1)&gt;Seen</td></tr></table></body></html>",
        encoding="utf-8",
    )
    doc = read_document(page)
    texts = [b.text for b in doc.paragraphs()] + [
        t for table in doc.tables() for row in table.rows for t in row.texts()
    ]
    assert not any("<script" in t.lower() or "<img" in t.lower() or "<b>" in t for t in texts)
    assert "Waits < 5 days" in texts[0] and texts[1] == "Bold point"
