"""Close matches of an unknown name among many names (graph.queries.close_names): past the
shortlist, the suggestions are difflib's over every name for the mistypings users make."""

from __future__ import annotations

import difflib
import random

from graph.queries.close_names import SHORTLIST, CloseNames

PLACES = ["north", "south", "east", "west", "upper", "lower", "great", "little"]
STEMS = ["brook", "field", "ham", "ton", "bury", "wick", "ford", "ley", "stead", "worth", "by", "thorpe"]
KINDS = ["ccg", "hospitals nhs trust", "community health nhs trust", "county council", "police"]


def national_names() -> dict[str, str]:
    """Forms of ~1,000 bodies named as England's are (place and kind), each its own display name."""
    forms = [f"{p}{s} {k}" for p in PLACES for s in STEMS for k in KINDS]
    forms += [f"{p} {s}{t} {k}" for p in PLACES[:4] for s in STEMS[:6] for t in STEMS[6:] for k in KINDS[:2]]
    return {form: form.title() for form in sorted(forms)}


def mistyped(form: str, rng: random.Random) -> str:
    at = rng.randrange(1, len(form) - 1)
    dropped, inserted = form[:at] + form[at + 1 :], form[:at] + "x" + form[at:]
    return rng.choice([dropped, inserted, dropped + "s"])


def full_difflib(by_form: dict[str, str], wanted: str) -> list[str]:
    found = difflib.get_close_matches(wanted, list(by_form), n=10, cutoff=0.5)
    found += [form for form in by_form if wanted in form or form in wanted.split()]
    return list(dict.fromkeys(by_form[f] for f in found))[:5]


def test_a_mistyped_name_gets_the_suggestions_of_difflib_over_every_name() -> None:
    by_form = national_names()
    assert len(by_form) > 5 * SHORTLIST  # the shortlist is in use
    close = CloseNames(by_form)
    rng = random.Random(7)
    for form in rng.sample(list(by_form), 60):
        wanted = mistyped(form, rng)
        found = close.closest(wanted)
        assert by_form[form] in found and found == full_difflib(by_form, wanted), wanted


def test_a_name_of_a_missing_place_gets_the_same_kind_of_body() -> None:
    close = CloseNames(national_names())
    found = close.closest("northbrook hospital trust")
    assert found and all("Hospitals Nhs Trust" in name for name in found[:3])
    assert close.closest("zzyzx") == []


def test_few_names_are_all_compared() -> None:
    by_form = {f"{p}field ccg": f"{p}field CCG" for p in PLACES}
    assert CloseNames(by_form).closest("northfeld ccg") == full_difflib(by_form, "northfeld ccg")
