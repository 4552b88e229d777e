"""Themes for wording the corpus does not use: every one of the 24 themes, in our own sentences.

Each example is a finding as another area's report might put it; its expected theme must be among
its themes, and first unless the sentence also names a service of another theme ("school nurse").
A sentence about none of the themes gets none.
"""

from __future__ import annotations

import pytest

from loaders.records import FindingRecord
from loaders.themes import assign_themes
from ontology.themes import load_themes

EXAMPLES = [
    ("leadership-capacity", "The designated doctor post has been vacant for most of the year.", True),
    ("health-assessments", "Too few initial health assessments happened within twenty working days.", True),
    ("care-leavers", "Young people leaving care were not given their pathway plan health section.", True),
    ("voice-of-child", "Practitioners seldom wrote down the voice of the young person.", True),
    (
        "information-sharing",
        "The school nurse was not informed about the child's attendances elsewhere.",
        False,
    ),
    ("record-keeping", "Case notes on the electronic record were incomplete.", True),
    (
        "referrals-social-care",
        "Referrals to children's social care gave little detail about the risks.",
        True,
    ),
    ("child-protection-work", "GPs did not send reports to strategy discussions or case conferences.", True),
    ("supervision", "Practitioners could not say when they were last supervised on a case.", True),
    ("training", "Only half of the GPs had completed level 3 safeguarding training.", True),
    ("cse", "Front-line staff did not recognise the signs of county lines activity.", True),
    ("cse", "Staff lacked awareness of criminal exploitation and trafficking.", True),
    ("fgm", "Nobody asked new mothers from affected communities about FGM.", True),
    ("domestic-abuse", "Midwives did not make routine enquiry at the booking appointment.", True),
    ("camhs-emotional-health", "Young people who self-harm waited weeks for a first appointment.", True),
    ("camhs-emotional-health", "Planning for the transition to adult services started too late.", True),
    ("camhs-emotional-health", "Sixteen-year-olds were placed on adult wards for want of a bed.", True),
    (
        "parental-risk-adult-services",
        "Adult mental health teams did not ask patients whether they care for children.",
        True,
    ),
    (
        "young-people-substance-misuse",
        "Young people who misuse cannabis were not offered specialist help.",
        True,
    ),
    (
        "urgent-emergency-care",
        "Children seen at the walk-in centre were not checked for earlier visits.",
        True,
    ),
    ("maternity-perinatal", "Antenatal contacts did not explore the pregnant woman's support network.", True),
    ("healthy-child-programme", "Health visitors missed the new birth visit for one family in four.", True),
    ("sexual-health", "Young people were not asked about sexually transmitted infections.", True),
    ("strategic-planning", "The joint strategic needs assessment said little about children in care.", True),
    ("multi-agency-hubs", "There was no health practitioner in the MASH on two days a week.", True),
    ("out-of-area", "Out of area placements were made without telling the local health team.", True),
    ("out-of-area", "Children placed out of borough did not get a timely health review.", True),
    ("missing-children", "Children missing education were not known to the school nursing team.", False),
    ("missing-children", "Health was not told when a child who went missing from home came back.", True),
    ("missing-children", "Children who are electively home educated were not offered health checks.", True),
]
# The general words that replaced signals found only in the corpus: each in a sentence of our own.
GENERAL_WORDS = [
    (
        "leadership-capacity",
        "The named professionals have no protected time for their safeguarding work.",
        True,
    ),
    (
        "leadership-capacity",
        "Two of the three posts in the team stayed vacant after recruitment failed.",
        True,
    ),
    ("information-sharing", "Notes did not list household members or their relationship to the child.", True),
    ("information-sharing", "Nobody asked who the adults living with the baby were.", False),
    ("record-keeping", "Entries on SystmOne were not contemporaneous.", True),
    ("record-keeping", "The clinical records held no chronology of the family's contacts.", True),
    ("referrals-social-care", "Telephone concerns were not confirmed in writing within two days.", True),
    ("referrals-social-care", "The multi-agency referral form was often sent without a clear reason.", True),
    ("child-protection-work", "Nurses seldom sent a report to the RCPC.", True),
    ("child-protection-work", "Health staff were not invited to meetings for a child in need.", True),
    ("camhs-emotional-health", "The wait for a mental health support team was six months.", True),
    (
        "parental-risk-adult-services",
        "Adult drug services did not ask patients who are parents about their dependent children.",
        True,
    ),
    ("parental-risk-adult-services", "Hidden harm from parental alcohol use was rarely explored.", True),
    (
        "young-people-substance-misuse",
        "Young people who use drugs were not offered a specialist worker.",
        True,
    ),
    (
        "urgent-emergency-care",
        "Unexplained injuries in toddlers were not followed up by the paediatric liaison nurse.",
        True,
    ),
    ("maternity-perinatal", "Postnatal contacts were missed for families who moved house.", True),
    ("healthy-child-programme", "Developmental reviews at two years were often late.", True),
    ("strategic-planning", "The commissioning intentions did not say how the service would change.", True),
    (
        "out-of-area",
        "The home authority did not hear about health reviews for children placed at a distance.",
        True,
    ),
]


@pytest.mark.parametrize(("theme", "text", "first"), [*EXAMPLES, *GENERAL_WORDS])
def test_unseen_wording_gets_its_theme(theme: str, text: str, first: bool) -> None:
    found = assign_themes(FindingRecord(text=text))
    themes = [m.theme for m in found]
    assert theme in themes, (text, [(m.theme, m.evidence) for m in found])
    if first:
        assert themes[0] == theme, (text, [(m.theme, m.evidence) for m in found])
    assert all(m.evidence for m in found), "a theme must name the words that signalled it"


def test_every_theme_has_an_unseen_example() -> None:
    assert {t.id for t in load_themes()} == {theme for theme, _, _ in EXAMPLES}


@pytest.mark.parametrize(
    "text",
    [
        "The meeting started at ten and finished at noon.",
        "Members thanked the officers for the report.",
    ],
)
def test_wording_about_no_theme_gets_none(text: str) -> None:
    assert assign_themes(FindingRecord(text=text)) == []
