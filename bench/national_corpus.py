"""A seeded national corpus: every area's review paperwork, invented, in the layouts sgraph reads.

``write_corpus(folder, areas=150, seed=1)`` writes, for each invented area, a board report (text
narrative: the review's dates, counts, findings and who monitors the plan) and the area's action
plan: a tab-separated text plan with numbered group headers ("3. X together with Y should:") for
most areas, an XLSX tracker (one row per action, organisation column, RAG) for the others. One area
in seven had a repeat review a few years later, with its own report and plan. At the default size
that is about 340 documents, 8,000 recommendations and 24,000 actions, the size of a national
network's paperwork.

Every place, body and sentence is made up here from small word lists (nothing is taken from the
real corpus); the same seed always gives the same files. Recommendations are drawn from a set of
topics, so the same issue recurs across areas in different words, as it does in real reviews.

Run on its own to write a corpus: ``python bench/national_corpus.py FOLDER [--areas N] [--seed S]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl

_FIRST = (
    "Brack",
    "Cran",
    "Drel",
    "Fal",
    "Grim",
    "Hol",
    "Jas",
    "Kib",
    "Lom",
    "Mus",
    "Nad",
    "Orr",
    "Pim",
    "Quil",
    "Rud",
    "Sab",
    "Tov",
    "Umb",
    "Vel",
    "Wrax",
    "Yel",
    "Zan",
    "Ebb",
    "Fosk",
    "Garn",
    "Hesk",
)
_LAST = (
    "ingham",
    "stead",
    "wick",
    "thorpe",
    "mouth",
    "holme",
    "combe",
    "bury",
    "ridge",
    "wold",
    "wyke",
    "dene",
    "garth",
    "shaw",
)
_REGIONS = (
    "Northvale",
    "Eastmarch",
    "Westerfold",
    "Southmoor",
    "Midcastle",
    "Highwater",
    "Lowbeck",
    "Fenreach",
    "Greyhaven",
    "Oldacre",
    "Stonevale",
    "Redmarsh",
    "Brightwell",
    "Coldharbour",
    "Ironbridge",
)

# (theme words a reader would recognise, ways of saying what should change)
_TOPICS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "initial health assessments",
        (
            "are completed within twenty working days of a child entering care",
            "are of good quality and record the child's own views",
        ),
    ),
    (
        "review health assessments",
        (
            "are completed on time for children placed out of area",
            "lead to health plans with measurable actions",
        ),
    ),
    (
        "the emergency department",
        (
            "asks every young person about who they live with",
            "shares information about attendances for self-harm with school nurses",
        ),
    ),
    (
        "child and adolescent mental health services",
        (
            "see young people in crisis within agreed waiting times",
            "plan transition to adult mental health services early",
        ),
    ),
    (
        "safeguarding training",
        (
            "reaches every practitioner at the right level for their role",
            "covers child sexual exploitation and criminal exploitation",
        ),
    ),
    (
        "safeguarding supervision",
        (
            "is regular, recorded and reflective for health visitors",
            "is offered to midwives who work with vulnerable families",
        ),
    ),
    (
        "information sharing",
        (
            "between GP practices and health visitors happens at every change of address",
            "with the multi-agency safeguarding hub includes health records",
        ),
    ),
    (
        "record keeping",
        (
            "shows the voice of the child in every electronic record",
            "flags children subject to a child protection plan",
        ),
    ),
    (
        "maternity services",
        (
            "ask about domestic abuse at every antenatal appointment",
            "refer vulnerable pregnant women to the specialist midwife",
        ),
    ),
    (
        "care leavers",
        (
            "are given a written summary of their health history",
            "know how to register with a GP when they move on",
        ),
    ),
    (
        "female genital mutilation",
        (
            "is recorded and reported as the mandatory duty requires",
            "awareness is part of every midwife's training",
        ),
    ),
    (
        "adult mental health and substance misuse services",
        ("ask whether the adult cares for children", "think about the risk to children in the household"),
    ),
    (
        "child protection case conferences",
        (
            "receive reports from every health professional involved",
            "are attended by GPs or their written contributions",
        ),
    ),
    (
        "leadership capacity",
        (
            "for looked after children's health is sufficient and stable",
            "includes a designated doctor with time for the role",
        ),
    ),
    (
        "sexual health services",
        (
            "identify young people at risk of sexual exploitation",
            "use a risk assessment tool for every young person under eighteen",
        ),
    ),
)
_VERBS = ("Ensure that", "Make sure that", "Assure the board that", "Check that", "Strengthen how")
_ACTIONS = (
    "Audit a sample of {n} records each quarter and report the findings",
    "Deliver a briefing on {topic} to every team",
    "Add a prompt about {topic} to the electronic record",
    "Publish a revised pathway for {topic}",
    "Agree a shared protocol on {topic} with partner agencies",
    "Recruit an additional specialist practitioner for {topic}",
    "Report monthly performance on {topic} to the quality committee",
    "Hold a learning event on {topic} for frontline staff",
)
_ROLES = (
    "Designated Nurse",
    "Named Nurse",
    "Head of Safeguarding",
    "Named Doctor",
    "LAC Nurse Manager",
    "Director of Nursing",
    "Service Manager",
    "Safeguarding Lead",
    "Head of Midwifery",
)
_STATUSES = ("Completed", "On track", "In progress", "Behind", "Not started")
_RAGS = ("Green", "Amber", "Red", "Blue")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


# (action, lead, assurance, timescale, status, progress note)
Action = tuple[str, str, str, str, str, str]


@dataclass(frozen=True)
class Area:
    name: str
    region: str
    council: str

    @property
    def ccg(self) -> str:
        return f"NHS {self.name} Clinical Commissioning Group"

    @property
    def hospitals(self) -> str:
        return f"{self.name} Hospitals NHS Foundation Trust"

    @property
    def community(self) -> str:
        return f"{self.name} Community Health NHS Trust"

    @property
    def mental_health(self) -> str:
        # one mental health trust serves every area of a region, as real trusts serve several
        return f"{self.region} Partnership NHS Foundation Trust"

    @property
    def organisations(self) -> tuple[str, ...]:
        return (self.ccg, self.hospitals, self.community, self.council, self.mental_health)


def invent_areas(count: int, rng: random.Random) -> list[Area]:
    names = [f + last for f in _FIRST for last in _LAST]
    if count > len(names):
        raise ValueError(f"at most {len(names)} areas can be invented, not {count}")
    rng.shuffle(names)
    kinds = ("Borough Council", "County Council", "City Council", "Metropolitan Borough Council")
    return [
        Area(name, _REGIONS[i % len(_REGIONS)], f"{name} {rng.choice(kinds)}")
        for i, name in enumerate(names[:count])
    ]


@dataclass(frozen=True)
class Review:
    area: Area
    fieldwork: dt.date
    groups: tuple[tuple[tuple[str, ...], tuple[tuple[str, tuple[Action, ...]], ...]], ...]

    @property
    def recommendations(self) -> int:
        return sum(len(recs) for _, recs in self.groups)

    @property
    def actions(self) -> int:
        return sum(len(actions) for _, recs in self.groups for _, actions in recs)


def invent_review(area: Area, year: int, rng: random.Random) -> Review:
    """About 47 recommendations in about 20 numbered groups, each with about 3 actions."""
    fieldwork = dt.date(year, rng.randint(1, 11), rng.randint(1, 28))
    groups = []
    for _ in range(rng.randint(16, 24)):
        owners = tuple(rng.sample(area.organisations, rng.choice((1, 1, 2, 2, 3))))
        if rng.random() < 0.03:
            owners += ("NHS England",)
        recs = []
        for _ in range(rng.randint(1, 4)):
            topic, endings = rng.choice(_TOPICS)
            text = f"{rng.choice(_VERBS)} {topic} {rng.choice(endings)}"
            if rng.random() < 0.5:
                text += f", and report progress to the {area.name} Safeguarding Children Partnership"
            recs.append((text, tuple(_action(area, topic, fieldwork, rng) for _ in range(rng.randint(2, 4)))))
        groups.append((owners, tuple(recs)))
    return Review(area, fieldwork, tuple(groups))


_NOTES = (
    "The working group met twice this quarter and agreed its terms of reference.",
    "A draft has been shared with partners for comment and will be signed off next month.",
    "Staff feedback has been gathered through a short survey of frontline teams.",
    "Figures for the last quarter show steady improvement against the baseline.",
    "Recruitment to the post was delayed and interim cover is in place.",
    "The audit tool has been piloted in two teams and amended in the light of their comments.",
    "A report on the findings will go to the next meeting of the partnership's health sub-group.",
    "Data quality issues in the electronic record are being worked through with the system supplier.",
)


def _progress_note(fieldwork: dt.date, rng: random.Random) -> str:
    when = fieldwork + dt.timedelta(days=rng.randint(90, 400))
    return f"{_MONTHS[when.month - 1]} {when.year} update: " + " ".join(rng.sample(_NOTES, rng.randint(1, 3)))


def _action(area: Area, topic: str, fieldwork: dt.date, rng: random.Random) -> Action:
    """(action, lead, assurance, timescale, status, progress note); some leads, assurances and
    dates left blank."""
    text = rng.choice(_ACTIONS).format(n=rng.choice((10, 20, 25, 50)), topic=topic)
    lead = rng.choice(_ROLES) if rng.random() > 0.05 else ""
    assurance = (
        rng.choice(
            (
                f"{area.name} Safeguarding Children Partnership",
                "CCG Quality Committee",
                "Contract review meeting",
                f"{area.name} Health and Wellbeing Board",
            )
        )
        if rng.random() > 0.1
        else ""
    )
    due = fieldwork + dt.timedelta(days=rng.randint(60, 540))
    timescale = rng.choice((f"{_MONTHS[due.month - 1]} {due.year}", f"{due:%b-%y}", f"{due:%d/%m/%Y}"))
    timescale = timescale if rng.random() > 0.05 else ""
    return text, lead, assurance, timescale, rng.choice(_STATUSES), _progress_note(fieldwork, rng)


def _owners_phrase(owners: tuple[str, ...]) -> str:
    if len(owners) == 1:
        return owners[0]
    return ", ".join(owners[:-1]) + " together with " + owners[-1]


def text_plan(review: Review) -> str:
    area = review.area
    lines = [
        f"{area.name} health partners' action plan following the review of health services for children "
        f"looked after and safeguarding ({_MONTHS[review.fieldwork.month - 1]} {review.fieldwork.year})",
        "",
        "Recommendation\tImprovement action\tLead\tAssurance\tTimescale\tStatus\tProgress update",
    ]
    for number, (owners, recs) in enumerate(review.groups, start=1):
        lines.append(f"{number}. {_owners_phrase(owners)} should:" + "\t" * 6)
        for sub, (text, actions) in enumerate(recs, start=1):
            for index, action in enumerate(actions):
                first = f"{number}.{sub} {text}" if index == 0 else ""
                lines.append("\t".join((first, *action)))
    return "\n".join(lines) + "\n"


def xlsx_tracker(review: Review, path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Tracker"
    sheet.append([f"{review.area.name} improvement tracker"])
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Recommendation",
            "Organisation",
            "Action",
            "Responsible lead",
            "Target date",
            "RAG",
            "Update",
        ]
    )
    rags = {"Completed": "Blue", "On track": "Green", "In progress": "Amber", "Behind": "Red"}
    for number, (owners, recs) in enumerate(review.groups, start=1):
        for sub, (text, actions) in enumerate(recs, start=1):
            for action, lead, _assurance, timescale, status, note in actions:
                row = [
                    f"{number}.{sub}",
                    text,
                    " / ".join(owners),
                    action,
                    lead,
                    timescale,
                    rags.get(status, ""),
                    note,
                ]
                sheet.append(row)
    book.save(path)


def board_report(review: Review, plan_year: int, rng: random.Random) -> str:
    area = review.area
    published = review.fieldwork + dt.timedelta(days=rng.randint(40, 90))
    done = rng.randint(review.actions // 3, review.actions)
    topics = rng.sample(_TOPICS, 5)
    # the issues the review raised, each the change it asked for, as reports list them
    findings = "\n".join(f"• {topic[0].upper()}{topic[1:]} {ending}." for topic, (ending, _) in topics)
    return (
        f"Report to the {area.name} Health and Wellbeing Board\n"
        f"Date: {rng.randint(1, 28)} {rng.choice(_MONTHS)} {plan_year}\n\n"
        "1. Background\n"
        f"The Care Quality Commission (CQC) reviewed health services for children looked after and "
        f"safeguarding in {area.name} during the week commencing {review.fieldwork.day} "
        f"{_MONTHS[review.fieldwork.month - 1]} {review.fieldwork.year}. The report was published on "
        f"{published.day} {_MONTHS[published.month - 1]} {published.year} and contains "
        f"{review.recommendations} recommendations for {area.ccg}, {area.hospitals}, {area.community} "
        f"and {area.mental_health}.\n\n"
        "2. What the review found\n"
        f"{findings}\n\n"
        "3. Progress\n"
        f"Partners agreed {review.actions} actions, of which {done} are complete.\n\n"
        "4. Monitoring\n"
        f"Progress is monitored by the {area.name} Safeguarding Children Partnership and reported to "
        f"{area.council}.\n"
    )


def write_corpus(folder: Path, areas: int = 150, seed: int = 1) -> list[Path]:
    """Write the corpus into ``folder`` (created if needed); returns the files written, in order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index, area in enumerate(invent_areas(areas, rng)):
        years = [rng.randint(2014, 2017)]
        if index % 7 == 3:
            years.append(years[0] + rng.randint(2, 4))
        slug = area.name.lower()
        for year in years:
            review = invent_review(area, year, rng)
            report = folder / f"{slug}_{year}_board_report.txt"
            report.write_text(board_report(review, year + 1, rng), encoding="utf-8")
            if rng.random() < 0.7:
                plan = folder / f"{slug}_{year}_action_plan.txt"
                plan.write_text(text_plan(review), encoding="utf-8")
            else:
                plan = folder / f"{slug}_{year}_tracker.xlsx"
                xlsx_tracker(review, plan)
            written += [report, plan]
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--areas", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = write_corpus(args.folder, args.areas, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} documents, {size / 1e6:.1f} MB in {args.folder}")


if __name__ == "__main__":
    main()
