"""Imported by the fork server of ``graph.isolated``: names the parent's main script as this
process's main module, so that children forked from it do not run that script again (they only
ever run ``graph.isolated``'s reader, which needs nothing from it)."""

from __future__ import annotations

import os
import sys

MAIN_PATH_VARIABLE = "SGRAPH_LOADER_MAIN_PATH"

_path = os.environ.get(MAIN_PATH_VARIABLE)
if _path is not None and not hasattr(sys.modules["__main__"], "__file__"):
    sys.modules["__main__"].__file__ = _path
