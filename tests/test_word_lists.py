"""One convention for the recognisers' vocabulary: reviewed TOML files in ontology/words/, each
group with a comment saying why it is there, read only through ontology/words.py."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from ontology.words import WORDS_DIR, vocabulary, word_list

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(WORDS_DIR.iterdir())
# a list of words or patterns
_GROUP = re.compile(r"^(\w+|\"[\w ]+\") = (\[|''')")


def test_every_vocabulary_file_is_toml_in_one_place() -> None:
    assert FILES and all(path.suffix == ".toml" for path in FILES), [p.name for p in FILES]
    assert not (ROOT / "loaders" / "data").exists()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_says_what_it_is_and_each_group_why(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# "), "the file opens with a comment on what it holds"
    tomllib.loads(text)
    for number, line in enumerate(lines):
        above = lines[number - 1]
        if _GROUP.match(line) and not (above.startswith("#") or _GROUP.match(above)):
            # a group of words opens with a comment (entries of one line each continue a group)
            raise AssertionError(f"{path.name}:{number + 1}: group without a comment")


def test_no_loader_reads_a_vocabulary_file_itself() -> None:
    for module in sorted((ROOT / "loaders").glob("*.py")):
        source = module.read_text(encoding="utf-8")
        assert "tomllib" not in source and not re.search(r"\.toml[\"']", source), module.name


def test_word_lists_and_vocabularies_read_back() -> None:
    assert word_list("name_words", "connectors") == frozenset({"and", "&", "of", "on", "upon"})
    assert {"RAG", "NHS", "Q4"} <= word_list("not_organisations")
    assert "followed_up" in word_list("relations", "monitored")
    assert vocabulary("status_words")["rag"]["status"]["blue"] == "completed"
    assert "director" in vocabulary("column_content")["posts"]
    with pytest.raises(ValueError, match="no words"):
        word_list("name_words", "no_such_section")
