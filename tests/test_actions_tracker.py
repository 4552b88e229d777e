"""The actions tracker: the query, its CSV and Excel files, the `/actions` API, the tracker and gaps
pages and `sgraph query actions`, over the invented Riverton and Lakeside plans of web_support
plus one plan whose cells look like spreadsheet formulas."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from graph_support import hand_written
from markupsafe import escape
from openpyxl import load_workbook
from web_support import LAKESIDE_TRUST, RIVERTON_TRUST, fill_store

from api import tracker_pages
from api.app import create_app
from api.cli import main
from api.spreadsheets import COLUMNS, tracker_csv
from graph.build import build_graph
from graph.ingest import load_paths
from graph.model import NodeType
from graph.queries.actions import ActionFilter, action_table, sort_rows
from graph.queries.names import UnknownName
from graph.queries.walk import involved_organisations, label, nodes_of
from graph.store import Store
from loaders.blocks import Location
from loaders.records import ActionRecord, Extraction, OrganisationRecord, RecommendationRecord, ReviewRecord

FORMULA_TEXT = '=HYPERLINK("http://example.invalid","click")'
FORMULA_LEAD = "@SUM(A1:A9)"


@hand_written
def formula_plan() -> Extraction:
    """An invented plan whose action cells start like formulas (as pasted text sometimes does)."""
    return Extraction(
        file="hilltop_plan.txt",
        area="Hilltop",
        document_kind="action plan",
        review=ReviewRecord(fieldwork="2018-01"),
        organisations=[OrganisationRecord(canonical="Hilltop Health NHS Trust", type="NHS trust")],
        recommendations=[
            RecommendationRecord(
                id="4.1",
                text="Keep a register of children missing health appointments",
                addressed_to=["Hilltop Health NHS Trust"],
                outcomes=["Every missed appointment is followed up"],
                actions=[
                    ActionRecord(
                        text=FORMULA_TEXT,
                        lead=FORMULA_LEAD,
                        assurance=["-1+1 board"],
                        timescale_raw="June 2018",
                        timescale="2018-06",
                        status="behind",
                        location=Location(line=2),
                    )
                ],
                location=Location(line=1),
            )
        ],
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "tracker.db"
    fill_store(path)
    with Store(path) as store:
        store.put("hilltop_plan.txt", b"4.1 register\n=formula row\n", formula_plan())
    return path


@pytest.fixture
def client(db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def graph_of(db: Path):  # type: ignore[no-untyped-def]
    with Store(db) as store:
        return build_graph(store.documents())


# --- the query -------------------------------------------------------------------------------


def test_every_action_is_one_row_with_its_accountability(db: Path) -> None:
    table = action_table(graph_of(db), ActionFilter(as_of=date(2018, 1, 1)))
    assert table.as_of == "2018-01-01"
    assert len(table.rows) == 4
    chase = next(r for r in table.rows if r.text.startswith("the named nurse"))
    assert (chase.area, chase.recommendation, chase.lead, chase.status) == (
        "Riverton",
        "1.1",
        RIVERTON_TRUST,
        "in progress",
    )
    assert chase.due == "2017-03-31" and chase.overdue  # in progress and past March 2017
    assert chase.assurance == ("Riverton Safeguarding Board",)
    assert chase.themes == ("health-assessments",)
    assert chase.lead_organisations == (RIVERTON_TRUST,)
    hilltop = next(r for r in table.rows if r.area == "Hilltop")
    assert hilltop.outcomes == ("Every missed appointment is followed up",)


def test_filters_take_names_as_users_write_them(db: Path) -> None:
    g = graph_of(db)

    def texts(**wanted: object) -> set[str]:
        chosen = {"as_of": date(2018, 1, 1), **wanted}
        rows = action_table(g, ActionFilter(**chosen)).rows  # type: ignore[arg-type]
        return {r.text.split()[0] for r in rows}

    assert texts(organisation="LCT") == {"book"}  # Lakeside's trust by its initialism
    assert texts(area="riverton") == {"the", "audit"}
    assert texts(status="none") == set()
    assert texts(status="completed") == {"audit"}
    assert texts(overdue=True) == {"the"}  # Hilltop is due June 2018, after the chosen day
    assert texts(overdue=True, as_of=date(2019, 1, 1)) == {"the", FORMULA_TEXT.split()[0]}
    assert texts(theme="training") == {"book"}
    assert texts(text="SCHOOL nurses") == {"book"}
    with pytest.raises(UnknownName, match="Close matches"):
        action_table(g, ActionFilter(organisation="Lakeside Comunity Trust"))


def test_sorting_by_due_date_puts_blanks_last(db: Path) -> None:
    rows = action_table(graph_of(db)).rows
    dues = [r.due for r in sort_rows(rows, "due")]
    assert dues == ["2017-03-31", "2018-06-30", "2020-03-31", None]
    assert [r.due for r in sort_rows(rows, "due", descending=True)] == dues[::-1]
    with pytest.raises(ValueError, match="cannot sort by"):
        sort_rows(rows, "colour")


# --- CSV and Excel ---------------------------------------------------------------------------


def test_exports_hold_exactly_the_filtered_rows(client: TestClient) -> None:
    query = "?organisation=Hilltop%20Health%20NHS%20Trust&as_of=2019-01-01"
    listed = client.get("/actions" + query).json()
    assert listed["total"] == 1 and listed["as_of"] == "2019-01-01"
    response = client.get("/actions.csv" + query)
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 1
    assert rows[0]["Action"] == "'" + FORMULA_TEXT
    assert rows[0]["Lead"] == "'" + FORMULA_LEAD
    assert rows[0]["Due"] == "2018-06-30" and rows[0]["Overdue"] == "yes"

    book = load_workbook(io.BytesIO(client.get("/actions.xlsx" + query).content))
    sheet = book["Actions"]
    header = [c.value for c in sheet[1]]
    assert header == [h for h, _ in COLUMNS]
    assert sheet.max_row == 2
    cells = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert cells["Action"].value == FORMULA_TEXT and cells["Action"].data_type == "s"  # text, not a formula
    assert cells["Lead"].data_type == "s" and cells["Assurance"].data_type == "s"
    assert cells["Due"].value == datetime(2018, 6, 30) and cells["Due"].is_date  # a real date


def test_the_api_pages_sorts_and_refuses_bad_filters(client: TestClient) -> None:
    first = client.get("/actions?limit=2&sort=-due&as_of=2018-01-01").json()
    assert first["total"] == 4 and len(first["items"]) == 2
    assert [i["due"] for i in first["items"]] == [None, "2020-03-31"]
    rest = client.get("/actions?limit=2&offset=2&sort=-due&as_of=2018-01-01").json()
    assert {i["node"] for i in first["items"]}.isdisjoint(i["node"] for i in rest["items"])
    assert client.get("/actions?as_of=yesterday").status_code == 422
    assert client.get("/actions?overdue=maybe").status_code == 422
    assert client.get("/actions?sort=colour").status_code == 422
    unknown = client.get("/actions?organisation=Nowhere%20Trust")
    assert unknown.status_code == 404 and "suggestions" in unknown.json()


# --- pages -----------------------------------------------------------------------------------


def test_tracker_page_keeps_filters_in_links_and_exports(client: TestClient) -> None:
    page = client.get("/pages/actions?organisation=LCT&sort=due")
    assert page.status_code == 200
    html = page.text
    assert "<strong>1</strong> action(s) match the filters" in html
    assert f"<option selected>{LAKESIDE_TRUST}</option>" in html  # the initialism shown by name
    assert "/actions.xlsx?organisation=Lakeside+Community+NHS+Trust&amp;sort=due" in html
    assert 'aria-sort="ascending"' in html
    assert "?organisation=Lakeside+Community+NHS+Trust&amp;sort=-due" in html  # click again: reverse
    assert "book the training days" in html


def test_print_view_holds_every_filtered_row_headed_by_the_filters(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tracker_pages, "PAGE_SIZE", 1)  # so that the tracker has several pages
    query = "area=Riverton&status=&as_of=2019-01-01"
    every = client.get(f"/actions?{query}").json()
    assert every["total"] > 1
    paged = client.get(f"/pages/actions?{query}").text
    texts = [str(escape(item["text"])) for item in every["items"]]
    assert texts[1] not in paged  # on the second page of the tracker
    view = f"/pages/actions/print?{query}"
    link = "/pages/actions/print?area=Riverton&amp;as_of=2019-01-01"  # blank filters left out
    assert f'href="{link}">Print all {every["total"]}</a>' in paged
    # printing a page of the tracker itself says where all of them are
    assert f'<p class="print-only">This printout holds actions 1–1 of {every["total"]}' in paged
    printed = client.get(view).text
    assert all(text in printed for text in texts)
    assert 'aria-label="Pages of actions"' not in printed and "<form" not in printed
    header = re.search(r"@top-left \{ content: \"([^\"]*)\"", printed)
    assert header is not None
    said = re.sub(r"\\([0-9a-f]+) ", lambda m: chr(int(m.group(1), 16)), header.group(1))
    assert said.startswith("Actions tracker · area: Riverton · overdue as of 2019-01-01 · ")
    assert "printed" in said


def test_gaps_page_shows_and_takes_the_day(client: TestClient) -> None:
    before = client.get("/pages/gaps?as_of=2017-01-01&kind=overdue%20action").text
    assert 'id="as-of">2017-01-01<' in before
    assert "<strong>0</strong> overdue action" in before
    after = client.get("/pages/gaps?as_of=2018-01-01&organisation=RHT&kind=overdue%20action").text
    assert "<strong>1</strong> overdue action" in after
    assert "the named nurse will chase every overdue check each week" in after
    assert "#n-" in after  # the row links to the action's own row on its recommendation's page
    assert client.get("/pages/gaps?as_of=soon").status_code == 422
    assert client.get("/pages/gaps?group=colour").status_code == 422
    for group in ("area", "review"):
        assert client.get(f"/pages/gaps?group={group}").status_code == 200
    assert 'href="/pages/gaps"' in client.get("/").text


# --- command line ----------------------------------------------------------------------------


def test_query_actions_command_writes_every_format(db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["query", "actions", "--db", str(db), "--as-of", "2018-01-01"]
    as_json = runner.invoke(main, [*base, "--org", "RHT", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    answer = json.loads(as_json.output)
    assert answer["as_of"] == "2018-01-01" and len(answer["items"]) == 2
    as_csv = runner.invoke(main, [*base, "--overdue", "--format", "csv"])
    assert as_csv.exit_code == 0
    assert (
        list(csv.reader(io.StringIO(as_csv.output)))[1][5]
        == "the named nurse will chase every overdue check each week"
    )
    target = tmp_path / "overdue.xlsx"
    written = runner.invoke(main, [*base, "--overdue", "--format", "xlsx", "-o", str(target)])
    assert written.exit_code == 0, written.output
    assert load_workbook(target)["Actions"].max_row == 2
    assert runner.invoke(main, [*base, "--format", "xlsx"]).exit_code != 0  # xlsx needs a file
    unknown = runner.invoke(main, [*base, "--org", "Nowhere Trust"])
    assert unknown.exit_code == 1 and "Nowhere Trust" in unknown.output


def test_csv_of_no_rows_is_just_the_header() -> None:
    assert tracker_csv([]).splitlines() == [",".join(h for h, _ in COLUMNS)]


def test_organisation_page_shows_each_recommendations_expected_outcomes(client: TestClient) -> None:
    html = client.get("/pages/organisations/Hilltop%20Health%20NHS%20Trust").text
    assert "<strong>Expected outcomes:</strong> Every missed appointment is followed up" in html


def test_filtered_tables_hold_exactly_the_matching_rows_of_the_whole_table(
    corpus_dir: Path, tmp_path: Path
) -> None:
    """The filtered tables start from per-graph lists (actions by organisation, area, review):
    each must be the whole table's rows that match, in the same order, on the real corpus."""
    with Store(tmp_path / "corpus.db") as store:
        load_paths(store, [corpus_dir])
        g = build_graph(store.documents())
    day = date(2018, 1, 1)
    whole = action_table(g, ActionFilter(as_of=day)).rows
    assert len(whole) > 50
    asked = 0
    for org in nodes_of(g, NodeType.ORGANISATION):
        name = label(g, org)
        try:
            rows = action_table(g, ActionFilter(organisation=name, as_of=day)).rows
        except UnknownName:
            continue  # a name several bodies share (an initialism) is not one organisation
        assert rows == tuple(r for r in whole if org in involved_organisations(g, r.node)), name
        asked += bool(rows)
    assert asked > 10
    shown: set[str] = set()
    for area in nodes_of(g, NodeType.AREA):
        rows = action_table(g, ActionFilter(area=label(g, area), as_of=day)).rows
        assert rows == tuple(r for r in whole if r.area == label(g, area))
        shown.update(r.node for r in rows)
    for review in nodes_of(g, NodeType.REVIEW):
        rows = action_table(g, ActionFilter(review=review, as_of=day)).rows
        assert rows == tuple(r for r in whole if r.review == review)
    assert shown == {r.node for r in whole}  # every action is in some area's table
