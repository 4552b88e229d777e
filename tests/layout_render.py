"""Write a :class:`layout_plans.Plan` in every layout family people use for action plans.

Independent of the extractor: only the plan, the standard library and the writers' own
libraries (fpdf2, python-docx, openpyxl). Each ``render_<layout>(plan, path)`` writes a file and
returns its path. The families: text (tab table, fixed-width columns with wrapped cells and
page breaks, one cell per line, markdown pipes, " / " rows, label-value records), PDF (ruled,
horizontal rules only, no rules, many pages with repeated headers, label-value paragraphs),
DOCX (table with merged cells and bullets, no table at all), XLSX (title rows, merged group
rows, real dates, RAG by fill colour with a key), CSV, HTML (table; headings, lists and
definition lists), and tables with no header row at all (text, CSV, XLSX, DOCX, HTML, PDF).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import docx
import matplotlib
import openpyxl
from docx.document import Document as DocxDocument
from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from layout_plans import Action, Group, Plan, Recommendation, status_colour
from openpyxl.styles import Alignment, PatternFill

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FILLS = {"red": "FF0000", "amber": "FFC000", "green": "00B050", "blue": "0070C0"}


# ------------------------------------------------------------------------------ plan as rows


@dataclass(frozen=True)
class TableRow:
    """A group header (one text across the table) or a row of cells, each a list of lines."""

    group: str | None
    cells: tuple[tuple[str, ...], ...] = ()
    colours: tuple[str | None, ...] = ()


def group_header(group: Group) -> str:
    names = list(group.addressees)
    joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} together with {names[-1]}"
    return f"{group.number}. {joined} should:" if group.number else f"{joined} should:"


def action_text(plan: Plan, rec: Recommendation, index: int, action: Action) -> str:
    """The action's wording; a recommendation's cross-references follow its first action."""
    if index or not rec.cross_refs:
        return action.text
    return f"{action.text}. {plan.cross_ref_wording.format(' and '.join(rec.cross_refs))}."


def cell_lines(plan: Plan, role: str, rec: Recommendation, index: int, action: Action) -> tuple[str, ...]:
    first = index == 0
    if role == "id":
        return (rec.id,) if first else ()
    if role == "recommendation":
        text = rec.text if "id" in plan.columns else f"{rec.id} {rec.text}"
        return (text,) if first else ()
    if role == "report_ref":
        return (", ".join(rec.report_refs),) if first and rec.report_refs else ()
    if role == "outcome":
        return tuple(f"• {o}" for o in rec.outcomes) if first else ()
    if role == "action":
        return (action_text(plan, rec, index, action),)
    if role in ("lead", "responsible"):
        value = getattr(action, role)
        return (value,) if value else ()
    if role == "assurance":
        items = action.assurance
        if plan.routes_on_one_line and items:
            return ("; ".join(items),)
        return tuple(f"• {a}" for a in items) if len(items) > 1 else tuple(items)
    if role == "timescale":
        return (action.timescale_raw,) if action.timescale_raw else ()
    if role == "status":
        return (action.status_written,) if action.status_written else ()
    raise ValueError(role)


def assurance_values(plan: Plan, action: Action) -> tuple[str, ...]:
    """The values of an action's assurance labels: one label per route, or one for them all."""
    if plan.routes_on_one_line and action.assurance:
        return ("; ".join(action.assurance),)
    return action.assurance


def plan_rows(plan: Plan) -> list[TableRow]:
    rows: list[TableRow] = []
    for group in plan.groups:
        if group.addressees:
            rows.append(TableRow(group_header(group)))
        for rec in group.recommendations:
            for index, action in enumerate(rec.actions):
                cells = tuple(cell_lines(plan, role, rec, index, action) for role in plan.columns)
                colours = tuple(
                    status_colour(plan, action) if role == "status" else None for role in plan.columns
                )
                rows.append(TableRow(None, cells, colours))
    return rows


def header_cells(plan: Plan) -> list[str]:
    return [plan.headers[role] for role in plan.columns]


def key_line(plan: Plan) -> str:
    return "Key: " + "; ".join(f"{colour} = {meaning}" for colour, meaning in plan.rag_key.items())


def inline(lines: tuple[str, ...]) -> str:
    """A cell's lines on one line, as copy-paste gives them ("• first • second")."""
    return " ".join(lines)


def _preamble(plan: Plan) -> list[str]:
    return [plan.title, *([key_line(plan)] if plan.rag_key else [])]


# ------------------------------------------------------------------------------------- text


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def render_tab(plan: Plan, path: Path, header: bool = True) -> Path:
    lines = [*_blank_separated(_preamble(plan)), *(["\t".join(header_cells(plan))] if header else [])]
    width = len(plan.columns)
    for row in plan_rows(plan):
        lines.append(row.group + "\t" * (width - 1) if row.group else "\t".join(inline(c) for c in row.cells))
    return _write(path, lines)


def _blank_separated(lines: list[str]) -> list[str]:
    return [part for line in lines for part in (line, "")]


_PAGE_LINES = 40


def render_fixed_width(plan: Plan, path: Path) -> Path:
    """Columns padded with spaces, each cell wrapped within its column so that the lines of a
    row's cells interleave; a page break (form feed) every ~40 lines repeats the header."""
    widths = [_column_width(role) for role in plan.columns]
    total = sum(widths) + 3 * (len(widths) - 1)
    header = _fixed_lines([(h,) for h in header_cells(plan)], widths)
    lines: list[str] = [*_blank_separated(_preamble(plan)), *header, ""]
    page, on_page = 1, len(lines)
    for row in plan_rows(plan):
        block = textwrap.wrap(row.group, total) if row.group else _fixed_lines(row.cells, widths)
        if on_page + len(block) > _PAGE_LINES:
            lines.extend(["", f"{'Page ' + str(page):>{total}}", "\f" + header[0], *header[1:], ""])
            page, on_page = page + 1, len(header) + 1
        lines.extend([*block, ""])
        on_page += len(block) + 1
    return _write(path, lines)


def _column_width(role: str) -> int:
    return {"id": 6, "report_ref": 14, "recommendation": 30, "action": 30, "outcome": 24}.get(role, 18)


def _fixed_lines(cells: tuple[tuple[str, ...], ...] | list[tuple[str, ...]], widths: list[int]) -> list[str]:
    wrapped = []
    for lines, width in zip(cells, widths, strict=True):
        column: list[str] = []
        for line in lines:
            column.extend(textwrap.wrap(line, width, subsequent_indent="  " if line.startswith("• ") else ""))
        wrapped.append(column)
    height = max(len(column) for column in wrapped)
    out = []
    for n in range(height):
        parts = [
            (column[n] if n < len(column) else "").ljust(width)
            for column, width in zip(wrapped, widths, strict=True)
        ]
        out.append("   ".join(parts).rstrip())
    return out


def render_cell_per_line(plan: Plan, path: Path) -> Path:
    """Each cell on a line of its own, a blank line after each row; an empty cell is "-"."""
    lines = [*_blank_separated(_preamble(plan)), *header_cells(plan), ""]
    for row in plan_rows(plan):
        if row.group:
            lines.extend([row.group, ""])
        else:
            lines.extend([*(inline(c) or "-" for c in row.cells), ""])
    return _write(path, lines)


def render_markdown(plan: Plan, path: Path) -> Path:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "/") for c in cells) + " |"

    width = len(plan.columns)
    lines = [*_blank_separated(_preamble(plan)), line(header_cells(plan)), line(["---"] * width)]
    for row in plan_rows(plan):
        lines.append(
            line([row.group, *[""] * (width - 1)]) if row.group else line([inline(c) for c in row.cells])
        )
    return _write(path, lines)


def render_slash_rows(plan: Plan, path: Path) -> Path:
    """One row per line, cells between " / " (a slash inside a cell loses its spaces)."""

    def line(cells: list[str]) -> str:
        return " / ".join(c.replace(" / ", "/") for c in cells).rstrip()

    lines = [*_blank_separated(_preamble(plan)), line(header_cells(plan))]
    for row in plan_rows(plan):
        lines.append(row.group if row.group else line([inline(c) for c in row.cells]))
    return _write(path, lines)


def label_records(plan: Plan) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """The plan as records: (group header or None, [(label, value), ...]) per action, the first
    record of a recommendation opening with it."""
    records: list[tuple[str | None, list[tuple[str, str]]]] = []
    labels = plan.labels
    for group in plan.groups:
        header = group_header(group) if group.addressees else None
        for rec in group.recommendations:
            for index, action in enumerate(rec.actions):
                fields: list[tuple[str, str]] = []
                if index == 0:
                    fields.append((f"{labels.get('recommendation', 'Recommendation')} {rec.id}", rec.text))
                    if rec.report_refs and "report_ref" in labels:
                        fields.append((labels["report_ref"], ", ".join(rec.report_refs)))
                    fields.extend((labels["outcome"], o) for o in rec.outcomes if "outcome" in labels)
                fields.extend(_action_fields(plan, rec, index, action, labels))
                records.append((header, fields))
                header = None
    return records


def _action_fields(
    plan: Plan, rec: Recommendation, index: int, action: Action, labels: dict[str, str]
) -> list[tuple[str, str]]:
    """One action's label-value pairs, in the order every label layout writes them."""
    fields = [(labels["action"], action_text(plan, rec, index, action))]
    for role, value in (
        ("lead", action.lead),
        ("responsible", action.responsible),
        ("timescale", action.timescale_raw),
        ("status", action.status_written),
    ):
        if value and role in labels:
            fields.append((labels[role], value))
    if "assurance" in labels:
        fields.extend((labels["assurance"], a) for a in assurance_values(plan, action))
    return fields


def render_label_records(plan: Plan, path: Path) -> Path:
    lines = _blank_separated(_preamble(plan))
    for header, fields in label_records(plan):
        if header:
            lines.extend([header, ""])
        lines.extend([*(f"{label}: {value}" for label, value in fields), ""])
    return _write(path, lines)


# -------------------------------------------------------------------------------------- PDF


def _pdf(page_format: str | tuple[float, float] = "A4") -> FPDF:
    pdf = FPDF(orientation="L", format=page_format)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=8)
    pdf.set_auto_page_break(True, margin=12)
    pdf.add_page()
    return pdf


def _pdf_preamble(pdf: FPDF, plan: Plan) -> None:
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, plan.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 8)
    if plan.rag_key:
        pdf.multi_cell(0, 5, key_line(plan), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _pdf_table(
    plan: Plan, path: Path, borders: TableBordersLayout, pages: bool = False, header: bool = True
) -> Path:
    pdf = _pdf((170, 297) if pages else "A4")
    _pdf_preamble(pdf, plan)
    if pages:
        pdf.ln(100)  # the table starts low on the first page, so that even a short plan runs over
    widths = [_column_width(role) for role in plan.columns]
    with pdf.table(
        padding=(1, 1.9, 1, 1.9),  # Word's cell margins: 0.19 cm at the sides
        col_widths=widths,
        borders_layout=borders,
        repeat_headings=1,
        line_height=4,
        text_align="LEFT",
        first_row_as_headings=header,
    ) as table:
        if header:
            header_row = table.row()
            for text in header_cells(plan):
                header_row.cell(text)
        for row in plan_rows(plan):
            cells = table.row()
            if row.group:
                cells.cell(row.group, colspan=len(plan.columns))
            else:
                for lines in row.cells:
                    cells.cell("\n".join(lines))
    pdf.output(str(path))
    return path


def render_pdf_ruled(plan: Plan, path: Path) -> Path:
    return _pdf_table(plan, path, TableBordersLayout.ALL)


def render_pdf_horizontal_rules(plan: Plan, path: Path) -> Path:
    return _pdf_table(plan, path, TableBordersLayout.HORIZONTAL_LINES)


def render_pdf_no_rules(plan: Plan, path: Path) -> Path:
    return _pdf_table(plan, path, TableBordersLayout.NONE)


def render_pdf_headerless(plan: Plan, path: Path) -> Path:
    return _pdf_table(plan, path, TableBordersLayout.ALL, header=False)


def render_pdf_pages(plan: Plan, path: Path) -> Path:
    """A short page, so that the table runs over several pages with its header repeated."""
    return _pdf_table(plan, path, TableBordersLayout.ALL, pages=True)


def render_pdf_labels(plan: Plan, path: Path) -> Path:
    pdf = _pdf()
    _pdf_preamble(pdf, plan)
    for header, fields in label_records(plan):
        if header:
            pdf.set_font("DejaVu", "B", 9)
            pdf.multi_cell(0, 5, header, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("DejaVu", "", 8)
            pdf.ln(2)
        for label, value in fields:
            pdf.multi_cell(0, 4, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


# ------------------------------------------------------------------------------------- DOCX


def _docx_preamble(document: DocxDocument, plan: Plan) -> None:
    document.add_heading(plan.title, level=1)
    if plan.rag_key:
        document.add_paragraph(key_line(plan))


def _fill_docx(cell: object, lines: tuple[str, ...]) -> None:
    paragraphs = cell.paragraphs  # type: ignore[attr-defined]
    for n, line in enumerate(lines):
        paragraph = paragraphs[0] if n == 0 else cell.add_paragraph()  # type: ignore[attr-defined]
        if line.startswith("• "):
            paragraph.style = "List Bullet"
            line = line[2:]
        paragraph.add_run(line)


def render_docx_table(plan: Plan, path: Path, header: bool = True) -> Path:
    """A Word table: group rows merged across, the recommendation cells merged down over its
    action rows, bullets as List Bullet paragraphs inside cells."""
    document = docx.Document()
    _docx_preamble(document, plan)
    rows = plan_rows(plan)
    width = len(plan.columns)
    top = 1 if header else 0  # the table's row index of the plan's first row
    table = document.add_table(rows=len(rows) + top, cols=width)
    table.style = "Table Grid"
    if header:
        for cell, text in zip(table.rows[0].cells, header_cells(plan), strict=True):
            cell.text = text
    merged_roles = {"id", "recommendation", "report_ref", "outcome"}
    start: int | None = None
    # (cells are filled row by row: python-docx's table.cell() walks the whole grid each time)
    for docx_row, row in zip(table.rows[top:], rows, strict=True):
        cells = docx_row.cells
        if row.group:
            cells[0].merge(cells[width - 1])
            _fill_docx(cells[0], (row.group,))
            continue
        for cell, lines in zip(cells, row.cells, strict=True):
            _fill_docx(cell, lines)
    # merge each recommendation's own cells down over its further action rows
    for r, row in enumerate([*rows, TableRow("end")], top):
        opens = row.group is not None or any(
            row.cells[plan.columns.index(role)] for role in ("recommendation",) if role in plan.columns
        )
        if opens:
            if start is not None and r - 1 > start:
                for c, role in enumerate(plan.columns):
                    if role in merged_roles:
                        table.cell(start, c).merge(table.cell(r - 1, c))
            start = r if row.group is None else None
    document.save(str(path))
    return path


def render_docx_headings(plan: Plan, path: Path) -> Path:
    """No table: a heading per group and recommendation, a bullet per action, label paragraphs."""
    document = docx.Document()
    _docx_preamble(document, plan)
    labels = plan.labels
    for group in plan.groups:
        if group.addressees:
            document.add_heading(group_header(group), level=2)
        for rec in group.recommendations:
            document.add_heading(f"{rec.id} {rec.text}", level=3)
            if rec.report_refs and "report_ref" in labels:
                document.add_paragraph(f"{labels['report_ref']}: {', '.join(rec.report_refs)}")
            for outcome in rec.outcomes:
                document.add_paragraph(f"{labels['outcome']}: {outcome}")
            for index, action in enumerate(rec.actions):
                (_, text), *details = _action_fields(plan, rec, index, action, labels)
                document.add_paragraph(text, style="List Bullet")
                for label, value in details:
                    document.add_paragraph(f"{label}: {value}")
    document.save(str(path))
    return path


# ------------------------------------------------------------------------------- XLSX / CSV


_DAY_FORMATS = ("%d/%m/%Y", "%d %B %Y")
_MONTH_FORMATS = (("%B %Y", "mmmm yyyy"), ("%b %Y", "mmm yyyy"), ("%b-%y", "mmm-yy"))


def excel_date(raw: str) -> tuple[dt.datetime, str] | None:
    """A timescale as a real Excel date with the number format that shows it as written."""
    for fmt in _DAY_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt), "dd/mm/yyyy"
        except ValueError:
            pass
    for fmt, excel in _MONTH_FORMATS:
        try:
            return dt.datetime.strptime(raw, fmt), excel
        except ValueError:
            pass
    return None


def render_xlsx(plan: Plan, path: Path, header: bool = True) -> Path:
    """Title rows above the header, group rows merged across, real dates, and RAG ratings given
    by fill colour alone (the colour words left out of the cells), the plan's own key above if it
    prints one."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Action plan"
    sheet.append([plan.title])
    # the key, a cell of each colour naming what it means (else the usual meanings apply)
    for colour, meaning in plan.rag_key.items():
        sheet.append([f"{colour}: {meaning}"])
        sheet.cell(sheet.max_row, 1).fill = PatternFill("solid", fgColor=FILLS[colour.lower()])
    sheet.append([])
    if header:
        sheet.append(header_cells(plan))
    width = len(plan.columns)
    for row in plan_rows(plan):
        if row.group:
            sheet.append([row.group])
            sheet.merge_cells(
                start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=width
            )
            continue
        sheet.append(["\n".join(lines) for lines in row.cells])
        r = sheet.max_row
        for c, (role, colour) in enumerate(zip(plan.columns, row.colours, strict=True), 1):
            cell = sheet.cell(r, c)
            cell.alignment = Alignment(wrap_text=True)
            if colour:
                cell.value = None
                cell.fill = PatternFill("solid", fgColor=FILLS[colour])
            elif role == "timescale" and isinstance(cell.value, str) and (found := excel_date(cell.value)):
                cell.value, cell.number_format = found
    workbook.save(path)
    return path


def render_csv(plan: Plan, path: Path, header: bool = True) -> Path:
    width = len(plan.columns)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        for line in _preamble(plan):
            writer.writerow([line, *[""] * (width - 1)])
        if header:
            writer.writerow(header_cells(plan))
        for row in plan_rows(plan):
            writer.writerow(
                [row.group, *[""] * (width - 1)] if row.group else ["\n".join(c) for c in row.cells]
            )
    return path


# ------------------------------------------------------------------------------------- HTML


def _html_page(plan: Plan, body: list[str]) -> str:
    preamble = [f"<h1>{html.escape(plan.title)}</h1>"]
    if plan.rag_key:
        preamble.append(f"<p>{html.escape(key_line(plan))}</p>")
    return "\n".join(
        [
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Plan</title></head><body>",
            *preamble,
            *body,
            "</body></html>",
        ]
    )


def _html_cell(lines: tuple[str, ...]) -> str:
    bullets = [f"<li>{html.escape(line[2:])}</li>" for line in lines if line.startswith("• ")]
    plain = [f"<p>{html.escape(line)}</p>" for line in lines if not line.startswith("• ")]
    return "".join(plain) + (f"<ul>{''.join(bullets)}</ul>" if bullets else "")


def render_html_table(plan: Plan, path: Path, header: bool = True) -> Path:
    width = len(plan.columns)
    out = ["<table>"]
    if header:
        out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header_cells(plan)) + "</tr>")
    for row in plan_rows(plan):
        if row.group:
            out.append(f"<tr><td colspan='{width}'><strong>{html.escape(row.group)}</strong></td></tr>")
        else:
            out.append("<tr>" + "".join(f"<td>{_html_cell(lines)}</td>" for lines in row.cells) + "</tr>")
    out.append("</table>")
    path.write_text(_html_page(plan, out), encoding="utf-8")
    return path


def render_html_headings(plan: Plan, path: Path) -> Path:
    """Headings per group and recommendation, the actions as a list of definition lists."""
    out: list[str] = []
    labels = plan.labels
    for group in plan.groups:
        if group.addressees:
            out.append(f"<h2>{html.escape(group_header(group))}</h2>")
        for rec in group.recommendations:
            out.append(f"<h3>{html.escape(rec.id)} {html.escape(rec.text)}</h3>")
            pairs: list[tuple[str, str]] = []
            if rec.report_refs and "report_ref" in labels:
                pairs.append((labels["report_ref"], ", ".join(rec.report_refs)))
            pairs.extend((labels["outcome"], o) for o in rec.outcomes)
            if pairs:
                out.append(_dl(pairs))
            out.append("<ul>")
            for index, action in enumerate(rec.actions):
                out.append(f"<li>{_dl(_action_fields(plan, rec, index, action, labels))}</li>")
            out.append("</ul>")
    path.write_text(_html_page(plan, out), encoding="utf-8")
    return path


def _dl(pairs: list[tuple[str, str]]) -> str:
    return "<dl>" + "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in pairs) + "</dl>"


RENDERERS: dict[str, tuple[str, Callable[[Plan, Path], Path]]] = {
    "tab": (".txt", render_tab),
    "fixed-width": (".txt", render_fixed_width),
    "cell-per-line": (".txt", render_cell_per_line),
    "markdown": (".txt", render_markdown),
    "slash-rows": (".txt", render_slash_rows),
    "label-records": (".txt", render_label_records),
    "pdf-ruled": (".pdf", render_pdf_ruled),
    "pdf-horizontal-rules": (".pdf", render_pdf_horizontal_rules),
    "pdf-no-rules": (".pdf", render_pdf_no_rules),
    "pdf-pages": (".pdf", render_pdf_pages),
    "pdf-labels": (".pdf", render_pdf_labels),
    "docx-table": (".docx", render_docx_table),
    "docx-headings": (".docx", render_docx_headings),
    "xlsx": (".xlsx", render_xlsx),
    "csv": (".csv", render_csv),
    "html-table": (".html", render_html_table),
    "html-headings": (".html", render_html_headings),
    # tables with no header row: the columns' content alone tells their roles
    "tab-headerless": (".txt", partial(render_tab, header=False)),
    "csv-headerless": (".csv", partial(render_csv, header=False)),
    "xlsx-headerless": (".xlsx", partial(render_xlsx, header=False)),
    "docx-headerless": (".docx", partial(render_docx_table, header=False)),
    "html-headerless": (".html", partial(render_html_table, header=False)),
    "pdf-headerless": (".pdf", render_pdf_headerless),
}
