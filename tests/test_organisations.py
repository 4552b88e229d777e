"""Organisation mentions resolved to one canonical organisation each (inline examples)."""

from __future__ import annotations

import csv
from pathlib import Path

from loaders.areas import _area_counts
from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.mentions import initialisms
from loaders.organisations import OrganisationResolver
from loaders.readers import read_document
from ontology.names import keys_match, name_key


def document(*lines: str) -> DocumentBlocks:
    blocks: list[Paragraph | ListItem] = []
    for n, line in enumerate(lines, 1):
        if line.startswith("• "):
            blocks.append(ListItem(line[2:], Location(line=n)))
        else:
            blocks.append(Paragraph(line, Location(line=n)))
    return DocumentBlocks("example.txt", "text", list(blocks))


def by_name(orgs: OrganisationResolver) -> dict[str, list[str]]:
    return {r.canonical: r.aliases_in_text for r in orgs.records()}


def test_an_alias_defined_in_brackets_and_used_later_is_one_organisation() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Northvale Community Health NHS Trust (NCHT) runs the school nursing service.",
            "NCHT has appointed a second named nurse.",
        )
    )
    assert by_name(orgs) == {
        "Northvale Community Health NHS Trust": ["Northvale Community Health NHS Trust", "NCHT"]
    }
    assert orgs.resolve("NCHT") == "Northvale Community Health NHS Trust"


def test_an_initialism_matches_an_organisation_named_in_the_same_document() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Riverside Care NHS Foundation Trust agreed the plan.",
            "RCFT will audit its records by March.",
        )
    )
    assert by_name(orgs) == {
        "Riverside Care NHS Foundation Trust": ["Riverside Care NHS Foundation Trust", "RCFT"]
    }
    assert orgs.records()[0].type == "NHS foundation trust"
    assert orgs.records()[0].location == Location(line=1)


def test_written_variants_of_one_trust_merge() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "3. Seaport and Marsh Hospital NHS Trust should:",
            "4. Seaport and Marsh Hospitals Trust should:",
            "5. Seaport, Marsh NHS Hospital Trust and Upland Teaching Hospitals NHS Foundation Trusts "
            "should:",
            "6. Upland teaching Hospitals NHS Foundation trust should:",
        )
    )
    names = by_name(orgs)
    assert set(names) == {
        "Seaport and Marsh Hospital NHS Trust",
        "Upland Teaching Hospitals NHS Foundation Trust",
    }
    assert "Seaport, Marsh NHS Hospital Trust" in names["Seaport and Marsh Hospital NHS Trust"]
    assert (
        "Upland teaching Hospitals NHS Foundation trust"
        in names["Upland Teaching Hospitals NHS Foundation Trust"]
    )


def test_a_commissioner_and_a_provider_of_the_same_place_stay_apart() -> None:
    orgs = OrganisationResolver.for_document(
        document("7. Eastmoor CCG together with Eastmoor Hospitals NHS Trust should:")
    )
    assert set(by_name(orgs)) == {"Eastmoor Clinical Commissioning Group", "Eastmoor Hospitals NHS Trust"}
    assert not keys_match(name_key("Eastmoor CCG"), name_key("Eastmoor Hospitals NHS Trust"))
    assert not keys_match(
        name_key("Lancashire Care NHS Foundation Trust"), name_key("Lancashire Teaching Hospitals")
    )


def test_a_group_header_names_each_ccg_of_a_short_form_list_and_keeps_collectives() -> None:
    header = (
        "<p>2. NHS England and NHS Alder Vale, NHS Birch Moor and NHS Cedar and Fen CCGs together with "
        "Alder Vale Hospitals NHS Trust and all local dental practices should:</p>"
    )
    orgs = OrganisationResolver.for_document(document(header))
    assert orgs.addressees(header) == [
        "NHS England",
        "NHS Alder Vale Clinical Commissioning Group",
        "NHS Birch Moor Clinical Commissioning Group",
        "NHS Cedar and Fen Clinical Commissioning Group",
        "Alder Vale Hospitals NHS Trust",
        "all local dental practices",
    ]
    assert orgs.collectives() == ["all local dental practices"]
    assert "all local dental practices" not in by_name(orgs)
    assert by_name(orgs)["NHS Cedar and Fen Clinical Commissioning Group"] == ["NHS Cedar and Fen"]
    # the same CCG written another way later is the same organisation
    assert orgs.addressees("9. Alder Vale CCG should:") == ["NHS Alder Vale Clinical Commissioning Group"]


def test_a_header_naming_an_unknown_body_makes_it_an_organisation() -> None:
    header = "12. Alder Vale Hospitals NHS Trust together with Lighthouse should:"
    orgs = OrganisationResolver.for_document(document(header))
    assert orgs.addressees(header) == ["Alder Vale Hospitals NHS Trust", "Lighthouse"]
    assert orgs.organisation_type("Lighthouse") == "other"


def test_a_misspelt_initialism_is_the_organisation_it_nearly_spells() -> None:
    orgs = OrganisationResolver.for_document(
        document("SSAFA has trained all of its staff.", "SAFSA", "The charity now flags injured babies.")
    )
    assert by_name(orgs) == {"SSAFA": ["SSAFA", "SAFSA"]}


def test_a_list_of_ccgs_in_brackets_after_a_count() -> None:
    orgs = OrganisationResolver.for_document(
        document("In May the two ABC CCGs (Kingsmead City, Oakfield and Stour) agreed a joint review.")
    )
    assert set(by_name(orgs)) == {
        "Kingsmead City Clinical Commissioning Group",
        "Oakfield and Stour Clinical Commissioning Group",
    }


def test_the_organisations_of_a_listed_summary_are_read_as_organisations() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "The plan covers the following organisations:",
            "• Kingsmead Recovery Partnership",
            "• Turning Point",
        )
    )
    assert by_name(orgs) == {
        "Kingsmead Recovery Partnership": ["Kingsmead Recovery Partnership"],
        "Turning Point": ["Turning Point"],
    }


def test_bodies_named_by_kind_are_those_of_the_reviewed_area() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "The CQC review of health services in Rutland took place in May 2015.",
            "Partnership work with the LA is needed; the LSCB and the Health and Wellbeing Board "
            "will monitor it.",
        )
    )
    assert orgs.area == "Rutland"
    names = by_name(orgs)
    assert names["Rutland County Council"] == ["LA"]
    assert names["Rutland Safeguarding Children Board"] == ["LSCB"]
    assert names["Rutland Health and Wellbeing Board"] == ["Health and Wellbeing Board"]
    assert names["Care Quality Commission"] == ["CQC"]


def test_roles_are_linked_to_their_organisation_and_are_not_organisations() -> None:
    orgs = OrganisationResolver.for_document(
        document("Written by Sam Reed, Designated Nurse, Westhaven CCG, and the Head of Midwifery.")
    )
    assert set(by_name(orgs)) == {"Westhaven Clinical Commissioning Group"}
    roles = {(r.title, r.organisation) for r in orgs.roles()}
    assert ("Designated Nurse", "Westhaven Clinical Commissioning Group") in roles
    assert ("Head of Midwifery", None) in roles


def test_only_the_papers_about_the_review_are_read_in_a_board_pack() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Agenda Item 4",
            "Meeting to be held on 3 May 2016",
            "Review of Health Services for Children Looked After and Safeguarding in Rutland",
            "Northvale Hospitals NHS Trust has sent its plan to the CQC.",
            "Agenda Item 5",
            "Meeting to be held on 3 May 2016",
            "Winter pressures",
            "Fernley Borough Council reported on bed use.",
        )
    )
    assert set(by_name(orgs)) == {"Northvale Hospitals NHS Trust", "Care Quality Commission"}


def test_unknown_initialisms_are_warned_about_and_not_invented() -> None:
    orgs = OrganisationResolver.for_document(document("The QXZ panel met with CAMHS staff."))
    assert orgs.records() == []
    assert any("'QXZ'" in w for w in orgs.warnings())
    assert not any("CAMHS" in w for w in orgs.warnings())


def test_initialisms_of_a_name() -> None:
    assert {"BTH", "BTHFT"} <= initialisms("Blackpool Teaching Hospitals NHS Foundation Trust")
    assert "PCCG" in initialisms("Portsmouth Clinical Commissioning Group")
    assert "LCFT" in initialisms("Lancashire Care NHS Foundation Trust")


def test_a_bracketed_initialism_after_a_name_is_its_alias_even_when_letters_are_skipped() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Hallam Children's NHS Foundation Trust (HCH) and Hallam Care NHS FT will report to the "
            "Hallam Safeguarding Children Partnership.",
            "HCH has audited its referrals.",
        )
    )
    names = by_name(orgs)
    assert names["Hallam Children's NHS Foundation Trust"] == [
        "Hallam Children's NHS Foundation Trust",
        "HCH",
    ]
    assert names["Hallam Care NHS Foundation Trust"] == ["Hallam Care NHS FT"]
    assert orgs.organisation_type("Hallam Care NHS Foundation Trust") == "NHS foundation trust"
    assert orgs.organisation_type("Hallam Safeguarding Children Partnership") == "safeguarding board"


def test_resolving_text_from_elsewhere_never_adds_organisations() -> None:
    orgs = OrganisationResolver.for_document(document("The CQC reviewed health services in Rutland."))
    assert orgs.resolve("the LSCB") is None
    assert orgs.resolve("Kingsmead Hospitals NHS Trust") is None
    assert orgs.resolve("CQC") == "Care Quality Commission"
    assert [r.canonical for r in orgs.records()] == ["Care Quality Commission"]


def test_a_report_running_over_several_pages_is_read_whole() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Update on the CQC review of health services for looked after children",
            "The plan was agreed in June.",
            "<LAYOUT_SECTION>",
            "Kingsmead Hospitals NHS Trust has appointed a named midwife.",
        )
    )
    assert "Kingsmead Hospitals NHS Trust" in by_name(orgs)


def test_names_listed_after_a_bracketed_initialism_and_local_healthwatch() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Hallam Children's NHS Foundation Trust (HCH), Hallam Teaching Hospitals NHS Foundation Trust "
            "and Healthwatch Hallam took part."
        )
    )
    assert set(by_name(orgs)) == {
        "Hallam Children's NHS Foundation Trust",
        "Hallam Teaching Hospitals NHS Foundation Trust",
        "Healthwatch Hallam",
    }


def test_an_area_missing_from_the_registry_is_read_from_its_own_boards() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Report to the Eastmere Health and Wellbeing Board",
            "The CQC reviewed health services for children in Eastmere during June 2019.",
            "The Eastmere Safeguarding Children Partnership will follow up the plan.",
            "Copies go to NHS Greyford CCG.",
        )
    )
    assert orgs.area == "Eastmere"
    assert by_name(orgs)["Eastmere Health and Wellbeing Board"] == ["Eastmere Health and Wellbeing Board"]


def test_a_review_sentence_picks_between_unregistered_places() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Members of Greyford County Council and Greyford Health and Wellbeing Board attended.",
            "This paper is about the CQC review of services in Eastmere.",
            "The Eastmere Local Safeguarding Children Board owns the plan.",
        )
    )
    assert orgs.area == "Eastmere"


def test_a_london_borough_gives_its_place_name() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "The CQC looked at health services for children in the London Borough of Tamsford.",
            "Tamsford Safeguarding Children Partnership received the report.",
        )
    )
    assert orgs.area == "Tamsford"


def test_no_local_body_and_no_registered_area_leaves_the_area_unknown() -> None:
    orgs = OrganisationResolver.for_document(
        document("The CQC review took place in June 2019.", "NHS Greyford CCG responded.")
    )
    assert orgs.area is None


def test_the_cover_lines_above_an_agenda_item_belong_to_its_paper() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "NHS Greyford Clinical Commissioning Group",
            "Governing Body",
            "Agenda item 7: the CQC review of children's health services in Rutland",
            "Northvale Hospitals NHS Trust has completed its first actions.",
        )
    )
    assert set(by_name(orgs)) == {
        "NHS Greyford Clinical Commissioning Group",
        "Northvale Hospitals NHS Trust",
        "Care Quality Commission",
    }


def test_social_enterprises_and_police_services_are_named_with_their_initialisms() -> None:
    orgs = OrganisationResolver.for_document(
        document(
            "Hollins Community Interest Company (HCIC) runs health visiting; Greyford Health Ltd runs "
            "the clinics.",
            "Greyford Police Service (GPS) joined the strategy meetings. HCIC has two named nurses.",
        )
    )
    names = by_name(orgs)
    assert names["Hollins Community Interest Company"] == ["Hollins Community Interest Company", "HCIC"]
    assert names["Greyford Police Service"] == ["Greyford Police Service", "GPS"]
    assert "Greyford Health Ltd" in names
    types = {r.canonical: r.type for r in orgs.records()}
    assert types["Hollins Community Interest Company"] == "voluntary/independent provider"
    assert types["Greyford Police Service"] == "police"


def test_the_reviewed_area_beats_a_neighbour_named_more_often() -> None:
    neighbour_talk = (
        "Greater Manchester partners in Salford and Salford Royal staff helped; Salford was thanked."
    )
    of_the_area = OrganisationResolver.for_document(
        document(
            "The CQC review of Wigan's health services for children took place in May 2018.", neighbour_talk
        )
    )
    assert of_the_area.area == "Wigan"
    titled = OrganisationResolver.for_document(
        document(
            "CQC Review of Health Services for Children Looked After and Safeguarding - Wigan", neighbour_talk
        )
    )
    assert titled.area == "Wigan"
    addressed = OrganisationResolver.for_document(
        document("Report to the Wigan Health and Wellbeing Board", neighbour_talk)
    )
    assert addressed.area == "Wigan"


# -- tags, column names, areas of trackers, counting areas ----------------------------------------


def test_less_than_and_greater_than_signs_in_a_group_header_are_text_not_tags() -> None:
    header = (
        "8. Eastmoor CCG (clinic waits < 4 weeks) together with Marsh Valley CCG (clinic waits > 6 weeks)"
        " and <b>Upland Hospitals NHS Trust</b> should:"
    )
    orgs = OrganisationResolver.for_document(document(header))
    # a tag-like "< 4 weeks ... >" span swallowed the CCG named between the two signs
    assert orgs.addressees(header) == [
        "Eastmoor Clinical Commissioning Group",
        "Marsh Valley Clinical Commissioning Group",
        "Upland Hospitals NHS Trust",
    ]
    assert "Marsh Valley Clinical Commissioning Group" in by_name(orgs)


def tracker(path: Path, rows: list[list[str]]) -> DocumentBlocks:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return read_document(path)


TRACKER_HEADER = ["Ref", "Recommendation", "Organisation", "Action", "Lead", "Target date", "RAG"]


def test_rating_words_and_column_headers_are_not_unresolved_initialisms(tmp_path: Path) -> None:
    header = [*TRACKER_HEADER[:-1], "BRAG", "QPR"]
    doc = tracker(
        tmp_path / "plan.csv",
        [
            header,
            [
                "1.1",
                "Check the clinic asks who the adult is",
                "Eastmoor CCG",
                "Add a prompt",
                "Nurse",
                "May 2020",
                "Blue",
                "QPR noted",
            ],
            [
                "1.2",
                "Audit the QXZ records each quarter",
                "Eastmoor CCG",
                "Audit",
                "Nurse",
                "June 2020",
                "Amber",
                "",
            ],
        ],
    )
    orgs = OrganisationResolver.for_document(doc)
    warned = " ".join(orgs.warnings())
    # "BRAG" is a rating scale; "QPR" names a column of the header row, even where a cell repeats it
    assert "'BRAG'" not in warned and "'QPR'" not in warned
    assert "'QXZ'" in warned  # an unknown initialism in the plan's own text is still reported
    # a rating word in running text is no organisation either
    prose = OrganisationResolver.for_document(document("Each action has a BRAG rating and a RAGB colour."))
    assert prose.warnings() == [] and prose.records() == []


def test_a_trackers_area_is_the_place_not_the_bodies_named_on_two_lines_of_a_cell(tmp_path: Path) -> None:
    doc = tracker(
        tmp_path / "tracker.csv",
        [
            ["Eastvale Partnership improvement tracker", "", "", "", "", "", ""],
            TRACKER_HEADER,
            [
                "1.1",
                "Ask every child at the walk-in centre who cares for them",
                "Eastvale CCG",
                "Add a triage prompt",
                "Named Nurse",
                "March 2019",
                "Green",
            ],
            [
                "1.2",
                "Pass health visitor concerns to school nurses",
                "Eastvale CCG\nEastvale Borough Council",
                "Termly handover meeting",
                "Head of Safeguarding",
                "June 2019",
                "Amber",
            ],
        ],
    )
    orgs = OrganisationResolver.for_document(doc)
    assert orgs.area == "Eastvale"
    assert {"Eastvale Clinical Commissioning Group", "Eastvale Borough Council"} <= set(by_name(orgs))
    # on one line, the place of a board is the one after the other body's name
    same_line = OrganisationResolver.for_document(
        document("Eastvale CCG Eastvale Safeguarding Children Partnership met in May.")
    )
    assert same_line.area == "Eastvale"


def test_known_areas_are_counted_each_time_they_are_named_even_inside_another() -> None:
    text = "North Lincolnshire, Lincolnshire and Lincolnshire-wide services; Stoke-on-Trent and Stoke."
    assert _area_counts(text, ["North Lincolnshire", "Lincolnshire", "Stoke-on-Trent", "Rutland"]) == {
        "North Lincolnshire": 1,
        "Lincolnshire": 3,
        "Stoke-on-Trent": 1,
    }
