"""Pick the reader for a file by its content (never by its extension alone).

The magic bytes decide: ``%PDF-`` is a PDF, a zip holding ``word/document.xml`` is a DOCX and one
holding ``xl/workbook.xml`` an XLSX, a document opening with ``<!DOCTYPE html>`` or ``<html`` is
HTML; a ``.csv`` file is a CSV; everything else goes to the text reader. A file whose extension
says otherwise is read by its real format with a warning. Limits (``loaders.limits``) are
checked here before any reader parses a byte.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from loaders.blocks import DocumentBlocks
from loaders.docx_reader import read_docx
from loaders.errors import UnreadableDocument
from loaders.file_names import display_name
from loaders.html_reader import read_html
from loaders.limits import MAX_FILE_BYTES, MAX_TEXT_BYTES, MAX_UNZIPPED_BYTES, check_limit
from loaders.pdf_reader import read_pdf
from loaders.sheet_reader import read_csv, read_xlsx
from loaders.text_reader import read_text
from loaders.unpacking import check_pdf_streams, check_zip_members

Reader = Callable[[str, bytes], DocumentBlocks]

READERS: dict[str, Reader] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "xlsx": read_xlsx,
    "html": read_html,
    "csv": read_csv,
    "text": read_text,
}

# what each extension claims, to warn when the content is something else
_CLAIMED_FORMAT = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".txt": "text",
}

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# an encrypted DOCX/XLSX is an OLE2 container holding this stream (its name is stored as UTF-16)
_OLE2_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")
# formats that are text inside, which the text reader would otherwise read as markup soup
_UNSUPPORTED_TEXT_FORMATS = (
    (re.compile(rb"^\s*\{\\rtf"), "RTF document is not supported: save it as .docx or PDF"),
    (
        re.compile(rb"^\s*<\?xml[^>]*>\s*(<\?mso-application[^>]*Word|<w:wordDocument)", re.DOTALL),
        "Word 2003 XML document is not supported: save it as .docx",
    ),
    (
        re.compile(rb"^\s*<\?xml[^>]*>\s*(<\?mso-application[^>]*Excel|<Workbook)", re.DOTALL),
        "Excel 2003 XML spreadsheet is not supported: save it as .xlsx",
    ),
    (
        re.compile(rb"^\s*<\?xml[^>]*>\s*<office:document", re.DOTALL),
        "flat OpenDocument file (.fodt/.fods) is not supported: save it as .docx or .xlsx",
    ),
)
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL
)


def read_document(path: Path) -> DocumentBlocks:
    """Read any supported file into blocks; ``UnreadableDocument`` names the file and reason."""
    name = display_name(path.name)
    try:
        size = path.stat().st_size
        check_limit(name, "file size", size, MAX_FILE_BYTES, "bytes")
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(name, f"cannot be opened ({exc.strerror or exc})") from exc
    return read_bytes(name, raw)


def read_bytes(file_name: str, raw: bytes) -> DocumentBlocks:
    """Read a file's content (for example an upload) into blocks, choosing the reader by content."""
    check_limit(file_name, "file size", len(raw), MAX_FILE_BYTES, "bytes")
    found = detect_format(file_name, raw)
    if found in ("text", "csv"):
        check_limit(file_name, "text file size", len(raw), MAX_TEXT_BYTES, "bytes")
    if found == "pdf":
        check_pdf_streams(file_name, raw)
    doc = READERS[found](file_name, raw)
    claimed = _CLAIMED_FORMAT.get(Path(file_name).suffix.lower())
    if claimed is not None and claimed != found:
        doc.warnings.insert(
            0, f"{file_name}: the extension says {claimed.upper()} but the content is {found.upper()}; "
            f"read as {found.upper()}"
        )
    return doc


def detect_format(file_name: str, raw: bytes) -> str:
    """The format key of ``READERS`` for this content; refuses formats we do not read."""
    # readers accept a PDF header anywhere in the first 1 KB; away from the start, the file
    # must also end like a PDF, so that a text merely mentioning "%PDF-" stays text
    if raw.startswith(b"%PDF-") or (b"%PDF-" in raw[:1024] and b"%%EOF" in raw[-2048:]):
        return "pdf"
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return _office_format(file_name, raw)
    if raw.startswith(_OLE2_MAGIC):
        if _OLE2_ENCRYPTED in raw:
            raise UnreadableDocument(
                file_name, "password-protected Office file: save it again without the password"
            )
        raise UnreadableDocument(
            file_name, "legacy Word/Excel format (.doc/.xls) is not supported: save it as .docx or .xlsx"
        )
    start = raw.lstrip(b"\xef\xbb\xbf")[:4096]
    for signature, refusal in _UNSUPPORTED_TEXT_FORMATS:
        if signature.search(start):
            raise UnreadableDocument(file_name, refusal)
    if _HTML_START.match(start):
        return "html"
    # a saved fragment of a page (a bare <table> or <div>) is HTML only when its name says so
    if Path(file_name).suffix.lower() in (".html", ".htm") and start.lstrip().startswith(b"<"):
        return "html"
    if Path(file_name).suffix.lower() == ".csv" and _textual(raw):
        return "csv"
    return "text"


def _textual(raw: bytes) -> bool:
    """Text, not binary: UTF-16 with its byte-order mark, or no NUL bytes at the start."""
    return raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" not in raw[:4096]


def _office_format(file_name: str, raw: bytes) -> str:
    """DOCX or XLSX from the zip members, after the zip-bomb guard and the macro check."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
            # the declared sizes refuse an honest bomb at once; the members are then inflated
            # and counted, since a hostile file understates them
            unzipped = sum(member.file_size for member in members)
            check_limit(file_name, "uncompressed size of the zip members", unzipped, MAX_UNZIPPED_BYTES,
                        "bytes")
            check_zip_members(file_name, archive)
            names = {member.filename for member in members}
            content_types = (
                archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
            )
            mimetype = archive.read("mimetype") if "mimetype" in names else b""
    # (RuntimeError: an encrypted zip; NotImplementedError: an unknown compression method)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, ValueError, RuntimeError,
            NotImplementedError) as exc:
        raise UnreadableDocument(
            file_name, f"corrupt or truncated Office file (not a readable zip archive: {exc})"
        ) from exc
    if b"macroEnabled" in content_types or any(name.endswith("vbaProject.bin") for name in names):
        raise UnreadableDocument(file_name, "macro-enabled file; save it without macros")
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise UnreadableDocument(
            file_name, "OpenDocument file (.odt/.ods) is not supported: save it as .docx or .xlsx"
        )
    raise UnreadableDocument(
        file_name, "zip archive that is neither a Word (.docx) nor an Excel (.xlsx) file: not supported"
    )
