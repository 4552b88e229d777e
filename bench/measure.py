"""What every benchmark here shares: its command-line arguments and the peak-memory reading."""

from __future__ import annotations

import argparse
import resource
from pathlib import Path


def arguments(description: str | None, copies_help: str) -> argparse.Namespace:
    """``--copies N --corpus DIR``, the arguments ``make bench`` gives every script."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--copies", type=int, default=10, help=copies_help)
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus"))
    return parser.parse_args()


def peak_rss_mib() -> float:
    # ru_maxrss is in KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
