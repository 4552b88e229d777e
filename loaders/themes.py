"""Themes for recommendations, findings and actions: weighted phrase matching, explainable.

Every concept of ``ontology/themes.ttl`` lists the phrases that signal it, with a weight. An
item's own words count twice as much as the words of its outcomes and actions. Where phrases
overlap, the longest wins ("adult mental health" signals think-family work, not CAMHS). Each
phrase counts once per text, and further phrases of a theme already signalled count for less.
The best-scoring theme is kept, and up to two more scoring at least 35% of it; a lone weak word
is never enough. Each theme comes back with the words that matched. No model, no network: the
same text always gets the same themes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from loaders.records import ActionRecord, FindingRecord, RecommendationRecord, ThemeMatch
from ontology.themes import load_themes

OWN_WORDS_FACTOR = 2  # an item's own words against its outcomes' and actions'
KEEP_RATIO = 0.35  # a second or third theme must score this share of the best
MIN_SCORE = 3  # more than one weak word of the item's own (1 x 2)
MAX_THEMES = 3
DECAY = 0.6  # each further phrase of the same theme in one text counts this much less


@dataclass(frozen=True)
class _Signal:
    theme: str
    phrase: str
    weight: int
    pattern: re.Pattern[str]


@cache
def _signals() -> tuple[_Signal, ...]:
    signals: list[_Signal] = []
    for concept in load_themes():
        for phrase, weight in concept.signals:
            signals.append(_Signal(concept.id, phrase, weight, _pattern(phrase)))
    return tuple(signals)


@cache
def _anchored_signals() -> tuple[tuple[_Signal, str], ...]:
    """Each signal with the longest plain word it must contain, lower-cased."""
    anchored = []
    for signal in _signals():
        words = re.findall(r"[\w']+", _normalise(signal.phrase).lower())
        anchored.append((signal, max(words, key=len) if words else ""))
    return tuple(anchored)


def theme_matchers() -> None:
    """Compile the theme signals now rather than on the first text (see ``extract.prepare``)."""
    _anchored_signals()


def _pattern(phrase: str) -> re.Pattern[str]:
    text = _normalise(phrase)
    stem = text.endswith("*")
    body = re.escape(text.rstrip("*")).replace(r"\ ", r"\s+")
    flags = 0 if sum(c.isupper() for c in phrase) >= 2 else re.IGNORECASE
    ending = r"[\w-]*" if stem else ""
    return re.compile(rf"(?<![\w-]){body}{ending}(?!\w)", flags)


def _normalise(text: str) -> str:
    return text.replace("’", "'").replace("‘", "'")


def theme_scores(texts: list[str]) -> dict[str, tuple[float, list[str]]]:
    """Score of each theme over ``texts`` (own words first), with the words that matched."""
    scores: dict[str, tuple[float, list[str]]] = {}
    for index, text in enumerate(texts):
        factor = OWN_WORDS_FACTOR if index == 0 else 1
        weights: dict[str, list[int]] = {}
        for signal, words in _matches(_normalise(text)):
            weights.setdefault(signal.theme, []).append(signal.weight)
            score, evidence = scores.get(signal.theme, (0.0, []))
            if words.lower() not in (e.lower() for e in evidence):
                evidence = [*evidence, words]
            scores[signal.theme] = (score, evidence)
        for theme, found in weights.items():
            # the strongest phrase counts fully, each further one for less: many words for one
            # topic should not drown a topic named once, clearly
            text_score = sum(w * DECAY**n for n, w in enumerate(sorted(found, reverse=True)))
            score, evidence = scores[theme]
            scores[theme] = (score + text_score * factor, evidence)
    return scores


def _matches(text: str) -> list[tuple[_Signal, str]]:
    """Each signal phrase found once, longest first where phrases overlap."""
    found: list[tuple[int, int, _Signal]] = []
    lowered = text.lower()
    for signal, anchor in _anchored_signals():
        if anchor in lowered:  # a cheap test first: most phrases are absent from most texts
            found.extend((m.start(), m.end(), signal) for m in signal.pattern.finditer(text))
    taken: list[tuple[int, int]] = []
    seen: set[tuple[str, str]] = set()
    result: list[tuple[_Signal, str]] = []
    for start, end, signal in sorted(found, key=lambda f: (-(f[1] - f[0]), f[0], -f[2].weight)):
        if any(start < e and end > s for s, e in taken):
            continue
        taken.append((start, end))
        if (signal.theme, signal.phrase) in seen:
            continue
        seen.add((signal.theme, signal.phrase))
        result.append((signal, text[start:end]))
    return result


def assign_themes(item: RecommendationRecord | FindingRecord | ActionRecord) -> list[ThemeMatch]:
    """1-3 themes, most specific (highest scoring) first, each with its evidence words."""
    scores = theme_scores(_texts(item))
    order = {concept.id: n for n, concept in enumerate(load_themes())}
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], order[kv[0]]))
    if not ranked or ranked[0][1][0] < MIN_SCORE:
        return []
    best = ranked[0][1][0]
    kept = [
        (theme, evidence) for theme, (score, evidence) in ranked if score >= max(MIN_SCORE, KEEP_RATIO * best)
    ]
    return [ThemeMatch(theme=theme, evidence=evidence) for theme, evidence in kept[:MAX_THEMES]]


def _texts(item: RecommendationRecord | FindingRecord | ActionRecord) -> list[str]:
    """The item's own words, then the words of what it leads to (outcomes, actions)."""
    own = item.text or ""
    if isinstance(item, RecommendationRecord):
        around = [*item.outcomes, *(a.text for a in item.actions)]
    elif isinstance(item, FindingRecord):
        around = [a.text for a in item.actions]
    else:
        around = []
    if not own and around:
        own, around = around[0], around[1:]
    return [own, " ".join(dict.fromkeys(around))]
