"""Hostile and malformed files, built at test time, each with the outcome a user should see.

Every file is invented (a made-up area, Westbrook). Categories: formats refused by content,
decompression bombs, files that were slow or memory-hungry (long lines, padded sheets, deep
nesting), impossible values, documents with nothing to recognise, odd file names, markup and
escape codes in cells, and ordinary plans in every format as the control group.
"""

from __future__ import annotations

import codecs
import io
import os
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import openpyxl
from fpdf import FPDF

PLAN_HEADER = ["Recommendation", "Action", "Lead", "Timescale", "Status"]
PLAN_ROWS = [
    [
        "1.1 Westbrook CCG should check that every looked after child has a health plan",
        "Audit fifty health plans",
        "Designated Nurse",
        "March 2020",
        "On track",
    ],
    [
        "1.2 Westbrook Hospitals NHS Trust should record who lives with each child seen in the emergency "
        "department",
        "Add household fields to the record",
        "Records lead",
        "June 2020",
        "In progress",
    ],
    [
        "2.1 Westbrook Borough Council should invite health visitors to case conferences",
        "Send invitations with every conference notice",
        "Conference manager",
        "Qtr 2 2020",
        "Completed",
    ],
    [
        "2.2 Westbrook Community Health NHS Trust should train school nurses in child sexual exploitation",
        "Run four training sessions",
        "Named Nurse",
        "Dec 2020",
        "On track",
    ],
]
TITLE = "Westbrook action plan following the review of health services for children looked after"


@dataclass(frozen=True)
class Expect:
    """What loading the file must give: a status, and optionally words in its reason or warnings
    and how many recommendations are stored."""

    status: str
    reason: str | None = None
    warning: str | None = None
    recommendations: int | None = None


@dataclass(frozen=True)
class Case:
    name: bytes  # file names are bytes on Linux: some are not UTF-8
    build: Callable[[], bytes]
    expect: Expect


def text_plan(rows: list[list[str]] = PLAN_ROWS, title: str = TITLE) -> str:
    return "\n".join([title, "", "\t".join(PLAN_HEADER), *("\t".join(row) for row in rows)]) + "\n"


def csv_plan(delimiter: str = ",") -> str:
    quoted = [[f'"{cell}"' for cell in row] for row in [PLAN_HEADER, *PLAN_ROWS]]
    return "\n".join(delimiter.join(row) for row in quoted) + "\n"


def html_plan(cell: Callable[[str], str] = lambda text: f"<td>{text}</td>", close_rows: bool = True) -> str:
    end = "</tr>" if close_rows else ""
    rows = "".join(f"<tr>{''.join(cell(c) for c in row)}{end}" for row in PLAN_ROWS)
    header = "".join(f"<th>{c}</th>" for c in PLAN_HEADER)
    return f"<!DOCTYPE html><html><body><h1>{TITLE}</h1><table><tr>{header}{end}{rows}</table></body></html>"


def docx_plan(extra: Callable[[docx.document.Document], None] | None = None) -> bytes:
    document = docx.Document()
    document.add_heading(TITLE, 1)
    table = document.add_table(rows=0, cols=len(PLAN_HEADER))
    for row in [PLAN_HEADER, *PLAN_ROWS]:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    if extra is not None:
        extra(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_plan(rows: list[list[object]] | None = None, formulas: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows if rows is not None else [[TITLE], PLAN_HEADER, *PLAN_ROWS]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_long(rows: int) -> bytes:
    """A tracker of ``rows`` numbered rows (the plan's four repeated), its sheet written directly
    as XML with inline strings: openpyxl takes seconds per 10,000 rows to write one."""
    lines = [[TITLE], PLAN_HEADER]
    for number in range(rows):
        first, *rest = PLAN_ROWS[number % len(PLAN_ROWS)]
        lines.append([f"{number // 4 + 1}.{number % 4 + 1} {first.split(' ', 1)[1]}", *rest])
    data = "".join(
        f'<row r="{at}">'
        + "".join(f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>' for text in line)
        + "</row>"
        for at, line in enumerate(lines, 1)
    )

    def fill(name: str, xml: bytes) -> bytes:
        if not name.startswith("xl/worksheets/sheet"):
            return xml
        start, end = xml.index(b"<sheetData"), xml.index(b"</sheetData>") + len(b"</sheetData>")
        return xml[:start] + f"<sheetData>{data}</sheetData>".encode() + xml[end:]

    return rewrite_zip(xlsx_plan([["x"]]), fill)


def xlsx_cached_formulas() -> bytes:
    """A plan whose first timescale and RAG are formulas with the values Excel saved with them."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(PLAN_HEADER)
    for row in PLAN_ROWS:
        sheet.append(row)
    sheet["D2"], sheet["E2"] = "=DATE(2020,3,31)", '=IF(1,"Green","Red")'
    sheet["D2"].number_format = "mmm-yy"
    out = io.BytesIO()
    workbook.save(out)
    date_cell, rag_cell = b'<c r="D2" s="1"><f>DATE(2020,3,31)</f>', b'<c r="E2"><f>IF(1,"Green","Red")</f>'
    saved = {
        date_cell + b"<v></v></c>": date_cell + b"<v>43921</v></c>",
        rag_cell + b"<v></v></c>": rag_cell.replace(b'"E2"', b'"E2" t="str"') + b"<v>Green</v></c>",
    }

    def cache(name: str, data: bytes) -> bytes:
        for formula, with_value in saved.items():
            data = data.replace(formula, with_value)
        return data

    return rewrite_zip(out.getvalue(), cache)


def pdf_plan(lines: list[str] | None = None) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    for line in lines if lines is not None else [TITLE, *(" ".join(row) for row in PLAN_ROWS)]:
        pdf.multi_cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def rewrite_zip(raw: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """A copy of a zip with each member passed through ``change`` (None leaves the member out)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = change(item.filename, source.read(item))
            if data is not None:
                target.writestr(item.filename, data)
    return out.getvalue()


def zip_with_bomb(raw: bytes, member: str, size: int, understate: bool) -> bytes:
    """A copy of a real DOCX/XLSX with an extra member of ``size`` zero bytes (a few hundred KB
    compressed); ``understate`` writes its size as 1,000 bytes in both zip headers."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(raw)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            target.writestr(item, source.read(item))
        with target.open(member, "w") as padding:
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                padding.write(chunk)
    data = bytearray(out.getvalue())
    if understate:
        name = member.encode()
        for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
            at = data.find(signature)
            while at >= 0:
                name_at = at + (30 if signature == b"PK\x03\x04" else 46)
                if data[name_at : name_at + len(name)] == name:
                    data[at + offset : at + offset + 4] = struct.pack("<I", 1000)
                at = data.find(signature, at + 4)
    return bytes(data)


def pdf_flate_bomb(size: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``size`` bytes of spaces."""
    packer = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    stream = b"".join(packer.compress(chunk) for _ in range(size // len(chunk))) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def xlsx_used_range(raw: bytes, ref: str) -> bytes:
    """The workbook with its sheet's stated used range (``<dimension>``) set to ``ref``."""

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet"):
            start = data.find(b"<dimension ")
            end = data.find(b"/>", start) + 2
            return data[:start] + f'<dimension ref="{ref}"/>'.encode() + data[end:]
        return data

    return rewrite_zip(raw, change)


def ole2(encrypted: bool) -> bytes:
    """The start of a legacy Office (OLE2) file; an encrypted one names its EncryptionInfo stream."""
    body = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    return body + ("EncryptionInfo".encode("utf-16-le") if encrypted else b"WordDocument") + bytes(2048)


def odf(kind: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", f"application/vnd.oasis.opendocument.{kind}")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def write_case(folder: Path, case: Case) -> Path:
    path = os.path.join(os.fsencode(folder), case.name)
    with open(path, "wb") as out:
        out.write(case.build())
    return Path(os.fsdecode(path))


def cases() -> list[Case]:
    plan = text_plan()
    xlsx = xlsx_plan()
    docx_raw = docx_plan()
    words = [
        "the",
        "trust",
        "and",
        "council",
        "should",
        "ensure",
        "that",
        "health",
        "visitors",
        "review",
        "every",
        "child",
        "Westbrook",
        "CCG",
        "NHS",
    ]
    long_line = " ".join(words[i % len(words)] for i in range(160_000))[:1_000_000]
    loaded4 = Expect("loaded", recommendations=4)
    nothing = Expect("loaded", reason="no content recognised", warning="no content recognised")
    corrupt = Expect("failed", reason="corrupt")
    listed = [
        # ordinary plans in every format: the control group
        Case(b"plan.txt", plan.encode, loaded4),
        Case(b"plan.csv", csv_plan().encode, loaded4),
        Case(b"plan-semicolons.csv", lambda: csv_plan(";").encode(), loaded4),
        Case(b"plan-utf16.csv", lambda: codecs.BOM_UTF16_LE + csv_plan().encode("utf-16-le"), loaded4),
        Case(
            b"plan-cp1252.txt", lambda: text_plan(title=TITLE + " \u2013 caf\u00e9").encode("cp1252"), loaded4
        ),
        Case(b"plan.html", html_plan().encode, loaded4),
        Case(b"plan.docx", lambda: docx_raw, loaded4),
        Case(b"plan.xlsx", lambda: xlsx, loaded4),
        Case(b"plan-named.pdf.txt", plan.encode, loaded4),
        Case(b"docx-named.pdf", lambda: docx_raw, Expect("loaded", warning="the extension says PDF")),
        Case(b"html-named.txt", html_plan().encode, loaded4),
        Case(b"plan-crlf.txt", lambda: plan.replace("\n", "\r\n").encode(), loaded4),
        Case(b"plan-bom.txt", lambda: codecs.BOM_UTF8 + plan.encode(), loaded4),
        # formats refused by their content, with what to do
        Case(
            b"notes.rtf", lambda: b"{\\rtf1\\ansi Westbrook CCG should act}", Expect("failed", reason="RTF")
        ),
        Case(
            b"rtf-named.txt",
            lambda: b"{\\rtf1\\ansi\\deff0 plan}",
            Expect("failed", reason="save it as .docx"),
        ),
        Case(b"plan.odt", lambda: odf("text"), Expect("failed", reason="OpenDocument")),
        Case(b"plan.ods", lambda: odf("spreadsheet"), Expect("failed", reason="OpenDocument")),
        Case(b"plan.doc", lambda: ole2(False), Expect("failed", reason="legacy Word/Excel")),
        Case(b"plan.xls", lambda: ole2(False), Expect("failed", reason="save it as .docx or .xlsx")),
        Case(b"locked.docx", lambda: ole2(True), Expect("failed", reason="password")),
        Case(
            b"word2003.xml",
            lambda: b'<?xml version="1.0"?><?mso-application progid="Word.Document"?><w:wordDocument/>',
            Expect("failed", reason="Word 2003 XML"),
        ),
        Case(
            b"excel2003.xml",
            lambda: (
                b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>'
            ),
            Expect("failed", reason="Excel 2003 XML"),
        ),
        Case(
            b"macros.docx",
            lambda: docx_raw[:0] + _with_member(docx_raw, "word/vbaProject.bin", b"\0" * 64),
            Expect("failed", reason="macro"),
        ),
        Case(b"other.zip.docx", lambda: _zip({"readme.txt": b"hello"}), Expect("failed", reason="neither")),
        Case(b"empty.txt", lambda: b"", Expect("failed", reason="empty")),
        Case(
            b"picture.txt",
            lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
            Expect("failed", reason="binary"),
        ),
        Case(b"truncated.docx", lambda: docx_raw[: len(docx_raw) // 2], corrupt),
        Case(b"truncated.xlsx", lambda: xlsx[: len(xlsx) // 2], corrupt),
        Case(b"truncated.pdf", lambda: pdf_plan()[:300], Expect("failed")),
        Case(b"header-only.pdf", lambda: b"%PDF-1.4\n%%EOF\n", Expect("failed")),
        Case(b"no-text.pdf", lambda: pdf_plan([]), Expect("failed", reason="OCR")),
        Case(
            b"no-sheet.xlsx",
            lambda: rewrite_zip(xlsx, lambda n, d: None if n.startswith("xl/worksheets/") else d),
            Expect("failed", reason="corrupt"),
        ),
        # decompression bombs: refused while inflating, never held in memory
        Case(
            b"bomb-honest.docx",
            lambda: zip_with_bomb(docx_raw, "word/media/pad.bin", 300 << 20, False),
            Expect("failed", reason="uncompressed size"),
        ),
        Case(
            b"bomb-understated.docx",
            lambda: zip_with_bomb(docx_raw, "word/media/pad.bin", 300 << 20, True),
            Expect("failed"),
        ),
        Case(
            b"bomb-understated.xlsx",
            lambda: zip_with_bomb(xlsx, "xl/media/pad.bin", 300 << 20, True),
            Expect("failed"),
        ),
        Case(
            b"bomb-small-understated.docx",
            lambda: zip_with_bomb(docx_raw, "word/media/pad.bin", 5 << 20, True),
            Expect("failed", reason="corrupt"),
        ),
        Case(
            b"bomb-flate.pdf", lambda: pdf_flate_bomb(210 << 20), Expect("failed", reason="uncompressed size")
        ),
        # files that were slow or memory-hungry
        Case(b"one-line.txt", long_line.encode, Expect("loaded")),
        Case(b"many-lines.txt", lambda: (plan * 500).encode(), Expect("loaded")),
        Case(b"used-range-xfd.xlsx", lambda: xlsx_used_range(xlsx, "A1:XFD1048576"), loaded4),
        Case(
            b"stray-cell.xlsx",
            lambda: xlsx_plan([[TITLE], PLAN_HEADER, *PLAN_ROWS, [None] * 16383 + ["x"]]),
            loaded4,
        ),
        Case(
            b"nested.html",
            lambda: b"<html><body>" + b"<div>" * 400_000 + b"x" + b"</div>" * 400_000,
            Expect("failed", reason="nesting depth"),
        ),
        Case(
            b"nested-ok.html",
            lambda: ("<html><body>" + "<div>" * 200 + html_plan() + "</div>" * 200).encode(),
            loaded4,
        ),
        Case(
            b"nested-lists.html",
            lambda: b"<html><body>" + b"<ul><li>a" * 2000 + b"</li></ul>" * 2000,
            Expect("failed", reason="nesting depth"),
        ),
        Case(b"too-big.txt", lambda: b"", Expect("failed", reason="over the limit")),  # made sparse below
        Case(b"wide.csv", lambda: (",".join(["x"] * 20000) + "\n" + csv_plan()).encode(), Expect("loaded")),
        Case(b"too-many-rows.csv", lambda: ("a,b\n" * 200_001).encode(), Expect("failed", reason="rows")),
        Case(b"long-cell.csv", lambda: (csv_plan() + '"' + "y" * 300_000 + '"\n').encode(), Expect("loaded")),
        # impossible values: kept as written, with a warning
        Case(
            b"bad-dates.txt",
            lambda: text_plan(
                [
                    [*PLAN_ROWS[0][:3], "29/02/2017", "On track"],
                    [*PLAN_ROWS[1][:3], "Mar-99", "On track"],
                    [*PLAN_ROWS[2][:3], "Qtr 9 2017", "On track"],
                    [*PLAN_ROWS[3][:3], "2017-13-45", "On track"],
                ]
            ).encode(),
            Expect("loaded", warning="no quarter 9", recommendations=4),
        ),
        # nothing to recognise: stored, but never silently
        Case(
            b"script-only.html",
            lambda: b"<html><head><script>var x=1;</script><style>p{}</style></head></html>",
            nothing,
        ),
        Case(b"header-no-rows.txt", lambda: ("\t".join(PLAN_HEADER) + "\n").encode(), nothing),
        Case(b"shopping.txt", lambda: b"eggs\nmilk\nbread\n", nothing),
        Case(b"empty-sheet.xlsx", lambda: xlsx_plan([["just a note"]]), nothing),
        # markup and escape codes in cells
        Case(
            b"ansi.txt",
            lambda: text_plan([[f"\x1b[1m{c}\x1b[0m" for c in row] for row in PLAN_ROWS]).encode(),
            loaded4,
        ),
        Case(
            b"markup-cells.html",
            lambda: html_plan(lambda t: f"<td><span><b>{t}</b></span></td>").encode(),
            loaded4,
        ),
        Case(b"unclosed.html", lambda: html_plan(lambda t: f"<td>{t}", close_rows=False).encode(), loaded4),
        Case(
            b"script-in-cell.html",
            lambda: html_plan(lambda t: f"<td>{t}<script>alert(1)</script></td>").encode(),
            loaded4,
        ),
        Case(
            b"xxe.html",
            lambda: b'<!DOCTYPE html [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body>&x;</body></html>',
            nothing,
        ),
        # odd file names: stored and shown with escapes, never stopping the batch
        Case(b"plan-\xff\xfe.txt", plan.encode, loaded4),
        Case(b"plan-\x1b[31mred.txt", plan.encode, loaded4),
        Case(b"plan-\xe2\x80\xaeevil.txt", plan.encode, loaded4),
        Case(b"plan-" + b"x" * 240 + b".txt", plan.encode, loaded4),
        Case(b"plan with spaces & 'quotes'.txt", plan.encode, loaded4),
        Case("plan-\u00e9\u00e8\u4e2d.txt".encode(), plan.encode, loaded4),
    ]
    return listed


def _with_member(raw: bytes, name: str, data: bytes) -> bytes:
    out = io.BytesIO(raw)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(name, data)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()
