"""Read a RAG rating from a cell's fill colour, for trackers that rate by colour alone."""

from __future__ import annotations

import colorsys

from loaders.records import RAG


def rag_from_fill(fill: str | None) -> RAG | None:
    """``red``/``amber``/``green``/``blue`` for a fill colour given as ``RRGGBB``; None if neutral.

    Judged by hue so that the many shades used for RAG (Excel's "Good" green C6EFCE, a pure
    FF0000, an orange FFC000) all count, while white, greys and pale tints say nothing.
    """
    if fill is None or len(fill) != 6:
        return None
    try:
        red, green, blue = (int(fill[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(red, green, blue)
    if saturation < 0.15 or value < 0.3:
        return None
    degrees = hue * 360
    if degrees < 20 or degrees >= 330:
        return "red"
    if degrees < 65:
        return "amber"
    if degrees < 170:
        return "green"
    if degrees < 260:
        return "blue"
    return None
