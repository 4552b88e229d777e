"""An answer holding several lists is paged before it is made JSON (api.paging.paged_result):
the page is the one made by converting the whole answer and then cutting each list (the web
app's encoder writes the dataclasses left in it as to_jsonable does: tests/test_api_encoding.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from graph_support import gold_graph

from api.paging import PAGED_PARTS, paged_parts, paged_result
from graph import queries
from graph.model import NodeType
from graph.queries.walk import JsonResult, nodes_of, to_jsonable


@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (2, 1), (5, 3), (3, 10_000)])
def test_each_list_paged_as_if_the_whole_answer_were_converted_first(
    gold_dir: Path, limit: int, offset: int
) -> None:
    g = gold_graph(gold_dir)
    answers: list[tuple[str, JsonResult]] = [("co-accountability", queries.co_accountability(g))]
    for org in nodes_of(g, NodeType.ORGANISATION):
        answers += [
            ("organisation", queries.organisation_profile(g, org)),
            ("dependencies", queries.dependencies(g, org)),
        ]
    cut = 0
    for kind, answer in answers:
        whole = answer.to_json()
        assert to_jsonable(paged_result(answer, kind, limit, offset)) == paged_parts(
            whole, PAGED_PARTS[kind], limit, offset
        )
        cut += any(len(whole[part]) > limit for part in PAGED_PARTS[kind])
    assert cut  # some list of some answer was longer than the page


@dataclass(frozen=True)
class Spelled(JsonResult):
    names: tuple[str, ...]

    def to_json(self) -> Any:
        return {"names": [n.upper() for n in self.names]}


def test_an_answer_writing_its_own_json_is_paged_from_that_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(PAGED_PARTS, "spelled", ("names",))
    paged = paged_result(Spelled(("a", "b", "c")), "spelled", 2, 1)
    assert paged == {"names": {"total": 3, "limit": 2, "offset": 1, "items": ["B", "C"]}}
