"""Cross-references between recommendations and actions ("Refer to 2.1", "Also see action 4.1",
"links to recommendation 9.1").

Only references made with a verb of referring count: the "(Recommendation 8.1)" notes that
quote a report paragraph point back at their own row and are not cross-references.
"""

from __future__ import annotations

import re

_NUMBER = r"\d{1,3}(?:\.\d{1,3})*"
_REFERENCE = re.compile(
    r"\b(?:refer(?:s|red)?\s+(?:back\s+)?to|(?:also\s+)?see(?:\s+also)?|links?\s+(?:in\s+)?(?:to|with)|"
    r"linked\s+(?:to|with)|cross[- ]?refer(?:ence[ds]?)?(?:\s+(?:to|with))?|as\s+per|"
    r"same\s+as|duplicates?|covered\s+(?:by|under|in)|addressed\s+(?:by|under|in))\s+"
    r"(?:the\s+)?(?P<keyword>(?:recommendations?|recs?\.?|actions?|items?|points?)\s+)?"
    rf"(?P<numbers>{_NUMBER}(?:\s*(?:,|&|and|/)\s*{_NUMBER})*)(?![\d.]*\d)",
    re.IGNORECASE,
)
_EACH_NUMBER = re.compile(_NUMBER)


def find_cross_refs(text: str | None) -> list[str]:
    """Ids referred to in ``text``, in order, without repeats.

    A bare number counts only when it is dotted ("Refer to 2.1") or named as a recommendation
    or action ("see action 4"); "see 2016 guidance" is not a reference.
    """
    if not text:
        return []
    found: list[str] = []
    for match in _REFERENCE.finditer(text):
        for number in _EACH_NUMBER.findall(match.group("numbers")):
            number = number.rstrip(".")
            if ("." in number or match.group("keyword")) and number not in found:
                found.append(number)
    return found
