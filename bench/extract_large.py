"""Extraction time, throughput and peak memory for one large document.

The document is the text of every corpus text file, joined and repeated N times into one file
(``--copies 85`` makes about 10 MB, the size the extraction issue names). It goes through the
same pipeline as ``sgraph extract``: read, find organisations and the area, read the narrative
and the action-plan tables. Printed: wall-clock seconds for reading and for the whole extraction,
MB/s, peak resident memory, and (timed apart, before the whole run) the two steps that read the
whole text: finding the organisations and the area, and reading the narrative.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from measure import arguments, peak_rss_mib

from loaders.extract import extract_blocks
from loaders.narrative import read_narrative
from loaders.organisations import OrganisationResolver
from loaders.readers import read_document


def large_document(corpus: Path, copies: int, into: Path) -> int:
    """Write the corpus text repeated ``copies`` times to ``into``; returns its size in bytes."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no .txt documents in {corpus}")
    into.write_text("\n\n".join(texts * copies), encoding="utf-8")
    return into.stat().st_size



def main() -> int:
    args = arguments(__doc__, "how many times to repeat the corpus text")
    with tempfile.TemporaryDirectory(prefix="sgraph-bench-") as work:
        path = Path(work) / "large.txt"
        size = large_document(args.corpus, args.copies, path)
        start_rss = peak_rss_mib()
        started = time.perf_counter()
        doc = read_document(path)
        read = time.perf_counter()
        orgs = OrganisationResolver.for_document(doc)
        resolved = time.perf_counter()
        read_narrative(doc, orgs)
        narrated = time.perf_counter()
        extraction = extract_blocks(doc)
        extracted = time.perf_counter()
    megabytes = size / 10**6
    total = (read - started) + (extracted - narrated)
    rows = [
        ("copies of the corpus text", f"{args.copies}"),
        ("document size", f"{megabytes:.1f} MB ({len(doc.blocks)} blocks)"),
        ("read", f"{read - started:.2f} s"),
        ("extract (whole pipeline)", f"{extracted - narrated:.2f} s"),
        ("read + extract", f"{total:.2f} s ({megabytes / total:.2f} MB/s)"),
        ("of which organisations, area", f"{resolved - read:.2f} s (timed apart)"),
        ("of which narrative", f"{narrated - resolved:.2f} s (timed apart)"),
        (
            "extracted",
            f"{len(extraction.recommendations)} recommendations, "
            f"{len(extraction.organisations)} organisations, area {extraction.area}",
        ),
        ("peak memory (RSS)", f"{peak_rss_mib():.0f} MiB (before reading: {start_rss:.0f} MiB)"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
