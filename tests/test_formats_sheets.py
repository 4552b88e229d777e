"""Spreadsheet trackers: header row detection, several sheets, fill colours, cached formulas, CSV."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Color, PatternFill

from loaders.blocks import Location, Paragraph, Table
from loaders.errors import UnreadableDocument
from loaders.limits import MAX_SHEET_ROWS
from loaders.rag_fill import rag_from_fill
from loaders.readers import read_document

HEADER = ["Recommendation", "Improvement action", "Lead", "Timescale", "RAG"]


def _tracker(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    plan = workbook.active
    plan.title = "Plan"
    plan.append(["Area improvement tracker"])
    plan.append(["Updated for the autumn board"])
    plan.append([])
    plan.append(HEADER)
    plan.append(
        [
            "2.1 See young people quickly",
            "• Open a walk-in slot\n• Text reminders",
            "Service lead",
            dt.datetime(2017, 3, 1),
            "",
        ]
    )
    plan["D5"].number_format = "mmm-yy"
    plan["E5"].fill = PatternFill("solid", fgColor="FF00B050")
    plan.append(["", "Review the rota", "Service lead", "Qtr 2 2017", "Amber"])
    plan["E6"].fill = PatternFill("solid", fgColor=Color(indexed=10))  # the palette's red
    plan.append(["2.2 Record the child's wishes", "Add a field to the form", "Records manager", "Jun-17", ""])
    plan["E7"].fill = PatternFill("solid", fgColor=Color(theme=4))  # theme colours cannot be resolved
    notes = workbook.create_sheet("Board notes")
    notes.append(["Meeting", "Outcome"])
    notes.append(["September", "Plan agreed"])
    workbook.save(path)
    return path


def test_header_row_is_found_below_title_rows(tmp_path: Path) -> None:
    doc = read_document(_tracker(tmp_path / "tracker.xlsx"))
    assert doc.format == "xlsx"
    title, subtitle, plan, notes = doc.blocks
    assert isinstance(title, Paragraph) and title.text == "Area improvement tracker"
    assert title.location == Location(sheet="Plan", row=1, cell=1)
    assert isinstance(subtitle, Paragraph) and subtitle.location.row == 2
    assert isinstance(plan, Table) and plan.location == Location(sheet="Plan")
    assert plan.rows[0].texts() == HEADER
    assert plan.rows[1].texts() == [
        "2.1 See young people quickly",
        "• Open a walk-in slot\n• Text reminders",
        "Service lead",
        "Mar-17",
        "",
    ]
    assert plan.rows[1].cells[3].location == Location(sheet="Plan", row=5, cell=4)
    assert isinstance(notes, Table) and notes.location.sheet == "Board notes"
    assert notes.rows[1].texts() == ["September", "Plan agreed"]


def test_rag_from_fill_colour(tmp_path: Path) -> None:
    (plan, _) = read_document(_tracker(tmp_path / "tracker.xlsx")).tables()
    fills = [row.cells[4].fill for row in plan.rows[1:]]
    assert fills == ["00B050", "FF0000", None]
    assert [rag_from_fill(fill) for fill in fills] == ["green", "red", None]
    assert [rag_from_fill(f) for f in ("FFC000", "FFEB9C", "C6EFCE", "FFC7CE", "0070C0")] == [
        "amber",
        "amber",
        "green",
        "red",
        "blue",
    ]
    assert [rag_from_fill(f) for f in ("FFFFFF", "D9D9D9", "000000", "nonsense")] == [None] * 4


def test_formulas_are_read_as_cached_values_never_evaluated(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Actions", "Completed"])
    sheet.append([21, "=A2*2"])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    # give the formula the value Excel saved with it; 99 is not what evaluating it would give
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(cached, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, found = re.subn(rb"(<f>A2\*2</f>)(<v\s*/>|<v></v>)?", rb"\1<v>99</v>", data)
                assert found == 1
            target.writestr(item, data)
    doc = read_document(cached)
    (table,) = doc.tables()
    assert table.rows[1].texts() == ["21", "99"]
    assert not doc.warnings
    # a workbook written by a program that never calculated it has no value to read: say so
    uncalculated = read_document(plain)
    assert uncalculated.tables()[0].rows[1].texts() == ["21", ""]
    assert any("1 formula cell(s) have no saved value" in w for w in uncalculated.warnings)


def test_hundred_thousand_rows_are_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xlsx"
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Tracker")
    sheet.append(HEADER)
    for n in range(1, 100_001):
        sheet.append([f"{n}.1", f"Step {n}", "Team lead", "Mar-17", "Green"])
    workbook.save(path)
    (table,) = read_document(path).tables()
    assert len(table.rows) == 100_001
    assert table.rows[-1].texts() == ["100000.1", "Step 100000", "Team lead", "Mar-17", "Green"]
    assert table.rows[-1].location == Location(sheet="Tracker", row=100_001)


def test_csv_with_semicolons_windows_encoding_and_multiline_cells(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    content = (
        "Exported from the tracker;;;\n"
        "Recommendation;Action;Lead;Timescale\n"
        '1.4 Check on children’s health;"Book clinics\n- Send letters";Nurse – LAC;Dec-16\n'
    )
    path.write_bytes(content.encode("cp1252"))
    doc = read_document(path)
    assert doc.format == "csv"
    assert any("cp1252" in warning for warning in doc.warnings)
    title, table = doc.blocks
    assert isinstance(title, Paragraph) and title.text == "Exported from the tracker"
    assert isinstance(table, Table)
    assert table.rows[1].texts() == [
        "1.4 Check on children’s health",
        "Book clinics\n• Send letters",
        "Nurse – LAC",
        "Dec-16",
    ]
    assert table.rows[1].cells[0].location == Location(row=3, cell=1)


def test_csv_in_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_bytes("Recommendation,Action,Lead\n5.2 Train staff,Run sessions,Trainer\n".encode("utf-16"))
    (table,) = read_document(path).tables()
    assert table.rows[1].texts() == ["5.2 Train staff", "Run sessions", "Trainer"]


def test_more_rows_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "endless.csv"
    path.write_text("Action,Lead\n" + "Do it,Someone\n" * MAX_SHEET_ROWS, encoding="utf-8")
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert caught.value.file_name == "endless.csv"
    assert "rows" in caught.value.reason and f"{MAX_SHEET_ROWS:,}" in caught.value.reason


def test_merged_group_row_and_a_stray_cell_far_down(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["4. The trust together with the council should:"])
    sheet.merge_cells("A2:E2")
    sheet.append(["4.1 Audit plans", "Sample twenty files", "Audit lead", "Nov-17", "Green"])
    sheet.cell(row=MAX_SHEET_ROWS + 10, column=1, value="checked")  # far below, past the row limit
    path = tmp_path / "merged.xlsx"
    workbook.save(path)
    (table,) = read_document(path).tables()
    assert [row.texts() for row in table.rows[1:3]] == [
        ["4. The trust together with the council should:", "", "", "", ""],
        ["4.1 Audit plans", "Sample twenty files", "Audit lead", "Nov-17", "Green"],
    ]
    assert table.rows[-1].location == Location(sheet="Sheet", row=MAX_SHEET_ROWS + 10)


def test_markup_in_exported_cells_is_removed_but_comparisons_stay(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Recommendation", "Action", "Target"])
    sheet.append(
        [
            "3.3 Cut waits",
            "<div><p>Triage daily</p><ul><li>morning list</li><li>evening list</li></ul></div>",
            "waits < 5 days and uptake > 90%",
        ]
    )
    path = tmp_path / "exported.xlsx"
    workbook.save(path)
    (table,) = read_document(path).tables()
    assert table.rows[1].texts() == [
        "3.3 Cut waits",
        "Triage daily\n• morning list\n• evening list",
        "waits < 5 days and uptake > 90%",
    ]
