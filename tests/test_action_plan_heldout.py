"""Held-out action plans: layouts and wording the corpus does not have, written for these tests.

Each document is made up (an invented area, "Hillmoor") and built at test time in the format it
would arrive in: a CSV RAG tracker, a tab-separated text export, an XLSX workbook whose header
row is the third row, a DOCX with group-header rows merged across all columns, and a PDF whose
table row is cut by a page break. The expected answers are written out by hand below; they are
what a safeguarding lead reading the document would record.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from formats_support import (
    FONT_DIR,
    fill_docx_cell,
    plan_facts,
    write_docx,
    write_html,
    write_pdf,
    write_xlsx,
)
from fpdf import FPDF
from openpyxl.styles import PatternFill

from loaders.extract import extract_blocks, extract_file
from loaders.readers import read_document
from loaders.records import Extraction

CCG = "Hillmoor Clinical Commissioning Group"
HOSPITALS = "Hillmoor Hospitals NHS Foundation Trust"
COMMUNITY = "Hillmoor Community Health NHS Trust"
COUNCIL = "Hillmoor Borough Council"

# ------------------------------------------------------------------------------- documents

RAG_TRACKER = [
    [
        "Ref",
        "Recommendation",
        "Organisation",
        "Action",
        "Responsible lead",
        "Target date",
        "RAG",
        "Progress update",
    ],
    [
        "1.1",
        "Tell the school nurse whenever a pupil is seen at the minor injuries unit",
        "Hillmoor Community Health NHS Trust",
        "Send an electronic notice to the school nursing team after each visit",
        "Head of Children's Nursing",
        "31/03/2020",
        "Green",
        "Notices go out for most visits",
    ],
    [
        "1.1",
        "Tell the school nurse whenever a pupil is seen at the minor injuries unit",
        "Hillmoor Community Health NHS Trust",
        "Audit a sample of the notices each quarter",
        "Safeguarding Lead",
        "June 2020",
        "Amber",
        "First audit moved to the summer",
    ],
    [
        "2.1",
        "Agree how family doctors hear about children who miss health appointments",
        "Hillmoor CCG / Hillmoor Borough Council",
        "Write a shared protocol and present it to the Hillmoor Safeguarding Partnership",
        "Designated Nurse",
        "Qtr 2 2020/21",
        "Red",
        "Delayed by staff changes",
    ],
    [
        "",
        "Offer every care leaver a written summary of their health history",
        "Oakfield Young People's Trust",
        "Design the summary with a group of care leavers",
        "Participation officer",
        "Dec-20",
        "Blue",
        "Done and in use",
    ],
    [
        "",
        "See pregnant teenagers in a specialist midwife clinic",
        "Hillmoor Hospitals NHS Foundation Trust",
        "Set up a direct referral route from the sexual health service",
        "Head of Midwifery",
        "Jan 2021",
        "Green",
        "Referral form drafted",
    ],
]

BY_WHEN_PLAN = "\n".join(
    [
        "Hillmoor action plan following the review of health services for children looked after "
        "and safeguarding",
        "",
        "Recommendation\tAction\tBy when\tBy whom\tEvidence of completion\tStatus",
        "3. Hillmoor CCG together with Hillmoor Hospitals NHS Foundation Trust should:\t\t\t\t\t",
        "3.1 Cut the wait for a first emotional health appointment\t<ul><li>Triage every referral "
        "within 2 days</li><li>Report waits &lt; 5 days and &gt; 2 weeks to the Children's "
        "Commissioning Board</li></ul>\tSept 2020\tService manager\tWaiting list report\tOn track",
        "3.2 Record who the adults in a child's household are\tAdd household fields to the "
        "electronic record\tMarch 2021 (I)\tRecords lead\tAudit of fifty records\tNot started",
        "4. Hillmoor Borough Council should:\t\t\t\t\t",
        "4.1 Include health workers in the children's services induction\tOffer places on the "
        "induction course to health visitors\tQtr 3 2020\tWorkforce lead\tAttendance list\tCompleted",
        "\tAsk attendees what they thought\tDec 2020\tWorkforce lead\tFeedback summary\tIn progress",
    ]
)

# rows of the workbook; the header is the third row, under a title and a date line
WORKBOOK_TITLE = ["Hillmoor improvement tracker, health partners"]
WORKBOOK_DATE = ["Position at the end of the second quarter"]
WORKBOOK_HEADER = [
    "No.",
    "Recommendation",
    "Provider",
    "Improvement action",
    "Lead officer",
    "Deadline",
    "RAG rating",
]
WORKBOOK_ROWS = [
    ["5. Looked after children's health", "", "", "", "", "", ""],  # merged across the sheet
    [
        "5.1",
        "Give every looked after child a named health contact",
        "Hillmoor Community Health NHS Trust",
        "Publish the named contacts on the intranet",
        "LAC nurse manager",
        dt.datetime(2020, 11, 1),
        "",
    ],
    [
        "5.2",
        "Check that review health assessments are done on time",
        "Hillmoor Community Health NHS Trust",
        "• Monthly timeliness report\n• Escalate late assessments",
        "LAC nurse manager",
        "Qtr 4 2020/21",
        "",
    ],
    [
        "6.1",
        "Train emergency department staff to ask about home life",
        "Hillmoor Hospitals NHS Foundation Trust",
        "Add a question to the triage screen",
        "Emergency department matron",
        dt.datetime(2021, 2, 1),
        "",
    ],
]
# green, amber, red: the rating is the colour alone (rows 5-7, under the numbered heading)
WORKBOOK_FILLS = ["00B050", "FFC000", "FF0000"]

MERGED_HEADER = ["Recommendation", "Outcome", "Action", "Assurance", "Timescale", "Lead"]
MERGED_ROWS = [
    ["Theme B: supervision and support"] + [""] * 5,
    ["7. Hillmoor CCG together with Hillmoor Community Health NHS Trust should:"] + [""] * 5,
    [
        "7.1 Make supervision of health visitors regular and recorded",
        "Supervision every three months",
        "Set up a supervision log",
        "Reported via the Hillmoor Safeguarding Partnership",
        "Oct-20",
        "Named nurse",
    ],
    [
        "",
        "• Staff feel supported",
        "Survey staff about supervision",
        "Quality and Performance Committee",
        "Jan-21",
        "Named nurse",
    ],
    ["8. Hillmoor Hospitals NHS Foundation Trust should:"] + [""] * 5,
    [
        "8.1 Check the injuries of babies who are not yet mobile",
        "All such injuries are reviewed",
        "Adopt a protocol for bruising in non-mobile babies",
        "Trust Safeguarding Committee",
        "Nov-20",
        "Named doctor",
    ],
]


# a tracker with title lines above its header, ids written into the recommendation text, a
# multi-line agency cell and a BRAG column of single letters
TITLED_TRACKER = [
    ["Eastvale Partnership improvement tracker", "", "", "", "", "", ""],
    ["Last updated in the spring", "", "", "", "", "", ""],
    ["Rec no", "Recommendation", "Agency", "Action(s)", "Owner", "Completion date", "BRAG"],
    [
        "",
        "Recommendation 1: Children who go missing are offered a return interview by a health worker",
        "Eastvale CCG\nEastvale Borough Council",
        "Agree a joint return-interview pathway",
        "Head of Commissioning",
        "30 June 2021",
        "B",
    ],
    ["", "", "", "Train staff on the pathway", "Training lead", "Sept 21", "G"],
    [
        "",
        "Recommendation 2: Young carers are identified when they start school",
        "All local GP practices; Eastvale School Nursing Service",
        "Add a question on caring to the entry form",
        "School nurse lead",
        "Q3 2021/22",
        "A",
    ],
]

COUNCIL_PAGE = """<!DOCTYPE html><html><head><script>var page = 'not text';</script></head><body>
<h1>Southdale action plan</h1>
<table><thead><tr><th>Ref</th><th>Recommendation</th><th>Provider</th><th>What we will do</th><th>Lead</th>
<th>When</th><th>Status</th></tr></thead><tbody>
<tr><td colspan="7"><strong>Section A: Emergency care</strong></td></tr>
<tr><td rowspan="2">A1</td><td rowspan="2">Children attending the emergency department are screened for
risk</td><td rowspan="2">Southdale Hospitals NHS Trust</td><td>Introduce a screening question</td>
<td>ED matron</td><td>Mar 2022</td><td>On track</td></tr>
<tr><td>Audit the screening question</td><td>Audit team</td><td>June 2022</td><td>Not yet started</td></tr>
<tr><td>A2</td><td>Safeguarding liaison nurse posts are filled</td><td>Southdale Hospitals NHS Trust</td>
<td><ul><li>Advertise the post</li><li>Interview</li></ul></td><td>Head of nursing</td><td>Dec 2021</td>
<td>Complete</td></tr>
</tbody></table></body></html>"""


def _titled_tracker(folder: Path) -> Path:
    path = folder / "eastvale_tracker.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(TITLED_TRACKER)
    return path


def _council_page(folder: Path) -> Path:
    path = folder / "southdale_plan.html"
    path.write_text(COUNCIL_PAGE, encoding="utf-8")
    return path


def _rag_tracker(folder: Path) -> Path:
    path = folder / "hillmoor_tracker.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(RAG_TRACKER)
    return path


def _by_when_plan(folder: Path) -> Path:
    path = folder / "hillmoor_plan.txt"
    path.write_text(BY_WHEN_PLAN, encoding="utf-8")
    return path


def _workbook(folder: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Health partners"
    for row in [WORKBOOK_TITLE, WORKBOOK_DATE, WORKBOOK_HEADER, *WORKBOOK_ROWS]:
        sheet.append(row)
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=len(WORKBOOK_HEADER))
    for offset, fill in enumerate(WORKBOOK_FILLS):
        sheet.cell(row=5 + offset, column=7).fill = PatternFill("solid", fgColor=f"FF{fill}")
        sheet.cell(row=5 + offset, column=6).number_format = "mmm-yy"
    path = folder / "hillmoor_tracker.xlsx"
    workbook.save(path)
    return path


def _merged_docx(folder: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("Hillmoor health partners' plan")
    rows = [MERGED_HEADER, *MERGED_ROWS]
    table = document.add_table(rows=len(rows), cols=len(MERGED_HEADER))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            fill_docx_cell(table.rows[r].cells[c], text)
    for r, texts in enumerate(rows):
        if not any(texts[1:]):
            table.cell(r, 0).merge(table.cell(r, len(texts) - 1))  # a group header across the table
    table.cell(3, 0).merge(table.cell(4, 0))  # 7.1's cell runs down beside its second action
    path = folder / "hillmoor_plan.docx"
    document.save(str(path))
    return path


def _grid(pdf: FPDF, top: float, widths: list[float], rows: list[list[str]], heights: list[float]) -> None:
    """Ruled cells drawn one by one, so that a row can be cut where the page ends."""
    y = top
    for texts, height in zip(rows, heights, strict=True):
        x = 10.0
        for width, text in zip(widths, texts, strict=True):
            pdf.rect(x, y, width, height)
            pdf.set_xy(x + 1, y + 1)
            pdf.multi_cell(width - 2, 4, text)
            x += width
        y += height


def _split_row_pdf(folder: Path) -> Path:
    pdf = FPDF(orientation="P", format="A4")
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=8)
    pdf.set_auto_page_break(False)
    widths = [45.0, 60.0, 35.0, 30.0]
    header = ["Recommendation", "Action", "Lead", "Timescale"]
    pdf.add_page()
    _grid(
        pdf,
        20,
        widths,
        [
            header,
            [
                "9.1 Audit the discharge letters sent to family doctors",
                "Sample twenty letters",
                "Named nurse",
                "Mar-21",
            ],
            [
                "9.2 Improve the referral form",
                "Redesign the form and train the duty",
                "Head of service",
                "Jun-21",
            ],
        ],
        [8, 240, 29],
    )
    pdf.add_page()  # the page break cuts 9.2's action mid-sentence
    _grid(
        pdf,
        10,
        widths,
        [
            header,
            ["", "teams in how to use it", "", ""],
            ["", "Audit its use after three months", "Audit lead", "Sep-21"],
            ["9.3 Share what the audit found", "Publish a summary for staff", "Analyst", "Dec-21"],
        ],
        [8, 12, 12, 12],
    )
    path = folder / "hillmoor_split.pdf"
    pdf.output(str(path))
    return path


def build_all(folder: Path) -> list[Path]:
    return [
        _rag_tracker(folder),
        _by_when_plan(folder),
        _workbook(folder),
        _merged_docx(folder),
        _split_row_pdf(folder),
        _titled_tracker(folder),
        _council_page(folder),
    ]


# ------------------------------------------------------------------------- expected answers


def _facts(extraction: Extraction) -> list[tuple[object, ...]]:
    """Per recommendation: id, addressees, and per action its first words, lead, due month,
    status and RAG."""
    return [
        (
            rec.id,
            rec.addressed_to,
            [(" ".join(a.text.split()[:4]), a.lead, a.timescale, a.status, a.rag) for a in rec.actions],
        )
        for rec in extraction.recommendations
    ]


def test_csv_rag_tracker_with_ref_and_organisation_columns(tmp_path: Path) -> None:
    extraction = extract_file(_rag_tracker(tmp_path))
    assert _facts(extraction) == [
        (
            "1.1",
            [COMMUNITY],
            [
                (
                    "Send an electronic notice",
                    "Head of Children's Nursing",
                    "2020-03-31",
                    "on track",
                    "green",
                ),
                ("Audit a sample of", "Safeguarding Lead", "2020-06", "in progress", "amber"),
            ],
        ),
        (
            "2.1",
            [CCG, COUNCIL],
            [("Write a shared protocol", "Designated Nurse", "2020-09", "behind", "red")],
        ),
        # an organisation the resolver does not know is kept as written
        (
            "",
            ["Oakfield Young People's Trust"],
            [
                ("Design the summary with", "Participation officer", "2020-12", "completed", "blue"),
            ],
        ),
        ("", [HOSPITALS], [("Set up a direct", "Head of Midwifery", "2021-01", "on track", "green")]),
    ]
    # the row's organisation is the organisation its action concerns
    assert extraction.recommendations[1].actions[0].organisations == [CCG, COUNCIL]
    # the progress column does not stand in for the action where the tracker has both
    assert all(not a.text.startswith("Notices") for r in extraction.recommendations for a in r.actions)
    # spreadsheet warnings name the row, never a line
    assert extraction.warnings == [
        "row 5: recommendation without a number",
        "row 6: recommendation without a number",
    ]
    assert "Hillmoor Safeguarding Partnership" in extraction.assurance_bodies


def test_unnumbered_recommendations_stay_distinct_records(tmp_path: Path) -> None:
    extraction = extract_file(_rag_tracker(tmp_path))
    unnumbered = [r for r in extraction.recommendations if not r.id]
    assert len(unnumbered) == 2
    assert unnumbered[0].text != unnumbered[1].text
    # each is told apart by where it stands, the key the graph uses for a recommendation without an id
    assert [r.location.describe() for r in unnumbered] == ["row 5", "row 6"]
    assert [r["id"] for r in extraction.to_json()["recommendations"]][2:] == ["", ""]


def test_text_plan_with_by_when_by_whom_and_evidence_columns(tmp_path: Path) -> None:
    extraction = extract_file(_by_when_plan(tmp_path))
    assert _facts(extraction) == [
        (
            "3.1",
            [CCG, HOSPITALS],
            [("Triage every referral within", "Service manager", "2020-09", "on track", None)],
        ),
        ("3.2", [CCG, HOSPITALS], [("Add household fields to", "Records lead", "2021-03", None, None)]),
        (
            "4.1",
            [COUNCIL],
            [
                ("Offer places on the", "Workforce lead", "2020-09", "completed", None),
                ("Ask attendees what they", "Workforce lead", "2020-12", "in progress", None),
            ],
        ),
    ]
    triage = extraction.recommendations[0].actions[0]
    # comparison signs in the text are words, not tags
    assert "waits < 5 days and > 2 weeks" in triage.text
    assert extraction.recommendations[1].actions[0].timescale_kind == "indicative"
    # the body an action reports to is an assurance body; evidence is not an assurance route
    assert extraction.assurance_bodies == ["Children's Commissioning Board"]
    assert extraction.warnings == []


def test_workbook_with_its_header_on_the_third_row_and_rag_by_colour(tmp_path: Path) -> None:
    extraction = extract_file(_workbook(tmp_path))
    assert _facts(extraction) == [
        (
            "5.1",
            [COMMUNITY],
            [("Publish the named contacts", "LAC nurse manager", "2020-11", "on track", "green")],
        ),
        (
            "5.2",
            [COMMUNITY],
            [("Monthly timeliness report Escalate", "LAC nurse manager", "2021-03", "in progress", "amber")],
        ),
        (
            "6.1",
            [HOSPITALS],
            [("Add a question to", "Emergency department matron", "2021-02", "behind", "red")],
        ),
    ]
    # the numbered heading merged across the sheet is not a recommendation of its own
    assert "5" not in [r.id for r in extraction.recommendations]
    assert extraction.recommendations[0].location.describe() == "sheet Health partners, row 5"


def test_word_plan_with_group_headers_merged_across_all_columns(tmp_path: Path) -> None:
    extraction = extract_file(_merged_docx(tmp_path))
    assert _facts(extraction) == [
        (
            "7.1",
            [CCG, COMMUNITY],
            [
                ("Set up a supervision", "Named nurse", "2020-10", None, None),
                ("Survey staff about supervision", "Named nurse", "2021-01", None, None),
            ],
        ),
        ("8.1", [HOSPITALS], [("Adopt a protocol for", "Named doctor", "2020-11", None, None)]),
    ]
    supervision = extraction.recommendations[0]
    assert supervision.expected_outcomes == 2
    assert [a.assurance for a in supervision.actions] == [
        ["Reported via the Hillmoor Safeguarding Partnership"],
        ["Quality and Performance Committee"],
    ]
    assert extraction.assurance_bodies == [
        "Hillmoor Safeguarding Partnership",
        "Quality and Performance Committee",
        "Trust Safeguarding Committee",
    ]
    assert extraction.findings == [] and extraction.warnings == []


def test_pdf_row_cut_by_a_page_break_continues_the_row_above(tmp_path: Path) -> None:
    extraction = extract_file(_split_row_pdf(tmp_path))
    assert _facts(extraction) == [
        ("9.1", [], [("Sample twenty letters", "Named nurse", "2021-03", None, None)]),
        (
            "9.2",
            [],
            [
                ("Redesign the form and", "Head of service", "2021-06", None, None),
                ("Audit its use after", "Audit lead", "2021-09", None, None),
            ],
        ),
        ("9.3", [], [("Publish a summary for", "Analyst", "2021-12", None, None)]),
    ]
    assert extraction.recommendations[1].actions[0].text.endswith("train the duty teams in how to use it")


@pytest.mark.parametrize(
    "build",
    [_rag_tracker, _by_when_plan, _workbook, _merged_docx, _split_row_pdf, _titled_tracker, _council_page],
)
def test_every_held_out_record_says_where_it_was_read(tmp_path: Path, build: Callable[[Path], Path]) -> None:
    extraction = extract_file(build(tmp_path))
    described = [r.location.describe() for r in extraction.recommendations]
    assert described and "document" not in described
    assert not any("None" in warning for warning in extraction.warnings)


def test_csv_tracker_with_title_rows_ids_in_the_text_and_a_brag_column(tmp_path: Path) -> None:
    extraction = extract_file(_titled_tracker(tmp_path))
    assert _facts(extraction) == [
        (
            "1",
            ["Eastvale Clinical Commissioning Group", "Eastvale Borough Council"],
            [
                (
                    "Agree a joint return-interview",
                    "Head of Commissioning",
                    "2021-06-30",
                    "completed",
                    "blue",
                ),
                ("Train staff on the", "Training lead", "2021-09", "on track", "green"),
            ],
        ),
        # a collective addressee and an unknown service are kept as written
        (
            "2",
            ["All local GP practices", "Eastvale School Nursing Service"],
            [
                ("Add a question on", "School nurse lead", "2021-12", "in progress", "amber"),
            ],
        ),
    ]
    assert extraction.recommendations[0].text is not None
    assert extraction.recommendations[0].text.startswith("Children who go missing")


def test_council_web_page_with_lettered_ids_row_spans_and_a_section_row(tmp_path: Path) -> None:
    extraction = extract_file(_council_page(tmp_path))
    trust = "Southdale Hospitals NHS Trust"
    assert _facts(extraction) == [
        (
            "A1",
            [trust],
            [
                ("Introduce a screening question", "ED matron", "2022-03", "on track", None),
                ("Audit the screening question", "Audit team", "2022-06", None, None),
            ],
        ),
        ("A2", [trust], [("Advertise the post Interview", "Head of nursing", "2021-12", "completed", None)]),
    ]
    assert extraction.warnings == []


SHORT_HEADERS = [
    [
        "Rec",
        "Recommendation",
        "Lead organisation",
        "Key actions",
        "Responsible officer",
        "Target",
        "Progress / RAG",
    ],
    [
        "(1.2)",
        "Health histories for care leavers",
        "Eastvale Community Health NHS Trust",
        "Create a template",
        "Designated Nurse",
        "31st March 2021",
        "Complete - March 2021",
    ],
    [
        "Rec 1.3 -",
        "Supervision for school nurses",
        "Eastvale Community Health NHS Trust",
        "Monthly sessions",
        "Named nurse",
        "end of Q4 2020/21",
        "Partially met",
    ],
    [
        "1.5",
        "Screening for exploitation in the emergency department",
        "Eastvale Hospitals NHS Trust",
        "Screen all 11-17s",
        "ED lead",
        "March – April 2021",
        "Amber - slipped",
    ],
]


def test_short_headers_bracketed_ids_and_status_words_in_a_rag_column(tmp_path: Path) -> None:
    path = tmp_path / "eastvale_plan.txt"
    path.write_text("\n".join("\t".join(row) for row in SHORT_HEADERS), encoding="utf-8")
    extraction = extract_file(path)
    assert [
        (r.id, r.addressed_to, [(a.responsible, a.timescale, a.status, a.rag) for a in r.actions])
        for r in extraction.recommendations
    ] == [
        (
            "1.2",
            ["Eastvale Community Health NHS Trust"],
            [("Designated Nurse", "2021-03-31", "completed", None)],
        ),
        ("1.3", ["Eastvale Community Health NHS Trust"], [("Named nurse", "2021-03", "in progress", None)]),
        ("1.5", ["Eastvale Hospitals NHS Trust"], [("ED lead", "2021-04", "behind", "amber")]),
    ]
    assert extraction.warnings == []


def _quarterly_workbook(folder: Path) -> Path:
    """A tracker with a two-row header ("Progress" merged over a column per quarter and the RAG)
    and the recommendation cells merged down over their second action."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tracker"
    sheet.append(["Ref", "Recommendation", "Organisation", "Action", "Lead", "Progress", "", ""])
    sheet.append(["", "", "", "", "", "Q1 update", "Q2 update", "RAG"])
    sheet.append(
        [
            "4.1",
            "Plan each young person's move to adult mental health services",
            "Northbay Mental Health Trust",
            "Agree a joint protocol",
            "Service lead",
            "Drafted",
            "Agreed by the board",
            "G",
        ]
    )
    sheet.append(["", "", "", "Audit ten moves", "Audit lead", "Not started", "Under way", "A"])
    sheet.append(
        [
            "4.2",
            "Record the details of fathers",
            "Northbay Community Trust",
            "Add a field to the form",
            "Records lead",
            "Complete",
            "",
            "B",
        ]
    )
    sheet.merge_cells("F1:H1")
    for column in "ABC":
        sheet.merge_cells(f"{column}3:{column}4")
    path = folder / "northbay_tracker.xlsx"
    workbook.save(path)
    return path


def test_two_row_header_and_a_progress_column_per_quarter(tmp_path: Path) -> None:
    extraction = extract_file(_quarterly_workbook(tmp_path))
    assert [
        (r.id, r.addressed_to, [(a.text, a.lead, a.status, a.rag) for a in r.actions])
        for r in extraction.recommendations
    ] == [
        (
            "4.1",
            ["Northbay Mental Health Trust"],
            [
                ("Agree a joint protocol", "Service lead", "on track", "green"),
                # the latest quarter's words, not the first's
                ("Audit ten moves", "Audit lead", "in progress", "amber"),
            ],
        ),
        # an empty latest quarter leaves the earlier one standing
        (
            "4.2",
            ["Northbay Community Trust"],
            [("Add a field to the form", "Records lead", "completed", "blue")],
        ),
    ]
    assert extraction.warnings == []


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "xlsx"])
def test_held_out_text_plan_reads_the_same_in_every_format(tmp_path: Path, fmt: str) -> None:
    source = read_document(_by_when_plan(tmp_path))
    writer = {"docx": write_docx, "pdf": write_pdf, "html": write_html, "xlsx": write_xlsx}[fmt]
    converted = read_document(writer(source, tmp_path / f"hillmoor_plan.{fmt}"))
    assert converted.format == fmt
    expected = plan_facts(extract_blocks(source))
    assert [fact[1] for fact in expected] == ["3.1", "3.2", "4.1"]
    assert plan_facts(extract_blocks(converted)) == expected
