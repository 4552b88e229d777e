"""The SKOS theme scheme and the phrase-matching classifier (inline examples)."""

from __future__ import annotations

import re
from pathlib import Path

from loaders.records import ActionRecord, FindingRecord, RecommendationRecord
from loaders.themes import assign_themes
from ontology.themes import load_themes


def schema_theme_ids(gold_dir: Path) -> list[str]:
    schema = (gold_dir / "SCHEMA.md").read_text(encoding="utf-8")
    return re.findall(r"^- ([a-z-]+)(?::|$)", schema.split("## THEMES", 1)[1], flags=re.MULTILINE)


def test_scheme_has_the_24_theme_ids_with_labels_definitions_and_signals(gold_dir: Path) -> None:
    themes = load_themes()
    assert [t.id for t in themes] == schema_theme_ids(gold_dir)
    assert len(themes) == 24
    for theme in themes:
        assert theme.label and theme.definition
        assert theme.signals, f"{theme.id} has no signal phrases"
        assert all(weight in (1, 2, 3) for _, weight in theme.signals)


def themes_of(item: RecommendationRecord | FindingRecord | ActionRecord) -> list[str]:
    return [m.theme for m in assign_themes(item)]


def test_a_recommendation_gets_its_themes_with_the_words_that_matched() -> None:
    item = RecommendationRecord(
        id="3.2", text="Make sure midwives ask every pregnant woman about domestic abuse."
    )
    matches = assign_themes(item)
    assert [m.theme for m in matches] == ["maternity-perinatal", "domestic-abuse"]
    assert matches[0].evidence == ["midwives", "pregnant"]
    assert matches[1].evidence == ["domestic abuse"]
    assert assign_themes(item) == matches  # the same text always gets the same themes


def test_the_longest_phrase_wins_where_phrases_overlap() -> None:
    item = FindingRecord(text="Adult mental health staff rarely ask who looks after the children at home.")
    assert themes_of(item) == ["parental-risk-adult-services"]


def test_own_words_outweigh_the_outcomes_and_actions() -> None:
    item = RecommendationRecord(
        id="9.1",
        text="Improve safeguarding supervision for community staff.",
        outcomes=["Staff records show the training they attended."],
        actions=[ActionRecord(text="Review the policy.")],
    )
    assert themes_of(item)[0] == "supervision"


def test_outcomes_and_actions_add_themes_the_wording_only_implies() -> None:
    item = RecommendationRecord(
        id="5.1",
        text="Strengthen support for young people who hurt themselves.",
        outcomes=["Self-harm presentations are followed up by CAMHS within a week."],
    )
    assert themes_of(item) == ["camhs-emotional-health"]


def test_at_most_three_themes_and_none_for_unrelated_text() -> None:
    crowded = RecommendationRecord(
        id="1.1",
        text=(
            "Ensure FGM, child sexual exploitation, domestic abuse and sexual health are covered "
            "in safeguarding training for school nurses and midwives."
        ),
    )
    assert 1 <= len(assign_themes(crowded)) <= 3
    assert assign_themes(ActionRecord(text="The meeting closed at four.")) == []


def test_an_action_without_own_words_is_themed_from_its_actions() -> None:
    item = RecommendationRecord(
        id="2.1", actions=[ActionRecord(text="Training dates for all staff are set.")]
    )
    assert themes_of(item) == ["training"]


def test_one_weak_word_is_not_enough_for_a_theme() -> None:
    assert assign_themes(FindingRecord(text="Arrangements for looked after children were discussed.")) == []
    assert themes_of(FindingRecord(text="Health assessments for looked after children were late.")) == [
        "health-assessments"
    ]
