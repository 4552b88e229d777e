"""How a mention is written down as an organisation: its surface cleaned, its canonical name,
its type read from its words, and whether an initialism fits a name."""

from __future__ import annotations

import re

from ontology.words import word_list

_NAME_LOWER = word_list("name_words", "lower")


def clean_surface(surface: str) -> str:
    surface = re.sub(r"\s+", " ", surface).strip(" ,.;:")
    return re.sub(r"(?:'s|’s|')$", "", surface)


def canonical_name(surface: str) -> str:
    text = re.sub(r"(?:'s|’s)$", "", surface)
    text = re.sub(r"\bTrusts\b", "Trust", text)
    text = re.sub(r"\bFT$", "Foundation Trust", text)
    text = re.sub(r"\bCCG(?:s|'s|’s)?$", "Clinical Commissioning Group", text)
    text = re.sub(r"\bClinical Commissioning Groups\b", "Clinical Commissioning Group", text)
    text = re.sub(
        r"\b(trust|foundation trust|board)$", lambda m: m.group(1).title(), text, flags=re.IGNORECASE
    )
    words = text.split()
    # "Blackpool teaching Hospitals": capitalise words inside a proper name
    return " ".join(w[:1].upper() + w[1:] if w.lower() in _NAME_LOWER else w for w in words)


def type_of(surface: str) -> str:
    lowered = surface.lower()
    if re.search(r"\bccgs?\b|clinical commissioning group", lowered):
        return "CCG"
    if "foundation trust" in lowered or re.search(r"\bft$", lowered):
        return "NHS foundation trust"
    if re.search(r"\btrusts?\b", lowered):
        return "NHS trust"
    if "council" in lowered or "local authority" in lowered:
        return "local authority"
    if "safeguarding" in lowered and ("board" in lowered or "partnership" in lowered):
        return "safeguarding board"
    if "health and wellbeing board" in lowered:
        return "health and wellbeing board"
    if "constabulary" in lowered or "police" in lowered:
        return "police"
    if re.search(r"\bcommunity interest company$|\bcic$|\blimited$|\bltd$", lowered):
        return "voluntary/independent provider"
    if lowered.startswith("nhs england"):
        return "NHS England"
    return "other"


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
