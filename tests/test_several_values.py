"""Several values in one field: two leads, two responsible officers or two assurance bodies
written on one line apart by ";", in label records and in table cells, are kept apart in the
records and become separate nodes in the graph."""

from __future__ import annotations

from pathlib import Path

import docx
from graph_support import stored

from graph.build import build_graph
from graph.model import EdgeType, NodeType
from loaders.extract import extract_bytes, extract_file
from loaders.records import ActionRecord, Extraction

LABELLED = """Wexcombe improvement plan

Recommendation 4.1: Make sure every child missing a health appointment is followed up
Action: Write a follow-up procedure for missed appointments
Lead: Designated Nurse; Named GP for safeguarding
Responsible officer: Director of Nursing;Chief Operating Officer
Assurance: Quality and Safety Committee; Wexcombe Safeguarding Partnership Board
Timescale: March 2024

Recommendation 4.2: Audit the health plans of children placed out of area
Action: Audit ten plans each quarter
Lead: Named nurse for children in care
Lead: Head of Safeguarding
Assurance: Children in Care Health Group
Timescale: June 2024
"""

TAB = "\n".join(
    [
        "Ref\tRecommendation\tAction\tLead\tAssurance\tTimescale",
        "4.1\tMake sure every child missing a health appointment is followed up\t"
        "Write a follow-up procedure\tDesignated Nurse ;Named GP\t"
        "Quality and Safety Committee;  Wexcombe Safeguarding Partnership Board\tMarch 2024",
    ]
)


def _first_action(extraction: Extraction, rec_id: str) -> ActionRecord:
    (rec,) = [r for r in extraction.recommendations if r.id == rec_id]
    return rec.actions[0]


def test_label_records_split_leads_officers_and_assurance_at_semicolons() -> None:
    extraction = extract_bytes("plan.txt", LABELLED.encode())
    action = _first_action(extraction, "4.1")
    assert action.lead == "Designated Nurse; Named GP for safeguarding"
    assert action.leads == ["Designated Nurse", "Named GP for safeguarding"]
    assert action.responsible_officers == ["Director of Nursing", "Chief Operating Officer"]
    assert action.assurance == ["Quality and Safety Committee", "Wexcombe Safeguarding Partnership Board"]
    assert action.timescale == "2024-03"


def test_a_repeated_lead_label_adds_a_lead_to_the_same_action() -> None:
    extraction = extract_bytes("plan.txt", LABELLED.encode())
    (rec,) = [r for r in extraction.recommendations if r.id == "4.2"]
    assert len(rec.actions) == 1
    assert rec.actions[0].leads == ["Named nurse for children in care", "Head of Safeguarding"]


def test_table_cells_split_at_semicolons_in_text_and_docx(tmp_path: Path) -> None:
    from_text = _first_action(extract_bytes("plan.txt", TAB.encode()), "4.1")
    document = docx.Document()
    rows = [line.split("\t") for line in TAB.splitlines()]
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    document.save(str(tmp_path / "plan.docx"))
    from_docx = _first_action(extract_file(tmp_path / "plan.docx"), "4.1")
    for action in (from_text, from_docx):
        assert action.leads == ["Designated Nurse", "Named GP"]
        assert action.assurance == ["Quality and Safety Committee", "Wexcombe Safeguarding Partnership Board"]


def test_each_of_several_leads_is_a_node_of_its_own() -> None:
    extraction = extract_bytes("plan.txt", LABELLED.encode())
    graph = build_graph([stored(extraction)])
    (action,) = [
        n for n, d in graph.nodes(data=True)
        if d.get("type") == NodeType.ACTION.value and d["text"].startswith("Write a follow-up")
    ]
    led_by = sorted(v for _, v, k in graph.out_edges(action, keys=True) if k == EdgeType.LED_BY.value)
    officers = sorted(
        v for _, v, k in graph.out_edges(action, keys=True) if k == EdgeType.RESPONSIBLE_OFFICER.value
    )
    assert len(led_by) == 2
    assert [o.rsplit(":", 1)[-1] for o in officers] == ["chief-operating-officer", "director-of-nursing"]
    assert all(o.startswith(f"{NodeType.ROLE.value}:") for o in [*led_by, *officers])
