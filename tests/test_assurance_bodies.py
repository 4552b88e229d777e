"""Assurance bodies read from plan tables: clean names, checked on examples written for the
tests and against the gold lists of the two corpus plans that name bodies."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from loaders.assurance_bodies import body_names
from loaders.extract import extract_file

SCORER = Path(__file__).resolve().parents[2] / "shared" / "tools" / "score_extraction.py"


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Progress reported via the Safeguarding Assurance Committee", ["Safeguarding Assurance Committee"]),
        # verbs and prepositions before the name are not part of it
        ("QSG will receive the quarterly report", ["QSG"]),
        ("We will also work with the carers forum to agree dates", []),
        ("Updates to the 0 – 19 programme board each month", ["0-19 programme board"]),
        ("Monitored by the Health and Wellbeing Board", ["Health and Wellbeing Board"]),
        # a name in lower case alone is too generic to be one body
        ("Scrutiny by the regional nursing and quality team at review meetings", []),
        ("Outcomes reported to Borough nursing and quality team", ["Borough nursing and quality team"]),
        ("Audit sub group LSCP", ["Audit sub group LSCP"]),
        ("Safeguarding Working Group minutes", ["Safeguarding Working Group"]),
        # a post run into the name by a lost line break is not part of it
        ("Head of Early Help Services EHS panel", ["EHS panel"]),
        ("Directors of Nursing Forum", ["Directors of Nursing Forum"]),
        ("Directorate meetings and the Trust Board", ["Directorate meetings", "Trust Board"]),
        (
            "Contract review meetings. Quality Partnership",
            ["Contract review meetings", "Quality Partnership"],
        ),
    ],
)
def test_body_names_are_noun_phrases_ending_in_a_forum_word(text: str, names: list[str]) -> None:
    assert body_names(text) == names


def test_only_bodies_an_action_reports_to_count_in_action_text() -> None:
    assert body_names("Set up a parents' forum in each locality", reported_to_only=True) == []
    assert body_names("Present the audit to the Children's Trust Board", reported_to_only=True) == [
        "Children's Trust Board"
    ]


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_extraction", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("number", ["002", "003"])
def test_assurance_bodies_match_the_gold_lists(corpus_dir: Path, gold_dir: Path, number: str) -> None:
    norm_text = _scorer().norm_text
    [gold_file] = gold_dir.glob(f"{number}_*.gold.json")
    gold = {norm_text(name) for name in json.loads(gold_file.read_text(encoding="utf-8"))["assurance_bodies"]}
    [document] = corpus_dir.glob(f"{gold_file.name.removesuffix('.gold.json')}.*")
    found = [norm_text(name) for name in extract_file(document).assurance_bodies]
    assert len(found) == len(set(found)), "each body once, whatever its spellings"
    hits = len(set(found) & gold)
    precision, recall = hits / len(found), hits / len(gold)
    assert precision >= 0.8 and recall >= 0.8, (
        precision,
        recall,
        sorted(set(found) - gold),
        sorted(gold - set(found)),
    )
