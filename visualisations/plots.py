"""Static pictures of the graph (matplotlib, Agg backend): the themes x areas heatmap.

The pictures are deterministic (no timestamps or random ids in the files), so the same graph
always gives the same bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx

from visualisations import navigation as nav

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


def theme_heatmap(g: nx.MultiDiGraph, fmt: str) -> bytes:
    """Themes (rows) x areas (columns), each cell the number of recommendations and findings.

    ``fmt`` is ``png`` or ``svg``. Every cell is also written as a number, so the picture does
    not rely on colour alone.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: use png or svg")
    counts = nav.theme_area_counts(g)
    # most widespread first (areas, then count), as the recurring-themes question orders them
    themes = sorted(
        {t for t, _ in counts},
        key=lambda t: (
            -sum(1 for (x, _), n in counts.items() if x == t and n),
            -sum(n for (x, _), n in counts.items() if x == t),
            nav.label(g, t),
        ),
    )
    areas = sorted({a for _, a in counts}, key=lambda a: nav.label(g, a))
    matrix = [[counts.get((t, a), 0) for a in areas] for t in themes]
    plt.rcParams["svg.hashsalt"] = "safeguarding-graph"
    plt.rcParams["svg.fonttype"] = "none"  # keep words as text: searchable, readable by screen readers
    width = 6.0 + 1.0 * max(len(areas), 1)
    height = 1.6 + 0.38 * max(len(themes), 1)
    fig, ax = plt.subplots(figsize=(width, height), dpi=100, layout="constrained")
    try:
        if themes and areas:
            image = ax.imshow(matrix, cmap="Blues", aspect="auto", vmin=0)
            ax.set_xticks(range(len(areas)), [nav.label(g, a) for a in areas], rotation=30, ha="right")
            ax.set_yticks(range(len(themes)), [nav.label(g, t) for t in themes])
            peak = max(max(row) for row in matrix) or 1
            for i, row in enumerate(matrix):
                for j, n in enumerate(row):
                    ax.text(
                        j, i, str(n), ha="center", va="center", color="white" if n > peak / 2 else "black"
                    )
            fig.colorbar(image, ax=ax, label="recommendations and findings")
        else:
            ax.text(0.5, 0.5, "No themed recommendations or findings yet", ha="center", va="center")
            ax.set_axis_off()
        ax.set_title("Themes across areas")
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(out, format=fmt, metadata=metadata)
    finally:
        plt.close(fig)
    return out.getvalue()


def write_theme_heatmap(g: nx.MultiDiGraph, path: Path) -> None:
    """Write the heatmap to ``path``; the format comes from its suffix (.png or .svg)."""
    path.write_bytes(theme_heatmap(g, path.suffix.lower().lstrip(".")))
