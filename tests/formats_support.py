"""Builders for the format tests: real DOCX, PDF, HTML and XLSX files written at test time.

The corpus builders take a document as the text reader sees it (its blocks) and write the same
content in another format the way people do: headings, bullet paragraphs, real tables with the
header row repeated on every page, a group header row merged across the table, a recommendation
cell merged down over the rows that continue it.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx
import matplotlib
import openpyxl
from docx.table import Table as DocxTable
from fpdf import FPDF

from loaders.blocks import DocumentBlocks, ListItem, Table
from loaders.records import Extraction

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def padded_rows(table: Table) -> list[list[str]]:
    width = max(len(row.cells) for row in table.rows)
    return [[*row.texts(), *[""] * (width - len(row.cells))] for row in table.rows]


def is_group_row(cells: Sequence[str]) -> bool:
    """A row with text in its first cell only: a group header such as "2. X together with Y should:"."""
    return bool(cells[0].strip()) and not any(c.strip() for c in cells[1:])


def continued_by(rows: list[list[str]], index: int) -> int:
    """How many rows below ``index`` continue it (empty first cell), for merging its first cell down."""
    if is_group_row(rows[index]) or not rows[index][0].strip():
        return 0
    count = 0
    for below in rows[index + 1 :]:
        if below[0].strip() or is_group_row(below) or not any(c.strip() for c in below):
            break
        count += 1
    return count


# ---------------------------------------------------------------------------------------- DOCX


def write_docx(doc: DocumentBlocks, path: Path) -> Path:
    document = docx.Document()
    for block in doc.blocks:
        if isinstance(block, Table):
            _docx_table(document, padded_rows(block))
            document.add_paragraph("")
        elif isinstance(block, ListItem):
            document.add_paragraph(block.text, style="List Bullet")
        elif block.heading:
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    document.save(str(path))
    return path


def _docx_table(document: docx.document.Document, rows: list[list[str]]) -> DocxTable:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    for r, texts in enumerate(rows):
        cells = table.rows[r].cells
        for c, text in enumerate(texts):
            fill_docx_cell(cells[c], text)
    for r, texts in enumerate(rows):
        if is_group_row(texts) and len(texts) > 1:
            table.cell(r, 0).merge(table.cell(r, len(texts) - 1))
        below = continued_by(rows, r)
        if below:
            table.cell(r, 0).merge(table.cell(r + below, 0))
    return table


def fill_docx_cell(cell: object, text: str) -> None:
    """Cell text as Word holds it: one paragraph per line, "• " lines as List Bullet paragraphs."""
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for n, line in enumerate(text.split("\n")):
        paragraph = paragraphs[0] if n == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        if line.startswith("• "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line)


# ----------------------------------------------------------------------------------------- PDF


class _RunningPdf(FPDF):
    """A PDF with a running header and a page-number footer on every page, as board packs have."""

    running_header = ""

    def header(self) -> None:
        if self.running_header:
            self.set_y(8)
            self.cell(0, 4, self.running_header)
            self.set_y(16)

    def footer(self) -> None:
        if self.running_header:
            self.set_y(-10)
            self.cell(0, 4, f"Page {self.page_no()}", align="C")


def new_pdf(font_size: float = 7, running_header: str = "") -> FPDF:
    pdf = _RunningPdf(orientation="L", format="A3")
    pdf.running_header = running_header
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=font_size)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    return pdf


def write_pdf(doc: DocumentBlocks, path: Path) -> Path:
    pdf = new_pdf()
    for block in doc.blocks:
        if isinstance(block, Table):
            pdf_table(pdf, padded_rows(block))
            pdf.ln(4)
        elif isinstance(block, ListItem):
            pdf.multi_cell(0, 4, "• " + block.text, new_x="LMARGIN", new_y="NEXT")
        elif block.heading:
            pdf.set_font("DejaVu", "B", 10)
            pdf.multi_cell(0, 6, block.text, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 7)
        else:
            pdf.multi_cell(0, 4, block.text, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def pdf_table(pdf: FPDF, rows: list[list[str]]) -> None:
    """A ruled table, its header row repeated on each page, group rows spanning every column."""
    width = len(rows[0])
    weights = [max(8, min(60, max(len(r[c]) for r in rows) ** 0.5)) for c in range(width)]
    with pdf.table(col_widths=weights, repeat_headings=1, line_height=3.2) as table:
        for texts in rows:
            row = table.row()
            if is_group_row(texts) and width > 1:
                row.cell(texts[0], colspan=width)
            else:
                for text in texts:
                    row.cell(text)


# ---------------------------------------------------------------------------------------- HTML


def write_html(doc: DocumentBlocks, path: Path) -> Path:
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Plan</title>",
        "<style>td { border: 1px solid; }</style><script>var tracking = 'no text here';</script></head>",
        "<body><nav><a href='/'>Home</a> <a href='/plans'>All plans</a></nav><main>",
    ]
    in_list = False
    for block in doc.blocks:
        if isinstance(block, ListItem) != in_list:
            parts.append("<ul>" if not in_list else "</ul>")
            in_list = not in_list
        if isinstance(block, Table):
            parts.append(html_table(padded_rows(block)))
        elif isinstance(block, ListItem):
            parts.append(f"<li>{html.escape(block.text)}</li>")
        elif block.heading:
            parts.append(f"<h2>{html.escape(block.text)}</h2>")
        else:
            parts.append(f"<p>{html.escape(block.text)}</p>")
    if in_list:
        parts.append("</ul>")
    parts.append("</main><footer>Page footer: contact us</footer></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def html_table(rows: list[list[str]]) -> str:
    """Rows as an HTML table: group rows with colspan, continued recommendation cells with rowspan."""
    out = ["<table>"]
    covered = 0
    for r, texts in enumerate(rows):
        cells = []
        if is_group_row(texts) and len(texts) > 1:
            cells.append(f"<td colspan='{len(texts)}'>{html_cell(texts[0])}</td>")
        else:
            below = continued_by(rows, r)
            for c, text in enumerate(texts):
                if c == 0 and covered:
                    continue
                span = f" rowspan='{below + 1}'" if c == 0 and below else ""
                cells.append(f"<td{span}>{html_cell(text)}</td>")
            covered = below if below else max(covered - 1, 0)
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def html_cell(text: str) -> str:
    parts: list[str] = []
    bullets: list[str] = []
    for line in [*text.split("\n"), ""]:
        if line.startswith("• "):
            bullets.append(f"<li>{html.escape(line[2:])}</li>")
            continue
        if bullets:
            parts.append("<ul>" + "".join(bullets) + "</ul>")
            bullets = []
        if line:
            parts.append(f"<p>{html.escape(line)}</p>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------- XLSX


def write_xlsx(doc: DocumentBlocks, path: Path) -> Path:
    """Each table on a sheet of its own, below the paragraphs that came before it as title rows."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    preceding: list[str] = []
    for block in doc.blocks:
        if not isinstance(block, Table):
            preceding.append(block.text)
            continue
        sheet = workbook.create_sheet(f"Table {len(workbook.worksheets) + 1}")
        for title in preceding[-2:]:
            sheet.append([title])
        sheet.append([])
        for texts in padded_rows(block):
            sheet.append(texts)
        preceding = []
    workbook.save(path)
    return path


# ------------------------------------------------------------------------------------ bad input


def zip_bomb(template: Path, path: Path, member: str, size: int) -> Path:
    """A copy of a real DOCX/XLSX with one extra member of ``size`` zero bytes (tiny compressed)."""
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open(member, "w", force_zip64=True) as padding:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk) + 1):
                padding.write(chunk)
    return path


# ------------------------------------------------------------------------------------ comparing


def _words(text: str | None, count: int = 8) -> str:
    return " ".join(re.sub(r"[^\w%&/.-]+", " ", text or "").split()[:count]).lower()


def plan_facts(extraction: Extraction) -> list[tuple[object, ...]]:
    """What must not change with the format: per recommendation and finding, its id or reference,
    addressees, and each action's first words, timescale and lead."""
    facts: list[tuple[object, ...]] = []
    for rec in extraction.recommendations:
        facts.append(
            (
                "recommendation",
                rec.id,
                tuple(sorted(rec.addressed_to)),
                tuple((_words(a.text), a.timescale, _words(a.lead, 20)) for a in rec.actions),
            )
        )
    for finding in extraction.findings:
        facts.append(
            (
                "finding",
                finding.report_ref,
                _words(finding.text),
                tuple((_words(a.text), a.timescale, _words(a.lead, 20)) for a in finding.actions),
            )
        )
    return facts
