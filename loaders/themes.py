"""Placeholder: replaced by the theme classifier."""

from __future__ import annotations

from loaders.records import ActionRecord, FindingRecord, RecommendationRecord, ThemeMatch


def assign_themes(item: RecommendationRecord | FindingRecord | ActionRecord) -> list[ThemeMatch]:
    return []
