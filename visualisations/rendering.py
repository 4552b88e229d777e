"""The Jinja2 environment for every template under ``visualisations/templates`` (autoescaping on).

Document text reaches pages only through ``{{ ... }}`` and is always escaped; templates mark
nothing from documents as safe.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup


def css_string(text: str) -> Markup:
    """``text`` as a quoted CSS string (for printed page headers): every character that is not a
    letter, digit or space is a CSS escape, so no text can end the string or the style element."""
    if isinstance(text, Markup):
        text = text.unescape()
    body = "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} " for c in str(text))
    return Markup(f'"{body}"')


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("visualisations", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # the templates are installed files: no stat of each one per page
    )
    env.filters["css_string"] = css_string
    env.globals["today"] = lambda: date.today().isoformat()
    return env
