"""Nothing is keyed on a corpus place: rename every place of the corpus (and of the registry,
consistently) and the same extraction and the same graph come out, up to the names. Nothing is
keyed on the corpus' wording of relations either: reword its relation sentences too (with the
paraphrases of :data:`REWORDINGS`) and the graph is still the same, up to the names.

Places are the words of the reference lists' place names (council areas, CCG and PCT names,
police force areas) that the corpus uses. Each becomes an invented place with the same first
letter, so the initialisms documents use (LCC, ELHT) still stand for the renamed bodies.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from graph_support import stored

from graph.build import build_graph
from loaders.extract import extract_blocks
from loaders.readers import read_document
from ontology.registry import RegisteredOrganisation, load_registry

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
# words of place names that are not places themselves: kept as written
_NOT_PLACES = """North South East West Central Mid Greater Inner Outer Upper Lower Great Little City County
    Borough District Districts Isle Isles Royal St Saint Of The And Upon On With Vale Forest Bay
    Valley Coast Coastal Dales Authority Council England New Point Teaching Castle Heath Park Cross
    Green Hospital Hospitals Health Care Community Partnership Trust"""
NOT_PLACES = frozenset(_NOT_PLACES.split())
_WORD = re.compile(r"[A-Z][a-z'’]+")


def place_words() -> set[str]:
    names = [r["area_name"] for r in _rows("local_authorities.csv")]
    names += [re.sub(r"^NHS |\s+CCG$", "", r["name"]) for r in _rows("ccgs.csv")]
    names += [r["ons_name"] for r in _rows("pcts.csv")]
    names += [r["police_force_area"] for r in _rows("police_forces.csv")]
    return {w for name in names for w in _WORD.findall(name)} - NOT_PLACES


def _rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def invented(n: int, first: str) -> str:
    """An invented place name starting with ``first`` ("Lunaworth" for Lancashire)."""
    syllables = ["ar", "el", "om", "ut", "ix", "av", "ed", "ol", "un", "ir"]
    endings = ["worth", "combe", "stead", "mere", "holt", "wick", "ley", "thorpe"]
    return first + syllables[n % 10] + syllables[n // 10 % 10][0] + endings[n // 100 % 8]


def renamer(texts: list[str]) -> Callable[[str], str]:
    places = place_words()
    used = sorted({w for text in texts for w in _WORD.findall(text) if w in places})
    mapping = {word: invented(n, word[0]) for n, word in enumerate(used)}
    assert len(mapping) >= 15, "the corpus names its places"
    pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, mapping)) + r")\b", re.IGNORECASE)

    def rename(text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            word = match.group(0)
            new = mapping.get(word[0].upper() + word[1:].lower(), word)
            if word.isupper() and len(word) > 1:
                return new.upper()
            return new.lower() if word.islower() else new  # node ids are lower case

        return pattern.sub(replace, text)

    return rename


# How the corpus states relations, and how we reword each (our own paraphrases of the verb phrase;
# the sentence around it stays): commissioning, monitoring, oversight, sharing, leading.
REWORDINGS = [
    (r"brought to the attention of", "raised with"),
    (r",? as the commissioner (?:of|for)", ", being the commissioner for"),
    (r"commissioned by both", "commissioned jointly by"),
    (r"monitored and followed up through", "overseen and followed up via"),
    (r"monitored by", "overseen by"),
    (r"monitored quarterly at", "tracked every quarter at"),
    (r"\bmonitoring via", "oversight via"),
    (r"received by", "considered by"),
    (r"scrutinised by", "scrutinized by"),
    (r"shared with", "discussed with"),
    (r"reported to the meeting", "presented to the meeting"),
    (r"took the lead in", "has taken the lead in"),
]


def reword(text: str) -> str:
    for pattern, paraphrase in REWORDINGS:
        text = re.sub(pattern, paraphrase, text)
    return text


def renamed_registry(rename: Callable[[str], str]) -> list[RegisteredOrganisation]:
    def one(org: RegisteredOrganisation) -> RegisteredOrganisation:
        return dataclasses.replace(
            org,
            name=rename(org.name),
            area=rename(org.area) if org.area else None,
            aliases=tuple(map(rename, org.aliases)),
            areas=tuple(map(rename, org.areas)),
            former_names=tuple(map(rename, org.former_names)),
            successors=tuple(map(rename, org.successors)),
        )

    return [one(org) for org in load_registry()]


def renamed(value: Any, rename: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        return {renamed(k, rename): renamed(v, rename) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(renamed(v, rename) for v in value)
    return rename(value) if isinstance(value, str) else value


def graph_facts(graph: nx.MultiDiGraph) -> tuple[Counter[tuple[str, str]], Counter[tuple[str, str, str]]]:
    """Nodes and edges by id and type; a finding's id ends in a hash of its (renamed) words."""

    def node(n: object) -> str:
        return re.sub(r":[0-9a-f]{10}$", "", str(n))

    nodes = Counter((node(n), str(attrs.get("type"))) for n, attrs in graph.nodes(data=True))
    edges = Counter((node(u), node(v), str(attrs.get("type"))) for u, v, attrs in graph.edges(data=True))
    return nodes, edges


@pytest.fixture(scope="module")
def both(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    paths = sorted(corpus_dir.glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    rename = renamer(texts)
    registry = renamed_registry(rename)
    folder = tmp_path_factory.mktemp("renamed")
    original, moved, reworded = [], [], []
    changed = 0
    for path, text in zip(paths, texts, strict=True):
        copy = folder / path.name
        copy.write_text(rename(text), encoding="utf-8")
        original.append(extract_blocks(read_document(path)))
        moved.append(extract_blocks(read_document(copy), registry))
        lines = rename(text).split("\n")
        changed += sum(line != reword(line) for line in lines)
        copy.write_text(reword(rename(text)), encoding="utf-8")
        reworded.append(extract_blocks(read_document(copy), registry))
    # the rewording reaches the corpus' relation sentences (a dozen or more lines)
    assert changed >= 12, changed
    return {"rename": rename, "original": original, "moved": moved, "reworded": reworded}


def test_the_renamed_corpus_gives_the_same_extractions_up_to_the_names(both: dict[str, Any]) -> None:
    rename = both["rename"]
    assert rename("Lancashire County Council (LCC)").endswith("County Council (LCC)")
    assert not rename("Lancashire County Council").startswith("Lancashire")
    for before, after in zip(both["original"], both["moved"], strict=True):
        expected = renamed(before.to_json(), rename)
        got = after.to_json()
        assert expected.pop("file") and got.pop("file")
        assert got == expected, before.file
        assert after.organisations and after.area


def test_the_renamed_corpus_gives_the_same_graph_up_to_the_names(both: dict[str, Any]) -> None:
    assert_same_graph(both["original"], both["moved"], both["rename"])


def test_the_renamed_and_reworded_corpus_gives_the_same_graph_up_to_the_names(both: dict[str, Any]) -> None:
    assert_same_graph(both["original"], both["reworded"], both["rename"])
    commissions = [c for e in both["reworded"] for c in e.commissions]
    assert len(commissions) >= 10 and all(e.assurance_bodies for e in both["reworded"][1:])


def assert_same_graph(original: list[Any], changed: list[Any], rename: Callable[[str], str]) -> None:
    before = build_graph(stored(e, hand_written=False) for e in original)
    after = build_graph(stored(e, hand_written=False) for e in changed)
    nodes, edges = graph_facts(before)
    got_nodes, got_edges = graph_facts(after)
    expected_nodes = Counter({renamed(n, rename): k for n, k in nodes.items()})
    assert got_nodes == expected_nodes, sorted((got_nodes - expected_nodes) + (expected_nodes - got_nodes))[
        :6
    ]
    expected_edges = Counter({renamed(e, rename): k for e, k in edges.items()})
    assert got_edges == expected_edges, sorted((got_edges - expected_edges) + (expected_edges - got_edges))[
        :6
    ]
    assert after.number_of_edges() > 500
