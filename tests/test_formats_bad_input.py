"""Bad input in every format: a clear error naming the file and the reason; the batch goes on."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest
from formats_support import new_pdf, zip_bomb
from fpdf import FPDF
from PIL import Image

from graph.ingest import load_paths
from graph.store import Store
from loaders.errors import UnreadableDocument
from loaders.limits import MAX_FILE_BYTES, MAX_PDF_PAGES, MAX_UNZIPPED_BYTES
from loaders.readers import read_document


@pytest.fixture()
def good_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    document.add_paragraph("The plan was agreed by every partner.")
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(["Recommendation", "Action", "Lead"]):
        table.cell(0, c).text = text
    for c, text in enumerate(["6.1 Improve assessments", "Audit ten files", "Designated doctor"]):
        table.cell(1, c).text = text
    path = tmp_path / "good.docx"
    document.save(str(path))
    return path


@pytest.fixture()
def good_xlsx(tmp_path: Path) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Recommendation", "Action", "Lead"])
    workbook.active.append(["6.2 Share plans", "Send copies", "Nurse"])
    path = tmp_path / "good.xlsx"
    workbook.save(path)
    return path


@pytest.fixture()
def good_pdf(tmp_path: Path) -> Path:
    pdf = new_pdf()
    for n in range(3):
        pdf.multi_cell(0, 4, f"Progress report page {n + 1}. " * 20, new_x="LMARGIN", new_y="NEXT")
        pdf.add_page()
    path = tmp_path / "good.pdf"
    pdf.output(str(path))
    return path


def _refused(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert caught.value.file_name == path.name
    assert str(caught.value).startswith(f"{path.name}: ")
    return caught.value.reason


def _truncated(source: Path, path: Path) -> Path:
    raw = source.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    return path


@pytest.mark.parametrize("fixture", ["good_docx", "good_xlsx", "good_pdf"])
def test_truncated_files(fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    source: Path = request.getfixturevalue(fixture)
    assert read_document(source).blocks, "the untruncated file must read"
    reason = _refused(_truncated(source, tmp_path / f"cut{source.suffix}"))
    assert "corrupt or truncated" in reason


@pytest.mark.parametrize(
    ("fixture", "part"), [("good_docx", "word/document.xml"), ("good_xlsx", "xl/worksheets/sheet1.xml")]
)
def test_corrupt_part_inside_a_whole_zip(
    fixture: str, part: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source: Path = request.getfixturevalue(fixture)
    path = tmp_path / f"broken{source.suffix}"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as broken:
        for item in original.infolist():
            broken.writestr(item, b"<this is not xml" if item.filename == part else original.read(item))
    assert "corrupt or truncated" in _refused(path)


def test_password_protected_pdf(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.multi_cell(0, 4, "Minutes that only the board may read.")
    pdf.set_encryption(owner_password="owner-secret", user_password="reader-secret")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    assert _refused(path) == "encrypted PDF: needs the password removed"


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = new_pdf()
    pdf.rect(20, 20, 150, 80)
    pdf.line(20, 120, 200, 120)
    scan = Image.new("RGB", (400, 300), (250, 250, 245))
    pdf.image(scan, x=20, y=140, w=120)
    path = tmp_path / "scanned.pdf"
    pdf.output(str(path))
    assert _refused(path) == "no text layer: needs OCR"


@pytest.mark.parametrize(
    ("fixture", "member"), [("good_docx", "word/media/padding.bin"), ("good_xlsx", "xl/media/padding.bin")]
)
def test_zip_bomb_is_refused_from_the_zip_directory(
    fixture: str, member: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source: Path = request.getfixturevalue(fixture)
    path = zip_bomb(source, tmp_path / f"bomb{source.suffix}", member, MAX_UNZIPPED_BYTES)
    assert path.stat().st_size < MAX_FILE_BYTES / 10, "a bomb is small on disk"
    reason = _refused(path)
    assert "uncompressed size" in reason and f"{MAX_UNZIPPED_BYTES / 2**20:,.1f} MB" in reason


def _with_macros(source: Path, path: Path, project: str, content_type: bytes) -> Path:
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as macro:
        for item in original.infolist():
            data = original.read(item)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>", b'<Default Extension="bin" ContentType="' + content_type + b'"/></Types>'
                )
            macro.writestr(item, data)
        macro.writestr(project, b"\xd0\xcf\x11\xe0 pretend macro project")
    return path


def test_macro_enabled_word_and_excel_files(good_docx: Path, good_xlsx: Path, tmp_path: Path) -> None:
    docm = _with_macros(
        good_docx, tmp_path / "plan.docm", "word/vbaProject.bin", b"application/vnd.ms-office.vbaProject"
    )
    xlsm = _with_macros(
        good_xlsx,
        tmp_path / "tracker.xlsm",
        "xl/vbaProject.bin",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    for path in (docm, xlsm):
        assert _refused(path) == "macro-enabled file; save it without macros"


def test_legacy_and_encrypted_office_files(tmp_path: Path) -> None:
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2048)
    legacy = tmp_path / "old plan.doc"
    legacy.write_bytes(ole2)
    assert "not supported" in _refused(legacy) and ".docx" in _refused(legacy)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(ole2 + "EncryptionInfo".encode("utf-16-le") + bytes(512))
    assert "password-protected" in _refused(locked)


def test_other_zip_archives_are_not_supported(tmp_path: Path) -> None:
    path = tmp_path / "bundle.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "not a Word document")
    assert "neither a Word" in _refused(path)
    odt = tmp_path / "minutes.odt"
    with zipfile.ZipFile(odt, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    assert "OpenDocument" in _refused(odt) and ".docx" in _refused(odt)


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    reason = _refused(path)
    assert "file size" in reason and f"{MAX_FILE_BYTES / 2**20:,.1f} MB" in reason


def test_pdf_named_docx_is_read_as_pdf_with_a_warning(good_pdf: Path, tmp_path: Path) -> None:
    misnamed = tmp_path / "report.docx"
    misnamed.write_bytes(good_pdf.read_bytes())
    doc = read_document(misnamed)
    assert doc.format == "pdf"
    assert doc.paragraphs() and doc.paragraphs()[0].text.startswith("Progress report page 1.")
    assert any("report.docx" in w and "PDF" in w and "DOCX" in w for w in doc.warnings)


def test_batch_loads_good_files_and_names_each_bad_one(
    good_docx: Path, good_xlsx: Path, good_pdf: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for good in (good_docx, good_xlsx, good_pdf):
        (batch / good.name).write_bytes(good.read_bytes())
    _truncated(good_docx, batch / "cut.docx")
    _truncated(good_pdf, batch / "cut.pdf")
    zip_bomb(good_xlsx, batch / "bomb.xlsx", "xl/media/padding.bin", MAX_UNZIPPED_BYTES)
    buffer = io.BytesIO()
    pdf = new_pdf()
    pdf.multi_cell(0, 4, "locked")
    pdf.set_encryption(owner_password="o", user_password="u")
    pdf.output(buffer)
    (batch / "locked.pdf").write_bytes(buffer.getvalue())

    with Store(tmp_path / "store.db") as store:
        results = {r.path.name: r for r in load_paths(store, [batch])}
        stored = {d.file_name for d in store.documents()}
    assert {name for name, r in results.items() if not r.failed} == {"good.docx", "good.xlsx", "good.pdf"}
    assert stored == {"good.docx", "good.xlsx", "good.pdf"}
    assert "corrupt or truncated" in (results["cut.docx"].reason or "")
    assert "corrupt or truncated PDF" in (results["cut.pdf"].reason or "")
    assert "uncompressed size" in (results["bomb.xlsx"].reason or "")
    assert results["locked.pdf"].reason == "encrypted PDF: needs the password removed"


def test_pdf_over_the_page_limit(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("helvetica", size=8)
    for number in range(MAX_PDF_PAGES + 1):
        pdf.add_page()
        pdf.text(20, 20, f"Board pack page {number + 1}")
    path = tmp_path / "board pack.pdf"
    pdf.output(str(path))
    reason = _refused(path)
    assert "number of pages" in reason and f"{MAX_PDF_PAGES:,}" in reason


def test_text_mentioning_a_pdf_header_stays_text(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text(
        "Files that begin with %PDF- are PDFs; this note only talks about them.\n", encoding="utf-8"
    )
    assert read_document(path).format == "text"
