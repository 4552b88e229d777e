"""The Jinja2 environment for every template under ``visualisations/templates`` (autoescaping on).

Document text reaches pages only through ``{{ ... }}`` and is always escaped; templates mark
nothing from documents as safe.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined


@cache
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("visualisations", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
