"""The narrative reader on small reports written for the test."""

from __future__ import annotations

from loaders.blocks import DocumentBlocks, ListItem, Location, Paragraph
from loaders.narrative import NarrativeFacts, read_narrative
from loaders.organisations import OrganisationResolver


def document(*lines: str) -> DocumentBlocks:
    blocks: list[Paragraph | ListItem] = []
    for n, line in enumerate(lines, 1):
        if line.startswith("• "):
            blocks.append(ListItem(line[2:], Location(line=n)))
        elif line.startswith("# "):
            blocks.append(Paragraph(line[2:], Location(line=n), heading=True))
        else:
            blocks.append(Paragraph(line, Location(line=n)))
    return DocumentBlocks("report.txt", "text", list(blocks))


def read(*lines: str) -> NarrativeFacts:
    doc = document(*lines)
    return read_narrative(doc, OrganisationResolver.for_document(doc))


BRIEFING = (
    "# Briefing on the inspection action plan",
    "1. The Care Quality Commission inspected health services for looked after children in Rutland "
    "between 3rd and 7th March 2019. Its report was published on 2nd June 2019.",
    "2. The report makes 31 recommendations; partners have planned 88 actions in response.",
    "3. Progress so far:",
    "• 70 (of 88) planned actions completed",
    "• 15 actions are on track",
    "• 3 actions are behind schedule",
    "4. Delivery of the plan is monitored by the Rutland Safeguarding Children Board "
    "and the Quality Committee.",
    "# Examples of actions taken",
    "# Oakfield Hospitals NHS Trust",
    "5. A key concern was that discharge letters did not reach health visitors. Oakfield Hospitals NHS Trust "
    "has now added a discharge alert. This is checked monthly.",
    "6. A report for the next board meeting is being prepared for the Quality Committee.",
    "# Conclusion",
    "7. Partners remain committed to the plan.",
)


def test_review_dates_and_counts() -> None:
    facts = read(*BRIEFING)
    assert facts.area == "Rutland"
    assert facts.document_kind == "briefing"
    assert facts.document_date is None
    assert facts.review.fieldwork == "2019-03-03/2019-03-07"
    assert facts.review.published == "2019-06-02"
    assert facts.review.recommendations_stated == 31
    assert facts.review.actions_stated == 88
    assert facts.review.status_counts == {"completed": 70, "on_track": 15, "behind": 3}


def test_issues_and_example_actions_under_an_organisation_heading() -> None:
    facts = read(*BRIEFING)
    assert [f.text for f in facts.findings] == [
        "A key concern was that discharge letters did not reach health visitors.",
        "Oakfield Hospitals NHS Trust has now added a discharge alert. This is checked monthly.",
    ]
    assert [f.organisations for f in facts.findings] == [["Oakfield Hospitals NHS Trust"]] * 2
    (action,) = facts.findings[1].actions
    assert action.status == "completed"
    assert action.organisations == ["Oakfield Hospitals NHS Trust"]
    assert action.location == Location(line=11)
    assert facts.actions == []


def test_monitoring_bodies() -> None:
    facts = read(*BRIEFING)
    assert facts.assurance_bodies == ["Rutland Safeguarding Children Board", "Quality Committee"]


def test_a_bullet_list_of_issues_becomes_findings_and_other_lists_do_not() -> None:
    facts = read(
        "# Report to the Health and Wellbeing Board",
        "Date: 4 July 2015",
        "The CQC review in Rutland was undertaken in April 2015.",
        "The review looked at:",
        "• how health services work with families",
        "The review raised these issues:",
        "• Waiting times for emotional health support are too long",
        "• Few staff have had training on exploitation",
    )
    assert facts.document_kind == "board report"
    assert facts.document_date == "2015-07-04"
    assert facts.review.fieldwork == "2015-04"
    assert [f.text for f in facts.findings] == [
        "Waiting times for emotional health support are too long",
        "Few staff have had training on exploitation",
    ]
    assert all(f.actions == [] for f in facts.findings)


def test_a_visit_range_takes_its_year_from_the_announcement() -> None:
    facts = read(
        "# Report To: Scrutiny Panel",
        "Report Date: 14 December 2018",
        "On 1 October 2018 the CQC said it would review services in Rutland under the Health Act 2009.",
        "The inspectors were in Rutland from Monday 8 October to Friday 12 October.",
        "The final report was published in November 2018.",
    )
    assert facts.document_date == "2018-12-14"
    assert facts.review.fieldwork == "2018-10-08/2018-10-12"
    assert facts.review.published == "2018-11"


def test_commissioner_relationships() -> None:
    facts = read(
        "The CQC review in Rutland raised a point about school nurses.",
        "This was raised with Public Health Rutland as the commissioner of school nursing services.",
    )
    assert facts.commissions == [("Public Health Rutland", "school nursing services")]


def test_bullets_straight_under_a_findings_heading_are_findings() -> None:
    facts = read(
        "The CQC looked at health services for children in Blackburn with Darwen in May 2016.",
        "# Areas for improvement",
        "• Health visitors do not always see the notes of the emergency department",
        "# Next steps",
        "• Agree the plan with partners",
    )
    assert facts.area == "Blackburn with Darwen"
    assert [f.text for f in facts.findings] == [
        "Health visitors do not always see the notes of the emergency department"
    ]


def test_a_visit_spanning_two_months() -> None:
    facts = read("The CQC review team visited Rutland health services 30 January – 3 February 2017.")
    assert facts.review.fieldwork == "2017-01-30/2017-02-03"


def test_what_the_review_found_is_listed_but_its_praise_is_not() -> None:
    facts = read(
        "The CQC review in Rutland took place in May 2016.",
        "Inspectors found good practice in these areas:",
        "• Health visitors know their families well",
        "The review found that:",
        "• Not every school nurse has had training on exploitation",
    )
    assert [f.text for f in facts.findings] == ["Not every school nurse has had training on exploitation"]


def test_visit_and_publication_told_in_one_sentence() -> None:
    facts = read(
        "The CQC carried out its review in Rutland between 5th and 9th June 2017 and published "
        "its report on 1 August 2017.",
        "The plan is overseen by the Rutland Safeguarding Children Board and the Quality and Safety "
        "Committee.",
    )
    assert facts.review.fieldwork == "2017-06-05/2017-06-09"
    assert facts.review.published == "2017-08-01"
    assert facts.assurance_bodies == ["Rutland Safeguarding Children Board", "Quality and Safety Committee"]


def test_counts_by_status_listed_in_one_sentence() -> None:
    facts = read(
        "The CQC review of services in Rutland was carried out in March 2019.",
        "Out of the 52 actions agreed, 31 are complete, 17 are on track and 4 have slipped behind.",
    )
    assert facts.review.actions_stated == 52
    assert facts.review.status_counts == {"completed": 31, "on_track": 17, "behind": 4}


def test_one_status_count_beside_the_total_is_a_count() -> None:
    facts = read("The plan holds 27 actions, of which 22 have been completed.")
    assert facts.review.actions_stated == 27
    assert facts.review.status_counts == {"completed": 22}


def test_shares_and_lone_counts_are_not_status_counts() -> None:
    facts = read(
        "Around 60% of actions are complete and 30% are on track.",
        "We also note 3 actions were completed early in the year.",
    )
    assert facts.review.status_counts is None


def test_issues_listed_in_a_progress_section_are_findings_not_actions() -> None:
    facts = read(
        "The CQC review in Rutland took place in May 2018.",
        "# 3. Progress update",
        "The main concerns raised were:",
        "• Health visitors seldom saw the fathers of new babies",
        "• Young people who self-harm waited weeks for an assessment",
        "Actions completed so far include:",
        "• The trust has introduced a new referral form",
    )
    assert [f.text for f in facts.findings] == [
        "Health visitors seldom saw the fathers of new babies",
        "Young people who self-harm waited weeks for an assessment",
        "The trust has introduced a new referral form",
    ]
    assert [len(f.actions) for f in facts.findings] == [0, 0, 1]
    assert facts.findings[2].actions[0].status == "completed"


def test_a_week_commencing_gives_the_month_and_publishing_gives_the_publication() -> None:
    facts = read(
        "Inspectors visited Rutland w/c 9th July 2018 for the CQC review, publishing their report "
        "in October 2018."
    )
    assert facts.review.fieldwork == "2018-07"
    assert facts.review.published == "2018-10"


def test_a_numbered_paragraph_is_not_a_count_and_a_count_may_open_a_sentence() -> None:
    facts = read(
        "3.2 The CQC reviewed services in Rutland between 4 and 8 March 2019.",
        "4.1 Partners set 20 actions. 12 actions are complete, 6 are on track and 2 are overdue.",
    )
    assert facts.review.fieldwork == "2019-03-04/2019-03-08"
    assert facts.review.status_counts == {"completed": 12, "on_track": 6, "behind": 2}


def test_who_owns_the_plan_is_not_an_issue_of_the_section() -> None:
    facts = read(
        "# Concerns the review raised",
        "• School nurses did not see the records of the emergency department",
        "Oversight of the plan is given by the Rutland Quality Group.",
    )
    assert [f.text for f in facts.findings] == [
        "School nurses did not see the records of the emergency department"
    ]
    assert facts.assurance_bodies == ["Rutland Quality Group"]


def test_counts_written_in_words() -> None:
    facts = read(
        "The CQC inspected services in Rutland in June 2019 and made eleven recommendations.",
        "Thirty-four actions were agreed; twenty are complete and fourteen are on track.",
    )
    assert facts.review.fieldwork == "2019-06"
    assert facts.review.recommendations_stated == 11
    assert facts.review.actions_stated == 34
    assert facts.review.status_counts == {"completed": 20, "on_track": 14}


def test_a_lettered_list_inside_its_lead_in_paragraph() -> None:
    facts = read(
        "The CQC review in Rutland took place in May 2018.",
        "Inspectors raised these concerns: (a) Midwives did not ask about fathers. "
        "(b) Referrals lacked detail.",
        "Partners met in June to agree the plan.",
        "1) Agree a date for the next meeting.",
    )
    assert [f.text for f in facts.findings] == [
        "Midwives did not ask about fathers.",
        "Referrals lacked detail.",
    ]


def test_reported_quarterly_to_names_the_body_and_is_not_a_finding() -> None:
    facts = read(
        "# Concerns from the review",
        "• Young people waited too long for an emotional health assessment",
        "The plan is reported quarterly to the Rutland Quality Group.",
    )
    assert [f.text for f in facts.findings] == [
        "Young people waited too long for an emotional health assessment"
    ]
    assert facts.assurance_bodies == ["Rutland Quality Group"]


def test_dates_in_figures_and_with_of() -> None:
    facts = read(
        "Meeting date: 07/11/2018",
        "The CQC inspected services in Rutland from 3rd to 7th September 2018. The report came out on "
        "the 2nd of November 2018, published on the CQC website.",
    )
    assert facts.document_date == "2018-11-07"
    assert facts.review.fieldwork == "2018-09-03/2018-09-07"
    assert facts.review.published == "2018-11-02"


def test_a_publication_month_without_a_year_follows_the_visit() -> None:
    in_the_same_year = read("The CQC review took place in Rutland in March 2018 and was published in June.")
    assert in_the_same_year.review.published == "2018-06"
    into_the_next_year = read(
        "The CQC review took place in Rutland in November 2018 and was published in January."
    )
    assert into_the_next_year.review.published == "2019-01"


def test_organisation_lead_ins_with_a_colon_keep_the_list_going() -> None:
    facts = read(
        "The CQC review in Rutland took place between 10 and 14 September 2018.",
        "Progress against the recommendations includes:",
        "Oakfield Hospitals NHS Trust:",
        "• The children's ward now uses a new alert, completed in November 2018.",
        "• Exploitation training for ward staff is on track to finish by March 2019.",
        "Northvale Community Health NHS Trust (NCHT):",
        "• A review of caseloads is behind schedule.",
    )
    assert [f.organisations for f in facts.findings] == [
        ["Oakfield Hospitals NHS Trust"],
        ["Oakfield Hospitals NHS Trust"],
        ["Northvale Community Health NHS Trust"],
    ]
    assert [(f.actions[0].status, f.actions[0].timescale) for f in facts.findings] == [
        ("completed", None),
        ("on track", "2019-03"),
        ("behind", None),
    ]


def test_a_count_of_some_actions_is_not_the_size_of_the_plan() -> None:
    rag_only = read("At present 9 actions are rated red, 14 amber and 30 green.")
    assert rag_only.review.actions_stated is None
    assert rag_only.review.status_counts is None  # colours are not statuses: which is "on track"?
    every_one = read("All 17 actions in the plan have now been completed.")
    assert every_one.review.actions_stated == 17
    assert every_one.review.status_counts == {"completed": 17}
