"""Extraction time for a long PDF action plan: 50 pages, ruled and drawn without lines.

The plan is made up here (numbered recommendations under group headers, each with actions,
leads, assurance routes, timescales and RAG words) and written with fpdf2 as one table whose
header row repeats on every page: once with all rules, once with none (a Word table saved as
PDF), which is read by column positions instead of by its lines. Printed per variant: pages,
seconds to read the PDF and to extract the plan, recommendations and actions found, peak
resident memory; CPU seconds beside wall-clock ones, since a shared machine stretches the
latter. The target: a 50-page plan extracts in under 10 s.

Needs the dev extras (fpdf2): ``make bench`` installs them.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from measure import peak_rss_mib

from loaders.extract import extract_blocks
from loaders.readers import read_document

FONTS = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
HEADER = ["Recommendation", "Action", "Lead", "Assurance", "Timescale", "RAG"]
SERVICES = ["school nursing", "health visiting", "the emergency department", "sexual health", "CAMHS"]
LEADS = ["Designated Nurse", "Head of Safeguarding", "Named GP", "Service manager"]
BODIES = ["Quality Committee", "Safeguarding Partnership Board", "Contract review meeting"]
MONTHS = ["Mar-21", "Jun-21", "Sept 2021", "Qtr 4 2021/22"]
RAG = ["Green", "Amber", "Red", "Blue"]


def plan_rows(groups: int) -> list[list[str]]:
    rows = []
    for group in range(1, groups + 1):
        rows.append([f"{group}. Northvale CCG together with Northvale Hospitals NHS Trust should:"])
        for rec in range(1, 5):
            service = SERVICES[(group + rec) % len(SERVICES)]
            for action in range(2):
                n = group + rec + action
                rows.append(
                    [
                        f"{group}.{rec} Make sure that {service} records every child's voice and shares "
                        "concerns with the safeguarding team promptly"
                        if action == 0
                        else "",
                        f"Audit twenty records in {service} each quarter and report the findings",
                        LEADS[n % len(LEADS)],
                        BODIES[n % len(BODIES)],
                        MONTHS[n % len(MONTHS)],
                        RAG[n % len(RAG)],
                    ]
                )
    return rows


def write_plan(path: Path, groups: int, borders: TableBordersLayout) -> int:
    pdf = FPDF(orientation="L", format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=8)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Northvale action plan", new_x="LMARGIN", new_y="NEXT")
    with pdf.table(
        col_widths=[40, 40, 18, 22, 14, 10],
        borders_layout=borders,
        repeat_headings=1,
        line_height=4,
        text_align="LEFT",
        padding=(1, 1.9, 1, 1.9),
    ) as table:
        header = table.row()
        for text in HEADER:
            header.cell(text)
        for texts in plan_rows(groups):
            row = table.row()
            if len(texts) == 1:
                row.cell(texts[0], colspan=len(HEADER))
            else:
                for text in texts:
                    row.cell(text)
    pdf.output(str(path))
    return pdf.pages_count


def plan_of_pages(path: Path, pages: int, borders: TableBordersLayout) -> int:
    """Write a plan of about ``pages`` pages (at least that many); returns its page count."""
    groups = 10
    written = write_plan(path, groups, borders)
    while written < pages:
        groups = max(groups + 1, round(groups * pages / written))
        written = write_plan(path, groups, borders)
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=50)
    # (the arguments make bench gives every script; this one makes its own document)
    parser.add_argument("--copies", type=int, default=None)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    print(
        f"{'variant':<10} {'pages':>5} {'read s':>7} {'extract s':>9} {'total s':>7} {'CPU s':>6} {'recs':>5}"
        f" {'actions':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="sgraph-bench-") as work:
        for name, borders in (("ruled", TableBordersLayout.ALL), ("no rules", TableBordersLayout.NONE)):
            path = Path(work) / f"plan-{name.replace(' ', '-')}.pdf"
            pages = plan_of_pages(path, args.pages, borders)
            started, cpu = time.perf_counter(), time.process_time()
            doc = read_document(path)
            read = time.perf_counter()
            extraction = extract_blocks(doc)
            done = time.perf_counter()
            actions = sum(len(rec.actions) for rec in extraction.recommendations)
            print(
                f"{name:<10} {pages:>5} {read - started:>7.2f} {done - read:>9.2f} {done - started:>7.2f} "
                f"{time.process_time() - cpu:>6.2f} {len(extraction.recommendations):>5} {actions:>7}"
            )
    print(f"peak RSS {peak_rss_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
