"""Layout invariance: one plan, written in every layout family, reads back to the same facts.

Each plan (the gold plans' facts and five invented plans, see ``layout_plans.py``) is rendered
by ``layout_render.py`` as a tab-separated text table, which must read back to the plan's own
facts; every other layout must read back to exactly what the tab rendering reads. The facts:
per recommendation its id, first words, addressees, report paragraphs, cross-references and
number of expected outcomes; per action its first words, leads (several apart by ";"),
responsible officer, assurance routes, timescale and status.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from layout_plans import INVENTED, Plan, gold_plans
from layout_render import RENDERERS, action_text

from loaders.extract import extract_file
from loaders.records import Extraction

GOLD_DIR = Path(__file__).resolve().parents[2] / "shared" / "gold"
PLANS: dict[str, Plan] = {plan.name: plan for plan in (*gold_plans(GOLD_DIR), *INVENTED)}

Facts = list[tuple[object, ...]]


def _words(text: str | None, count: int = 6) -> str:
    return " ".join(re.sub(r"[^\w%&]+", " ", (text or "").lower().replace("’", "'")).split()[:count])


# the scorer's folding of organisation names (../shared/tools/score_extraction.py)
_ORG_WORDS = {"ccg": "clinical commissioning group", "ft": "foundation trust", "&": "and"}
_ORG_DROP = {"the", "nhs", "of", "s"}


def _org(name: str) -> str:
    words = [_ORG_WORDS.get(w, w) for w in re.sub(r"[^a-z0-9&]+", " ", name.lower()).split()]
    return " ".join(w for w in " ".join(words).split() if w not in _ORG_DROP)


def _action(
    text: str,
    lead: str | None,
    responsible: str | None,
    assurance: list[str] | tuple[str, ...],
    timescale: str | None,
    status: str | None,
) -> tuple[object, ...]:
    return (
        _words(text),
        tuple(_words(one, 12) for one in (lead or "").split(";")),
        _words(responsible, 12),
        tuple(_words(a, 12) for a in assurance),
        timescale,
        status,
    )


def extracted_facts(extraction: Extraction) -> Facts:
    return [
        (
            rec.id,
            _words(rec.text),
            tuple(sorted(_org(a) for a in rec.addressed_to)),
            tuple(rec.report_refs),
            tuple(sorted(rec.cross_refs)),
            rec.expected_outcomes or 0,
            tuple(
                _action(a.text, a.lead, a.responsible, a.assurance, a.timescale, a.status)
                for a in rec.actions
            ),
        )
        for rec in extraction.recommendations
    ]


def expected_facts(plan: Plan) -> Facts:
    facts: Facts = []
    for group in plan.groups:
        for rec in group.recommendations:
            actions = tuple(
                _action(
                    action_text(plan, rec, index, a),
                    a.lead,
                    a.responsible,
                    a.assurance,
                    a.timescale,
                    a.status,
                )
                for index, a in enumerate(rec.actions)
            )
            facts.append(
                (
                    rec.id,
                    _words(rec.text),
                    tuple(sorted(_org(a) for a in group.addressees)),
                    tuple(rec.report_refs),
                    tuple(sorted(rec.cross_refs)),
                    len(rec.outcomes),
                    actions,
                )
            )
    return facts


def _read(plan: Plan, layout: str, folder: Path) -> Facts:
    suffix, render = RENDERERS[layout]
    return extracted_facts(extract_file(render(plan, folder / f"{plan.name}-{layout}{suffix}")))


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan_and_tab(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Plan, Facts]:
    plan = PLANS[request.param]
    return plan, _read(plan, "tab", tmp_path_factory.mktemp("tab"))


def test_plans_cover_the_gold_and_five_invented_plans() -> None:
    assert len([name for name in PLANS if name.startswith("gold-")]) >= 2
    assert len(INVENTED) >= 5
    assert len({plan.columns for plan in INVENTED}) == len(INVENTED), "each invented plan orders its columns"


def test_tab_rendering_reads_the_plan(plan_and_tab: tuple[Plan, Facts]) -> None:
    plan, tab = plan_and_tab
    expected = expected_facts(plan)
    if plan in INVENTED:
        assert tab == expected
    else:
        # the registry may know a real body by another name (its successor, a fuller name):
        # here the addressees are counted; the other layouts compare them by name with this one
        assert [_counted(fact) for fact in tab] == [_counted(fact) for fact in expected]


def _counted(fact: tuple[object, ...]) -> tuple[object, ...]:
    """A recommendation's facts with its addressees counted, not named."""
    names = fact[2]
    assert isinstance(names, tuple)
    return (*fact[:2], len(names), *fact[3:])


@pytest.mark.parametrize("layout", sorted(set(RENDERERS) - {"tab"}))
def test_every_layout_reads_as_the_tab_rendering(
    plan_and_tab: tuple[Plan, Facts], layout: str, tmp_path: Path
) -> None:
    plan, tab = plan_and_tab
    got = _read(plan, layout, tmp_path)
    assert [f[0] for f in got] == [f[0] for f in tab]  # the recommendations, in order
    for mine, theirs in zip(got, tab, strict=True):
        assert mine == theirs
