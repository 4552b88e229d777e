"""Entity resolution across documents: reviews, recommendation ids and organisations."""

from __future__ import annotations

from graph_support import org, rec, stored

from graph.resolve import (
    assign_reviews,
    normalise_name,
    recommendation_ids,
    recommendation_keys,
    resolve_organisations,
)
from loaders.records import Extraction, OrganisationRecord, ReviewRecord
from loaders.references import spans_of


def doc(name: str, area: str | None, fieldwork: str | None = None, published: str | None = None, orgs=()):
    return stored(
        Extraction(
            file=f"{name}.txt",
            area=area,
            review=ReviewRecord(fieldwork=fieldwork, published=published),
            organisations=list(orgs),
        )
    )


def test_documents_with_compatible_dates_describe_one_review() -> None:
    reviews = assign_reviews(
        [
            doc("a", "Westshire", fieldwork="2018-04-09/2018-04-13"),
            doc("b", "Westshire", published="2018-07"),
            doc("c", "Westshire"),
        ]
    )
    assert set(reviews.values()) == {"Review:westshire:2018-04"}


def test_distant_dates_are_two_reviews_and_undated_document_stays_apart() -> None:
    reviews = assign_reviews(
        [
            doc("a", "Westshire", fieldwork="2015-01"),
            doc("b", "Westshire", fieldwork="2019-06"),
            doc("c", "Westshire"),
        ]
    )
    assert reviews == {
        "a.txt": "Review:westshire:2015-01",
        "b.txt": "Review:westshire:2019-06",
        "c.txt": "Review:westshire:undated",
    }


def test_document_without_area_has_its_own_review() -> None:
    assert assign_reviews([doc("x", None, fieldwork="2018-01")]) == {"x.txt": "Review:document:x-txt"}


def test_bare_number_joins_the_only_sub_number_of_another_document() -> None:
    assert recommendation_ids({"council": ["4", "5.2"], "nhs": ["4.1", "5.2"]}) == {
        "4": "4.1",
        "4.1": "4.1",
        "5.2": "5.2",
    }


def test_bare_number_stays_when_ambiguous_or_written_alongside_its_sub_number() -> None:
    assert recommendation_ids({"a": ["4"], "b": ["4.1", "4.2"]})["4"] == "4"
    assert recommendation_ids({"a": ["4", "4.1"], "b": ["4.1"]})["4"] == "4"
    assert recommendation_ids({"a": ["14"], "b": ["4.1"]})["14"] == "14"


def test_recommendation_without_a_number_is_keyed_by_its_document_and_place() -> None:
    assert "" not in recommendation_ids({"a": ["", "4"], "b": ["", "4.1"]})
    plan = Extraction(
        file="plan.csv",
        recommendations=[
            rec("", "Hold a monthly clinic", line=3),
            rec("7", "Audit the clinic", line=4),
            rec("", "Write it up", line=3),
            rec("", "Tell the board", line=30),
        ],
    )
    assert recommendation_keys(stored(plan)) == [
        "plan.csv@line 3",
        "7",
        "plan.csv@line 3 #2",
        "plan.csv@line 30",
    ]


def test_commissioner_and_provider_with_similar_names_stay_apart() -> None:
    index = resolve_organisations(
        [
            doc("a", "Eastvale", orgs=[org("Eastvale Clinical Commissioning Group", "CCG", "Eastvale CCG")]),
            doc(
                "b",
                "Eastvale",
                orgs=[
                    org("Eastvale CCG", "CCG"),
                    org("Eastvale Hospitals NHS Trust", "NHS trust", "Eastvale Hospitals Trust"),
                ],
            ),
        ]
    )
    assert sorted(e.canonical for e in index.entries.values()) == [
        "Eastvale Clinical Commissioning Group",
        "Eastvale Hospitals NHS Trust",
    ]
    commissioner = "Organisation:eastvale-clinical-commissioning-group"
    assert index.lookup("b.txt", "Eastvale CCG") == commissioner


def test_longer_and_shorter_forms_of_one_trust_merge_but_not_two_in_one_document() -> None:
    index = resolve_organisations(
        [
            doc(
                "a",
                "Eastvale",
                orgs=[org("Eastvale Riverside Mental Health NHS Foundation Trust", "NHS foundation trust")],
            ),
            doc(
                "b", "Eastvale", orgs=[org("Eastvale Riverside NHS Foundation Trust", "NHS foundation trust")]
            ),
            # one document naming both forms means they are two bodies
            doc(
                "c",
                "Northvale",
                orgs=[
                    org("Northvale Riverside Mental Health NHS Foundation Trust", "NHS foundation trust"),
                    org("Northvale Riverside NHS Foundation Trust", "NHS foundation trust"),
                ],
            ),
        ]
    )
    eastvale = [e for e in index.entries.values() if "Eastvale" in e.areas]
    assert len(eastvale) == 1 and eastvale[0].documents == ("a.txt", "b.txt")
    assert len([e for e in index.entries.values() if "Northvale" in e.areas]) == 2


def test_shared_specific_alias_merges_but_generic_alias_does_not() -> None:
    index = resolve_organisations(
        [
            doc(
                "a",
                "Eastvale",
                orgs=[
                    org("Bright Paths", "voluntary/independent provider", "Bright Paths (Sunrise)", "Sunrise")
                ],
            ),
            doc(
                "b",
                "Eastvale",
                orgs=[org("Sunrise", "other"), org("Eastvale Council", "local authority", "the Council")],
            ),
            doc("c", "Eastvale", orgs=[org("Eastvale Health Board", "other", "the Council")]),
        ]
    )
    assert index.lookup("b.txt", "Sunrise") == "Organisation:bright-paths"
    assert index.lookup("c.txt", "the Council") == "Organisation:eastvale-health-board"


def test_same_national_body_in_two_areas_is_one_node() -> None:
    index = resolve_organisations(
        [
            doc("a", "Eastvale", orgs=[org("Care Regulator", "regulator")]),
            doc("b", "Westvale", orgs=[org("Care Regulator", "regulator")]),
        ]
    )
    (entry,) = index.entries.values()
    assert entry.areas == ("Eastvale", "Westvale")


def test_mentions_respect_initialism_case_and_prefer_longest() -> None:
    forms = {"AT": "Organisation:a", "Eastvale Hospitals": "Organisation:h", "Eastvale": "Organisation:e"}
    found = spans_of("Work at Eastvale Hospitals's ward, reported to AT", forms)
    assert [form for _, _, form in found] == ["Eastvale Hospitals", "AT"]
    assert spans_of("nothing here", forms) == []


def coded(canonical: str, type_: str, code: str, *aliases: str) -> OrganisationRecord:
    return OrganisationRecord(
        canonical=canonical, type=type_, aliases_in_text=list(aliases), registry_code=code
    )


def test_records_with_one_registry_code_are_one_organisation_whatever_their_names() -> None:
    index = resolve_organisations(
        [
            doc("a", "Eastvale", orgs=[coded("Eastvale Riverside NHS Trust", "NHS trust", "RX1", "ERT")]),
            # the same body, renamed since and read in a document of a neighbouring area
            doc("b", "Westvale", orgs=[coded("Riverside and Vale NHS Trust", "NHS trust", "RX1")]),
        ]
    )
    (entry,) = index.entries.values()
    assert entry.documents == ("a.txt", "b.txt")
    assert index.lookup("a.txt", "ERT") == index.lookup("b.txt", "Riverside and Vale NHS Trust") == entry.node


def test_records_with_two_registry_codes_never_merge_though_their_names_would() -> None:
    index = resolve_organisations(
        [
            doc(
                "a",
                "Eastvale",
                orgs=[coded("Eastvale Riverside Mental Health NHS Trust", "NHS trust", "RX1")],
            ),
            doc("b", "Eastvale", orgs=[coded("Eastvale Riverside NHS Trust", "NHS trust", "RX2")]),
        ]
    )
    assert len(index.entries) == 2
    # lookups are exact: the graph resolves no name the loaders did not
    assert index.lookup("a.txt", "eastvale riverside mental health nhs trust") is None


def test_normalise_name() -> None:
    assert normalise_name("The Eastvale Hospital’s  Trust") == normalise_name("eastvale hospital trust")
