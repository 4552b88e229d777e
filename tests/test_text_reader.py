"""The text reader: encodings, bad input, paragraphs and lists, and tab tables with multi-line
cells in both layouts, with the shared cell-text convention."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.action_plan import read_action_plans
from loaders.blocks import ListItem, Paragraph, Table
from loaders.errors import UnreadableDocument
from loaders.list_text import cell_text as joined_lines
from loaders.list_text import strip_bullet
from loaders.organisations import OrganisationResolver
from loaders.text_reader import cell_text, read_text


def _only_table(raw: str) -> Table:
    tables = read_text("plan.txt", raw.encode()).tables()
    assert len(tables) == 1
    return tables[0]


# -- bad input and encodings ---------------------------------------------------------------


@pytest.mark.parametrize("raw", [b"", b"   \n\n\t \n", b"\xef\xbb\xbf\n"])
def test_empty_input_is_refused_with_the_reason(raw: bytes) -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_text("blank.txt", raw)
    assert err.value.reason == "empty file"
    assert "blank.txt" in str(err.value)


@pytest.mark.parametrize(
    "raw",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        bytes(range(1, 32)) * 50,  # control characters, no NUL
    ],
)
def test_binary_input_is_refused_with_the_reason(raw: bytes) -> None:
    with pytest.raises(UnreadableDocument) as err:
        read_text("picture.txt", raw)
    assert err.value.reason == "binary content, not text"


def test_cp1252_text_is_read_with_a_warning_naming_the_encoding() -> None:
    raw = "Budget – £40k agreed for the café’s outreach work".encode("cp1252")
    doc = read_text("windows.txt", raw)
    assert doc.paragraphs()[0].text == "Budget – £40k agreed for the café’s outreach work"
    assert any("cp1252" in warning for warning in doc.warnings)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_is_read(encoding: str) -> None:
    text = "Review of the health visiting service\n- first point\n"
    raw = text.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    doc = read_text("wide.txt", raw)
    assert doc.warnings == []
    assert [b.text for b in doc.blocks] == ["Review of the health visiting service", "first point"]


def test_utf16_without_bom_is_recognised_with_a_warning() -> None:
    doc = read_text("wide.txt", "Notes from the clinic visit\n".encode("utf-16-le"))
    assert doc.paragraphs()[0].text == "Notes from the clinic visit"
    assert doc.warnings == ["text has no byte-order mark; decoded as UTF-16-LE"]


def test_utf8_bom_and_mangled_glyphs_are_cleaned() -> None:
    raw = "\ufeffThe trustâ€™s plan\nâ€¢ first point\n".encode()
    doc = read_text("bom.txt", raw)
    assert doc.blocks[0].text == "The trust’s plan"
    assert isinstance(doc.blocks[1], ListItem) and doc.blocks[1].text == "first point"


def test_ten_megabyte_file_is_read_and_its_plan_recognised() -> None:
    row = "{a}.{b} Check each clinic records who comes with a child\t<ul> Better. \tAudit\tMar-18\tNurse\n"
    body = ["Recommendation\tOutcome\tAction\tTimescale\tLead\n"]
    body += [row.format(a=n % 900 + 1, b=n // 900 + 1) for n in range(1, 5_000)]
    body += ["\n"] + ["A closing paragraph written for the test about clinics.\n"] * 190_000
    raw = "".join(body).encode()
    assert len(raw) > 10 * 1024 * 1024
    doc = read_text("huge.txt", raw)
    assert len(doc.tables()) == 1 and len(doc.paragraphs()) == 190_000
    # the resolver of a small document: building one over 10 MB is the organisation
    # reader's cost, measured in its own tests
    small = read_text("small.txt", b"A short paper.\n")
    plan = read_action_plans(doc, OrganisationResolver.for_document(small))
    assert len(plan.recommendations) == 4_999
    assert plan.recommendations[-1].actions[0].timescale == "2018-03"
    assert plan.warnings == []


# -- paragraphs and lists ------------------------------------------------------------------


def test_paragraphs_and_list_items_keep_their_lines() -> None:
    raw = (
        "Summary of the review\n"
        "\n"
        "The inspectors visited three clinics and\n"
        "spoke with twelve families.\n"
        "<LAYOUT_SECTION>\n"
        "- Waiting times were long\n"
        "• Records were incomplete\n"
        "  - Supervision was irregular\n"
    )
    doc = read_text("report.txt", raw.encode())
    heading, paragraph, *items = doc.blocks
    assert isinstance(heading, Paragraph) and heading.heading
    assert isinstance(paragraph, Paragraph)
    assert paragraph.text == "The inspectors visited three clinics and spoke with twelve families."
    assert (paragraph.location.line, paragraph.location.end_line) == (3, 4)
    assert [(i.text, i.location.line) for i in items if isinstance(i, ListItem)] == [
        ("Waiting times were long", 6),
        ("Records were incomplete", 7),
        ("Supervision was irregular", 8),
    ]


# -- tables ----------------------------------------------------------------------------------


def test_one_row_per_line_table_with_a_cell_over_several_lines() -> None:
    raw = (
        "Intro line\n"
        "\n"
        "Recommendation\tAction\tTimescale\n"
        "1.1 Review the referral form\tDraft a new form\n"
        "and test it with two teams\tJun-18\n"
        "\n"
        "\t\tJul-18\n"
        "1.2 Train reception staff\tRun four sessions\tSep-18\n"
        "\n"
        "Closing paragraph after the table.\n"
    )
    doc = read_text("plan.txt", raw.encode())
    table = doc.tables()[0]
    assert [row.texts() for row in table.rows] == [
        ["Recommendation", "Action", "Timescale"],
        ["1.1 Review the referral form", "Draft a new form\nand test it with two teams", "Jun-18"],
        ["", "", "Jul-18"],
        ["1.2 Train reception staff", "Run four sessions", "Sep-18"],
    ]
    action = table.rows[1].cells[1]
    assert (action.location.line, action.location.end_line) == (4, 5)
    assert (action.location.table, action.location.row, action.location.cell) == (1, 2, 2)
    assert doc.blocks[-1].text == "Closing paragraph after the table."


def test_a_title_row_with_fewer_cells_does_not_narrow_the_table() -> None:
    raw = (
        "Plan for the clinics\t\n"
        "Recommendation\tOutcome\tAction\n"
        "1.1 Audit the notes\tNotes are complete\n"
        "and signed\tAudit ten notes\n"
    )
    table = _only_table(raw)
    assert [row.texts() for row in table.rows][2] == [
        "1.1 Audit the notes", "Notes are complete\nand signed", "Audit ten notes"
    ]


def test_one_cell_per_line_table_takes_its_width_from_the_header() -> None:
    raw = (
        "\tRecommendations\n"
        "\tReference in the report\n"
        "\tTimeline\n"
        "(A = agreed)\n"
        "\n"
        "\t2.2 Improve the handover between midwives and health visitors\n"
        "\t3.4 \n"
        "Handover notes were often missing.\n"
        "\n"
        "\tMay 2018 (A).\n"
        "\n"
        "Second provider done (A).\n"
        "\n"
        "\t\n"
        "\t3.9 Parents said the clinic letters were confusing.\n"
        "\tJune 2018 (I)\n"
    )
    table = _only_table(raw)
    assert [row.texts() for row in table.rows] == [
        ["Recommendations", "Reference in the report", "Timeline\n(A = agreed)"],
        ["2.2 Improve the handover between midwives and health visitors",
         "3.4\nHandover notes were often missing.", "May 2018 (A).\nSecond provider done (A)."],
        ["", "3.9 Parents said the clinic letters were confusing.", "June 2018 (I)"],
    ]


def test_one_cell_per_line_header_without_a_blank_line_ends_at_the_first_numbered_cell() -> None:
    raw = (
        "\tRecommendation\n\tLead\n\tTimeline\n"
        "\t1.1 Publish the health report every year\n\tPublic health\n\tMay 2019\n"
        "\t1.2 Update the needs assessment\n\tAnalyst team\n\tJuly 2019\n"
    )
    table = _only_table(raw)
    assert [row.texts() for row in table.rows] == [
        ["Recommendation", "Lead", "Timeline"],
        ["1.1 Publish the health report every year", "Public health", "May 2019"],
        ["1.2 Update the needs assessment", "Analyst team", "July 2019"],
    ]


def test_rows_with_extra_or_missing_cells_are_kept_as_written() -> None:
    raw = "Recommendation\tAction\tLead\n1.1 One\tTwo\n1.2 Three\tFour\tFive\tSix\tSeven\n"
    table = _only_table(raw)
    assert [len(row.cells) for row in table.rows] == [3, 2, 5]


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("<p>First part.</p> <p>Second part.</p>", "First part.\nSecond part."),
        ("<ul><li>one</li><li>two</li></ul>", "• one\n• two"),
        ('<ul style="list-style-type: none"> Staff are trained. Audits show change. ',
         "• Staff are trained.\n• Audits show change."),
        ("<ul> • Audit notes • Peer review", "• Audit notes\n• Peer review"),
        ("<ul> • Outer point: <ul> o Inner one. o Inner two.", "• Outer point:\n• Inner one.\n• Inner two."),
        ("Intro: <ul> Staff are trained. Audits show change.",
         "Intro:\n• Staff are trained.\n• Audits show change."),
        ("[bookmark: _GoBack]4.2 The clinic", "4.2 The clinic"),
        ("See the [annual report](#) for details", "See the annual report for details"),
        ("<i>A note in italics</i> &amp; more", "A note in italics & more"),
        ("- a dash item\n* a star item", "• a dash item\n• a star item"),
        ("Plain sentence one. Plain sentence two.", "Plain sentence one. Plain sentence two."),
        # comparison signs and placeholders in angle brackets are text, not tags
        ("Seen when waits < 5 days and > 2 weeks", "Seen when waits < 5 days and > 2 weeks"),
        ("Ask x <y and z> w", "Ask x <y and z> w"),
        ("<name of lead> to confirm", "<name of lead> to confirm"),
        ("<P CLASS='x'>Upper-case tags</P><br/>too", "Upper-case tags\ntoo"),
    ],
)
def test_cell_text_convention(raw: str, text: str) -> None:
    assert cell_text(raw) == text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 1.\t\n<>/pulio•-*[]()")), max_size=300))
def test_any_text_reads_or_is_refused_cleanly(text: str) -> None:
    try:
        doc = read_text("fuzz.txt", text.encode())
    except UnreadableDocument as err:
        assert err.reason in ("empty file", "binary content, not text")
        return
    for table in doc.tables():
        assert all(row.location.table == table.location.table for row in table.rows)


def test_paragraphs_indented_with_a_tab_stay_paragraphs() -> None:
    long_sentence = "The inspectors found that handover between the two teams was often late " * 3
    raw = "".join(f"\t{n}. {long_sentence}\n\n" for n in range(1, 2_000))
    doc = read_text("indented.txt", raw.encode())
    assert doc.tables() == []
    assert len(doc.paragraphs()) == 1_999
    assert doc.paragraphs()[1].text.startswith("2. The inspectors found")


@pytest.mark.parametrize(
    "raw",
    [
        "<scr<script>ipt>alert(1)</script>",
        "<scr<scr<script>ipt>ipt>x",
        "<i<i>mg src=x onerror=y>",
        "&lt;script&gt;x",
    ],
)
def test_tags_hidden_inside_tags_never_come_out_as_tags(raw: str) -> None:
    text = cell_text(raw)
    assert "<script" not in text.lower() and "<img" not in text.lower()


def test_bullets_need_a_space_after_a_dash_or_star() -> None:
    assert strip_bullet("-5 degrees outside") == ("-5 degrees outside", False)
    assert strip_bullet("*Quality* matters") == ("*Quality* matters", False)
    assert strip_bullet("- a dash item") == ("a dash item", True)
    assert strip_bullet("\uf0b7Symbol-font bullet") == ("Symbol-font bullet", True)
    assert cell_text("-5 degrees outside") == "-5 degrees outside"


def test_every_reader_joins_cell_lines_by_the_same_rule() -> None:
    # the line join the PDF, DOCX and HTML readers use, and the text reader ends with
    assert joined_lines(["- first point", "  plain   line ", "•", "", "o nested point", "\uf0b7 symbol"]) == (
        "• first point\nplain line\n• nested point\n• symbol"
    )
    assert cell_text("- first point\n  plain   line \n•\no nested point") == joined_lines(
        ["- first point", "  plain   line ", "•", "o nested point"]
    )
