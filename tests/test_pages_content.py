"""What the pages say, through FastAPI's TestClient: area pages with reviews over the years,
word-level differences between wordings, theme pages that link areas and reviews, documents
named by title, search with its true total, filters and pages, printed page headers, and no
inline script anywhere (the Content-Security-Policy allows only the app's own files)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_support import RIVERTON_CCG, fill_store, riverton_plan

from api.app import create_app
from graph.store import Store
from loaders.blocks import Location
from loaders.records import RecommendationRecord, ReviewRecord, ThemeMatch
from visualisations.rendering import css_string
from visualisations.textdiff import word_diff

LATER_TEXT = "Riverton follow-up plan\n\n5.1 Make sure every looked after child has a prompt health check\n"


def later_riverton_plan():  # type: ignore[no-untyped-def]
    """An invented second Riverton review, three years on: one theme recurs, one is new."""
    plan = riverton_plan()
    plan.file = "riverton_followup.txt"
    plan.document_date = "2021-05-01"
    plan.review = ReviewRecord(fieldwork="2021-03", published="2021-05")
    plan.warnings = []
    plan.recommendations = [
        RecommendationRecord(
            id="5.1",
            text="Make sure every looked after child has a prompt health check",
            addressed_to=[RIVERTON_CCG],
            themes=[
                ThemeMatch(theme="health-assessments", evidence=["health check"]),
                ThemeMatch(theme="training", evidence=["training"]),
            ],
            location=Location(line=3),
        )
    ]
    return plan


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "pages.db"
    fill_store(db)
    with Store(db) as store:
        store.put("riverton_followup.txt", LATER_TEXT.encode(), later_riverton_plan())
    with TestClient(create_app(db), base_url="http://localhost") as test_client:
        yield test_client


def cells(html: str, heading: str) -> list[str]:
    """The cells of the table row whose header cell links ``heading``."""
    row = re.search(rf"<tr><th scope=\"row\"><a [^>]*>{re.escape(heading)}</a></th>(.*?)</tr>", html)
    assert row is not None, heading
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def test_area_page_sets_its_reviews_themes_side_by_side(client: TestClient) -> None:
    html = client.get("/pages/areas/riverton").text
    assert "<h1>Riverton</h1>" in html
    first, second = html.index("2018-04"), html.index("2021-03")
    assert first < second  # oldest review first
    assert cells(html, "Health assessments for looked after children") == ["1", "1", "recurs"]
    assert cells(html, "Safeguarding training and workforce confidence") == [
        "—",
        "1",
        "new in the latest review",
    ]
    assert cells(html, "Record keeping") == ["2", "—", "not raised in the latest review"]
    assert 'href="/pages/organisations/Riverton%20Clinical%20Commissioning%20Group"' in html
    assert "Action plan, Riverton, 2021-05-01" in html  # the plan by its title
    assert 'href="/pages/areas/Riverton"' in client.get("/pages/areas").text
    assert client.get("/pages/areas/Rivertn").status_code == 404


def test_word_differences_between_wordings() -> None:
    assert word_diff("Check every child on time", "Check each child on time") == [
        ("same", "Check"),
        ("removed", "every"),
        ("added", "each"),
        ("same", "child on time"),
    ]
    assert word_diff("same words", "same  words") == [("same", "same words")]


def test_recommendation_page_marks_what_another_document_words_differently(client: TestClient) -> None:
    # the follow-up plan quotes 1.1 in other words
    with Store(client.app.state.cache.store.path) as store:  # type: ignore[attr-defined]
        later = later_riverton_plan()
        later.review = riverton_plan().review
        later.recommendations[0].id = "1.1"
        later.recommendations[0].text = "Make sure each looked after child has a timely health check"
        store.put("riverton_followup.txt", LATER_TEXT.encode(), later)
    html = client.get("/pages/recommendations/riverton-2018-04:1-1").text
    diff = re.search(r'<p class="wording-diff">(.*?)</p>', html, re.S)
    assert diff is not None
    removed = re.findall(r"\[removed: </span>(\w+)", diff.group(1))  # said in words, not only by colour
    added = re.findall(r"\[added: </span>(\w+)", diff.group(1))
    assert {*removed, *added} == {"every", "each"} and len(removed) == len(added) == 1
    assert "<del>" in diff.group(1) and "<ins>" in diff.group(1)
    # the source box can be scrolled from the keyboard and is named by its caption
    assert re.search(r'<div class="excerpt" tabindex="0" role="region" aria-labelledby="excerpt-1">', html)


def test_theme_page_links_areas_and_reviews(client: TestClient) -> None:
    html = client.get("/pages/themes/health-assessments").text
    assert '<a href="/pages/areas/Riverton">Riverton</a>' in html
    assert 'href="/pages/reviews/riverton:2021-03"' in html


def test_theme_page_shows_its_examples_a_page_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = client.get("/pages/themes/health-assessments").text
    every = re.findall(r'<li><a href="(/pages/recommendations/[^"]+)">Recommendation', whole)
    assert len(every) > 1 and 'aria-label="Pages of examples"' not in whole
    monkeypatch.setattr("api.pages.EXAMPLES_PER_PAGE", 1)
    # each page shows one example, the next one of the whole list, and links the pages around it
    shown = []
    for n in range(1, len(every) + 1):
        html = client.get(f"/pages/themes/health-assessments?page={n}").text
        shown += re.findall(r'<li><a href="(/pages/recommendations/[^"]+)">Recommendation', html)
        assert f"Examples, with the words that matched: {n}–{n} of {len(every)}" in html
        assert ('rel="next"' in html) == (n < len(every)) and ('rel="prev"' in html) == (n > 1)
        # every area and review is still counted on every page
        assert '<a href="/pages/areas/Riverton">Riverton</a>' in html
    assert shown == every


def test_organisation_page_turns_its_lists_a_page_at_a_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = "/pages/organisations/Riverton%20Clinical%20Commissioning%20Group"

    def listed(html: str) -> tuple[list[str], list[str]]:
        """The recommendations it shares (one list) and its gaps (another) shown on a page."""
        jointly = html[html.index('id="jointly"') : html.index('id="alone"')]
        recommendations = re.findall(r"<h3><a href=\"[^\"]+\">(Recommendation [^<]+)</a>", jointly)
        gaps = html[html.index('id="gaps"') : html.index('id="map"')]
        return recommendations, re.findall(r'<tr><td class="gap">(.*?)</tr>', gaps)

    whole = client.get(url).text
    every_recommendation, every_gap = listed(whole)
    assert len(every_recommendation) > 1 and len(every_gap) > 1
    assert "Pages of this organisation" not in whole
    monkeypatch.setattr("api.pages.ORGANISATION_ROWS", 1)
    recommendations: list[str] = []
    gaps: list[str] = []
    pages = max(len(every_recommendation), len(every_gap))
    for n in range(1, pages + 1):
        html = client.get(f"{url}?page={n}").text
        shown, listed_gaps = listed(html)
        recommendations += shown
        gaps += listed_gaps
        assert ('rel="next"' in html) == (n < pages) and ('rel="prev"' in html) == (n > 1)
        # the counts are the organisation's, whichever page is shown
        assert f"<strong>{len(every_gap)}</strong> gaps and overdue actions" in html
    assert recommendations == every_recommendation and gaps == every_gap


def test_documents_are_named_by_title_with_the_file_as_detail(client: TestClient) -> None:
    html = client.get("/pages/documents").text
    assert "<h3>Action plan, Riverton, 2021-05-01</h3>" in html
    assert "File riverton_followup.txt" in html
    rec = client.get("/pages/recommendations/riverton-2021-03:5-1").text
    assert "Action plan, Riverton, 2021-05-01, line 3" in rec


def test_search_page_counts_every_match_filters_and_pages(client: TestClient) -> None:
    everything = client.get("/pages/search?q=child").text
    total = int(re.search(r'id="result-count">(\d+) result', everything).group(1))  # type: ignore[union-attr]
    listed = re.search(r"<ol.*?</ol>", everything, re.S).group(0)  # type: ignore[union-attr]
    assert total == listed.count("<li>") > 1
    riverton = client.get("/pages/search?q=child&area=Riverton").text
    assert "with these filters" in riverton and "<option selected>Riverton</option>" in riverton
    assert "Lakeside" not in re.search(r"<ol.*?</ol>", riverton, re.S).group(0)  # type: ignore[union-attr]
    assert client.get("/pages/search?q=child&year=soon").status_code == 422


def test_printed_pages_head_each_page_with_their_subject() -> None:
    assert css_string('Trust "A" </style> & co') == '"Trust \\22 A\\22  \\3c \\2f style\\3e  \\26  co"'


def test_no_page_runs_inline_script(client: TestClient) -> None:
    for path in ("/", "/pages/actions", "/pages/gaps", "/pages/areas/Riverton", "/maps/co-accountability"):
        response = client.get(path)
        assert (
            "'unsafe-inline'"
            not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]
        )
        scripts = re.findall(r"<script\b([^>]*)>", response.text)
        assert all("src=" in s or 'type="application/json"' in s for s in scripts), path
        assert not re.search(r"\son[a-z]+=", response.text), path  # no inline event handlers
    assert client.get("/static/pages.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/secrets.txt").status_code == 404
